"""What the classroom handout holds: every candidate item in priority order (`pool`), ever
smaller selections to try (`schedule`), and the content of one selection (`select`).

See `layout.py` for how a selection is chosen to fit on the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from ..pages import (
    N_,
    RELIABILITY_INFO,
    STATUS_INFO,
    amount,
    country_name,
    date_key,
    gettext,
    human_date,
    quote_attribution,
)
from ..project import Activity, Event, Figure, GlossaryEntry, Official, Position, Project, Source
from .content import (
    COLUMNS,
    ActivityItem,
    EventItem,
    FigureItem,
    HandoutContent,
    PeopleGroup,
    PersonItem,
    PositionItem,
    PositionRow,
    PositionTable,
    SourceItem,
    TermItem,
    markdown_plain,
    plain,
    reading_level,
    short_url,
)

# The sections that can be trimmed, in the order the handout shows them, and their names
# in the "Left out for space" line (singular, plural).
SECTIONS: dict[str, tuple[str, str]] = {
    "figures": (N_("key figure"), N_("key figures")),
    "positions": (N_("position"), N_("positions")),
    "people": (N_("who's who entry"), N_("who's who entries")),
    "events": (N_("timeline event"), N_("timeline events")),
    "terms": (N_("glossary term"), N_("glossary terms")),
    "questions": (N_("discussion question"), N_("discussion questions")),
    "activities": (N_("activity"), N_("activities")),
    "sources": (N_("source"), N_("sources")),
}
# Phase A: one item at a time from each of these in turn, down to a few each.
_ROUND_ROBIN = ("sources", "events", "terms", "people", "positions")
_PHASE_A_FLOORS = {"sources": 5, "events": 4, "terms": 4, "people": 4}
# Phase B: then these, one item at a time, in this order (the last ones only for extreme data).
# For positions, a floor counts whole topic rows, and below one position a cell they go a
# row at a time.
_PHASE_B: tuple[tuple[str, int], ...] = (
    ("activities", 1), ("positions", 1), ("events", 0), ("terms", 0), ("people", 0),
    ("sources", 1), ("positions", 0), ("activities", 0),
    ("questions", 1), ("figures", 1), ("sources", 0), ("questions", 0), ("figures", 0),
)


@dataclass
class Pool:
    """Every candidate item of each section, most important first."""

    objectives: list[str]
    figures: list[Figure]
    positions: list[Position]
    people: list[Official]
    events: list[Event]
    terms: list[GlossaryEntry]
    questions: list[str]
    activities: list[Activity]
    sources: list[Source]
    rows: list[int]  # positions that fill whole topic rows, one position a cell: 2, 4, 5…

    def items(self, name: str) -> Sequence[Any]:
        return getattr(self, name)  # type: ignore[no-any-return]

    def fewer(self, name: str, count: int) -> int:
        """The next smaller count to try: one item less, or one topic row less of positions
        once only one position a cell is left (so that a row never loses only one side)."""
        if name == "positions" and self.rows and count <= self.rows[-1]:
            return max(row for row in [0, *self.rows] if row < count)
        return count - 1


def _date_number(value: str | None) -> int | None:
    if not value:
        return None
    year, month, day = date_key(value)
    return int(year) * 372 + (int(month) or 6) * 31 + (int(day) or 15)


def _alternate(officials: list[Official], countries: list[str]) -> list[Official]:
    """One official of each country in turn, so that every side keeps some entries."""
    queues = [[o for o in officials if o.country == c] for c in countries]
    result = []
    while any(queues):
        for queue in queues:
            if queue:
                result.append(queue.pop(0))
    return result


def pool(project: Project) -> Pool:
    """Put each section's candidates in priority order (a fixed order: same data, same pool)."""
    data = project.data
    handout = data.handout
    assert handout is not None
    figure_ids = handout.figures if handout.figures is not None else [f.id for f in data.figures]
    figures = [project.figures[i] for i in dict.fromkeys(figure_ids)]

    # Positions: one a cell first, topics that show more sides first; then the second of
    # each cell, and so on.
    country_order = list(dict.fromkeys(o.country for o in data.officials))
    sides: dict[str, set[str]] = {}
    for position in data.positions:
        sides.setdefault(position.topic, set()).add(project.officials[position.actor].country)
    topic_order = sorted(sides, key=lambda t: -len(sides[t]))  # stable: data order otherwise
    rank: dict[tuple[str, str], int] = {}
    keyed = []
    for index, position in enumerate(data.positions):
        country = project.officials[position.actor].country
        cell = (position.topic, country)
        rank[cell] = rank.get(cell, -1) + 1
        keyed.append(((rank[cell], topic_order.index(position.topic), country_order.index(country),
                       index), position))
    positions = [p for _, p in sorted(keyed, key=lambda kv: kv[0])]
    rows = [sum(len(sides[t]) for t in topic_order[: n + 1]) for n in range(len(topic_order))]

    actors = {p.actor for p in data.positions}
    people = _alternate([o for o in data.officials if o.id in actors], country_order)
    people += _alternate([o for o in data.officials if o.id not in actors], country_order)

    target = _date_number(project.article.date)
    events = list(enumerate(data.events))
    if target is None:
        events.sort(key=lambda ie: (tuple(-int(x) for x in date_key(ie[1].date)), ie[0]))
    else:
        events.sort(key=lambda ie: (abs((_date_number(ie[1].date) or 0) - target),
                                    date_key(ie[1].date), ie[0]))

    # Terms the questions and figures use first, then those the rest of the text uses.
    first = " ".join([*(q.question for q in handout.questions),
                      *(_figure_text(f) for f in figures)]).casefold()
    core = " ".join([data.explainer.summary, data.explainer.why_it_matters or "",
                     *(a.title + " " + " ".join(a.steps) for a in handout.activities),
                     *(p.summary for p in data.positions)]).casefold()
    # By identity (the terms are distinct): comparing models costs the glossary squared.
    used = [g for g in data.glossary if uses(first, g.term)]
    seen = {id(g) for g in used}
    used += [g for g in data.glossary if id(g) not in seen and uses(core, g.term)]
    seen = {id(g) for g in used}
    terms = used + [g for g in data.glossary if id(g) not in seen]

    cited: list[str] = [data.explainer.article]
    for figure in figures:
        cited += figure_sources(figure)
    for figure in figures:
        cited += [c.source for c in figure.compare if c.source]
    for position in positions:
        cited += [q.source for q in position.quotes]
        cited += position.check.sources if position.check else []
    for _, event in events:
        cited += event.sources
    for term in terms:
        cited += term.sources
    cited += [s.id for s in data.sources]
    return Pool(
        objectives=list(handout.objectives), figures=figures, positions=positions,
        people=people, events=[e for _, e in events], terms=terms,
        questions=[q.question for q in handout.questions], activities=list(handout.activities),
        sources=[project.sources[s] for s in dict.fromkeys(cited)],
        rows=rows,
    )


def _figure_text(figure: Figure) -> str:
    return " ".join([figure.label, figure.as_stated, figure.unit, figure.check.summary or ""])


def uses(text: str, term: str) -> bool:
    """Whether `text` (casefolded) uses the glossary `term`, or the short form in its
    brackets ("HLSD"), as a word or the start of one ("encounters")."""
    forms = [term, *re.findall(r"\(([^)]+)\)", term)]
    forms += [re.sub(r"\s*\([^)]*\)", "", term)]
    return any(_at_word_start(text, f.strip().casefold()) for f in forms if f.strip())


def _at_word_start(text: str, form: str) -> bool:
    r"""Whether `form` occurs in `text` where no word character comes just before it, as
    `re.search(r"(?<!\w)" + re.escape(form), text)` finds it: `str.find` looks for the
    form at C speed, where the regular expression tries the lookbehind at every position
    (1,500 terms against the text of 1,000 positions took seconds)."""
    at = text.find(form)
    while at != -1:
        if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):  # what \w matches
            return True
        at = text.find(form, at + 1)
    return False


def figure_sources(figure: Figure) -> list[str]:
    """The sources behind a figure as the handout prints it (the claim and its verdict):
    those its check rests on, where it is stated, and whom it credits. The values it is
    compared with are not printed, so their sources come later, as space allows."""
    found = [*figure.check.sources, figure.source]
    return found + ([figure.credited_to] if figure.credited_to else [])


def schedule(items: Pool) -> list[dict[str, int]]:
    """Ever smaller selections, as counts per section; each holds less than the one before."""
    counts = {name: len(items.items(name)) for name in SECTIONS}
    levels = [dict(counts)]

    def drop(name: str, floor: int) -> bool:
        if name == "positions":  # the floor counts topic rows
            floor = items.rows[min(floor, len(items.rows)) - 1] if floor and items.rows else 0
        if counts[name] <= floor:
            return False
        counts[name] = max(items.fewer(name, counts[name]), 0)
        levels.append(dict(counts))
        return True

    floors = {**_PHASE_A_FLOORS, "positions": len(items.rows)}
    progress = True
    while progress:
        progress = False
        for name in _ROUND_ROBIN:
            progress = drop(name, floors[name]) or progress
    for name, floor in _PHASE_B:
        while drop(name, floor):
            pass
    return levels


def _date(value: str | None) -> str | None:
    return str(human_date(value)) if value else None


def rated_by(source: Source) -> str | None:
    """Who rates the source's reliability: its list of ratings when the data has one
    (`by`, `rating`, `date` each), else its caveat, which says why it is rated so."""
    ratings = getattr(source, "ratings", None) or getattr(source.reliability, "ratings", None)
    if ratings:
        named = []
        for rating in ratings:
            when = _date(getattr(rating, "date", None))
            named.append(plain(f"{getattr(rating, 'by', '')}: {getattr(rating, 'rating', '')}")
                         + (f" ({when})" if when else ""))
        return gettext("Rated by %(raters)s.") % {"raters": "; ".join(named)}
    if not source.caveat:
        return None
    caveat = markdown_plain(source.caveat)
    first = re.match(r".+?[.!?](?=\s|$)", caveat)  # the sentence that says who rates it so
    return first.group(0) if first else caveat


def _source_item(source: Source, sources_page: str | None, *, raters: bool = False) -> SourceItem:
    address = short_url(source.url) if source.url else None
    # Too long to type: point to the site's Sources page, or else name the site to search.
    host = None
    if source.url and address is None and sources_page is None:
        host = urlsplit(source.url).netloc.removeprefix("www.")
    return SourceItem(
        title=plain(source.title), publisher=plain(source.publisher), date=_date(source.date),
        url=source.url, short_url=address,
        reliability=source.reliability, reliability_label=RELIABILITY_INFO[source.reliability][0],
        rated_by=rated_by(source) if raters else None, host=host,
    )


def _stated(figure: Figure) -> str:
    return plain(amount(figure))


def _chunks(values: Sequence[Any], size: int) -> list[Any]:
    return [values[i:i + size] for i in range(0, len(values), size)]


def _left_out(items: Pool, counts: dict[str, int], shown: dict[str, int]) -> tuple[str, ...]:
    notes = []
    for name, (one, many) in SECTIONS.items():
        missing = len(items.items(name)) - shown.get(name, counts[name])
        if missing > 0:
            notes.append(f"{missing} {gettext(one if missing == 1 else many)}")
    return tuple(notes)


def _position(project: Project, position: Position) -> PositionItem:
    claim = project.verdict("position", position.id)  # its own check, or the one it restates
    status = claim.check.verdict if claim is not None else None
    return PositionItem(
        plain(project.officials[position.actor].name), position.summary,
        status=status, status_label=STATUS_INFO[status].label if status else None,
        attribution=_attribution(project, position))


def select(project: Project, items: Pool, counts: dict[str, int], url: str | None,
           qr: tuple[str, bytes] | None) -> HandoutContent:
    """The handout's content for one selection (`counts` items of each section)."""
    data = project.data
    handout = data.handout
    assert handout is not None

    def take(name: str) -> list[Any]:
        return list(items.items(name)[: counts[name]])

    kept_people = {o.id for o in take("people")}
    countries = list(dict.fromkeys(o.country for o in data.officials))
    groups = [PeopleGroup(country_name(c), tuple(PersonItem(plain(o.name), plain(o.role))
                                                 for o in data.officials
                                                 if o.country == c and o.id in kept_people))
              for c in countries]
    groups = [g for g in groups if g.people]

    kept_positions = {p.id for p in take("positions")}
    shown = [p for p in data.positions if p.id in kept_positions]
    position_countries = [c for c in countries
                          if any(project.officials[p.actor].country == c for p in shown)]
    topics = list(dict.fromkeys(p.topic for p in shown))
    tables = []
    for chunk in _chunks(position_countries, COLUMNS):
        rows = []
        for topic in topics:
            cells = tuple(tuple(_position(project, p)
                                for p in shown
                                if p.topic == topic and project.officials[p.actor].country == c)
                          for c in chunk)
            if any(cells):
                rows.append(PositionRow(plain(topic), cells))
        tables.append(PositionTable(tuple(country_name(c) for c in chunk), tuple(rows)))

    kept_events = {e.id for e in take("events")}
    events = sorted((e for e in data.events if e.id in kept_events), key=lambda e: date_key(e.date))
    figures = take("figures")
    questions = handout.questions[: counts["questions"]]
    # Vocabulary: first the terms the printed questions and figures use, then the rest.
    printed = " ".join([*(q.question for q in questions),
                        *(_figure_text(f) for f in figures)]).casefold()
    terms = sorted(take("terms"), key=lambda g: (not uses(printed, g.term), g.term.casefold(),
                                                 g.term))
    # Sources: the article and those behind every printed figure, then as many as fit.
    wanted = [data.explainer.article, *(s for f in figures for s in figure_sources(f))]
    sources = [project.sources[s] for s in dict.fromkeys(wanted)]
    sources += [s for s in take("sources") if s not in sources]
    sources_page = url.rstrip("/") + "/sources/" if url else None
    content = HandoutContent(
        title=plain(handout.title or data.explainer.title),
        subtitle=plain(data.explainer.title) if handout.title and handout.title != data.explainer.title
        else None,
        date=_date(data.explainer.updated),
        updated=data.explainer.updated,
        language=plain(project.language),
        grade_levels=plain(handout.grade_levels) if handout.grade_levels else None,
        summary=data.explainer.summary,
        why_it_matters=data.explainer.why_it_matters,
        article=_source_item(project.article, sources_page, raters=True),
        objectives=tuple(plain(o) for o in handout.objectives),
        figures=tuple(FigureItem(plain(f.label), _stated(f), plain(f.period) if f.period else None,
                                 *_verdict(project, f)) for f in figures),
        people=tuple(tuple(chunk) for chunk in _chunks(groups, COLUMNS)),
        positions=tuple(tables),
        events=tuple(EventItem(_date(e.date) or "", plain(e.title)) for e in events),
        terms=tuple(TermItem(plain(g.term), plain(g.definition)) for g in terms),
        questions=tuple(plain(q.question) for q in questions),
        activities=tuple(ActivityItem(plain(a.title), tuple(plain(s) for s in a.steps))
                         for a in take("activities")),
        sources=tuple(_source_item(s, sources_page) for s in sources),
        left_out=_left_out(items, counts, {"sources": len(sources)}),
        site_url=url,
        sources_page=sources_page,
        qr_svg=qr[0] if qr else None,
        qr_png=qr[1] if qr else None,
    )
    return replace(content, reading=reading_level(content))


def _attribution(project: Project, position: Position) -> str | None:
    """Whether the words of a position's quotes were really said, in a few words."""
    found = [quote_attribution(project, position, q).text for q in position.quotes]
    return gettext("quote: %(attribution)s") % {"attribution": "; ".join(dict.fromkeys(found))} \
        if found else None


def _verdict(project: Project, figure: Figure) -> tuple[str, str, str]:
    claim = project.verdict("figure", figure.id)
    assert claim is not None
    check = claim.check
    return check.verdict, STATUS_INFO[check.verdict].label, plain(check.summary or "")
