"""The teacher's page of the Word handout: on a page of its own after the student copy."""

from __future__ import annotations

from docx.enum.text import WD_BREAK

from ..pages import gettext as _
from ..pages import ngettext
from .teacher import TeacherContent
from .wordparts import LINK_COLOUR, STATUS_COLOURS, WordDocument


def write_teacher(word: WordDocument, t: TeacherContent) -> None:
    """The same parts, in the same order, as the HTML and PDF teacher's page."""
    word.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    word.text(word.doc.add_paragraph(), _("For the teacher · not part of the student copy").upper(),
              bold=True)
    word.heading(_("%(title)s: teacher’s page") % {"title": t.title})
    if t.objectives:
        word.heading(_("Learning objectives"), 2)
        word.bullets(t.objectives)
    word.heading(_("Reading level"), 2)
    _reading(word, t)
    if t.answers:
        word.heading(_("Answer guide to the discussion questions"), 2)
        for number, answer in enumerate(t.answers, 1):
            word.text(word.doc.add_paragraph(), f"{number}. {answer.question}", bold=True)
            for claim in answer.claims:
                item = word.doc.add_paragraph(style="List Bullet")
                badge = word.text(item, f"[{claim.status_label}] ", bold=True)
                badge.font.color.rgb = STATUS_COLOURS.get(claim.status, LINK_COLOUR)
                word.text(item, f"{claim.label}: ", bold=True)
                word.text(item, claim.summary)
            if not answer.claims:
                word.text(word.doc.add_paragraph(style="List Bullet"), _(
                    "An open question: no checked claim is named for it; look for reasons drawn"
                    " from the handout."), italic=True)
            if answer.more:
                word.text(word.doc.add_paragraph(style="List Bullet"), ngettext(
                    "%(num)d more check on the explainer’s claims pages.",
                    "%(num)d more checks on the explainer’s claims pages.", answer.more)
                    % {"num": answer.more}, italic=True)
    for timing in t.timings:
        word.heading(_("Timing: %(title)s, about %(minutes)s minutes")
                     % {"title": timing.title, "minutes": timing.minutes}
                     + (" " + _("(suggested)") if timing.suggested else ""), 2)
        for step, minutes in timing.steps:
            word.labelled_bullet(_("%(minutes)s min:") % {"minutes": minutes} + " ", step)


def _reading(word: WordDocument, t: TeacherContent) -> None:
    paragraph = word.doc.add_paragraph()
    reading = t.reading
    if reading.grade is None:
        word.text(paragraph, _("Reading level: not computed (no reading formula applies to"
                               " this language)."))
        if reading.target:
            word.text(paragraph, " " + _("Target: grades %(grades)s.") % {"grades": reading.target})
        return
    if reading.score is not None:
        word.text(paragraph, _("Reading ease of the student text:") + " ")
        word.text(paragraph, _("%(score)s on the %(formula)s scale") % {
            "score": f"{reading.score:.1f}", "formula": reading.formula}, bold=True)
        word.text(paragraph, " " + _("(about grade %(grade)s)") % {"grade": f"{reading.grade:.0f}"})
    else:
        word.text(paragraph, _("Reading level of the student text:") + " ")
        word.text(paragraph, _("grade %(grade)s") % {"grade": f"{reading.grade:.1f}"}, bold=True)
        word.text(paragraph, f" ({reading.formula})")
    target = _("; target: grades %(grades)s") % {"grades": reading.target} if reading.target else ""
    word.text(paragraph, f"{target}.")
    if reading.above:
        warning = word.text(paragraph, " " + _("Warning: the text reads above grade %(grade)s.")
                            % {"grade": reading.limit}, bold=True)
        warning.font.color.rgb = STATUS_COLOURS["inaccurate"]
        word.text(paragraph, " " + _("Pre-teach the vocabulary and read the summary aloud."))
