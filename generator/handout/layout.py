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

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..errors import UserError
from ..pages import PROJECT_TEMPLATE_DIR, make_environment, template_problem
from ..project import Activity, Event, Figure, GlossaryEntry, Official, Position, Project, Source
from .content import (
    HandoutContent,
    markdown_html,
    qr_code,
    site_url,
)
from .select import SECTIONS, Pool, pool, schedule, select

TEMPLATE_DIR = Path(__file__).parent / "templates"  # handout.html.j2, handout.md.j2, handout.css

MAX_PAGES = 2
FORMATS = ("pdf", "html", "md", "docx")
PAPERS = {"letter": "letter", "a4": "A4"}  # CSS page sizes
MAX_TRIES = 5


# --- Rendering ----------------------------------------------------------------------------------

def _environment(project: Project, *, html: bool) -> jinja2.Environment:
    """The Markdown handout uses the site's environment; the HTML one escapes for HTML."""
    if not html:
        return make_environment(project.root, {}, (TEMPLATE_DIR,))
    search = [TEMPLATE_DIR]
    if (project.root / PROJECT_TEMPLATE_DIR).is_dir():
        search.insert(0, project.root / PROJECT_TEMPLATE_DIR)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search]),
        undefined=jinja2.StrictUndefined, autoescape=True,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_html
    return env


def _render(project: Project, env: jinja2.Environment, name: str, **context: Any) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        raise template_problem(project.root, env, name, exc) from None


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
    """A handout that fits: its content, its HTML and its laid-out PDF document."""

    project: Project
    paper: str
    content: HandoutContent
    html: str
    document: Any
    tries: int

    @property
    def pages(self) -> int:
        return len(self.document.pages)

    def pdf(self) -> bytes:
        return bytes(self.document.write_pdf())

    def html_bytes(self) -> bytes:
        return self.html.encode("utf-8")

    def markdown(self) -> bytes:
        env = _environment(self.project, html=False)
        text = _render(self.project, env, "handout.md.j2", c=self.content, paper=self.paper)
        return text.encode("utf-8")

    def docx(self) -> bytes:
        from .word import docx_bytes

        return docx_bytes(self.content, self.paper)

    def render(self, fmt: str) -> bytes:
        makers: dict[str, Callable[[], bytes]] = {
            "pdf": self.pdf, "html": self.html_bytes, "md": self.markdown, "docx": self.docx}
        return makers[fmt]()


def render_html(project: Project, content: HandoutContent, paper: str,
                env: jinja2.Environment | None = None) -> str:
    env = env or _environment(project, html=True)
    return _render(project, env, "handout.html.j2", c=content, page_size=PAPERS[paper],
                   paper=paper)


def fit(project: Project, paper: str = "letter") -> Fitted:
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
        if attempt(level) <= MAX_PAGES:
            hi = level
        else:
            lo = level
        used = {k: v[3] for k, v in tried.items()}
        if hi is not None and (hi - lo <= 1 or len(tried) >= MAX_TRIES
                               or _predict(weights, used, weights[hi - 1]) > MAX_PAGES + _CLEAR):
            break
        if hi is None and lo == len(levels) - 1:
            raise UserError("the handout does not fit on two pages even with only its title,"
                            " summary and teacher notes; shorten the summary or the title")
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
        if _predict(weights, used, weights[level]) <= MAX_PAGES - _MARGIN:
            return level
    return last


def make_handout(project: Project, paper: str = "letter") -> Fitted:
    return fit(project, paper)


def save(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file and a rename."""
    partial: str | None = None
    try:
        handle, partial = tempfile.mkstemp(prefix=".explainer-handout-", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    except OSError as exc:
        if partial is not None:
            Path(partial).unlink(missing_ok=True)
        raise UserError(f"{target}: cannot write the handout: {exc.strerror or exc}") from None


def default_name(fmt: str, paper: str) -> str:
    return f"handout-{paper}.{fmt}"  # each format's name is its file extension


def site_files(project: Project) -> dict[str, bytes]:
    """The handout files that `explainer build` puts under site/downloads/."""
    letter = fit(project, "letter")
    a4 = fit(project, "a4")
    return {
        "handout-letter.pdf": letter.pdf(),
        "handout-a4.pdf": a4.pdf(),
        "handout.docx": letter.docx(),
        "handout.html": letter.html_bytes(),
        "handout.md": letter.markdown(),
    }
