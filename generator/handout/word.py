"""The classroom handout as a Word document a teacher can edit.

Real headings (Title, Heading 1, Heading 2), real lists (List Bullet, List Number, each
numbered list starting at 1) and real tables. Every data value goes in as a text run, so
nothing in it becomes formatting; a Markdown field keeps its bold, italics and links.
The file is byte-identical for the same data: core properties and zip dates are fixed.
"""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches

from ..pages import gettext as _
from .content import HandoutContent, markdown_blocks
from .teacher import TeacherContent
from .wordparts import LINK_COLOUR, STATUS_COLOURS, WordDocument, fit_widths, text_width
from .wordteacher import write_teacher


class _HandoutWriter(WordDocument):
    """The handout's sections, in order, on a `WordDocument`."""

    def __init__(self, content: HandoutContent, paper: str,
                 teacher: TeacherContent | None) -> None:
        super().__init__(paper)
        self.c = content
        self.t = teacher

    # --- the document ---
    def write(self) -> bytes:
        c = self.c
        self.header()
        self.blocks(markdown_blocks(c.summary))
        if c.why_it_matters:
            box = self.doc.add_paragraph()
            self.shade(box)
            self.text(box, _("Why it matters.") + " ", bold=True)
            self.blocks(markdown_blocks(c.why_it_matters), first=box)
        article = self.doc.add_paragraph()
        self.text(article, _("The article:") + " ", bold=True)
        self.text(article, f"“{c.article.title}”, {c.article.publisher}"
                  + (f", {c.article.date}" if c.article.date else "") + ". ")
        self.text(article, c.article.reliability_label, bold=True)
        if c.article.rated_by:
            self.text(article, f". {c.article.rated_by}")
        if c.figures:
            self.figures()
        if c.positions:
            self.positions()
        if c.people:
            self.heading(_("Who’s who"))
            for chunk in c.people:
                width = self.width / len(chunk)
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
                self.labelled_bullet(f"{event.date}: ", event.title)
        if c.terms:
            self.heading(_("Vocabulary"))
            for term in c.terms:
                self.labelled_bullet(f"{term.term}: ", term.definition)
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
        if self.t is not None:
            write_teacher(self, self.t)
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
        header = [_("Figure"), _("The article says"), _("Check"), _("Verdict")]
        columns = [[h] for h in header]
        for figure in self.c.figures:
            columns[0].append(figure.label + (f" ({figure.period})" if figure.period else ""))
            columns[1].append(figure.stated)
            columns[2].append(figure.status_label)
            columns[3].append(figure.verdict)
        widths = fit_widths(columns, self.width)
        table = self.table(header, widths)
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
            # The topic column as wide as its longest topic, up to a fifth of the width.
            topics = min(text_width([_("Topic"), *(r.topic for r in chunk.rows)]), self.width / 5)
            width = (self.width - topics) / len(chunk.countries)
            widths = [topics] + [width] * len(chunk.countries)
            table = self.table([_("Topic"), *chunk.countries], widths)
            for row in chunk.rows:
                cells = self.row(table, widths)
                self.text(cells[0].paragraphs[0], row.topic, bold=True)
                for cell, entries in zip(cells[1:], row.cells, strict=True):
                    if not entries:
                        self.text(cell.paragraphs[0], _("No position recorded."), italic=True)
                    for entry in entries:
                        paragraph = (cell.add_paragraph() if cell.paragraphs[0].text
                                     else cell.paragraphs[0])
                        if entry.status and entry.status_label:
                            badge = self.text(paragraph, f"[{entry.status_label}] ", bold=True)
                            badge.font.color.rgb = STATUS_COLOURS.get(entry.status, LINK_COLOUR)
                        self.cell_blocks(cell, entry.actor, markdown_blocks(entry.summary),
                                         paragraph)
                        if entry.attribution:
                            self.text(cell.paragraphs[-1], f" ({entry.attribution})", italic=True)

    def sources(self) -> None:
        self.heading(_("Sources"))
        if self.c.sources_page:
            paragraph = self.doc.add_paragraph()
            self.text(paragraph, _("Every source, with its link:") + " ")
            self.link(paragraph, self.c.sources_page, self.c.sources_page)
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
            elif source.url and source.host:
                self.text(paragraph, " ")
                self.link(paragraph, source.url, source.host)
                self.text(paragraph, " (" + _("search the title there") + ")", italic=True)
            elif source.url:
                self.text(paragraph, " (" + _("link on the Sources page") + ")", italic=True)

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


def docx_bytes(content: HandoutContent, paper: str, teacher: TeacherContent | None = None) -> bytes:
    """The handout as a Word file; with `teacher`, the teacher's page follows on a new page."""
    return _HandoutWriter(content, paper, teacher).write()
