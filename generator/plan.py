"""Stage 4, plan: decide which pages exist, where every entry lives, and what each page shows.

Planning gathers and orders everything a template needs, so templates only lay it out.
"""

from __future__ import annotations

import copy
import functools
import html
import posixpath
import textwrap
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pycountry

from . import charts, jsonld
from .link import Claim, Project
from .models import STATUSES, Event, Figure, Official, Position
from .render import Md, number, text
from .sections import crowded_source, figure_sections, list_sections, ranges, unique_slugs


@dataclass(frozen=True)
class StatusInfo:
    name: str
    label: str
    icon: str
    meaning: str


STATUS_INFO: dict[str, StatusInfo] = {
    s.name: s
    for s in (
        StatusInfo("accurate", "Accurate", "\u2714", "The record supports the claim as stated."),
        StatusInfo("needs-context", "Needs context", "\u26a0",
                   "Correct in part, or correct but missing context that changes how it reads."),
        StatusInfo("inaccurate", "Inaccurate", "\u2716", "The record contradicts the claim."),
        StatusInfo("misleading", "Misleading", "\u25d1",
                   "Built on facts, but framed so that it leaves a false impression."),
        StatusInfo("unverified", "Unverified", "?",
                   "No record was found that confirms or refutes the claim."),
        StatusInfo("opinion", "Opinion", "\u275d",
                   "A judgement or a view, not a fact that can be checked."),
    )
}
assert tuple(STATUS_INFO) == STATUSES

RELIABILITY_INFO: dict[str, tuple[str, str]] = {
    "primary": ("Primary source", "The original record: an official document, data set or transcript."),
    "high": ("High reliability", "A source with a strong record of accuracy and corrections."),
    "mixed": ("Mixed reliability", "Sometimes accurate, sometimes not: check its claims elsewhere."),
    "low": ("Low reliability", "Often inaccurate or one-sided: do not rely on it alone."),
    "unrated": ("Not rated", "Its reliability has not been assessed."),
}


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    # A file that is not a template, such as a chart: how to make its bytes, given the
    # bytes generated for it last time (or None), which it may reuse.
    make: Callable[[bytes | None], bytes] | None = None


PAGE_FILES = {
    "home": "index.md",
    "people": "people.md",
    "positions": "positions.md",
    "figures": "figures.md",
    "timeline": "timeline.md",
    "claims": "claims.md",
    "tags": "tags.md",
    "background": "background.md",
    "sources": "sources.md",
    "glossary": "glossary.md",
    "methodology": "methodology.md",
}
STYLESHEET = "assets/explainer.css"


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name if country else code


def official_page(official_id: str) -> str:
    return f"people/{official_id}.md"


def figure_page(figure_id: str) -> str:
    return f"figures/{figure_id}.md"


def chart_file(figure_id: str) -> str:
    return f"figures/{figure_id}.svg"


@dataclass(frozen=True)
class ChartView:
    """What a figure page needs to show its chart."""

    src: str  # relative to the figure's page
    alt: str
    width: int
    height: int
    stated: bool  # whether the article's number is drawn (it is not when in another unit)
    left_out: tuple[str, ...]


def figure_chart(figure: Figure) -> ChartView | None:
    chart = charts.chart_for(figure)
    if chart is None:
        return None
    width, height = charts.size_px(chart)
    src = posixpath.relpath(chart_file(figure.id), posixpath.dirname(figure_page(figure.id)))
    stated = any(bar.stated for bar in chart.bars)
    return ChartView(src, charts.alt_text(figure, chart), width, height, stated, chart.left_out)


def figure_description(figure: Figure) -> str:
    """The page's meta description: the claim and the verdict, in plain text."""
    qualifier = f"{figure.qualifier.replace('-', ' ')} " if figure.qualifier else ""
    return (f"{figure.label}: the article says {qualifier}{number(figure.value)} {figure.unit}."
            f" {STATUS_INFO[figure.check.status].label}: {figure.check.summary}")


def official_description(official: Official) -> str:
    kind = " (institution)" if official.kind == "institution" else ""
    return (f"{official.name}, {official.role}{kind}, {country_name(official.country)}: their"
            " positions, quotes and events in this explainer, each claim checked against the record.")


class Links:
    """Markdown links to every kind of entry, relative to the page `here`, with text that
    shows literally."""

    def __init__(self, project: Project, here: str = "index.md") -> None:
        self.project = project
        self.here = posixpath.dirname(here) or "."
        self.term_anchors = unique_slugs([g.term for g in project.data.glossary], "term-")

    def at(self, here: str) -> Links:
        """The same links as seen from the page `here` (cheaper than a new `Links`)."""
        other = copy.copy(self)
        other.here = posixpath.dirname(here) or "."
        return other

    def to(self, path: str, anchor: str = "") -> Md:
        """The address of `path` (from the docs folder) as seen from this page; paths and
        anchors are made of ids, so they need no escaping."""
        relative = _relative(path, self.here)
        return Md(f"{relative}#{anchor}" if anchor else relative)

    def page(self, name: str, anchor: str = "") -> Md:
        return self.to(PAGE_FILES[name], anchor)

    def _link(self, label: object, page: str, anchor: str) -> Md:
        return Md(f"[{text(label)}]({self.page(page, anchor)})")

    def official(self, official_id: str) -> Md:
        name = self.project.officials[official_id].name
        return Md(f"[{text(name)}]({self.to(official_page(official_id))})")

    def source(self, source_id: str) -> Md:
        return self._link(self.project.sources[source_id].title, "sources", source_id)

    def figure(self, figure_id: str) -> Md:
        label = self.project.figures[figure_id].label
        return Md(f"[{text(label)}]({self.to(figure_page(figure_id))})")

    def position(self, position_id: str) -> Md:
        return self._link(position_title(self.project, self.project.positions[position_id]),
                     "positions", position_id)

    def event(self, event_id: str) -> Md:
        return self._link(self.project.events[event_id].title, "timeline", event_id)

    def context(self, note_id: str) -> Md:
        return self._link(self.project.context[note_id].title, "background", note_id)

    def claim(self, claim: Claim) -> Md:
        return getattr(self, claim.kind)(claim.id)  # type: ignore[no-any-return]

    def entry(self, entry_id: str) -> Md:
        for kind, index in (("source", self.project.sources), ("official", self.project.officials),
                            ("position", self.project.positions), ("figure", self.project.figures),
                            ("event", self.project.events), ("context", self.project.context)):
            if entry_id in index:
                return getattr(self, kind)(entry_id)  # type: ignore[no-any-return]
        raise KeyError(entry_id)

    def cited(self, ref: tuple[str, str]) -> Md:
        name, key = ref
        if name == "explainer":
            return Md(f"[the explainer's article]({self.page('home', 'the-article')})")
        kind, _, entry_id = key.partition(":")
        if kind == "glossary":
            return self._link(entry_id, "glossary", self.term_anchors[entry_id])
        singular = {"officials": "official", "positions": "position", "figures": "figure",
                    "events": "event", "context": "context"}[kind]
        return getattr(self, singular)(entry_id)  # type: ignore[no-any-return]

    def many(self, kind: str, ids: list[str], separator: str = "; ") -> Md:
        """Links to several entries of one kind, in order."""
        return Md(separator.join(getattr(self, kind)(entry_id) for entry_id in ids))

    def status(self, status: str, claim: str = "") -> Md:
        """A status badge; `claim` (a key of ids, see jsonld.py) ties it to its claim."""
        info = STATUS_INFO[status]
        data = f' data-claim="{html.escape(claim)}"' if claim else ""
        return Md(f'<span class="ex-status ex-status--{info.name}"{data}><span aria-hidden="true">'
                  f"{info.icon}</span> {info.label}</span>")

    def reliability(self, level: str) -> Md:
        return Md(f'<span class="ex-reliability ex-reliability--{level}">'
                  f"{RELIABILITY_INFO[level][0]}</span>")


@functools.lru_cache(maxsize=65536)
def _relative(path: str, folder: str) -> str:
    return posixpath.relpath(path, folder)


def cited_label(project: Project, ref: tuple[str, str]) -> str:
    """The plain text of `Links.cited`."""
    name, key = ref
    if name == "explainer":
        return "the explainer's article"
    kind, _, entry_id = key.partition(":")
    if kind == "glossary":
        return entry_id
    if kind == "officials":
        return project.officials[entry_id].name
    if kind == "positions":
        return position_title(project, project.positions[entry_id])
    if kind == "figures":
        return project.figures[entry_id].label
    if kind == "events":
        return project.events[entry_id].title
    return project.context[entry_id].title


def position_title(project: Project, position: Position) -> str:
    return f"{project.officials[position.actor].name} on {position.topic}"


def claim_title(project: Project, claim: Claim) -> str:
    entry = claim.entry
    if isinstance(entry, Position):
        return position_title(project, entry)
    if isinstance(entry, Event):
        return entry.title
    return entry.label


def date_key(value: str) -> tuple[str, str, str]:
    parts = (value.split("-") + ["00", "00"])[:3]
    return (parts[0], parts[1], parts[2])


def _countries(officials: list[Official]) -> list[str]:
    return list(dict.fromkeys(o.country for o in officials))


def page_tags(statuses: list[str], topics: list[str | None]) -> list[str]:
    """The tags of a page: the status label of each claim on it, in the order of the statuses,
    then the topics, each once."""
    labels = [STATUS_INFO[s].label for s in STATUSES if s in statuses]
    return list(dict.fromkeys([*labels, *(t for t in topics if t)]))


def plan(project: Project) -> list[Page]:
    """Every page of the site with the data it shows, in a fixed order."""
    data = project.data
    countries = _countries(data.officials)
    officials_by_country = {c: [o for o in data.officials if o.country == c] for c in countries}
    positions_by_actor: dict[str, list[Position]] = defaultdict(list)
    for position in data.positions:
        positions_by_actor[position.actor].append(position)
    quotes_by_speaker: dict[str, list[tuple[Position, Any]]] = defaultdict(list)
    for position in data.positions:
        for quote in position.quotes:
            quotes_by_speaker[quote.speaker or position.actor].append((position, quote))
    topics: dict[str, list[Position]] = {}
    for position in data.positions:
        topics.setdefault(position.topic, []).append(position)
    topic_anchors = unique_slugs(list(topics), "topic-")
    topic_columns = [
        (topic, topic_anchors[topic],
         [(c, [p for p in entries if project.officials[p.actor].country == c]) for c in countries])
        for topic, entries in topics.items()
    ]
    events = sorted(data.events, key=lambda e: date_key(e.date))
    claims_by_status = {s: [c for c in project.claims if c.check.status == s] for s in STATUSES}
    glossary = sorted(data.glossary, key=lambda g: (g.term.casefold(), g.term))
    events_by_official: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for official_id in dict.fromkeys(event.participants):
            events_by_official[official_id].append(event)
    shared = {"countries": countries}
    person_pages = [
        Page(official_page(o.id), "person.md.j2", {
            "official": o, "positions": positions_by_actor[o.id],
            "quotes": quotes_by_speaker[o.id], "events": events_by_official[o.id],
            "tags": page_tags([p.check.status for p in positions_by_actor[o.id] if p.check],
                              [p.topic for p in positions_by_actor[o.id]])})
        for o in data.officials
    ]
    figure_pages = [
        Page(figure_page(f.id), "figure.md.j2", {
            "figure": f, "tags": page_tags([f.check.status], [f.topic])})
        for f in data.figures
    ]
    timeline_tags = page_tags([e.check.status for e in events if e.check], [e.topic for e in events])
    all_tags = [tag for page in (*person_pages, *figure_pages) for tag in page.context["tags"]]
    status_tags = [STATUS_INFO[s].label for s in STATUSES if claims_by_status[s]]
    topic_tags = [t for t in dict.fromkeys([*all_tags, *timeline_tags]) if t not in status_tags]
    return [
        Page("index.md", "home.md.j2", {"claims_by_status": claims_by_status, **shared}),
        Page("people.md", "people.md.j2", {
            "officials_by_country": officials_by_country,
            "people_sections": {
                c: ranges(officials, lambda o: o.name, f"country-{c.lower()}", 3)
                for c, officials in officials_by_country.items()},
            "positions_by_actor": positions_by_actor, **shared}),
        Page("positions.md", "positions.md.j2", {"topic_columns": topic_columns, **shared}),
        Page("figures.md", "figures.md.j2", {"figure_sections": figure_sections(data.figures)}),
        Page("timeline.md", "timeline.md.j2", {"events": events, "tags": timeline_tags}),
        Page("claims.md", "claims.md.j2", {
            "claims_by_status": claims_by_status,
            "claim_sections": {s: ranges(claims, partial(claim_title, project), s, 3)
                               for s, claims in claims_by_status.items()}}),
        Page("tags.md", "tags.md.j2", {"status_tags": status_tags, "topic_tags": topic_tags}),
        Page("background.md", "background.md.j2", {}),
        Page("sources.md", "sources.md.j2", {
            "checked_sections": {
                s.id: list_sections(project.checked_by.get(s.id, []), partial(claim_title, project),
                                    "Claims checked against it", f"{s.id}--checked", 3,
                                    crowded=crowded_source(project, s.id))
                for s in data.sources},
            "cited_sections": {
                s.id: list_sections(project.cited_by.get(s.id, []), partial(cited_label, project),
                                    "Cited by", f"{s.id}--cited", 3, crowded=crowded_source(project, s.id))
                for s in data.sources}}),
        Page("glossary.md", "glossary.md.j2", {"glossary": glossary}),
        Page("methodology.md", "methodology.md.j2", {}),
        Page(STYLESHEET, "explainer.css", {}),
        *person_pages,
        *figure_pages,
        *chart_pages(data.figures),
    ]


def chart_pages(figures: list[Figure]) -> list[Page]:
    """An SVG chart beside each figure page that has something to compare with."""
    return [Page(chart_file(f.id), "", {}, make=partial(charts.cached_svg, chart))
            for f in figures if (chart := charts.chart_for(f)) is not None]


def claim_review(claims: dict[tuple[str, str], Claim], project: Project, kind: str,
                 entry_id: str) -> Md:
    """The JSON-LD ClaimReview of one claim (`claims` by kind and id), as a script element."""
    claim = claims[kind, entry_id]
    data = jsonld.claim_review(project, claim, STATUS_INFO[claim.check.status].label)
    return jsonld.script(data, jsonld.claim_key(kind, entry_id))


def template_globals(project: Project) -> dict[str, Any]:
    """What every template sees; `links` is replaced per page by `page_links`."""
    links = Links(project)
    return {
        "project": project,
        "explainer": project.data.explainer,
        "article": project.article,
        "links": links,
        "statuses": STATUS_INFO,
        "reliabilities": RELIABILITY_INFO,
        "country_name": country_name,
        "claim_title": lambda claim: claim_title(project, claim),
        "term_anchor": links.term_anchors.get,
        "pages": PAGE_FILES,
        "figure_chart": figure_chart,
        "figure_description": figure_description,
        "official_description": official_description,
        "home_description": lambda: textwrap.shorten(
            jsonld.markdown_text(project.data.explainer.summary), 300, placeholder=" \u2026"),
        "claim_review": partial(claim_review, {(c.kind, c.id): c for c in project.claims}, project),
        "claim_key": jsonld.claim_key,
    }
