"""From an article's text to the entries of a draft data/: every entry has `draft: true`.

Drafted figures carry a check with status `unverified` and a summary saying that nobody
has checked them yet, so that the draft is a valid project as it is; positions and events
carry no check. The reviewer checks each entry and removes its `draft` flag.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .events import find_credits, find_events
from .numbers import Number, find_numbers
from .people import ORGANIZATION, People, Person, guess_country, name_runs, person_part, split_run
from .quotes import VERBS, Quote, find_quotes
from .text import Article, read_article, squeeze

DRAFT_CHECK = "Draft: not yet checked against the record."
TOPIC = "Not yet sorted"
UNNAMED = "Speaker not identified"

Entry = dict[str, Any]


@dataclass(frozen=True)
class ArticleInfo:
    """What the command line knows of the article; anything missing is drafted."""

    seed: str  # its path inside the project, e.g. seeds/article.txt
    title: str | None = None
    publisher: str | None = None
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    url: str | None = None


@dataclass
class Draft:
    article: Article
    numbers: list[Number]
    quotes: list[Quote]
    people: People
    data: dict[str, Any]


def slug(text: str, limit: int = 6) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)[:limit]
    return "-".join(words) or "entry"


class Ids:
    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken = set(taken or ())

    def new(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.taken:
            candidate, n = f"{base}-{n}", n + 1
        self.taken.add(candidate)
        return candidate


def base_date(value: str | None) -> dt.date | None:
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    return None


def _find_people(article: Article, people: People) -> None:
    """People named with a title ("Attorney General Merrick Garland") are actors."""
    raw = article.raw
    for sentence in article.sentences:
        if sentence.furniture:
            continue
        for start, end, run in name_runs(raw, sentence.start, sentence.end):
            run = person_part(run)
            speaks = _SPEAKS.match(raw, end, sentence.end) is not None and len(run.split()) > 1
            if ORGANIZATION.search(run) or not (_has_title(run) or people.find(run) or speaks):
                continue
            joined = _JOINED_ROLE.search(raw, sentence.start, start)
            if joined and _has_title(run):
                run = " ".join(f"{joined.group(1)} and {run}".split())
            people.add(run, start, raw[end:sentence.end])


_SPEAKS = re.compile(rf",?(?:\s+\d+,)?\s+(?:has\s+|had\s+|also\s+)?(?:{VERBS})\b")
_JOINED_ROLE = re.compile(r"((?:[A-Z][\w.'’-]*\s+(?:(?:of|for|on)\s+)?)+)and\s+\Z")


def _has_title(run: str) -> bool:
    role, name = split_run(run)
    return bool(role and name and len(name.split()) >= 2)


def _fallback_country(article: Article) -> str:
    counts: Counter[str] = Counter()
    for sentence in article.sentences:
        if not sentence.furniture:
            for word in re.findall(r"[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?", sentence.text):
                code, _ = guess_country(word)
                if code:
                    counts[code] += 1
    return counts.most_common(1)[0][0] if counts else "US"


def _official(person: Person | None, oid: str, source: str, fallback: str) -> Entry:
    if person is None:
        return {"id": oid, "name": UNNAMED, "role": "Not named in the article", "country": fallback,
                "note": "Draft: the article quotes these words without saying who spoke them.",
                "sources": [source], "draft": True}
    entry: Entry = {"id": oid, "name": person.name,
                    "role": person.role or "Role not given in the article",
                    "country": person.country or fallback}
    if person.institution:
        entry["kind"] = "institution"
    if person.country:
        entry["note"] = f"Draft: the country is a guess, from the words “{person.country_from}”."
    else:
        entry["note"] = ("Draft: the country is a guess: the article does not give it, so the"
                         " country it names most was used.")
    entry["sources"] = [source]
    entry["draft"] = True
    return entry


def make_draft(raw: str, info: ArticleInfo, *, source_id: str = "article",
               taken: dict[str, set[str]] | None = None) -> Draft:
    """Every entry drafted from `raw`; `taken` holds ids already used, by file."""
    taken = taken or {}
    article = read_article(raw)
    people = People()
    _find_people(article, people)
    quotes = find_quotes(article, people)
    numbers = find_numbers(article)
    credits = find_credits(article)
    fallback = _fallback_country(article)
    ids = {name: Ids(taken.get(name)) for name in ("sources", "officials", "positions", "figures", "events")}

    first_line = squeeze(raw.strip().splitlines()[0]) if raw.strip() else "Article"
    title = info.title or (first_line[:150].rsplit(" ", 1)[0] if len(first_line) > 150 else first_line)
    article_entry: Entry = {"id": source_id, "title": title,
                            "publisher": info.publisher or "Publisher not given", "kind": "news-article"}
    if info.date:
        article_entry["date"] = info.date
    if info.url:
        article_entry["url"] = info.url
    article_entry["file"] = info.seed
    if not (info.title and info.publisher):
        article_entry["draft"] = True
    ids["sources"].taken.add(source_id)
    sources = [article_entry]
    credit_ids: list[tuple[int, int, str]] = []
    for credit in credits:
        cid = ids["sources"].new(slug(credit.name))
        sources.append({"id": cid, "title": credit.name, "publisher": credit.name, "kind": credit.kind,
                        "draft": True})
        sentence = article.sentence_at(credit.at)
        credit_ids.append((sentence.start, sentence.end, cid))

    official_ids: dict[int, str] = {}
    officials: list[Entry] = []

    def official_id(person: Person | None) -> str:
        key = id(person)
        if key not in official_ids:
            base = slug(person.name) if person else "unidentified-speaker"
            official_ids[key] = ids["officials"].new(base)
            officials.append(_official(person, official_ids[key], source_id, fallback))
        return official_ids[key]

    for person in people.people:
        if person.role and not person.institution:
            official_id(person)
    positions: list[Entry] = []
    for quote in quotes:
        actor = official_id(quote.speaker)
        last = positions[-1] if positions else None
        if last and last["actor"] == actor and last["_paragraph"] >= quote.paragraph - 1:
            positions[-1]["quotes"].append({"text": quote.text, "source": source_id})
            positions[-1]["_paragraph"] = quote.paragraph
            continue
        name = quote.speaker.name if quote.speaker else "an unnamed speaker"
        positions.append({
            "id": ids["positions"].new(f"pos-{slug(name, 3)}"), "actor": actor, "topic": TOPIC,
            "summary": "Draft: the words the article quotes; write the position in neutral words.",
            "quotes": [{"text": quote.text, "source": source_id}], "draft": True,
            "_paragraph": quote.paragraph})
    for position in positions:
        del position["_paragraph"]

    figures: list[Entry] = []
    periods: set[tuple[int, str]] = set()
    for number in numbers:
        label = number.stated if number.unit in number.stated else f"{number.stated} {number.unit}"
        entry: Entry = {"id": ids["figures"].new(f"fig-{slug(label, 5)}"), "label": label,
                        "value": number.value, "unit": number.unit}
        if number.qualifier:
            entry["qualifier"] = number.qualifier
        if number.period:
            entry["period"] = number.period
            periods.add((number.sentence.start, number.period))
        entry["as_stated"] = number.sentence.text
        entry["source"] = source_id
        credited = [cid for a, b, cid in credit_ids if a == number.sentence.start]
        if credited:
            entry["credited_to"] = credited[0]
        entry["check"] = {"status": "unverified", "summary": DRAFT_CHECK}
        entry["draft"] = True
        figures.append(entry)

    events: list[Entry] = []
    seen: set[tuple[str, int]] = set()
    for event in find_events(article, base_date(info.date), periods):
        if (event.date, event.sentence.start) in seen:
            continue
        seen.add((event.date, event.sentence.start))
        text = event.sentence.text
        title = text if len(text) <= 120 else text[:118].rsplit(" ", 1)[0] + " …"
        entry = {"id": ids["events"].new(f"ev-{event.date}-{slug(event.phrase, 3)}"),
                 "date": event.date, "title": title}
        named = {official_ids[id(p)] for p in people.people if id(p) in official_ids and any(
            event.sentence.start <= at < event.sentence.end for at in p.mentions)}
        if named:
            entry["participants"] = sorted(named)
        entry["sources"] = [source_id]
        entry["draft"] = True
        events.append(entry)

    explainer: Entry = {
        "title": title_of(info, first_line),
        "summary": ("Drafted from the article in seeds/ by `explainer extract`. Every entry is"
                    " marked as a draft until someone checks it against the record."),
        "article": source_id,
        "language": "en",
    }
    data = {"explainer": explainer, "sources": sources, "officials": officials,
            "positions": positions, "figures": figures, "events": events}
    return Draft(article, numbers, quotes, people, data)


def title_of(info: ArticleInfo, first_line: str) -> str:
    title = info.title or first_line
    return title if len(title) <= 150 else title[:148].rsplit(" ", 1)[0] + " …"


__all__ = ["DRAFT_CHECK", "ArticleInfo", "Draft", "Ids", "make_draft", "slug"]
