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

from ..pages import gettext as _
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
        self.text(article, _("The article:") + " ", bold=True)
        self.text(article, f"“{c.article.title}”, {c.article.publisher}"
                  + (f", {c.article.date}" if c.article.date else "") + ". ")
        self.text(article, c.article.reliability_label, bold=True)
        if c.objectives:
            self.heading(_("What you will learn"))
            self.bullets(c.objectives)
        if c.figures:
            self.figures()
        if c.positions:
            self.positions()
        if c.people:
            self.heading(_("Who’s who"))
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
            self.heading(_("Timeline"))
            for event in c.events:
                paragraph = self.doc.add_paragraph(style="List Bullet")
                self.text(paragraph, f"{event.date}: ", bold=True)
                self.text(paragraph, event.title)
        if c.terms:
            self.heading(_("Vocabulary"))
            for term in c.terms:
                paragraph = self.doc.add_paragraph(style="List Bullet")
                self.text(paragraph, f"{term.term}: ", bold=True)
                self.text(paragraph, term.definition)
        if c.questions:
            self.heading(_("Discussion questions"))
            self.numbered(c.questions)
        for activity in c.activities:
            self.heading(_("Activity: %(title)s") % {"title": activity.title})
            self.numbered(activity.steps)
        if c.sources:
            self.sources()
        if c.left_out:
            paragraph = self.doc.add_paragraph()
            self.text(paragraph, _("Left out for space: %(items)s.") % {"items": c.left_out_text} + " ",
                      bold=True)
            if c.site_url:
                self.text(paragraph, _("See the full explainer at") + " ")
                self.link(paragraph, c.site_url, c.site_url)
                self.text(paragraph, ".")
            else:
                self.text(paragraph, _("See the full explainer for the rest."))
        self.teacher()
        self.footer()
        return self.finish()

    def header(self) -> None:
        c = self.c
        kicker = _("Classroom handout")
        kicker += " · " + _("Grades %(grades)s") % {"grades": c.grade_levels} if c.grade_levels else ""
        kicker += " · " + _("Updated %(date)s") % {"date": c.date} if c.date else ""
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
            self.text(paragraph, _("Full explainer:") + " ")
            self.link(paragraph, c.site_url, c.site_url)

    def figures(self) -> None:
        self.heading(_("Key figures, checked"))
        widths = [2.0, 1.5, 1.0, 2.7]
        table = self.table([_("Figure"), _("The article says"), _("Check"), _("Verdict")], widths)
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
        self.heading(_("The positions, side by side"))
        for chunk in self.c.positions:
            width = 6.2 / len(chunk.countries)
            widths = [1.0] + [width] * len(chunk.countries)
            table = self.table([_("Topic"), *chunk.countries], widths)
            for row in chunk.rows:
                cells = self.row(table, widths)
                self.text(cells[0].paragraphs[0], row.topic, bold=True)
                for cell, entries in zip(cells[1:], row.cells, strict=True):
                    if not entries:
                        self.text(cell.paragraphs[0], _("No position recorded."), italic=True)
                    for entry in entries:
                        self.cell_blocks(cell, entry.actor, markdown_blocks(entry.summary))

    def sources(self) -> None:
        self.heading(_("Sources"))
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
        self.heading(_("For the teacher"))
        paragraph = self.doc.add_paragraph()
        if reading.grade is None:
            self.text(paragraph, _("Reading level: not computed (no reading formula applies to"
                                   " this language)."))
            if reading.target:
                self.text(paragraph, " " + _("Target: grades %(grades)s.") % {"grades": reading.target})
            return
        if reading.score is not None:
            self.text(paragraph, _("Reading ease of the student text:") + " ")
            self.text(paragraph, _("%(score)s on the %(formula)s scale") % {
                "score": f"{reading.score:.1f}", "formula": reading.formula}, bold=True)
            self.text(paragraph, " " + _("(about grade %(grade)s)") % {"grade": f"{reading.grade:.0f}"})
        else:
            self.text(paragraph, _("Reading level of the student text:") + " ")
            self.text(paragraph, _("grade %(grade)s") % {"grade": f"{reading.grade:.1f}"}, bold=True)
            self.text(paragraph, f" ({reading.formula})")
        target = _("; target: grades %(grades)s") % {"grades": reading.target} if reading.target else ""
        self.text(paragraph, f"{target}.")
        if reading.above:
            warning = self.text(paragraph, " " + _("Warning: the text reads above grade %(grade)s.")
                                % {"grade": reading.limit}, bold=True)
            warning.font.color.rgb = STATUS_COLOURS["inaccurate"]
            self.text(paragraph, " " + _("Pre-teach the vocabulary and read the summary aloud."))

    def footer(self) -> None:
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.text(paragraph, self.c.title + " · " + _("Page") + " ")
        self.field(paragraph, "PAGE")
        self.text(paragraph, " " + _("of") + " ")
        self.field(paragraph, "NUMPAGES")

    def finish(self) -> bytes:
        return self.save(title=self.c.title, subject=_("Classroom handout"), updated=self.c.updated,
                         language=self.c.language)


def docx_bytes(content: HandoutContent, paper: str) -> bytes:
    return _HandoutWriter(content, paper).write()
