"""The article as text: its sentences, paragraphs, and the page furniture around the story.

Offsets always point into the article exactly as given, so that every drafted `as_stated`
and quote is a slice of the seed file and verifies as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr st sen rep gov gen lt col"
    " sgt capt prof jr sr no vs etc inc corp co ltd ave adm dept est approx fig sra sr dra"
    .split())
# A line that ends on one of these words runs on into the next line.
_RUN_ON_WORDS = frozenset(
    "a an the at to of in on for that and or but with by from as is are was were be been have"
    " has had learn said says which who whom whose than into onto about via per its their his"
    " her our your this these those el la los las de del en y que por con".split())
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(]?[A-ZÁÉÍÓÚÑ0-9¿¡])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_SPACE = re.compile(r"\s+")
_RELATED = re.compile(r"\((?:Related|Read more|See also|Also read)\b[^)]*\)", re.IGNORECASE)
# Sentences that start this way are about the page, not the story.
_FURNITURE_START = re.compile(
    r"(?:watch the video|this video is from|go to\b|click here|subscribe|follow us|sign up"
    r"|share this|read more|related:|copyright|©|photo:|image:)", re.IGNORECASE)
_TAIL_START = re.compile(r"(?:more related stories|related stories|related articles|sources include"
                         r"|sources:|you may also like|more from)\b", re.IGNORECASE)


def squeeze(text: str) -> str:
    """Runs of white space (line breaks included) as single spaces, ends trimmed."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # white space squeezed; a slice of the article up to white space
    paragraph: int
    furniture: bool


@dataclass
class Article:
    raw: str
    sentences: list[Sentence] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    furniture: list[tuple[int, int]] = field(default_factory=list)  # spans to leave out
    tail: int = 0  # where the list of related stories or of sources begins (or len(raw))

    def is_furniture(self, pos: int) -> bool:
        return pos >= self.tail or any(a <= pos < b for a, b in self.furniture)

    def sentence_at(self, pos: int) -> Sentence:
        for sentence in self.sentences:
            if sentence.start <= pos < sentence.end:
                return sentence
        return self.sentences[-1]

    def paragraph_of(self, pos: int) -> int:
        for index, (start, end) in enumerate(self.paragraphs):
            if start <= pos <= end:
                return index
        return len(self.paragraphs) - 1


def _line_runs_on(line: str, following: str) -> bool:
    """Whether a hard-wrapped line continues on the next one (rather than being a heading)."""
    stripped = line.rstrip()
    if not stripped or not following.strip():
        return False
    if stripped[-1] in ".!?\"”’)":
        return False  # a sentence boundary, if any, is found by punctuation
    if stripped[-1] in ",;:—–-(“\"'‘":
        return True
    last = re.findall(r"[\w’']+", stripped.lower())
    first = following.lstrip()[:1]
    return bool(last and last[-1] in _RUN_ON_WORDS) or not (first.isupper() or first in "“\"")


def paragraphs_of(raw: str) -> list[tuple[int, int]]:
    """Paragraphs: lines, joined where a hard-wrapped line runs on into the next."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*", raw) if m.end() > m.start()]
    found: list[tuple[int, int]] = []
    start = None
    for index, (a, b) in enumerate(lines):
        if start is None:
            start = a
        following = raw[lines[index + 1][0]:lines[index + 1][1]] if index + 1 < len(lines) else ""
        gap = raw[b:lines[index + 1][0]] if index + 1 < len(lines) else ""
        if gap.count("\n") > 1 or not _line_runs_on(raw[a:b], following):
            found.append((start, b))
            start = None
    return [(a, b) for a, b in found if raw[a:b].strip()]


def _split(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    chunk = raw[start:end]
    for match in _BOUNDARY.finditer(chunk):
        before = _WORD_BEFORE.search(chunk[: match.start() + 1])
        if before:
            word = before.group(1)
            if word.lower() in ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", word):
                continue  # "Oct. 5", "Ada B. Lin", "the U.S. Coast Guard"
        stop = start + match.end()
        spans.append((cursor, stop))
        cursor = stop
    spans.append((cursor, end))
    return [(a + len(raw[a:b]) - len(raw[a:b].lstrip()), b) for a, b in spans if raw[a:b].strip()]


def read_article(raw: str) -> Article:
    article = Article(raw=raw, tail=len(raw))
    article.paragraphs = paragraphs_of(raw)
    article.furniture = [(m.start(), m.end()) for m in _RELATED.finditer(raw)]
    for index, (p_start, p_end) in enumerate(article.paragraphs):
        text = raw[p_start:p_end].strip()
        if index > 2 and article.tail == len(raw) and _TAIL_START.match(text):
            article.tail = p_start
        for a, b in _split(raw, p_start, p_end):
            furniture = bool(_FURNITURE_START.match(raw[a:b])) or article.is_furniture(a)
            if furniture and not article.is_furniture(a):
                article.furniture.append((a, b))
            article.sentences.append(Sentence(a, b, squeeze(raw[a:b]), index, furniture))
    return article


__all__ = ["Article", "Sentence", "paragraphs_of", "read_article", "squeeze"]
