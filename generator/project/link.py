"""Stage 3, link: every id is unique, every reference resolves, every quote is in its seed.

The result is a `Project`: the checked data plus the look-ups that pages need (entries by
id, and which claims rest on which source).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import Problem
from .loader import Path_, dotted_path, load_text_file
from .models import Check, ContextNote, Event, Figure, Model, Official, Position, Source
from .textmatch import closest_passage, normalize
from .validate import Data, closest

CLAIM_KINDS = ("figure", "position", "event")


@dataclass(frozen=True)
class Claim:
    """Anything that carries a check: a figure, a position or an event."""

    kind: str
    entry: Figure | Position | Event

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def check(self) -> Check:
        assert self.entry.check is not None
        return self.entry.check


@dataclass
class Project:
    root: Path
    data: Data
    sources: dict[str, Source]
    officials: dict[str, Official]
    positions: dict[str, Position]
    figures: dict[str, Figure]
    events: dict[str, Event]
    context: dict[str, ContextNote]
    claims: list[Claim] = field(default_factory=list)
    # source id -> claims whose check rests on it, and entries that cite it otherwise
    checked_by: dict[str, list[Claim]] = field(default_factory=dict)
    cited_by: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    language: str = "en"  # the language of this edition's text (`edition`)
    # msgctxt of a quote's text -> the explainer's translation of it in this edition
    quote_translations: dict[str, str] = field(default_factory=dict)

    @property
    def article(self) -> Source:
        return self.sources[self.data.explainer.article]


class _Linker:
    def __init__(self, root: Path, data: Data) -> None:
        self.root = root
        self.data = data
        self.problems: list[Problem] = []
        self.index: dict[str, dict[str, Model]] = {}
        self.cited_by: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.normalized: dict[str, str] = {}

    def problem(self, name: str, path: Path_, message: str) -> None:
        self.problems.append(self.data.files[name].problem(path, dotted_path(f"{name}", path), message))

    def unique(self, name: str, entries: list[Any]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        first: dict[str, int] = {}
        for number, entry in enumerate(entries):
            entry_id = entry.id
            if entry_id in found:
                line = self.data.files[name].position((first[entry_id], "id")).line
                self.problem(name, (number, "id"), f"duplicate id '{entry_id}' (first used at line"
                             f" {line}); give each entry its own id")
                continue
            found[entry_id] = entry
            first[entry_id] = number
        self.index[name] = found
        return found

    def ref(self, name: str, path: Path_, value: str | None, target: str, *, cite: str = "") -> None:
        if value is None:
            return
        known = self.index.get(target, {})
        if value in known:
            if target == "sources" and cite:
                self.cited_by[value].append((name, cite))
            return
        singular = target.rstrip("s")
        guess = closest(value, sorted(known))
        text = f"there is no {singular} with the id '{value}' in data/{target}.yaml"
        text += f"; did you mean '{guess}'?" if guess else "; add it there or fix the id"
        self.problem(name, path, text)

    def refs(self, name: str, path: Path_, values: list[str], target: str, *, cite: str = "") -> None:
        for number, value in enumerate(values):
            self.ref(name, (*path, number), value, target, cite=cite)

    def check(self, name: str, path: Path_, check: Check | None) -> None:
        if check is not None:
            self.refs(name, (*path, "sources"), check.sources, "sources")

    def seed_texts(self) -> dict[str, str]:
        texts: dict[str, str] = {}
        for number, source in enumerate(self.data.sources):
            if source.file is None:
                continue
            rel = PurePosixPath(source.file)
            if rel.is_absolute() or ".." in rel.parts or rel.parts[:1] != ("seeds",):
                self.problem("sources", (number, "file"), f"'{source.file}' must be a path inside"
                             " seeds/, such as seeds/article.txt")
                continue
            path = self.root / rel
            if not path.is_file():
                self.problem("sources", (number, "file"), f"the file '{source.file}' does not exist;"
                             " put a plain-text copy of the source there or fix the path")
                continue
            text, problem = load_text_file(path, source.file)
            if problem is not None:
                self.problems.append(problem)
            elif text is not None:
                texts[source.id] = text
        return texts

    def found_in_seed(self, name: str, path: Path_, text: str, source: str,
                      seeds: dict[str, str]) -> None:
        seed = seeds.get(source)
        if seed is None:
            return
        if source not in self.normalized:  # once per seed, not once per quote
            self.normalized[source] = normalize(seed)
        if normalize(text) in self.normalized[source]:
            return
        near = closest_passage(seed, text)
        file = self.data.sources[[s.id for s in self.data.sources].index(source)].file
        self.problem(name, path, f"this text is not in {file}"
                     f" (source '{source}'); the closest passage there is: \"{near}\". Quote the"
                     " source word for word")


def link(root: Path, data: Data) -> tuple[Project | None, list[Problem]]:
    """Resolve every reference in `data`; return the project when nothing is dangling."""
    lk = _Linker(root, data)
    sources = lk.unique("sources", list(data.sources))
    officials = lk.unique("officials", list(data.officials))
    positions = lk.unique("positions", list(data.positions))
    figures = lk.unique("figures", list(data.figures))
    events = lk.unique("events", list(data.events))
    context = lk.unique("context", list(data.context))
    seeds = lk.seed_texts()

    lk.ref("explainer", ("article",), data.explainer.article, "sources", cite="article")
    for n, official in enumerate(data.officials):
        lk.refs("officials", (n, "sources"), official.sources, "sources", cite=f"officials:{official.id}")
    for n, position in enumerate(data.positions):
        lk.ref("positions", (n, "actor"), position.actor, "officials")
        for q, quote in enumerate(position.quotes):
            lk.ref("positions", (n, "quotes", q, "source"), quote.source, "sources",
                   cite=f"positions:{position.id}")
            lk.ref("positions", (n, "quotes", q, "speaker"), quote.speaker, "officials")
            if quote.source in sources:
                lk.found_in_seed("positions", (n, "quotes", q, "text"), quote.text, quote.source, seeds)
            original = quote.original
            if original is not None and original.text and original.source:
                where = (n, "quotes", q, "original")
                lk.ref("positions", (*where, "source"), original.source, "sources",
                       cite=f"positions:{position.id}")
                if original.source in sources:  # checked in its own language
                    lk.found_in_seed("positions", (*where, "text"), original.text,
                                     original.source, seeds)
        lk.check("positions", (n, "check"), position.check)
    for n, figure in enumerate(data.figures):
        lk.ref("figures", (n, "source"), figure.source, "sources", cite=f"figures:{figure.id}")
        lk.ref("figures", (n, "credited_to"), figure.credited_to, "sources", cite=f"figures:{figure.id}")
        for c, item in enumerate(figure.compare):
            lk.ref("figures", (n, "compare", c, "source"), item.source, "sources",
                   cite=f"figures:{figure.id}")
        if figure.source in sources:
            lk.found_in_seed("figures", (n, "as_stated"), figure.as_stated, figure.source, seeds)
        lk.check("figures", (n, "check"), figure.check)
    for n, event in enumerate(data.events):
        lk.refs("events", (n, "participants"), event.participants, "officials")
        lk.refs("events", (n, "sources"), event.sources, "sources", cite=f"events:{event.id}")
        lk.check("events", (n, "check"), event.check)
    every_id = {key: name for name, entries in lk.index.items() for key in entries}
    for n, note in enumerate(data.context):
        lk.refs("context", (n, "sources"), note.sources, "sources", cite=f"context:{note.id}")
        for r, related in enumerate(note.related):
            if related not in every_id:
                guess = closest(related, sorted(every_id))
                hint = f"; did you mean '{guess}'?" if guess else "; fix the id or remove it"
                lk.problem("context", (n, "related", r), f"no entry has the id '{related}'{hint}")
    terms: dict[str, int] = {}
    for n, entry in enumerate(data.glossary):
        key = entry.term.casefold()
        if key in terms:
            line = data.files["glossary"].position((terms[key], "term")).line
            lk.problem("glossary", (n, "term"), f"the term '{entry.term}' is already defined at line"
                       f" {line}; merge the two definitions")
        terms.setdefault(key, n)
        lk.refs("glossary", (n, "sources"), entry.sources, "sources", cite=f"glossary:{entry.term}")
    if data.handout is not None and data.handout.figures is not None:
        lk.refs("handout", ("figures",), data.handout.figures, "figures")
    if lk.problems:
        return None, lk.problems

    claims = [Claim("figure", f) for f in data.figures]
    claims += [Claim("position", p) for p in data.positions if p.check is not None]
    claims += [Claim("event", e) for e in data.events if e.check is not None]
    checked_by: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        for source_id in dict.fromkeys(claim.check.sources):
            checked_by[source_id].append(claim)
    project = Project(
        root=root, data=data, sources=sources, officials=officials,
        positions=positions, figures=figures, events=events, context=context,
        claims=claims, checked_by=dict(checked_by), language=data.explainer.language,
        cited_by={k: list(dict.fromkeys(v)) for k, v in lk.cited_by.items()},
    )
    return project, []
