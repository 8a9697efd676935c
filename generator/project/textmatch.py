"""Finding quoted words in a source text, the way SPEC section 2 says to compare them.

Differences of white space (line breaks included), of straight and curly quotes and
apostrophes, and of the kind of dash are ignored; nothing else is.
"""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz

_SINGLE = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u02bc"), "'")
_DOUBLE = dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"), '"')
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_TABLE = {**_SINGLE, **_DOUBLE, **_DASHES}
_SPACE = re.compile(r"\s+")


# Both below are kept for a long-lived process (the live preview), which checks the same
# quotes against the same sources after each edit: worked out again only for new texts.
# Each depends on nothing but the texts it is given. As the normalized copy of a source is
# then the same string from one run to the next, a look-up in `occurs` finds its key by
# identity, without comparing the whole source.
@functools.lru_cache(maxsize=1 << 16)
def normalize(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_TABLE)).strip()


@functools.lru_cache(maxsize=1 << 16)
def occurs(needle: str, haystack: str) -> bool:
    """Whether `needle` is found in `haystack`, a text already normalized."""
    return normalize(needle) in haystack


def contains(haystack: str, needle: str) -> bool:
    return normalize(needle) in normalize(haystack)


# The most work one hint may take, in characters of the quote times characters of the seed:
# about a tenth of a second. A longer quote is matched by its beginning.
_BUDGET = 2 * 10**9
_NEAR = 3  # word starts tried either side of where the alignment puts the quote


def closest_passage(haystack: str, needle: str) -> str:
    """The run of words in `haystack` most like `needle`, to show beside a failed match.

    RapidFuzz finds the best partial alignment in time proportional to the length of the
    seed (bit-parallel, 64 characters of the quote at a time); the words from where that
    alignment starts, as many as the quote has, are the passage.
    """
    text = normalize(haystack)
    target = normalize(needle)
    if not text or not target:
        return ""
    size = len(target.split(" "))
    probe = target[: max(64, _BUDGET // len(text))]
    found = fuzz.partial_ratio_alignment(probe.lower(), text.lower())
    # Where the quote would begin if its unmatched opening words were there too; the word
    # starts around it are tried, and the run of words most like the quote is the passage.
    anchor = 0 if found is None else max(0, found.dest_start - found.src_start)
    starts = [text.rfind(" ", 0, anchor + 1) + 1]
    for _ in range(_NEAR):
        starts.insert(0, text.rfind(" ", 0, max(0, starts[0] - 1)) + 1)
        after = text.find(" ", starts[-1])
        if after != -1:
            starts.append(after + 1)
    lowered = probe.lower()
    reach = 2 * len(target) + 64  # enough text for `size` words like the quote's
    windows = [" ".join(text[start:start + reach].split(" ", size)[:size])
               for start in dict.fromkeys(starts)]
    if len(probe) < len(target):  # a long quote: its beginning against the windows' beginnings
        windows_seen = [window[: len(probe)] for window in windows]
    else:
        windows_seen = windows
    scores = [fuzz.ratio(seen.lower(), lowered) for seen in windows_seen]
    return windows[scores.index(max(scores))]


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
