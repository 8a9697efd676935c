"""Scores `explainer extract` against the labelled articles in tests/extract/articles/.

Numbers are matched by value (within 1%, each expected number at most once); quotes by
their text, with white space, quote marks and closing punctuation ignored; a speaker is
right when the drafted speaker's name and the label share their last word (accents aside),
or when both say the speaker is unknown.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.extract import ArticleInfo, make_draft
from generator.project import normalize

ARTICLES = Path(__file__).parent / "articles"
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Score:
    numbers_expected: int = 0
    numbers_found: int = 0
    numbers_right: int = 0
    quotes_expected: int = 0
    quotes_right: int = 0
    speakers_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("numbers_expected", "numbers_found", "numbers_right", "quotes_expected",
                     "quotes_right", "speakers_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    @property
    def number_recall(self) -> float:
        return self.numbers_right / self.numbers_expected

    @property
    def number_precision(self) -> float:
        return self.numbers_right / self.numbers_found if self.numbers_found else 1.0

    @property
    def quote_recall(self) -> float:
        return self.quotes_right / self.quotes_expected

    @property
    def attribution(self) -> float:
        return self.speakers_right / self.quotes_expected


def labelled() -> list[tuple[str, str, dict[str, Any]]]:
    """(name, article text, labels) of every labelled article."""
    found = []
    for labels_path in sorted(ARTICLES.glob("*.yaml")):
        labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
        text_path = REPO / labels["file"] if "file" in labels else labels_path.with_suffix(".txt")
        found.append((labels_path.stem, text_path.read_text(encoding="utf-8"), labels))
    return found


def _quote_key(text: str) -> str:
    return normalize(text).rstrip(" ,.;:").lower()


def _surname(name: str | None) -> str:
    if not name:
        return ""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return plain.split()[-1]


def score_article(name: str, text: str, labels: dict[str, Any]) -> Score:
    date = labels.get("date")
    draft = make_draft(text, ArticleInfo("seeds/article.txt", date=str(date) if date else None))
    score = Score()
    expected = [float(n["value"]) for n in labels.get("numbers", [])]
    score.numbers_expected = len(expected)
    score.numbers_found = len(draft.numbers)
    left = list(expected)
    for number in draft.numbers:
        match = next((v for v in left if abs(v - float(number.value)) <= abs(v) * 0.01), None)
        if match is None:
            score.misses.append(f"{name}: number drafted but not labelled: {number.stated}")
        else:
            left.remove(match)
            score.numbers_right += 1
    score.misses += [f"{name}: number missed: {v:g}" for v in left]
    drafted = {_quote_key(q.text): q for q in draft.quotes}
    for quote in labels.get("quotes", []):
        score.quotes_expected += 1
        found = drafted.get(_quote_key(quote["text"]))
        if found is None:
            score.misses.append(f"{name}: quote missed: {quote['text'][:60]}")
            continue
        score.quotes_right += 1
        speaker = found.speaker.name if found.speaker else None
        if _surname(speaker) == _surname(quote.get("speaker")):
            score.speakers_right += 1
        else:
            score.misses.append(f"{name}: speaker of “{quote['text'][:40]}”: drafted {speaker},"
                                f" labelled {quote.get('speaker')}")
    return score


def score_all() -> tuple[Score, dict[str, Score]]:
    total = Score()
    each = {}
    for name, text, labels in labelled():
        each[name] = score_article(name, text, labels)
        total.add(each[name])
    return total, each
