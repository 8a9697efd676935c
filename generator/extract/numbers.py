"""Every number the article states, in digits or in words, with what it counts.

Written numbers ("a hundred", "three", "forty-two") are read by `number-parser`; digits,
scales ("1.3 million"), money and percentages by the patterns below. Dates, years, times,
ages and the like are page furniture here, not figures: they say when, not how many.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from number_parser import parse_number

from .text import Article, Sentence

_WORD_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    " sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety"
    " hundred thousand million billion trillion dozen"
    " dos tres cuatro cinco seis siete ocho nueve diez veinte treinta cuarenta cincuenta cien"
    " ciento mil millones").split()
_WORD = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_WORD_RUN = re.compile(
    rf"\b(?:(?:a|an|one)\s+)?(?:(?:{_WORD})(?:-(?:{_WORD}))?)(?:(?:\s+and\s+|\s+|-)(?:{_WORD}))*\b",
    re.IGNORECASE)
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
           "mil": 10**3, "millones": 10**6}
_DIGITS = re.compile(
    r"(?P<cur>US\$|\$|€|£)?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<pct>\s?%|\s(?:percent|per cent|por ciento)\b)?"
    r"(?:\s(?P<scale>thousand|million|billion|trillion|millones|mil)\b)?")
_MONTHS = (r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
           r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|enero|febrero|marzo|abril"
           r"|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)(?![A-Za-z])\.?")
MONTHS = _MONTHS
_QUALIFIERS = [
    (r"(?:more than|over|above|upwards of|in excess of|más de)", "more-than"),
    (r"(?:less than|fewer than|under|below|nearly|almost|just under|menos de|casi)", "less-than"),
    (r"(?:at least|no fewer than|no less than|al menos|por lo menos)", "at-least"),
    (r"(?:up to|as many as|as much as|hasta)", "up-to"),
    (r"(?:about|around|roughly|approximately|some|an estimated|estimated|close to|alrededor de"
     r"|cerca de|unos|unas)", "about"),
]
_STOP = frozenset(
    "at in on from of to by for with and or but than that which who as is are was were be been"
    " has have had will would could can may might should did does do it its their his her this"
    " these those the a an into since during after before while if when where because so not"
    " said says say die died dies arrive arrived arrives cross crossed crosses live lived go went"
    " come came make made take took reach reached reaching get got show showed rose fell increased"
    " decreased last each every per throughout across through until while nationwide".split())
_PERIOD = re.compile(
    rf"\b(?:(?:in|during|throughout|through|for|as of|since|from|by|over|en|durante|desde)\s+"
    rf"(?:(?:the\s+)?(?:first|second|third|fourth|last|past|previous|next|coming)\s+"
    rf"(?:\w+\s+)?(?:week|month|year|decade|quarter|half|days|weeks|months|years)(?:\s+of\s+\d{{4}})?"
    rf"|{_MONTHS}(?:\s+(?:of\s+)?(?:\d{{4}}|last year|this year))?|\d{{4}}|(?:fiscal\s+)?year\s+\d{{4}})"
    rf"|(?:last|this|next)\s+(?:year|month|week)|yearly|annually|a year|per year|each year"
    rf"|every day|per day|a day|each day|daily|a week|per week|a month|per month)\b",
    re.IGNORECASE)
_TIMES = re.compile(r"\s+(?:times|veces)\s+(?:more|less|greater|higher|lower|stronger|weaker|más|menos)"
                    r"\s+(?:\w+\s+)?(?:than|que)\s+[\w-]+")


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    stated: str  # the number's own words, as in the article
    value: int | float
    unit: str
    qualifier: str | None
    period: str | None
    sentence: Sentence


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _is_furniture(raw: str, start: int, end: int, digits: str) -> bool:
    before = raw[max(0, start - 40):start]
    after = raw[end:end + 30]
    if re.search(rf"{_MONTHS}\s*\Z", before) or re.match(rf"\s*(?:de\s+)?{_MONTHS}", after):
        return True  # Oct. 5, 5 October, 5 de octubre
    if re.fullmatch(r"(?:1[89]|20)\d\d", digits) and not re.match(r"\s*(?:%|percent)", after):
        return True  # a year
    if re.match(r"(?:st|nd|rd|th)\b|:\d\d|\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|-year-old|-[A-Za-z]", after):
        return True  # an ordinal, a time of day, an age, a compound such as "24-hour"
    if re.search(r"(?:aged?|ages|between the ages of|edades? de)\s+(?:between\s+)?\Z", before, re.I):
        return True  # an age range: "aged between 18 and 49"
    if re.search(r"(?:aged?|ages)\s+(?:between\s+)?\d+\s+(?:and|to|-|–)\s*\Z", before, re.I):
        return True
    if re.search(r"[A-Za-z]-?\Z", before) or re.match(r"\.\w|[A-Za-z]", after):
        return True  # part of a name or word: COVID-19, G20, Opioids.news
    if re.search(r"\b(?:No\.|Number|Section|Article|Title|Route|Chapter|Room|Flight|Table|page)\s*\Z",
                 before, re.IGNORECASE):
        return True
    if re.search(rf"{_MONTHS}\s+\d{{1,2}}\s*(?:to|-|–|through|and)\s*\Z", before):
        return True  # the end of a range of days: "Oct. 10 to 14"
    if re.search(r"\d:\Z", before) or re.match(r"\s+and\s+(?:older|over|up|younger|under)\b", after):
        return True  # "7:30", "65 and older"
    if re.search(r"[A-Z][\w'’-]+,\s*\Z", before) and re.match(r",", after) and len(digits) <= 3:
        return True  # an age after a name: "Tom Alvarado, 71,"
    return False


def _digits(article: Article, sentence: Sentence) -> list[tuple[int, int, int | float, str]]:
    raw = article.raw
    found = []
    for match in _DIGITS.finditer(raw, sentence.start, sentence.end):
        num = match.group("num")
        start = match.start("cur") if match.group("cur") else match.start("num")
        if _is_furniture(raw, start, match.end("num"), num):
            continue
        try:
            value = Decimal(num.replace(",", ""))
        except InvalidOperation:
            continue
        scale = match.group("scale")
        if scale:
            value *= _SCALES[scale.lower()]
        unit = ""
        if match.group("pct"):
            unit = "percent"
        elif match.group("cur"):
            unit = {"$": "dollars", "US$": "U.S. dollars", "€": "euros", "£": "pounds"}[match.group("cur")]
        found.append((start, match.end(), _plain(value), unit))
    return found


_FRACTIONS = re.compile(
    r"\b(?:(?P<count>a|an|one|two|three)\s+)?(?P<part>half|third|thirds|quarter|quarters|fifth|fifths"
    r"|tenth|tenths)\b(?!-)", re.IGNORECASE)
_PARTS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
_SCALE_WORDS = re.compile(r"hundred|thousand|million|billion|trillion|dozen|mil|cien", re.IGNORECASE)


_RATIO = re.compile(rf"\b(?P<a>one|a|\d+)\s+(?:in|out of)\s+(?:every\s+)?(?P<b>{_WORD}|\d+)\b",
                    re.IGNORECASE)
_TWICE = re.compile(r"\b(?:twice|thrice)\b(?!\s+(?:as|more|less|the)\b)", re.IGNORECASE)


def _fractions(raw: str, sentence: Sentence) -> list[tuple[int, int, int | float, str]]:
    """Parts and ratios ("a third", "one in five") and counts of times ("twice")."""
    found: list[tuple[int, int, int | float, str]] = []
    for match in _RATIO.finditer(raw, sentence.start, sentence.end):
        a = 1 if match.group("a").lower() in ("one", "a") else int(match.group("a"))
        word = match.group("b")
        b = int(word) if word.isdigit() else parse_number(word.lower())
        if b and not re.fullmatch(r"(?:1[89]|20)\d\d", match.group("b")):  # "3 in 2023" is no ratio
            found.append((match.start(), match.end(), round(a / b, 4), "(fraction)"))
    for match in _TWICE.finditer(raw, sentence.start, sentence.end):
        found.append((match.start(), match.end(), 2 if match.group(0).lower() == "twice" else 3, "times"))
    for match in _FRACTIONS.finditer(raw, sentence.start, sentence.end):
        count = (match.group("count") or "").lower()
        part = match.group("part").lower().rstrip("s")
        before = raw[max(0, match.start() - 12):match.start()]
        if not count and part != "half" or part == "half" and not count and not re.search(
                r"\b(?:by|than|about|nearly|almost|over|under)\s+\Z", before):
            continue  # "third" alone is an ordinal; "half" only as an amount ("by half")
        number = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}.get(count, 1)
        found.append((match.start(), match.end(), round(number / _PARTS[part], 4), "(fraction)"))
    return found


def _words(article: Article, sentence: Sentence) -> list[tuple[int, int, int | float, str]]:
    raw = article.raw
    found = []
    for match in _WORD_RUN.finditer(raw, sentence.start, sentence.end):
        words, begin = match.group(0), match.start()
        lowered = words.lower()
        article_word = re.match(r"(?:a|an)\s+", lowered)
        if article_word and not _SCALE_WORDS.search(lowered):
            begin += article_word.end()  # "a ocho horas": the number is "ocho"
            words, lowered = words[article_word.end():], lowered[article_word.end():]
        if lowered in ("one", "uno", "una") or re.fullmatch(r"one\s+\w+", lowered) and \
                not _SCALE_WORDS.search(lowered):
            continue  # "one" is most often a pronoun: "one of them"
        after = raw[match.end():match.end() + 12]
        before = raw[max(0, begin - 20):begin]
        if re.match(r"-[a-z]", after) or re.match(r"\s+(?:another|of us|by one)\b", after):
            continue  # "two-way street", "one another"
        if re.search(r"\b(?:chapter|section|article|page|number|no\.|capítulo)\s+\Z", before, re.I):
            continue  # "chapter four"
        if re.search(r"\bat\s+\Z", before) and re.match(
                r"\s*(?:[,.;]|and\b|o'clock|in the (?:morning|afternoon|evening))", after):
            continue  # a time of day: "at five"
        if re.search(r"\b(?:the|our|their|its|his|her|both|los|las)\s+\Z", before, re.I) and \
                not _SCALE_WORDS.search(lowered):
            continue  # "the two countries": a reference, not a count
        if re.search(r"[A-Z][a-z]+\s+\Z", before) and words[0].isupper():
            continue  # part of a name: "the Group of Seven"
        spoken = re.sub(r"^(?:a|an)\s+", "one ", lowered)
        dozen = spoken.endswith("dozen")
        if dozen:
            spoken = spoken.removesuffix("dozen").strip() or "one"
        value = parse_number(spoken)
        if value is None:
            continue
        if dozen:
            value *= 12
        percent = re.match(r"\s+(?:percent|per cent|por ciento)\b", after)
        unit = "percent" if percent else ""
        end = match.end() + (len(percent.group(0)) if percent else 0)
        found.append((begin, end, value, unit))
    return found


def _unit_after(raw: str, end: int, stop: int) -> str:
    times = _TIMES.match(raw, end, stop)
    if times:
        return " ".join(raw[end:times.end()].split())
    words: list[str] = []
    for match in re.finditer(r"\s*([A-Za-zÁÉÍÓÚÑáéíóúñü][\w'’-]*|[,.;:!?\"“”()]|\S+)", raw[end:stop]):
        word = match.group(1)
        low = word.lower()
        if words and low in ("per", "a", "each", "every", "por") and re.match(
                r"\s*(?:day|week|month|year|hour|día|semana|mes|año)\b", raw[end + match.end():stop]):
            nxt = re.match(r"\s*(\w+)", raw[end + match.end():stop])
            words += [word, nxt.group(1)] if nxt else [word]
            break
        if not word[0].isalpha() or low in _STOP or low.endswith("ly") or len(words) == 3:
            break
        words.append(word)
    return " ".join(words)


def _qualifier(raw: str, start: int, sentence: Sentence) -> str | None:
    before = raw[max(sentence.start, start - 30):start]
    for pattern, name in _QUALIFIERS:
        if re.search(rf"\b{pattern}\s+(?:the\s+)?\Z", before, re.IGNORECASE):
            return name
    return None


def _period(sentence: Sentence, at: int, article: Article) -> str | None:
    best: tuple[int, str] | None = None
    for match in _PERIOD.finditer(article.raw, sentence.start, sentence.end):
        distance = match.start() - at if match.start() >= at else 2 * (at - match.start())
        if best is None or distance < best[0]:
            best = (distance, " ".join(match.group(0).split()))
    return best[1] if best else None


def find_numbers(article: Article) -> list[Number]:
    numbers: list[Number] = []
    raw = article.raw
    last_unit = ""
    for sentence in article.sentences:
        if sentence.furniture:
            continue
        # Longest first where spans start together: "one in five" over "five".
        spans = sorted(_digits(article, sentence) + _words(article, sentence) + _fractions(raw, sentence),
                       key=lambda span: (span[0], -span[1]))
        taken = 0
        for start, end, value, unit in spans:
            if numbers and numbers[-1].start <= start < numbers[-1].end or taken > start:
                continue
            taken = end
            if unit == "(fraction)":
                unit = "of " + (_unit_after(raw, end + 4, sentence.end) if raw.startswith(" of ", end)
                                else "the whole")
            elif not unit:
                unit = _unit_after(raw, end, sentence.end)
            elif unit in ("dollars", "U.S. dollars", "euros", "pounds"):
                noun = _unit_after(raw, end, sentence.end)
                unit = f"{unit} ({noun})" if noun else unit
            unit = unit or last_unit or "(unit not stated)"
            if unit not in ("percent", "(unit not stated)") and "times" not in unit:
                last_unit = unit
            numbers.append(Number(start, end, " ".join(raw[start:end].split()), value, unit,
                                  _qualifier(raw, start, sentence), _period(sentence, start, article),
                                  sentence))
    return numbers


__all__ = ["MONTHS", "Number", "find_numbers"]
