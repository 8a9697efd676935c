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
