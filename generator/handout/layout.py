"""The classroom handout: choose what fits on two pages, then write it as PDF, HTML or Markdown.

Content comes from `handout.yaml` and the rest of `data/`. Each list that can grow (figures,
questions, objectives, activities, positions, the who's who, the timeline, the glossary,
the sources) is first put in a fixed priority order. A *schedule* then lists ever smaller
selections: first a round-robin trim of the long, lower-priority lists (sources, timeline,
glossary, who's who, positions) down to a few items each, then whole sections in a fixed
order (see `_PHASE_B`); that is `select.py`. Fitting renders the PDF with WeasyPrint
and searches the schedule for the fullest selection that stays within `MAX_PAGES`; the
handout then says what was left out. The same selection is used for every format, so all
formats hold the same content. Word output lives in `word.py`.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from ..errors import UserError
from ..files import kind_of
from ..pages import make_environment, project_templates, template_environment, template_problem
from ..project import Activity, Event, Figure, GlossaryEntry, Official, Position, Project, Source
from .content import (
    HandoutContent,
    markdown_html,
    markdown_plain,
    qr_code,
    site_url,
)
from .select import SECTIONS, Pool, pool, schedule, select
from .teacher import TeacherContent, shorter, teacher_content

TEMPLATE_DIR = Path(__file__).parent / "templates"  # handout.html.j2, handout.md.j2, handout.css

MAX_PAGES = 2
FORMATS = ("pdf", "html", "md", "docx")
PAPERS = {"letter": "letter", "a4": "A4"}  # CSS page sizes
MAX_TRIES = 5
# Room kept free at the foot of the last page: Chromium, printing the HTML, can lay the
# same text out a line or two longer than WeasyPrint (tests/handout/test_handout_print.py).
HEADROOM = 0.04


# --- Rendering ----------------------------------------------------------------------------------

def _environment(project: Project, *, html: bool) -> jinja2.Environment:
    """The Markdown handout uses the site's environment; the HTML one escapes for HTML."""
    if not html:
        return make_environment(project.root, {}, (TEMPLATE_DIR,))
    search = [TEMPLATE_DIR]
    own = project_templates(project.root)
    if own is not None:
        search.insert(0, own)
    env = template_environment(
        own, loader=jinja2.FileSystemLoader([str(p) for p in search]),
        undefined=jinja2.StrictUndefined, autoescape=True,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_html
    env.filters["wbr"] = _breakable
    return env


def _breakable(value: str) -> markupsafe.Markup:
    """An address that may break after a slash, never inside a word (escaped)."""
    return markupsafe.Markup("/<wbr>").join(markupsafe.escape(p) for p in str(value).split("/"))


def _render(project: Project, env: jinja2.Environment, name: str, **context: Any) -> str:
    try:
        return env.get_template(name).render(**context)
    except (UserError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - a project's own template: a user's error
        problem = template_problem(project.root, env, name, exc)
        if problem is exc:
            raise
        raise problem from None


def _fill(document: Any) -> float:
    """Pages used, with the last page as a fraction of its height (for guessing what fits)."""
    pages = len(document.pages)
    try:
        box = document.pages[-1]._page_box
        root = box.children[0]
        used = float((root.position_y + root.margin_height() - box.content_box_y()) / box.height)
        return pages - 1 + min(max(used, 0.0), 1.0)
    except (AttributeError, IndexError, TypeError, ZeroDivisionError):
        return float(pages)


@dataclass
class Fitted:
    """A handout that fits: its content, its HTML and its laid-out PDF document, and the
    teacher's page that goes with it (laid out when first asked for)."""

    project: Project
    paper: str
    content: HandoutContent
    html: str
    document: Any
    tries: int
    _teacher: tuple[TeacherContent, Any] | None = None
    note: str = ""  # what was changed to make it fit, for the user

    @property
    def pages(self) -> int:
        """The pages of the student copy, as WeasyPrint laid out the PDF."""
        return len(self.document.pages)

    @property
    def teacher(self) -> TeacherContent:
        return self._teacher_page()[0]

    @property
    def teacher_pages(self) -> int:
        return len(self._teacher_page()[1].pages)

    def _teacher_page(self) -> tuple[TeacherContent, Any]:
        if self._teacher is None:
            self._teacher = fit_teacher(self.project, self.content, self.paper)
        return self._teacher

    def pdf(self, teacher: bool = False) -> bytes:
        if not teacher:
            return bytes(self.document.write_pdf())
        pages = [*self.document.pages, *self._teacher_page()[1].pages]
        return bytes(self.document.copy(pages).write_pdf())

    def teacher_pdf(self) -> bytes:
        return bytes(self._teacher_page()[1].write_pdf())

    def html_bytes(self, teacher: bool = False) -> bytes:
        if not teacher:
            return self.html.encode("utf-8")
        html = render_html(self.project, self.content, self.paper, teacher=self.teacher)
        return html.encode("utf-8")

    def markdown(self, teacher: bool = False) -> bytes:
        env = _environment(self.project, html=False)
        text = _render(self.project, env, "handout.md.j2", c=self.content, paper=self.paper,
                       t=self.teacher if teacher else None)
        return text.encode("utf-8")

    def docx(self, teacher: bool = False) -> bytes:
        from .word import docx_bytes

        return docx_bytes(self.content, self.paper, self.teacher if teacher else None)

    def render(self, fmt: str, teacher: bool = False) -> bytes:
        makers: dict[str, Callable[[bool], bytes]] = {
            "pdf": self.pdf, "html": self.html_bytes, "md": self.markdown, "docx": self.docx}
        return makers[fmt](teacher)


def render_html(project: Project, content: HandoutContent, paper: str,
                env: jinja2.Environment | None = None,
                teacher: TeacherContent | None = None) -> str:
    env = env or _environment(project, html=True)
    return _render(project, env, "handout.html.j2", c=content, t=teacher,
                   page_size=PAPERS[paper], paper=paper)


def fit_teacher(project: Project, content: HandoutContent, paper: str) -> tuple[TeacherContent, Any]:
    """The teacher's page on one page: fewer checks a question until it fits (or none left)."""
    import weasyprint

    env = _environment(project, html=True)
    fetcher = weasyprint.URLFetcher(allowed_protocols=["data"])
    teacher: TeacherContent | None = teacher_content(project, content)
    while True:
        assert teacher is not None
        html = _render(project, env, "teacher.html.j2", c=content, t=teacher,
                       page_size=PAPERS[paper], paper=paper)
        document = weasyprint.HTML(string=html, url_fetcher=fetcher).render()
        fewer = shorter(teacher) if len(document.pages) > 1 else None
        if fewer is None:
            return teacher, document
        teacher = fewer


SHORT_SUMMARY = 600  # characters: the summary the handout falls back on when it is too long


def fit(project: Project, paper: str = "letter") -> Fitted:
    """The fullest selection whose PDF has at most `MAX_PAGES` pages; when even the least
    does not fit, the same with the summary shortened to SHORT_SUMMARY characters (and a
    note that says so, with the summary's position).
    """
    try:
        return _fit(project, paper)
    except _TooLong:
        pass
    loaded = project.data.files.get("explainer")
    pos = loaded.position(("summary",)) if loaded is not None else None
    where = f"data/explainer.yaml:{pos.line}:{pos.column}" if pos else "data/explainer.yaml"
    summary = project.data.explainer.summary
    plain = " ".join(markdown_plain(summary).split())
    short = textwrap.shorten(plain, SHORT_SUMMARY, placeholder=" \u2026")
    explainer = project.data.explainer.model_copy(update={"summary": short})
    shortened = dataclasses.replace(project, data=dataclasses.replace(project.data,
                                                                      explainer=explainer))
    try:
        fitted = _fit(shortened, paper)
    except _TooLong:
        raise UserError(f"{where}: explainer.summary: the handout does not fit on two pages even"
                        " with only its title, summary and teacher notes; shorten the summary"
                        " or the title") from None
    fitted.note = (f"{where}: explainer.summary: the summary has {len(plain):,} characters, too"
                   f" many for the handout, which shows it cut to {len(short)}; shorten it to"
                   " 1-3 sentences")
    return fitted


class _TooLong(Exception):
    """Even the smallest selection does not fit."""


def _fit(project: Project, paper: str) -> Fitted:
    """The fullest selection whose PDF has at most `MAX_PAGES` pages.

    Each try renders one selection with WeasyPrint. The next try is guessed from the pages
    used so far, read as a straight line of pages against text weight, within the bracket
    of the fullest selection known to overflow and the fullest known to fit.
    """
    if project.data.handout is None:
        raise UserError("data/handout.yaml: this project has no handout; add data/handout.yaml"
                        " with at least `discussion_questions` (see FORMAT.md, handout.yaml)")
    if paper not in PAPERS:
        raise UserError(f"unknown paper size '{paper}'; use one of: {', '.join(PAPERS)}")
    import weasyprint

    url = site_url(project.root)
    qr = qr_code(url) if url else None
    items = pool(project)
    levels = schedule(items)
    weights = _weights(items, levels)
    env = _environment(project, html=True)
    fetcher = weasyprint.URLFetcher(allowed_protocols=["data"])
    tried: dict[int, tuple[HandoutContent, str, Any, float]] = {}

    def attempt(level: int) -> float:
        content = select(project, items, levels[level], url, qr)
        html = render_html(project, content, paper, env)
        document = weasyprint.HTML(string=html, url_fetcher=fetcher).render()
        tried[level] = (content, html, document, _fill(document))
        return tried[level][3]

    lo, hi = -1, None  # the fullest level known to overflow; the fullest known to fit
    level = _guess(weights, {}, lo, hi)
    while True:
        if attempt(level) <= MAX_PAGES - HEADROOM:
            hi = level
        else:
            lo = level
        used = {k: v[3] for k, v in tried.items()}
        if hi is not None and (hi - lo <= 1 or len(tried) >= MAX_TRIES
                               or _predict(weights, used, weights[hi - 1]) > MAX_PAGES - HEADROOM + _CLEAR):
            break
        if hi is None and lo == len(levels) - 1:
            raise _TooLong
        level = _guess(weights, used, lo, hi)
    content, html, document, _ = tried[hi]
    return Fitted(project, paper, content, html, document, len(tried))


def _item_weight(item: Any) -> int:
    """Roughly how much room an item takes, in characters."""
    if isinstance(item, str):
        return len(item) + 10
    if isinstance(item, Figure):
        return len(item.label) + len(item.check.summary or "") + len(item.unit) + 40
    if isinstance(item, Position):
        return len(item.summary) + 40
    if isinstance(item, Official):
        return len(item.name) + len(item.role) + 10
    if isinstance(item, Event):
        return len(item.title) + 30
    if isinstance(item, GlossaryEntry):
        return len(item.term) + len(item.definition) + 10
    if isinstance(item, Activity):
        return len(item.title) + sum(len(s) + 10 for s in item.steps) + 20
    if isinstance(item, Source):
        return len(item.title) + len(item.publisher) + 60
    return 50


def _weights(items: Pool, levels: list[dict[str, int]]) -> list[float]:
    """The text weight of each selection: from running totals per section, so that a long
    schedule of a large explainer costs no more than one pass over its items."""
    totals: dict[str, list[int]] = {}
    for name in SECTIONS:
        running = [0]
        for item in items.items(name):
            running.append(running[-1] + _item_weight(item))
        totals[name] = running
    return [float(sum(totals[name][counts[name]] for name in SECTIONS)) for counts in levels]


# Before any try: pages = _BASE_PAGES + weight / _WEIGHT_PER_PAGE, roughly, with the
# built-in template on Letter (header, summary and teacher notes take about a third of a page).
_BASE_PAGES = 0.3
_WEIGHT_PER_PAGE = 4400.0
_MARGIN = 0.04  # aim this much under the limit, so that a guess lands on the fitting side
_CLEAR = 0.15  # a fuller selection predicted to overflow by this much is not tried


def _predict(weights: list[float], used: dict[int, float], weight: float) -> float:
    """The pages a selection of `weight` should fill, from the tries so far."""
    points = sorted(((weights[k], v) for k, v in used.items()), key=lambda p: abs(p[0] - weight))
    if not points:
        return _BASE_PAGES + weight / _WEIGHT_PER_PAGE
    if len(points) == 1 or abs(points[0][0] - points[1][0]) < 1e-6:
        (w1, f1), base = points[0], min(_BASE_PAGES, points[0][1])
        return base + (f1 - base) * weight / max(w1, 1e-6)
    (w1, f1), (w2, f2) = points[0], points[1]
    return f1 + (f2 - f1) * (weight - w1) / (w2 - w1)


def _guess(weights: list[float], used: dict[int, float], lo: int, hi: int | None) -> int:
    """The fullest level between `lo` and `hi` (exclusive) predicted to fit."""
    last = (len(weights) - 1) if hi is None else hi - 1
    for level in range(lo + 1, last + 1):
        if _predict(weights, used, weights[level]) <= MAX_PAGES - HEADROOM - _MARGIN:
            return level
    return last


def make_handout(project: Project, paper: str = "letter") -> Fitted:
    return fit(project, paper)


def writable(target: Path) -> str | None:
    """Why the handout cannot be written to `target`, if it cannot: only a regular file is
    replaced; a device, a pipe or a folder would be replaced by a file, or written into."""
    if not os.path.lexists(target):
        return None
    what = kind_of(target)
    if what is None or what == "a symbolic link to nothing":
        return None  # a file (a link to one is replaced, its target is not touched)
    return f"{target}: is {what}, not a file; give -o a file name, or -o - to write the handout" \
        " to standard output"


def save(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file and a rename."""
    refused = writable(target)
    if refused is not None:
        raise UserError(refused)
    partial: str | None = None
    try:
        handle, partial = tempfile.mkstemp(prefix=".explainer-handout-", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(partial, 0o666 & ~mask)  # mkstemp makes the file private
        os.replace(partial, target)
    except OSError as exc:
        if partial is not None:
            Path(partial).unlink(missing_ok=True)
        raise UserError(f"{target}: cannot write the handout: {exc.strerror or exc}") from None


def default_name(fmt: str, paper: str) -> str:
    return f"handout-{paper}.{fmt}"  # each format's name is its file extension


def site_files(project: Project, notes: list[str] | None = None) -> dict[str, bytes]:
    """The handout files that `explainer build` puts under site/downloads/; what had to be
    changed to make them fit (a summary cut short) is added to `notes`."""
    letter = fit(project, "letter")
    a4 = fit(project, "a4")
    if notes is not None:
        notes.extend(dict.fromkeys(n for n in (letter.note, a4.note) if n))
    return {
        "handout-letter.pdf": letter.pdf(),
        "handout-a4.pdf": a4.pdf(),
        "teacher-letter.pdf": letter.teacher_pdf(),
        "teacher-a4.pdf": a4.teacher_pdf(),
        "handout.docx": letter.docx(),
        "handout.html": letter.html_bytes(),
        "handout.md": letter.markdown(),
    }
