"""The teacher's page of the Word handout: on a page of its own after the student copy."""

from __future__ import annotations

from docx.enum.text import WD_BREAK

from .teacher import TeacherContent
from .wordparts import LINK_COLOUR, STATUS_COLOURS, WordDocument


def write_teacher(word: WordDocument, t: TeacherContent) -> None:
    """The same parts, in the same order, as the HTML and PDF teacher's page."""
    word.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    word.text(word.doc.add_paragraph(), "FOR THE TEACHER · NOT PART OF THE STUDENT COPY", bold=True)
    word.heading(f"{t.title}: teacher’s page")
    if t.objectives:
        word.heading("Learning objectives", 2)
        word.bullets(t.objectives)
    word.heading("Reading level", 2)
    paragraph = word.doc.add_paragraph()
    reading = t.reading
    if reading.grade is None:
        word.text(paragraph, "Reading level: not computed (the Flesch–Kincaid formula applies"
                  " to English text).")
        if reading.target:
            word.text(paragraph, f" Target: grades {reading.target}.")
    else:
        word.text(paragraph, "Reading level of the student text: ")
        word.text(paragraph, f"grade {reading.grade:.1f}", bold=True)
        target = f"; target: grades {reading.target}" if reading.target else ""
        word.text(paragraph, f" (Flesch–Kincaid){target}.")
        if reading.above:
            warning = word.text(paragraph, f" Warning: the text reads above grade {reading.limit}.",
                                bold=True)
            warning.font.color.rgb = STATUS_COLOURS["inaccurate"]
            word.text(paragraph, " Pre-teach the vocabulary and read the summary aloud.")
    if t.answers:
        word.heading("Answer guide to the discussion questions", 2)
        for number, answer in enumerate(t.answers, 1):
            word.text(word.doc.add_paragraph(), f"{number}. {answer.question}", bold=True)
            for claim in answer.claims:
                item = word.doc.add_paragraph(style="List Bullet")
                badge = word.text(item, f"[{claim.status_label}] ", bold=True)
                badge.font.color.rgb = STATUS_COLOURS.get(claim.status, LINK_COLOUR)
                word.text(item, f"{claim.label}: ", bold=True)
                word.text(item, claim.summary)
            if not answer.claims:
                word.text(word.doc.add_paragraph(style="List Bullet"), "An open question: no"
                          " checked claim is named for it; look for reasons drawn from the"
                          " handout.", italic=True)
            if answer.more:
                word.text(word.doc.add_paragraph(style="List Bullet"),
                          f"{answer.more} more check{'s' if answer.more > 1 else ''} on the"
                          " explainer’s claims pages.", italic=True)
    for timing in t.timings:
        word.heading(f"Timing: {timing.title}, about {timing.minutes} minutes"
                     + (" (suggested)" if timing.suggested else ""), 2)
        for step, minutes in timing.steps:
            item = word.doc.add_paragraph(style="List Bullet")
            word.text(item, f"{minutes} min: ", bold=True)
            word.text(item, step)
