"""Dated happenings ("on Oct. 5", "on Tuesday", "in August") and the sources the article
credits ("according to figures released by …", "Sources include: …").

Dates are read by `dateparser`, offline, against the article's own date when one is given:
a day and month take the year that puts them nearest to it, a weekday the last such day on
or before it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import dateparser

from .numbers import MONTHS
from .people import TITLE_WORDS, name_runs
from .text import Article, Sentence

_WEEKDAYS = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|lunes|martes|miércoles"
             r"|jueves|viernes|sábado|domingo)")
_DATE = re.compile(
    rf"\b(?:(?P<on>[Oo]n|[Ee]l|[Dd]uring an?|[Bb]y|[Ee]arly in|[Ll]ate in|[Ii]n|[Ee]n)\s+)?"
    rf"(?:(?P<md>{MONTHS}\s+\d{{1,2}}(?:,\s+\d{{4}})?|\d{{1,2}}\s+(?:de\s+)?{MONTHS}(?:,?\s+(?:de\s+)?\d{{4}})?)"
    rf"|(?P<wd>{_WEEKDAYS})|(?P<m>{MONTHS}(?:\s+(?:of\s+)?\d{{4}})?))\b")
_PARSE = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
_ORG_WORDS = re.compile(
    r"\b(?:Institute|Department|Ministry|Agency|Bureau|Office|Commission|Patrol|Service|Council|"
    r"Bank|Fund|University|Times|Post|News|Press|Reuters|Agence|Associated|Journal|Center|Centre|"
    r"Organization|Organisation|Administration|Secretariat|Census|Statistics|Board|Foundation|"
    r"Protection|Committee|Court|Police|Senado|Secretaría|Instituto|Gobierno)\b")
_CREDIT = re.compile(
    r"(?i:according to (?:\w+\s+){0,4}?(?:released|published|compiled|provided|issued) by|according to"
    r"|figures from|data from|statistics from|a report by|reported by|según(?: datos de| cifras de)?)"
    r"\s+(?:the\s+|la\s+|el\s+)?(?P<org>(?:[A-Z][\w.&'’-]*)(?:\s+(?:of|on|for|and|de|del|la|y)\s+[A-Z][\w.&'’-]*"
    r"|\s+[A-Z][\w.&'’-]*)*)")
_REPORTS = re.compile(r"(?:[Tt]he\s+)?(?P<org>(?:[A-Z][\w.&'’-]*)(?:\s+(?:of|on|for|and)\s+[A-Z][\w.&'’-]*"
                      r"|\s+[A-Z][\w.&'’-]*)+)\s+(?:reports|reported|estimates|estimated|found|data show)")
_AGENCY = re.compile(r"\((?P<org>AP|AFP|Reuters|EFE|Bloomberg|dpa|ANSA|Xinhua)\)|\b(?:told|to)\s+"
                     r"(?P<org2>Reuters|The Associated Press|the Associated Press|AFP|EFE|Bloomberg)\b")


@dataclass(frozen=True)
class DatedEvent:
    date: str
    phrase: str
    sentence: Sentence


@dataclass(frozen=True)
class Credit:
    name: str
    at: int
    kind: str


def _nearest_year(month: int, day: int, base: dt.date) -> dt.date | None:
    options = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - base).days)) if options else None


def resolve(match: re.Match[str], base: dt.date | None) -> str | None:
    phrase = match.group(0)
    settings = dict(_PARSE)
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    if match.group("wd"):
        if base is None:
            return None
        settings["PREFER_DATES_FROM"] = "past"
        parsed = dateparser.parse(match.group("wd"), languages=["en", "es"], settings=settings)
        return str(parsed.date().isoformat()) if parsed else None
    text = match.group("md") or match.group("m")
    has_year = re.search(r"\d{4}", text) is not None
    if base is None and not has_year:
        return None
    parsed = dateparser.parse(text, languages=["en", "es"], settings=settings)
    if parsed is None:
        return None
    if match.group("md"):
        day = parsed.date()
        if not has_year and base is not None:
            day = _nearest_year(day.month, day.day, base) or day
        return str(day.isoformat())
    if "last year" in phrase:
        return f"{parsed.year - 1:04d}-{parsed.month:02d}"
    if not has_year and base is not None:
        near = _nearest_year(parsed.month, 1, base.replace(day=1))
        return f"{near.year:04d}-{parsed.month:02d}" if near else None
    return f"{parsed.year:04d}-{parsed.month:02d}"


def find_events(article: Article, base: dt.date | None, periods: set[tuple[int, str]]) -> list[DatedEvent]:
    """Dated happenings; a date already used as the period of a figure is not an event."""
    events = []
    for sentence in article.sentences:
        if sentence.furniture:
            continue
        for match in _DATE.finditer(article.raw, sentence.start, sentence.end):
            if match.group("m") and not match.group("on"):
                continue  # "August" alone: most often a period, "figures for August"
            if match.group("wd") and not match.group("on"):
                continue
            words = " ".join(match.group(0).split())
            if any(idx == sentence.start and words in period for idx, period in periods):
                continue
            date = resolve(match, base)
            if date:
                events.append(DatedEvent(date, words, sentence))
    return events


def _org_name(name: str) -> str:
    name = re.sub(r"['’]s$", "", name.strip(" .,"))
    return name


def find_credits(article: Article) -> list[Credit]:
    credits: list[Credit] = []
    raw = article.raw
    for sentence in article.sentences:
        text = raw[sentence.start:sentence.end]
        if sentence.furniture:
            continue
        for pattern in (_CREDIT, _REPORTS, _AGENCY):
            for match in pattern.finditer(text):
                org = match.groupdict().get("org") or match.groupdict().get("org2") or ""
                org = _org_name(" ".join(org.split()))
                if pattern is not _AGENCY and not _ORG_WORDS.search(org):
                    continue  # a person ("according to Ruiz") or a place
                if org:
                    credits.append(Credit(org, sentence.start + match.start(), _kind(org)))
    tail = raw[article.tail:]
    listed = re.search(r"(?:Sources include|Sources|Fuentes)\s*:\s*(?P<list>.+)", tail, re.S | re.I)
    if listed:
        for line in re.split(r"[\n,;]", listed.group("list")):
            name = line.strip(" .•*-\t")
            if name and len(name) < 80 and not name.lower().startswith(("more", "related")):
                credits.append(Credit(name, article.tail + listed.start("list"), _kind(name)))
    seen: set[str] = set()
    unique = []
    for credit in credits:
        if credit.name.lower() not in seen and credit.name.lower() not in TITLE_WORDS:
            seen.add(credit.name.lower())
            unique.append(credit)
    return unique


def _kind(name: str) -> str:
    low = name.lower()
    if low.endswith(".gov") or ".gov." in low or re.search(
            r"department|ministry|agency|bureau|patrol|administration|secretar|census|gobierno|"
            r"national institute|protection|office", low):
        return "government"
    if re.search(r"university|institute|research|centre|center", low):
        return "research"
    return "news-article"


def names_in(sentence: Sentence, raw: str) -> list[str]:
    return [run for _a, _b, run in name_runs(raw, sentence.start, sentence.end)]


__all__ = ["Credit", "DatedEvent", "find_credits", "find_events", "names_in", "resolve"]
