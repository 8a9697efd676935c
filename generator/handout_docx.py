"""The classroom handout as a Word document a teacher can edit.

Real headings (Title, Heading 1, Heading 2), real lists (List Bullet, List Number, each
numbered list starting at 1) and real tables. Every data value goes in as a text run, so
nothing in it becomes formatting; a Markdown field keeps its bold, italics and links.
The file is byte-identical for the same data: core properties and zip dates are fixed.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph

from .handout_content import Block, HandoutContent, markdown_blocks

PAGE_SIZES = {"letter": (Inches(8.5), Inches(11)), "a4": (Inches(8.27), Inches(11.69))}
LINK_COLOUR = RGBColor(0x0D, 0x3B, 0x66)
STATUS_COLOURS = {
    "accurate": RGBColor(0x1B, 0x5E, 0x20),
    "needs-context": RGBColor(0x7A, 0x4F, 0x00),
    "inaccurate": RGBColor(0xB7, 0x1C, 0x1C),
    "misleading": RGBColor(0x8E, 0x1A, 0x5A),
    "unverified": RGBColor(0x37, 0x47, 0x4F),
    "opinion": RGBColor(0x28, 0x35, 0x93),
}
_EPOCH = (1980, 1, 1, 0, 0, 0)


def _fixed_time(updated: str | None) -> dt.datetime:
    if not updated:
        return dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    parts = [int(p) for p in updated.split("-")] + [1, 1]
    return dt.datetime(parts[0], parts[1], parts[2], tzinfo=dt.UTC)


class _Writer:
    def __init__(self, content: HandoutContent, paper: str) -> None:
        self.c = content
        self.doc: Any = docx.Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_SIZES[paper]
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Inches(0.6))
        section.top_margin = section.bottom_margin = Inches(0.55)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(10)
        normal.paragraph_format.space_after = Pt(3)
        self._number_list_id: int | None = None

    # --- small pieces ---
    def text(self, paragraph: Paragraph, value: str, *, bold: bool = False,
             italic: bool = False) -> Any:
        run = paragraph.add_run(value)
        run.bold = bold or None
        run.italic = italic or None
        return run

    def link(self, paragraph: Paragraph, url: str, label: str) -> None:
        r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), r_id)
        run = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        colour = OxmlElement("w:color")
        colour.set(qn("w:val"), str(LINK_COLOUR))
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        props.append(colour)
        props.append(underline)
        run.append(props)
        text = OxmlElement("w:t")
        text.text = label
        text.set(qn("xml:space"), "preserve")
        run.append(text)
        hyperlink.append(run)
        paragraph._p.append(hyperlink)

    def blocks(self, blocks: list[Block], first: Paragraph | None = None) -> None:
        """Paragraphs and list items of a Markdown field; the first may join `first`."""
        for number, block in enumerate(blocks):
            if number == 0 and first is not None:
                paragraph = first
            elif block.kind == "p":
                paragraph = self.doc.add_paragraph()
            else:
                paragraph = self.doc.add_paragraph(
                    style="List Number" if block.kind == "ol" else "List Bullet")
            self.runs(paragraph, block)

    def runs(self, paragraph: Paragraph, block: Block) -> None:
        for run in block.runs:
            if run.href:
                self.link(paragraph, run.href, run.text)
            else:
                self.text(paragraph, run.text, bold=run.bold, italic=run.italic)

    def cell_blocks(self, cell: Any, label: str, blocks: list[Block]) -> None:
        paragraph = cell.add_paragraph() if cell.paragraphs[0].text else cell.paragraphs[0]
        self.text(paragraph, f"{label}: ", bold=True)
        for number, block in enumerate(blocks):
            if number:
                paragraph = cell.add_paragraph()
            self.runs(paragraph, block)

    def heading(self, value: str, level: int = 1) -> None:
        self.doc.add_heading(value, level=level)

    def bullets(self, values: tuple[str, ...] | list[str]) -> None:
        for value in values:
            self.text(self.doc.add_paragraph(style="List Bullet"), value)

    def numbered(self, values: tuple[str, ...] | list[str]) -> None:
        """A numbered list that starts again at 1."""
        num_id = self._new_numbering()
        for value in values:
            paragraph = self.doc.add_paragraph(style="List Number")
            props = paragraph._p.get_or_add_pPr()
            numbering = props.get_or_add_numPr()
            numbering.get_or_add_ilvl().val = 0
            numbering.get_or_add_numId().val = num_id
            self.text(paragraph, value)

    def _new_numbering(self) -> int:
        part = self.doc.part.numbering_part.element
        style = self.doc.styles["List Number"].element
        base = style.pPr.numPr.numId.val
        abstract = part.num_having_numId(base).abstractNumId.val
        num = part.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)

    def table(self, header: list[str], widths: list[float]) -> Any:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for cell, title, width in zip(table.rows[0].cells, header, widths, strict=True):
            self.text(cell.paragraphs[0], title, bold=True)
            cell.width = Inches(width)
        self._repeat_header(table.rows[0])
        return table

    @staticmethod
    def _repeat_header(row: Any) -> None:
        props = row._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        props.append(header)

    def row(self, table: Any, widths: list[float]) -> list[Any]:
        cells = table.add_row().cells
        for cell, width in zip(cells, widths, strict=True):
            cell.width = Inches(width)
        return list(cells)

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
        return self.save()

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

    def sources(self) -> None:
        self.heading("Sources")
        num_id = self._new_numbering()
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
        self._field(paragraph, "PAGE")
        self.text(paragraph, " of ")
        self._field(paragraph, "NUMPAGES")

    @staticmethod
    def _field(paragraph: Paragraph, code: str) -> None:
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), code)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)

    def save(self) -> bytes:
        props = self.doc.core_properties
        when = _fixed_time(self.c.updated)
        props.title = self.c.title
        props.subject = "Classroom handout"
        props.author = "explainer"
        props.last_modified_by = "explainer"
        props.comments = ""
        props.keywords = ""
        props.revision = 1
        props.created = when
        props.modified = when
        props.last_printed = when
        props.language = self.c.language
        out = io.BytesIO()
        self.doc.save(out)
        return _fixed_zip(out.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01, so that equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def docx_bytes(content: HandoutContent, paper: str) -> bytes:
    return _Writer(content, paper).write()
