"""What the classroom handout shows, as plain values that every format lays out.

Also the text helpers the formats share: plain text on one line, short URLs, Markdown
fields read back as runs (for Word and for counting), `site_url` from mkdocs.yml, the QR
code, and the reading level of the student text.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown as markdown_lib
import markupsafe
import yaml

from ..errors import UserError
from ..pages import markdown as safe_markdown
from ..pages import read_config
from ..project import SafeLinks, link_problem

COLUMNS = 3  # at most this many countries side by side in one table


# --- What the handout shows -------------------------------------------------------------

@dataclass(frozen=True)
class FigureItem:
    label: str
    stated: str
    period: str | None
    status: str
    status_label: str
    verdict: str


@dataclass(frozen=True)
class PersonItem:
    name: str
    role: str


@dataclass(frozen=True)
class PeopleGroup:
    country: str
    people: tuple[PersonItem, ...]


@dataclass(frozen=True)
class PositionItem:
    actor: str
    summary: str  # Markdown
    status: str | None = None  # the check's verdict, when the position has a check
    status_label: str | None = None
    # whether its quotes' words were really said, e.g. "quote: as reported by EFE"
    attribution: str | None = None


@dataclass(frozen=True)
class PositionRow:
    topic: str
    cells: tuple[tuple[PositionItem, ...], ...]


@dataclass(frozen=True)
class PositionTable:
    countries: tuple[str, ...]
    rows: tuple[PositionRow, ...]


@dataclass(frozen=True)
class EventItem:
    date: str
    title: str


@dataclass(frozen=True)
class TermItem:
    term: str
    definition: str


@dataclass(frozen=True)
class SourceItem:
    title: str
    publisher: str
    date: str | None
    url: str | None
    short_url: str | None  # the whole address without its scheme, or None when too long to type
    reliability: str
    reliability_label: str
    rated_by: str | None = None  # who rates the source's reliability, in plain words
    host: str | None = None  # the site to search for the title, when the address is too long


@dataclass(frozen=True)
class ActivityItem:
    title: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class ReadingLevel:
    # The grade the text reads at (for Spanish, the upper grade of its Fernández Huerta
    # band); None when no formula applies (a language without one, or no text).
    grade: float | None
    target: str | None
    limit: int | None
    formula: str = "Flesch–Kincaid"
    score: float | None = None  # the formula's own number, when it is not a grade

    @property
    def above(self) -> bool:
        return self.grade is not None and self.limit is not None and self.grade > self.limit


@dataclass(frozen=True)
class HandoutContent:
    title: str
    subtitle: str | None
    date: str | None
    updated: str | None
    language: str
    grade_levels: str | None
    summary: str  # Markdown
    why_it_matters: str | None  # Markdown
    article: SourceItem
    objectives: tuple[str, ...]
    figures: tuple[FigureItem, ...]
    people: tuple[tuple[PeopleGroup, ...], ...]  # groups, at most COLUMNS side by side
    positions: tuple[PositionTable, ...]
    events: tuple[EventItem, ...]
    terms: tuple[TermItem, ...]
    questions: tuple[str, ...]
    activities: tuple[ActivityItem, ...]
    sources: tuple[SourceItem, ...]
    left_out: tuple[str, ...]
    site_url: str | None
    sources_page: str | None  # the address of the site's Sources page, when site_url is set
    qr_svg: str | None  # a data: URI
    qr_png: bytes | None = field(default=None, repr=False)
    reading: ReadingLevel = ReadingLevel(None, None, None)

    @property
    def left_out_text(self) -> str:
        return "; ".join(self.left_out)


# --- Plain text ---------------------------------------------------------------------------

_WS = re.compile(r"\s+")


def plain(value: object) -> str:
    """A plain-text field as shown: one line, runs of white space as one space."""
    return _WS.sub(" ", str(value)).strip()


SHORT_URL = 60  # the longest address the handout prints for a reader to type


def short_url(url: str, limit: int = SHORT_URL) -> str | None:
    """A URL to print whole: no scheme, no `www.`, no closing slash; None when it is longer
    than `limit` (then the handout points to the site's Sources page, which links it)."""
    parts = urlsplit(url)
    if parts.scheme.lower() == "mailto":
        return parts.path
    short = parts.netloc.removeprefix("www.") + parts.path.rstrip("/")
    if parts.query:
        short += "?" + parts.query
    if parts.fragment:
        short += "#" + parts.fragment
    return short if len(short) <= limit else None


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass
class Block:
    kind: str  # "p", "ul" or "ol" (a list item)
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


class _BlockParser(HTMLParser):
    """Reads the HTML of a rendered Markdown field back as paragraphs and list items of runs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.lists: list[str] = []
        self.bold = 0
        self.italic = 0
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            self.current = Block(self.lists[-1] if self.lists else "ul")
            self.blocks.append(self.current)
        elif tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "pre"):
            if self.current is None or self.current.runs or self.current.kind == "p":
                self.current = Block("p")
                self.blocks.append(self.current)
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "a":
            self.href = dict(attrs).get("href")
        elif tag == "br":
            self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.current = None
        elif tag in ("li", "p"):
            self.current = None
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.current is None:
            if not data.strip():
                return
            self.current = Block("p")
            self.blocks.append(self.current)
        self.current.runs.append(Run(_WS.sub(" ", data), self.bold > 0, self.italic > 0, self.href))


def markdown_html(value: str | None) -> markupsafe.Markup:
    """A Markdown field as HTML: Markdown works; HTML, entities and attribute lists show as text."""
    if not value:
        return markupsafe.Markup("")
    # Links are checked when the data is read; SafeLinks makes sure again on what Markdown
    # made, so that no handout format can carry a link to anything but a full web address.
    return markupsafe.Markup(markdown_lib.markdown(str(safe_markdown(value)),
                                                   extensions=[SafeLinks(link_problem, strip=True)]))


def markdown_blocks(value: str | None) -> list[Block]:
    """A Markdown field as paragraphs and list items of plain-text runs (for Word and counting)."""
    parser = _BlockParser()
    parser.feed(str(markdown_html(value)))
    parser.close()
    blocks = []
    for block in parser.blocks:
        runs = [r for r in block.runs if r.text]
        if runs:
            runs[0] = replace(runs[0], text=runs[0].text.lstrip())
            runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip())
            blocks.append(Block(block.kind, [r for r in runs if r.text]))
    return blocks


def markdown_plain(value: str | None) -> str:
    return " ".join(b.text for b in markdown_blocks(value))


# --- Settings from mkdocs.yml ---------------------------------------------------------------

def site_url(root: Path) -> str | None:
    """The `site_url` of the project's mkdocs.yml, if it sets a full http(s) address."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return None
    try:
        config = read_config(path)
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        raise UserError(f"mkdocs.yml: cannot read it to find site_url: {plain(exc)}") from None
    value = config.get("site_url") if isinstance(config, dict) else None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    parts = urlsplit(str(value).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UserError(f"mkdocs.yml: site_url '{value}' is not a full address; write it like"
                        " https://example.org/my-explainer/")
    return str(value).strip()


def qr_code(url: str) -> tuple[str, bytes]:
    """A QR code for `url`, as an SVG data URI (HTML, PDF) and as PNG bytes (Word)."""
    import segno

    try:
        code = segno.make(url, error="m", micro=False)
    except segno.DataOverflowError:
        raise UserError(f"mkdocs.yml: site_url is {len(url):,} characters, too long for the"
                        " handout's QR code; use a shorter address (a few dozen characters"
                        " scan best)") from None
    png = io.BytesIO()
    code.save(png, kind="png", scale=6, border=2)
    return code.svg_data_uri(scale=4, border=2, dark="#000", light="#fff"), png.getvalue()


# --- Reading level ---------------------------------------------------------------------------

def _sentence(value: str) -> str:
    value = value.strip()
    return value if not value or value[-1] in ".!?\u2026:;\"'\u201d\u2019)" else value + "."


def student_text(content: HandoutContent) -> str:
    """The text students read (not the sources or the teacher notes), as sentences."""
    parts = [markdown_plain(content.summary), *content.objectives]
    parts += [f"{f.label}: {f.verdict}" for f in content.figures]
    parts += [markdown_plain(p.summary) for t in content.positions for r in t.rows
              for cell in r.cells for p in cell]
    parts += [e.title for e in content.events]
    parts += [t.definition for t in content.terms]
    parts += list(content.questions)
    parts += [s for a in content.activities for s in (a.title, *a.steps)]
    return " ".join(_sentence(p) for p in parts if p.strip())


def _grade_limit(levels: str | None) -> int | None:
    found = [int(n) for n in re.findall(r"\d+", levels or "")]
    return max(found) if found else None


# Fernández Huerta's reading-ease bands (0-100, higher is easier) and the school grade each
# corresponds to in its usual table: 90+ 4th grade, 80+ 5th, 70+ 6th, 60+ 7th-8th, 50+ 9th-10th
# (algo difícil), 30+ university (difícil), below that specialists.
_HUERTA_GRADES = ((90, 4), (80, 5), (70, 6), (60, 8), (50, 10), (30, 13), (0, 16))


def reading_level(content: HandoutContent) -> ReadingLevel:
    """Flesch–Kincaid's grade for English; for Spanish, Fernández Huerta's adaptation of
    Flesch's reading ease to Spanish syllables, with the grade of its band."""
    from textstat.textstat import textstatistics

    text = student_text(content)
    lang = content.language.lower().split("-")[0].split("_")[0]
    target, limit = content.grade_levels, _grade_limit(content.grade_levels)
    if lang == "en" and text:
        meter = textstatistics()
        meter.set_lang("en_US")
        return ReadingLevel(round(float(meter.flesch_kincaid_grade(text)), 1), target, limit)
    if lang == "es" and text:
        meter = textstatistics()  # its own instance: textstat's language is global otherwise
        meter.set_lang("es")
        score = round(float(meter.fernandez_huerta(text)), 1)
        grade = next(g for floor, g in _HUERTA_GRADES if score >= floor)
        return ReadingLevel(float(grade), target, limit, "Fernández Huerta", score)
    return ReadingLevel(None, target, limit, "")
