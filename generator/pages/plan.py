"""Stage 4, plan: decide which pages exist, where every entry lives, and what each page shows.

Planning gathers and orders everything a template needs, so templates only lay it out.
"""

from __future__ import annotations

import posixpath
import textwrap
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ..project import STATUSES, Claim, Event, Figure, Official, Position, Project
from . import charts, claimview, jsonld
from .editions import edition_docs, edition_globals
from .i18n import current_language, gettext
from .links import (
    PAGE_FILES,
    RELIABILITY_INFO,
    STATUS_INFO,
    STYLESHEET,
    Links,
    chart_file,
    cited_label,
    claim_title,
    country_name,
    date_key,
    figure_page,
    official_page,
)
from .navigation import hand_written_pages
from .render import Md, amount
from .sections import crowded_source, figure_sections, list_sections, ranges, unique_slugs


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    # A file that is not a template, such as a chart: how to make its bytes, given the
    # bytes generated for it last time (or None), which it may reuse.
    make: Callable[[bytes | None], bytes] | None = None


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


def figure_description(project: Project, figure: Figure) -> str:
    """The page's meta description: the claim and the verdict, in plain text."""
    claim = project.verdict("figure", figure.id)
    assert claim is not None
    return gettext("%(label)s: the article says %(amount)s. %(status)s: %(summary)s") % {
        "label": figure.label, "amount": amount(figure),
        "status": STATUS_INFO[claim.check.verdict].label, "summary": claim.check.summary}


def official_description(official: Official) -> str:
    kind = f" ({gettext('institution')})" if official.kind == "institution" else ""
    return gettext("%(name)s, %(role)s, %(country)s: their positions, quotes and events in this"
                   " explainer, each claim checked against the record.") % {
        "name": official.name, "role": f"{official.role}{kind}",
        "country": country_name(official.country)}


def _countries(officials: list[Official]) -> list[str]:
    return list(dict.fromkeys(o.country for o in officials))


def _own_pages(project: Project) -> list[tuple[str, str]]:
    """The hand-written pages of the nav, titled in this edition's language; in a translated
    edition, only those it has."""
    editions = project.data.explainer.editions
    docs = edition_docs(project.root, editions, project.language)
    return [(gettext(title), file) for title, file in
            hand_written_pages(project.root, set(PAGE_FILES.values()))
            if project.language == editions[0] or (docs / file).is_file()]


def page_tags(topics: list[str | None]) -> list[str]:
    """The tags of a page: the topic of each claim on it, once each, named as topics ("Topic:
    Migration"). Statuses are not tags: the claims page lists the claims by status."""
    return list(dict.fromkeys(gettext("Topic: %(topic)s") % {"topic": t} for t in topics if t))


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
    claims_by_status: dict[str, list[Claim]] = {s: [] for s in STATUSES}
    for claim in project.claims:  # in one pass, each list in the order of the claims
        status = claim.check.status
        if status is not None and status in claims_by_status:
            claims_by_status[status].append(claim)
    article_claims = {s: [c for c in claims if project.in_article(c)]
                      for s, claims in claims_by_status.items()}

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
            "tags": page_tags([p.topic for p in positions_by_actor[o.id]])})
        for o in data.officials
    ]
    figure_pages = [
        Page(figure_page(f.id), "figure.md.j2", {
            "figure": f, "tags": page_tags([f.topic])})
        for f in data.figures
    ]
    timeline_tags = page_tags([e.topic for e in events])
    all_tags = [tag for page in (*person_pages, *figure_pages) for tag in page.context["tags"]]
    topic_tags = list(dict.fromkeys([*all_tags, *timeline_tags]))
    return [
        Page("index.md", "home.md.j2", {
            "claims_by_status": claims_by_status, "article_claims": article_claims,
            "topic_tags": topic_tags,
            "own_pages": _own_pages(project), **shared}),
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
        Page("tags.md", "tags.md.j2", {"topic_tags": topic_tags}),
        Page("background.md", "background.md.j2", {}),
        Page("sources.md", "sources.md.j2", {
            "summary_sections": ranges(data.sources, lambda s: s.title, "all-sources", 2),
            "checked_sections": {
                s.id: list_sections(project.checked_by.get(s.id, []), partial(claim_title, project),
                                    gettext("Claims checked against it"), f"{s.id}--checked", 3,
                                    crowded=crowded_source(project, s.id))
                for s in data.sources},
            "cited_sections": {
                s.id: list_sections(project.cited_by.get(s.id, []), partial(cited_label, project),
                                    gettext("Cited by"), f"{s.id}--cited", 3,
                                    crowded=crowded_source(project, s.id))
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
            for f, chart in zip(figures, charts_of(figures), strict=True)
            if chart is not None]


# The charts of the last `charts_of` in each language, by figure (kept alive here, so that
# no other value takes its id).
_last_charts: dict[str, dict[int, tuple[Figure, charts.Chart | None]]] = {}


def charts_of(figures: list[Figure]) -> list[charts.Chart | None]:
    """`charts.chart_for` of each figure. A long-lived process (the live preview) plans
    again after each edit, and most figures are then the very entries they were (a data
    file whose bytes did not change is not read again, and entries are frozen): such a
    figure's chart is the one it had in the last call in the same language, which depends
    on nothing else."""
    lang = current_language()
    before = _last_charts.get(lang, {})
    now: dict[int, tuple[Figure, charts.Chart | None]] = {}
    for figure in figures:
        kept = before.get(id(figure))
        now[id(figure)] = kept if kept is not None and kept[0] is figure else (
            figure, charts.chart_for(figure))
    _last_charts[lang] = now
    return [now[id(figure)][1] for figure in figures]


def claim_review(claims: dict[tuple[str, str], Claim], project: Project, kind: str,
                 entry_id: str) -> Md:
    """The JSON-LD ClaimReview of one claim (`claims` by kind and id), as a script element."""
    claim = claims[kind, entry_id]
    data = jsonld.claim_review(project, claim, STATUS_INFO[claim.check.verdict].label)
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
        "figure_description": partial(figure_description, project),
        "official_description": official_description,
        "home_description": lambda: textwrap.shorten(
            jsonld.markdown_text(project.data.explainer.summary), 300, placeholder=" \u2026"),
        "claim_review": partial(claim_review, {(c.kind, c.id): c for c in project.claims}, project),
        "claim_key": jsonld.claim_key,
        **edition_globals(project.data.explainer.editions, project.language),
        "verdict": project.verdict,
        "attribution": partial(claimview.quote_attribution, project),
        "claim_words": partial(claimview.claim_words, project),
        "claim_who": partial(claimview.claim_who, project),
        "reported": partial(claimview.reported, project),
        "in_article": project.in_article,
        "report_address": claimview.report_address(project),
    }
