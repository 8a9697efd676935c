"""Direct quotations and who said them.

Quotation marks are paired in order, straight or curly. A quotation left open at the end
of a paragraph and reopened at the start of the next runs on (the news-wire convention for
quotes over several paragraphs); each paragraph's part becomes its own quote, so that each
is found word for word in the seed. Single quotes inside are kept as they are. The speaker
comes from the reporting phrase around the quote ("said X", "X told reporters", "according
to X", "X called it", "dijo X", "según X"), a pronoun from the person last named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .people import ORGANIZATION, People, Person, name_runs, person_part
from .text import ABBREVIATIONS, Article

VERBS = (
    r"said|says|say|added|adds|told|tells|asked|asks|warned|warns|stated|states|explained"
    r"|noted|notes|argued|argues|insisted|insists|wrote|writes|declared|replied|continued"
    r"|announced|acknowledged|admitted|claimed|claims|commented|comments|recalled|urged"
    r"|tweeted|posted|called|calls|described|describes|cautioned|stressed|emphasized|vowed"
    r"|promised|predicted|complained|conceded|pointed out|dijo|afirmó|señaló|explicó|aseguró"
    r"|declaró|agregó|añadió|indicó|sostuvo|advirtió|expresó|manifestó|subrayó|destacó")
_OPEN = "“"
_CLOSE = "”"
_PRONOUNS = re.compile(r"^(?:he|she|they|él|ella)$", re.IGNORECASE)
_SUBJECT = (r"(?P<who>(?:[A-ZÁÉÍÓÚÑ][\w.'’-]*)(?:(?:\s+(?:of|for|de|del|la)\s+|\s+)[A-ZÁÉÍÓÚÑ][\w.'’-]*)*"
            r"|[Hh]e|[Ss]he|[Tt]hey)")
_AFTER = [  # right after the closing mark
    re.compile(rf"^[\s,.!?—–-]*(?:{VERBS})\s+(?:the\s+|a\s+|an\s+)?{_SUBJECT}"),
    re.compile(rf"^[\s,.!?—–-]*(?:(?:the|a|an|el|la)\s+)?(?:[a-zñáéíóú][\w'’-]*\s+){{0,3}}?{_SUBJECT}"
               rf"(?:\s+(?:later|also|then|again))?\s+(?:{VERBS})\b"),
    re.compile(rf"^[\s,.!?—–-]*(?:according to|según)\s+{_SUBJECT}", re.IGNORECASE),
]
# "said council President Janelle Okafor", "dijo la subsecretaria de Prevención, Lucía Montemayor"
_AFTER_VERB = re.compile(rf"^[\s,.!?—–-]*(?:{VERBS})\s+(?P<rest>[^!?\"“”\n]{{0,90}})")
# "the ministry said": an office named in lower case
_OFFICE = re.compile(
    rf"^[\s,.!?—–-]*(?:(?:{VERBS})\s+)?(?:the|la|el)\s+(?P<office>(?:[a-z]+\s+){{0,2}}?(?:ministry|police"
    rf"|agency|department|government|court|council|company|army|military|office|committee|commission"
    rf"|embassy|campaign|ministerio|gobierno|policía|secretaría))(?:\s+(?:{VERBS}))?\b")
_BEFORE = re.compile(
    rf"{_SUBJECT},?(?:\s+\d+,)?(?:\s+(?:has|had|have|was|is|also|later|then|often|once|again|repeatedly"
    rf"|previously|recently|\w+ly))*\s+(?:{VERBS})\b")
_ACCORDING = re.compile(rf"(?:[Aa]ccording to|[Ss]egún)\s+{_SUBJECT}")


@dataclass
class Quote:
    start: int  # of the text, inside the marks
    end: int
    text: str
    paragraph: int
    speaker: Person | None = None
    continued: bool = False  # a later paragraph of a quotation that runs on


def _spans(article: Article) -> list[tuple[int, int, bool]]:
    """(start, end, continued) of each quoted text, inside its marks."""
    raw = article.raw
    spans: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    continued = False
    for match in re.finditer(r"[\"“”]", raw):
        pos, mark = match.start(), match.group(0)
        if article.is_furniture(pos) and open_at is None:
            continue
        if open_at is None:
            if mark != _CLOSE:
                open_at, continued = pos + 1, False
            continue
        new_paragraph = article.paragraph_of(pos) != article.paragraph_of(open_at)
        reopens = mark == _OPEN or (mark == '"' and new_paragraph and (
            pos == 0 or raw[pos - 1] in "\n \t") and pos + 1 < len(raw) and not raw[pos + 1].isspace())
        if new_paragraph and reopens:
            # The quotation runs on: its first part ends with its paragraph.
            end = article.paragraphs[article.paragraph_of(open_at)][1]
            spans.append((open_at, end, continued))
            open_at, continued = pos + 1, True
        elif mark == _OPEN:
            open_at = pos + 1  # an unclosed curly quote: start again
        else:
            spans.append((open_at, pos, continued))
            open_at = None
    return spans


def _trim(raw: str, start: int, end: int) -> tuple[int, int]:
    while end > start and (raw[end - 1].isspace() or raw[end - 1] in ",.;:"):
        end -= 1
    while start < end and raw[start].isspace():
        start += 1
    return start, end


def _who(people: People, who: str, at: int, after: str = "") -> Person | None:
    if _PRONOUNS.match(who):
        return people.last_before(at)
    runs = name_runs(who)
    if not runs:
        return None
    run = person_part(runs[-1][2])
    if ORGANIZATION.search(run):
        return people.add_institution(run, at)
    return people.find(run) or people.add(run, at, after) or people.add_institution(run, at)


def attribute(article: Article, quotes: list[Quote], people: People) -> None:
    raw = article.raw
    for index, quote in enumerate(quotes):
        p_start, p_end = article.paragraphs[quote.paragraph]
        nxt = quotes[index + 1].start - 1 if index + 1 < len(quotes) and \
            quotes[index + 1].paragraph == quote.paragraph else p_end
        prev = quotes[index - 1].end + 1 if index and quotes[index - 1].paragraph == quote.paragraph \
            else p_start
        close = quote.end
        while close < len(raw) and raw[close] not in "\"”\n":
            close += 1
        after = raw[close + 1:nxt] if close < nxt else ""
        before = raw[prev:max(prev, quote.start - 1)]
        clauses = re.split(r"(?<=[.!?])\s+(?=[A-Z])", before)
        last = clauses[-1] if clauses else ""
        offset = quote.start - 1 - len(last)
        speaker = None
        for pattern in _AFTER:
            found = pattern.match(after)
            if found:
                speaker = _who(people, found.group("who"), close, after[found.end():])
                if speaker:
                    break
        if speaker is None:
            speaker = _after_verb(people, after, close)
        if speaker is None:
            office = _OFFICE.match(after)
            if office:
                speaker = people.add_institution(office.group("office"), close)
        if speaker is None:
            candidates = [m for m in _BEFORE.finditer(last)] + [m for m in _ACCORDING.finditer(last)]
            candidates.sort(key=lambda m: m.start())
            for found in reversed(candidates):
                speaker = _who(people, found.group("who"), offset + found.start())
                if speaker:
                    break
        if speaker is None and last and re.search(rf"\b(?:{VERBS})\b", last):
            named = [run for _a, _b, run in name_runs(last) if len(run.split()) > 1 or people.find(run)]
            if named:
                speaker = _who(people, named[0], offset)
        if speaker is None and index:
            earlier = quotes[index - 1]
            if quote.continued or earlier.paragraph == quote.paragraph or \
                    earlier.paragraph == quote.paragraph - 1 and not name_runs(raw, prev, quote.start):
                speaker = earlier.speaker
        quote.speaker = speaker
        if speaker is not None:
            speaker.mentions.append(quote.start)
    # A quotation over several paragraphs has one speaker, however its parts were attributed.
    for index in range(len(quotes) - 1, 0, -1):
        if quotes[index].continued and quotes[index].speaker is not None:
            quotes[index - 1].speaker = quotes[index].speaker


def _after_verb(people: People, after: str, at: int) -> Person | None:
    found = _AFTER_VERB.match(after)
    if not found:
        return None
    rest = found.group("rest")
    for stop in re.finditer(r"(\w+)\.\s", rest):
        if stop.group(1).lower() not in ABBREVIATIONS:
            rest = rest[:stop.start(1) + len(stop.group(1))]
            break
    for start, _end, run in name_runs(rest):
        if len(run.split()) > 1 or people.find(run) or start == 0:
            return _who(people, run, at, rest[_end:])
    return None


def find_quotes(article: Article, people: People) -> list[Quote]:
    raw = article.raw
    quotes = []
    for start, end, continued in _spans(article):
        start, end = _trim(raw, start, end)
        text = " ".join(raw[start:end].split())
        if len(text) < 2 or not re.search(r"\w", text):
            continue
        quotes.append(Quote(start, end, text, article.paragraph_of(start), continued=continued))
    attribute(article, quotes, people)
    return quotes


__all__ = ["VERBS", "Quote", "find_quotes"]
