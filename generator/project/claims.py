"""What is known about each claim beyond its verdict, derived from the data, never typed in:

- the attribution of a quote: whether its words are in the record, only reported by news
  outlets, or unconfirmed;
- which claims the article itself makes (their words are found in the article's copy);
- which entries restate a claim checked elsewhere (`check: {same_as: ID}`), and which two
  checks would judge what is textually the same claim;
- warnings about sources a reader cannot open.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import Problem
from .loader import dotted_path
from .models import Appearance, Event, Figure, Position, Quote, Source
from .textmatch import normalize, occurs

if TYPE_CHECKING:
    from .link import Claim, Project
    from .validate import Data

RECORD_KINDS = ("transcript", "government", "video")
WEAK = ("low", "mixed")
Entry = Figure | Position | Event


@dataclass(frozen=True)
class Attribution:
    """Whether the words of a quote were really said, and where that rests."""

    kind: str  # "record", "reported" or "unconfirmed"
    text: str  # what the page shows, e.g. "as reported by Associated Press"
    sources: tuple[str, ...]  # the ids of the sources it rests on


def standing(source: Source, article: str) -> str:
    """How far a source can confirm that words were said: record, reported or unconfirmed."""
    if source.id == article or source.reliability in WEAK:
        return "unconfirmed"
    if source.kind in RECORD_KINDS or source.reliability == "primary":
        return "record"
    return "reported"


def quote_sources(entry: Position, quote: Quote) -> list[str]:
    """The sources where a quote's words were found: its own, and any appearance of the
    same entry whose words contain it."""
    words = normalize(quote.text).casefold()
    found = [quote.source]
    for item in entry.appearances:
        if words in normalize(item.as_stated).casefold():
            found.append(item.source)
    return list(dict.fromkeys(found))


def attribution(sources: dict[str, Source], article: str, entry: Position,
                quote: Quote) -> Attribution:
    found = [sources[s] for s in quote_sources(entry, quote)]
    for kind in ("record", "reported"):
        best = [s for s in found if standing(s, article) == kind]
        if best:
            if kind == "record":
                return Attribution(kind, "in the record", tuple(s.id for s in best))
            publishers = ", ".join(dict.fromkeys(s.publisher for s in best))
            return Attribution(kind, f"as reported by {publishers}", tuple(s.id for s in best))
    return Attribution("unconfirmed", "attribution unconfirmed", tuple(s.id for s in found))


def claim_words(entry: Entry) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Each text that states the claim: (path in its file, words, source id)."""
    if isinstance(entry, Figure):
        yield ("as_stated",), entry.as_stated, entry.source
    if isinstance(entry, Position):
        for number, quote in enumerate(entry.quotes):
            yield ("quotes", number, "text"), quote.text, quote.source
    for number, item in enumerate(entry.appearances):
        yield ("appearances", number, "as_stated"), item.as_stated, item.source


def in_article(project: Project, entry: Entry) -> bool:
    """Whether the article makes this claim: one of its texts is found in the article's copy."""
    seed = project.seeds.get(project.article.id)
    if seed is None:
        return False
    return any(occurs(words, seed) for _path, words, _source in claim_words(entry))


def appearances(project: Project, entry: Entry) -> list[tuple[str, Appearance]]:
    """Where else the claim appeared, as (date, appearance), earliest first; undated last."""
    dated = [(item.date or project.sources[item.source].date or "", item) for item in entry.appearances]
    return sorted(dated, key=lambda pair: (pair[0] == "", pair[0]))


def same_claim_problems(data: Data, entries: list[tuple[str, int, Entry]]) -> list[Problem]:
    """Two entries with checks of their own whose words are the same: one claim, two verdicts."""
    problems = []
    seen: dict[str, list[tuple[str, int, Entry]]] = {}
    for name, number, entry in entries:
        if entry.check is None or entry.check.same_as is not None:
            continue
        for path, words, _source in claim_words(entry):
            key = normalize(words).casefold()
            earlier = seen.setdefault(key, [])
            # One sentence may state two numbers: two figures are one claim only when they
            # also state the same number.
            other = next((e for e in earlier if e[2].id != entry.id and not (
                isinstance(e[2], Figure) and isinstance(entry, Figure)
                and e[2].value != entry.value)), None)
            if other is not None:
                other_name, other_number, other_entry = other
                line = data.files[other_name].position((other_number, "id")).line
                problems.append(data.files[name].problem(
                    (number, *path), dotted_path(name, (number, *path)),
                    f"these words are already checked by '{other_entry.id}' (data/{other_name}.yaml"
                    f" line {line}); one claim gets one verdict: replace this check with"
                    f" 'check: {{same_as: {other_entry.id}}}'"))
            earlier.append((name, number, entry))
    return problems


def source_warnings(data: Data, claims: list[Claim]) -> list[Problem]:
    """Sources a reader cannot open from the page: primary or high ones without a link, and
    any source a check rests on without one."""
    checked = {s for claim in claims for s in claim.check.sources}
    warnings = []
    for number, source in enumerate(data.sources):
        if source.url or source.archive_url:
            continue
        if source.reliability in ("primary", "high"):
            reason = f"a '{source.reliability}' source"
        elif source.id in checked:
            reason = "a source that a check rests on"
        else:
            continue
        warnings.append(data.files["sources"].problem(
            (number, "id"), dotted_path("sources", (number,)),
            f"warning: '{source.id}' is {reason} but has neither 'url' nor 'archive_url';"
            " add a link so that readers can open it"))
    return warnings
