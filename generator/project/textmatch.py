"""Finding quoted words in a source text, the way SPEC section 2 says to compare them.

Differences of white space (line breaks included), of straight and curly quotes and
apostrophes, and of the kind of dash are ignored; nothing else is.
"""

from __future__ import annotations

import difflib
import re

_SINGLE = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u02bc"), "'")
_DOUBLE = dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"), '"')
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_TABLE = {**_SINGLE, **_DOUBLE, **_DASHES}
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_TABLE)).strip()


def contains(haystack: str, needle: str) -> bool:
    return normalize(needle) in normalize(haystack)


def closest_passage(haystack: str, needle: str) -> str:
    """The run of words in `haystack` most like `needle`, to show beside a failed match."""
    words = normalize(haystack).split(" ")
    size = max(1, len(normalize(needle).split(" ")))
    target = normalize(needle).lower()
    best, best_score = "", -1.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    for start in range(0, max(1, len(words) - size + 1)):
        window = " ".join(words[start : start + size])
        matcher.set_seq1(window.lower())
        if matcher.real_quick_ratio() <= best_score or matcher.quick_ratio() <= best_score:
            continue
        score = matcher.ratio()
        if score > best_score:
            best, best_score = window, score
    return best


def first_difference(normalized_source: str, needle: str) -> str | None:
    """Where a quote that is not in its source parts from it, as a phrase for the error
    message: the longest start of the quote that the source holds, then the word where they
    differ in each ('at character 27: "70%" where the source has "70 percent"'). None when
    not even the quote's first word is in the source."""
    quoted = normalize(needle)
    low, high = 0, len(quoted)  # the source holds quoted[:low], not quoted[:high + 1]
    while low < high:
        middle = (low + high + 1) // 2
        if quoted[:middle] in normalized_source:
            low = middle
        else:
            high = middle - 1
    start = quoted.rfind(" ", 0, low) + 1
    if start == 0 or low >= len(quoted):
        return None
    at = normalized_source.find(quoted[:low])
    if at + low >= len(normalized_source):
        return f'at character {low + 1}: the source ends where the quote goes on: "{quoted[low:].strip()}"'

    def word(text: str, offset: int) -> str:
        end = text.find(" ", offset + low + 1)
        return text[offset + start:] if end == -1 else text[offset + start:end]

    return f'at character {low + 1}: "{word(quoted, 0)}" where the source has "{word(normalized_source, at)}"'
