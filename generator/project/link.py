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
from ..files import kind_of
from . import claims as claims_
from .loader import Path_, dotted_path, load_text_file
from .models import (
    Appearance,
    Check,
    ContextNote,
    Event,
    Figure,
    Model,
    Official,
    Position,
    Source,
)
from .textmatch import closest_passage, first_difference, normalize, occurs
from .validate import Data, closest

CLAIM_KINDS = ("figure", "position", "event")
# Entries with a page of their own (people/ID.md, figures/ID.md) cannot take an id whose page
# would be built where the overview page of their folder is (people.md becomes people/index.html).
RESERVED_IDS = ("index",)


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
    # the normalized text of each source's copy under seeds/
    seeds: dict[str, str] = field(default_factory=dict)
    # (kind, entry id) -> the claim it restates (its check is `same_as` that claim)
    restatements: dict[tuple[str, str], Claim] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    language: str = "en"  # the language of this edition's text (`edition`)
    # msgctxt of a quote's text -> the explainer's translation of it in this edition
    quote_translations: dict[str, str] = field(default_factory=dict)
    # (kind, id) -> claim, made from `claims` when first asked (see `verdict`)
    _claims_by_key: dict[tuple[str, str], Claim] = field(default_factory=dict, init=False,
                                                         repr=False, compare=False)
    _claims_of: list[Claim] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def article(self) -> Source:
        return self.sources[self.data.explainer.article]

    def verdict(self, kind: str, entry_id: str) -> Claim | None:
        """The claim whose verdict applies to an entry: its own, or the one it restates."""
        if (kind, entry_id) in self.restatements:
            return self.restatements[kind, entry_id]
        if len(self._claims_by_key) != len(self.claims) or self._claims_of is not self.claims:
            self._claims_of = self.claims
            self._claims_by_key = {}
            for claim in self.claims:  # the first claim of a key, as a scan in order finds it
                self._claims_by_key.setdefault((claim.kind, claim.id), claim)
        return self._claims_by_key.get((kind, entry_id))

    def in_article(self, claim: Claim) -> bool:
        return claims_.in_article(self, claim.entry)


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

    def appearances(self, name: str, n: int, entry_id: str, items: list[Appearance],
                    seeds: dict[str, str]) -> None:
        for a, item in enumerate(items):
            self.ref(name, (n, "appearances", a, "source"), item.source, "sources",
                     cite=f"{name}:{entry_id}")
            if item.source in self.index["sources"]:
                self.found_in_seed(name, (n, "appearances", a, "as_stated"), item.as_stated,
                                   item.source, seeds)

    def same_as(self, entries: list[tuple[str, int, Figure | Position | Event]]) -> None:
        checked: dict[str, list[Figure | Position | Event]] = defaultdict(list)
        for _name, _n, e in entries:
            checked[e.id].append(e)
        for name, n, entry in entries:
            target = entry.check.same_as if entry.check else None
            if target is None:
                continue
            found = checked.get(target, [])
            other = found[0] if len(found) == 1 else None
            path = (n, "check", "same_as")
            if len(found) > 1:
                self.problem(name, path, f"'{target}' is the id of entries in more than one file;"
                             " rename one of them so that 'same_as' names a single claim")
            elif other is None:
                guess = closest(target, sorted(checked))
                hint = f"; did you mean '{guess}'?" if guess else ""
                self.problem(name, path, f"no figure, position or event has the id '{target}'{hint}")
            elif other is entry:
                self.problem(name, path, "an entry cannot restate itself; give it a check of its"
                             " own or point at the entry that checks the claim")
            elif other.check is None or other.check.same_as is not None:
                self.problem(name, path, f"'{target}' has no verdict of its own to share; point"
                             " at the entry that carries the check")

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
            what = kind_of(path)
            if what == "nothing":
                self.problem("sources", (number, "file"), f"the file '{source.file}' does not exist;"
                             " put a plain-text copy of the source there or fix the path")
                continue
            if what is not None:
                self.problem("sources", (number, "file"), f"'{source.file}' is {what}, not a file;"
                             " put a plain-text copy of the source there or fix the path")
                continue
            text, problem = load_text_file(path, source.file)
            if problem is not None:
                self.problems.append(problem)
            elif text is not None:
                texts[source.id] = text
        return texts

    def glossary(self) -> None:
        terms: dict[str, int] = {}
        for n, entry in enumerate(self.data.glossary):
            key = entry.term.casefold()
            if key in terms:
                line = self.data.files["glossary"].position((terms[key], "term")).line
                self.problem("glossary", (n, "term"), f"the term '{entry.term}' is already"
                             f" defined at line {line}; merge the two definitions")
            terms.setdefault(key, n)
            self.refs("glossary", (n, "sources"), entry.sources, "sources",
                      cite=f"glossary:{entry.term}")

    def found_in_seed(self, name: str, path: Path_, text: str, source: str,
                      seeds: dict[str, str]) -> None:
        seed = seeds.get(source)
        if seed is None:
            return
        if source not in self.normalized:  # once per seed, not once per quote
            self.normalized[source] = normalize(seed)
        if occurs(text, self.normalized[source]):
            return
        near = closest_passage(seed, text)
        differs = first_difference(self.normalized[source], text)
        where = f"; the quote parts from it {differs}" if differs else ""
        file = self.data.sources[[s.id for s in self.data.sources].index(source)].file
        self.problem(name, path, f"this text is not in {file}"
                     f" (source '{source}'); the closest passage there is: \"{near}\"{where}. Quote"
                     " the source word for word")


def link(root: Path, data: Data) -> tuple[Project | None, list[Problem]]:
    """Resolve every reference in `data`; return the project when nothing is dangling."""
    lk = _Linker(root, data)
    sources = lk.unique("sources", list(data.sources))
    officials = lk.unique("officials", list(data.officials))
    for name, folder, ids in (("officials", "people", [o.id for o in data.officials]),
                              ("figures", "figures", [f.id for f in data.figures])):
        for number, entry_id in enumerate(ids):
            if entry_id in RESERVED_IDS:
                lk.problem(name, (number, "id"), f"the id '{entry_id}' is reserved: its page would"
                           f" be built where the page {folder}.md is; choose another id")
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
        lk.appearances("positions", n, position.id, position.appearances, seeds)
    for n, figure in enumerate(data.figures):
        lk.ref("figures", (n, "source"), figure.source, "sources", cite=f"figures:{figure.id}")
        lk.ref("figures", (n, "credited_to"), figure.credited_to, "sources", cite=f"figures:{figure.id}")
        for c, item in enumerate(figure.compare):
            lk.ref("figures", (n, "compare", c, "source"), item.source, "sources",
                   cite=f"figures:{figure.id}")
        if figure.source in sources:
            lk.found_in_seed("figures", (n, "as_stated"), figure.as_stated, figure.source, seeds)
        lk.check("figures", (n, "check"), figure.check)
        lk.appearances("figures", n, figure.id, figure.appearances, seeds)
    for n, event in enumerate(data.events):
        lk.refs("events", (n, "participants"), event.participants, "officials")
        lk.refs("events", (n, "sources"), event.sources, "sources", cite=f"events:{event.id}")
        lk.check("events", (n, "check"), event.check)
        lk.appearances("events", n, event.id, event.appearances, seeds)
    entries: list[tuple[str, int, Figure | Position | Event]] = [
        *(("figures", n, f) for n, f in enumerate(data.figures)),
        *(("positions", n, p) for n, p in enumerate(data.positions)),
        *(("events", n, e) for n, e in enumerate(data.events))]
    lk.same_as(entries)
    every_id = {key: name for name, entries in lk.index.items() for key in entries}
    related_lists = [("context", n, note.related) for n, note in enumerate(data.context)]
    related_lists += [("events", n, event.related) for n, event in enumerate(data.events)]
    for n, note in enumerate(data.context):
        lk.refs("context", (n, "sources"), note.sources, "sources", cite=f"context:{note.id}")
    for file, n, ids in related_lists:
        for r, related in enumerate(ids):
            if related not in every_id:
                guess = closest(related, sorted(every_id))
                hint = f"; did you mean '{guess}'?" if guess else "; fix the id or remove it"
                lk.problem(file, (n, "related", r), f"no entry has the id '{related}'{hint}")
    lk.glossary()
    if data.handout is not None and data.handout.figures is not None:
        lk.refs("handout", ("figures",), data.handout.figures, "figures")
    if data.handout is not None:
        checked = sorted([f.id for f in data.figures] + [p.id for p in data.positions if p.check]
                         + [e.id for e in data.events if e.check])
        for n, question in enumerate(data.handout.questions):
            for c, claim_id in enumerate(question.claims):
                if claim_id not in checked:
                    guess = closest(claim_id, checked)
                    hint = f"; did you mean '{guess}'?" if guess else "; fix the id or remove it"
                    lk.problem("handout", ("discussion_questions", n, "claims", c),
                               f"no checked claim (a figure, or a position or event with a check)"
                               f" has the id '{claim_id}'{hint}")
    if not lk.problems:
        lk.problems += claims_.same_claim_problems(data, entries)
    if lk.problems:
        return None, lk.problems

    kinds = {"figures": "figure", "positions": "position", "events": "event"}
    own = [Claim(kinds[name], e) for name, _n, e in entries
           if e.check is not None and e.check.same_as is None]
    claims = own  # figures, then positions, then events
    by_id = {c.id: c for c in claims}
    restatements = {(kinds[name], e.id): by_id[e.check.same_as] for name, _n, e in entries
                    if e.check is not None and e.check.same_as is not None}
    checked_by: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        for source_id in dict.fromkeys(claim.check.sources):
            checked_by[source_id].append(claim)
    project = Project(
        root=root, data=data, sources=sources, officials=officials,
        positions=positions, figures=figures, events=events, context=context,
        claims=claims, checked_by=dict(checked_by), language=data.explainer.language,
        cited_by={k: list(dict.fromkeys(v)) for k, v in lk.cited_by.items()},
        seeds={k: normalize(v) for k, v in seeds.items()}, restatements=restatements,
        warnings=claims_.source_warnings(data, claims),
    )
    return project, []


def link_glossary(root: Path, data: Data, sources: dict[str, Source],
                  ) -> tuple[dict[str, list[tuple[str, str]]], list[Problem]]:
    """What `link` finds in the glossary of `data` alone, given the sources by id: which
    entries of it cite each source (in the order `link` finds them, without removing
    those found twice) and its problems."""
    lk = _Linker(root, data)
    lk.index["sources"] = dict[str, Model](sources)
    lk.glossary()
    return dict(lk.cited_by), lk.problems


def seed_texts(root: Path, data: Data) -> tuple[dict[str, str], list[Problem]]:
    """The text of each source's copy under seeds/, by source id, as `link` reads them,
    and the problems of reading them."""
    lk = _Linker(root, data)
    return lk.seed_texts(), lk.problems
