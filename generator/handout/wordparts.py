"""A Word document built from the few parts a handout needs, on python-docx.

Every value goes in as a text run, so nothing in it becomes formatting; the zip is written
with fixed dates and the core properties are pinned, so equal content gives equal bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph

from .content import Block

PAGE_SIZES = {"letter": (Inches(8.5), Inches(11)), "a4": (Inches(8.27), Inches(11.69))}
SIDE_MARGIN = 0.6  # inches
LINK_COLOUR = RGBColor(0x0D, 0x3B, 0x66)
STATUS_COLOURS = {
    "accurate": RGBColor(0x1B, 0x5E, 0x20),
    "needs-context": RGBColor(0x7A, 0x4F, 0x00),
    "inaccurate": RGBColor(0xB7, 0x1C, 0x1C),
    "misleading": RGBColor(0x8E, 0x1A, 0x5A),
    "unverified": RGBColor(0x37, 0x47, 0x4F),
    "opinion": RGBColor(0x28, 0x35, 0x93),
}
# The fonts the document names: Word's own, with metric-compatible free twins (Carlito,
# Caladea) that LibreOffice uses in their place, so that lines break in the same places.
BODY_FONT = "Calibri"
HEADING_FONT = "Cambria"
BODY_SIZE = 9.0  # points
# (style, font, size in points, space before, space after, bold)
STYLES = (
    ("Normal", BODY_FONT, BODY_SIZE, 0, 2, None),
    ("Title", HEADING_FONT, 17, 0, 2, True),
    ("Heading 1", HEADING_FONT, 11, 5, 1.5, True),
    ("Heading 2", HEADING_FONT, 9.5, 3, 1, True),
    ("List Bullet", BODY_FONT, BODY_SIZE, 0, 1, None),
    ("List Number", BODY_FONT, BODY_SIZE, 0, 1, None),
)
CHAR_WIDTH = 0.0625  # inches: a generous average width of a character of Calibri at 9 pt
CELL_PADDING = 0.16  # inches: both sides of a table cell, with room to spare
_EPOCH = (1980, 1, 1, 0, 0, 0)


def _name_font(element: Any, font: str) -> None:
    """Name `font` for every script on an rPr element, dropping theme fonts that would win."""
    fonts = element.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element.insert(0, fonts)
    for key in list(fonts.attrib):
        if key.endswith("Theme"):
            del fonts.attrib[key]
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{script}"), font)


def _set_fonts(doc: Any) -> None:
    """The document's fonts and sizes, set on the defaults and on every style it uses."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for props in defaults.iter(qn("w:rPr")):
            _name_font(props, BODY_FONT)
    for name, font, size, before, after, bold in STYLES:
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.color.rgb = LINK_COLOUR if name != "Normal" and bold else None
        _name_font(style.element.get_or_add_rPr(), font)
        spacing = style.paragraph_format
        spacing.space_before, spacing.space_after = Pt(before), Pt(after)
        spacing.line_spacing = 1.0
    title = doc.styles["Title"].element.pPr
    if title is not None:  # the default Title has a rule under it; the handout does not
        for border in title.findall(qn("w:pBdr")):
            title.remove(border)


def text_width(texts: list[str]) -> float:
    """The width (inches) of a table column that holds `texts` each on one line."""
    return max((len(t) for t in texts), default=1) * CHAR_WIDTH + CELL_PADDING


def fit_widths(columns: list[list[str]], total: float) -> list[float]:
    """Column widths (inches) that fit their content, as a browser's automatic table layout
    does: each column at least as wide as its longest word, the room left shared out by how
    much more each column's longest text would need."""
    least = [max((len(w) for t in texts for w in t.split()), default=1) * CHAR_WIDTH
             + CELL_PADDING for texts in columns]
    most = [max((len(t) for t in texts), default=1) * CHAR_WIDTH + CELL_PADDING
            for texts in columns]
    if sum(most) <= total:
        return [total * m / sum(most) for m in most]
    if sum(least) >= total:
        return [total * m / sum(least) for m in least]
    extra = [m - n for m, n in zip(most, least, strict=True)]
    room = total - sum(least)
    return [n + room * e / sum(extra) for n, e in zip(least, extra, strict=True)]


def _fixed_time(updated: str | None) -> dt.datetime:
    if not updated:
        return dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    parts = [int(p) for p in updated.split("-")] + [1, 1]
    return dt.datetime(parts[0], parts[1], parts[2], tzinfo=dt.UTC)


class WordDocument:
    """A python-docx document with the few parts a handout is made of: runs of text,
    links, Markdown blocks, headings, lists that number from 1, tables with fixed widths,
    page fields, and a save that gives the same bytes for the same content."""

    def __init__(self, paper: str) -> None:
        self.doc: Any = docx.Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_SIZES[paper]
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Inches(SIDE_MARGIN))
        section.top_margin = section.bottom_margin = Inches(0.5)
        section.footer_distance = Inches(0.3)
        self.width = PAGE_SIZES[paper][0].inches - 2 * SIDE_MARGIN  # the text width, inches
        _set_fonts(self.doc)
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

    def cell_blocks(self, cell: Any, label: str, blocks: list[Block],
                    paragraph: Paragraph | None = None) -> None:
        if paragraph is None:
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

    def labelled_bullet(self, label: str, value: str) -> None:
        """A bullet that starts with a bold label ("Oct. 5: ", "Encounter: ")."""
        paragraph = self.doc.add_paragraph(style="List Bullet")
        self.text(paragraph, label, bold=True)
        self.text(paragraph, value)

    def numbered(self, values: tuple[str, ...] | list[str]) -> None:
        """A numbered list that starts again at 1."""
        num_id = self.new_numbering()
        for value in values:
            paragraph = self.doc.add_paragraph(style="List Number")
            props = paragraph._p.get_or_add_pPr()
            numbering = props.get_or_add_numPr()
            numbering.get_or_add_ilvl().val = 0
            numbering.get_or_add_numId().val = num_id
            self.text(paragraph, value)

    def new_numbering(self) -> int:
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
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Inches(width)  # the grid, which LibreOffice lays out by
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

    @staticmethod
    def shade(paragraph: Paragraph, fill: str = "F4F7FA", rule: str = "0D3B66") -> None:
        """A light background and a rule on the left, for a box such as "Why it matters"."""
        props = paragraph._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        left = OxmlElement("w:left")
        for key, value in (("val", "single"), ("sz", "18"), ("space", "4"), ("color", rule)):
            left.set(qn(f"w:{key}"), value)
        borders.append(left)
        shading = OxmlElement("w:shd")
        for key, value in (("val", "clear"), ("color", "auto"), ("fill", fill)):
            shading.set(qn(f"w:{key}"), value)
        later = ("w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr")
        props.insert_element_before(borders, *later)
        props.insert_element_before(shading, *later)

    @staticmethod
    def field(paragraph: Paragraph, code: str) -> None:
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), code)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)

    def save(self, *, title: str, subject: str, updated: str | None, language: str) -> bytes:
        props = self.doc.core_properties
        when = _fixed_time(updated)
        # Word keeps at most 255 characters in each of these; the page itself shows them whole.
        props.title = title[:_CORE_LIMIT]
        props.subject = subject[:_CORE_LIMIT]
        props.author = "explainer"
        props.last_modified_by = "explainer"
        props.comments = ""
        props.keywords = ""
        props.revision = 1
        props.created = when
        props.modified = when
        props.last_printed = when
        props.language = language[:_CORE_LIMIT]
        out = io.BytesIO()
        self.doc.save(out)
        return _fixed_zip(out.getvalue())


_CORE_LIMIT = 255  # python-docx refuses longer document properties


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
