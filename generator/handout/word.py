"""The classroom handout as a Word document a teacher can edit.

Real headings (Title, Heading 1, Heading 2), real lists (List Bullet, List Number, each
numbered list starting at 1) and real tables. Every data value goes in as a text run, so
nothing in it becomes formatting; a Markdown field keeps its bold, italics and links.
The file is byte-identical for the same data: core properties and zip dates are fixed.
"""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches, RGBColor

from .content import HandoutContent, markdown_blocks
from .wordparts import LINK_COLOUR, WordDocument

STATUS_COLOURS = {
    "accurate": RGBColor(0x1B, 0x5E, 0x20),
    "needs-context": RGBColor(0x7A, 0x4F, 0x00),
    "inaccurate": RGBColor(0xB7, 0x1C, 0x1C),
    "misleading": RGBColor(0x8E, 0x1A, 0x5A),
    "unverified": RGBColor(0x37, 0x47, 0x4F),
    "opinion": RGBColor(0x28, 0x35, 0x93),
}

class _HandoutWriter(WordDocument):
    """The handout's sections, in order, on a `WordDocument`."""

    def __init__(self, content: HandoutContent, paper: str) -> None:
        super().__init__(paper)
        self.c = content

    # --- the document ---
    def write(self) -> bytes:
        c = self.c
        self.header()
        self.blocks(markdown_blocks(c.summary))
        article = self.doc.add_paragraph()
        self.text(article, "The article: ", bold=True)
        self.text(article, f"“{c.article.title}”, {c.article.publisher}"
                  + (f", {c.article.date}" if c.article.date else "") + ". ")
        self.text(article, c.article.reliability_label, bold=True)
        if c.objectives:
            self.heading("What you will learn")
            self.bullets(c.objectives)
        if c.figures:
            self.figures()
        if c.positions:
            self.positions()
        if c.people:
            self.heading("Who’s who")
            for chunk in c.people:
                width = 7.2 / len(chunk)
                table = self.table([g.country for g in chunk], [width] * len(chunk))
                cells = self.row(table, [width] * len(chunk))
                for cell, group in zip(cells, chunk, strict=True):
                    for number, person in enumerate(group.people):
                        paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
                        self.text(paragraph, person.name, bold=True)
                        self.text(paragraph, f", {person.role}")
        if c.events:
            self.heading("Timeline")
            for event in c.events:
                paragraph = self.doc.add_paragraph(style="List Bullet")
                self.text(paragraph, f"{event.date}: ", bold=True)
                self.text(paragraph, event.title)
        if c.terms:
            self.heading("Vocabulary")
            for term in c.terms:
                paragraph = self.doc.add_paragraph(style="List Bullet")
                self.text(paragraph, f"{term.term}: ", bold=True)
                self.text(paragraph, term.definition)
        if c.questions:
            self.heading("Discussion questions")
            self.numbered(c.questions)
        for activity in c.activities:
            self.heading(f"Activity: {activity.title}")
            self.numbered(activity.steps)
        if c.sources:
            self.sources()
        if c.left_out:
            paragraph = self.doc.add_paragraph()
            self.text(paragraph, f"Left out for space: {c.left_out_text}. ", bold=True)
            if c.site_url:
                self.text(paragraph, "See the full explainer at ")
                self.link(paragraph, c.site_url, c.site_url)
                self.text(paragraph, ".")
            else:
                self.text(paragraph, "See the full explainer for the rest.")
        self.teacher()
        self.footer()
        return self.finish()

    def header(self) -> None:
        c = self.c
        kicker = "Classroom handout"
        kicker += f" · Grades {c.grade_levels}" if c.grade_levels else ""
        kicker += f" · Updated {c.date}" if c.date else ""
        if c.qr_png:
            picture = self.doc.add_paragraph()
            picture.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            picture.add_run().add_picture(io.BytesIO(c.qr_png), width=Inches(0.9))
        self.text(self.doc.add_paragraph(), kicker.upper(), bold=True)
        self.doc.add_heading(c.title, level=0)
        if c.subtitle:
            self.text(self.doc.add_paragraph(), c.subtitle, italic=True)
        if c.site_url:
            paragraph = self.doc.add_paragraph()
            self.text(paragraph, "Full explainer: ")
            self.link(paragraph, c.site_url, c.site_url)

    def figures(self) -> None:
        self.heading("Key figures, checked")
        widths = [2.0, 1.5, 1.0, 2.7]
        table = self.table(["Figure", "The article says", "Check", "Verdict"], widths)
        for figure in self.c.figures:
            cells = self.row(table, widths)
            self.text(cells[0].paragraphs[0], figure.label)
            if figure.period:
                self.text(cells[0].paragraphs[0], f" ({figure.period})", italic=True)
            self.text(cells[1].paragraphs[0], figure.stated)
            status = self.text(cells[2].paragraphs[0], figure.status_label, bold=True)
            status.font.color.rgb = STATUS_COLOURS.get(figure.status, LINK_COLOUR)
            self.text(cells[3].paragraphs[0], figure.verdict)

    def positions(self) -> None:
        self.heading("The positions, side by side")
        for chunk in self.c.positions:
            width = 6.2 / len(chunk.countries)
            widths = [1.0] + [width] * len(chunk.countries)
            table = self.table(["Topic", *chunk.countries], widths)
            for row in chunk.rows:
                cells = self.row(table, widths)
                self.text(cells[0].paragraphs[0], row.topic, bold=True)
                for cell, entries in zip(cells[1:], row.cells, strict=True):
                    if not entries:
                        self.text(cell.paragraphs[0], "No position recorded.", italic=True)
                    for entry in entries:
                        self.cell_blocks(cell, entry.actor, markdown_blocks(entry.summary))
                        if entry.attribution:
                            self.text(cell.paragraphs[-1], f" ({entry.attribution})", italic=True)

    def sources(self) -> None:
        self.heading("Sources")
        num_id = self.new_numbering()
        for source in self.c.sources:
            paragraph = self.doc.add_paragraph(style="List Number")
            numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            numbering.get_or_add_ilvl().val = 0
            numbering.get_or_add_numId().val = num_id
            text = f"{source.publisher}, “{source.title}”"
            text += f", {source.date}." if source.date else "."
            self.text(paragraph, text)
            if source.url and source.short_url:
                self.text(paragraph, " ")
                self.link(paragraph, source.url, source.short_url)

    def teacher(self) -> None:
        reading = self.c.reading
        self.heading("For the teacher")
        paragraph = self.doc.add_paragraph()
        if reading.grade is None:
            self.text(paragraph, "Reading level: not computed (the Flesch–Kincaid formula applies"
                      " to English text).")
            if reading.target:
                self.text(paragraph, f" Target: grades {reading.target}.")
            return
        self.text(paragraph, "Reading level of the student text: ")
        self.text(paragraph, f"grade {reading.grade:.1f}", bold=True)
        target = f"; target: grades {reading.target}" if reading.target else ""
        self.text(paragraph, f" (Flesch–Kincaid){target}.")
        if reading.above:
            warning = self.text(paragraph, f" Warning: the text reads above grade {reading.limit}.",
                                bold=True)
            warning.font.color.rgb = STATUS_COLOURS["inaccurate"]
            self.text(paragraph, " Pre-teach the vocabulary and read the summary aloud.")

    def footer(self) -> None:
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.text(paragraph, f"{self.c.title} · Page ")
        self.field(paragraph, "PAGE")
        self.text(paragraph, " of ")
        self.field(paragraph, "NUMPAGES")

    def finish(self) -> bytes:
        return self.save(title=self.c.title, subject="Classroom handout", updated=self.c.updated,
                         language=self.c.language)


def docx_bytes(content: HandoutContent, paper: str) -> bytes:
    return _HandoutWriter(content, paper).write()
