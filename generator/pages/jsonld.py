"""Structured data: a schema.org `ClaimReview` for every checked claim, as JSON-LD.

The review says what the page shows: `claimReviewed` is the claim's visible text and
`reviewRating.alternateName` the visible status label. Templates place the block beside
the claim; the visible claim and its badge carry the same `data-claim` key
(`KIND-ID`, e.g. `figure-daily-crossings`), so the two can be compared.

Data is text: the JSON is made by `json.dumps`, then `<`, `>` and `&` become `\\u003c`,
`\\u003e` and `\\u0026`, so nothing in it can close the script element or start markup.
"""

from __future__ import annotations

import functools
import json
import re
from html.parser import HTMLParser
from typing import Any

import markdown as markdown_lib

from ..project import Claim, Figure, Official, Position, Project, Source
from .render import Md, human_date, markdown

_WS = re.compile(r"\s+")
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def plain(value: str) -> str:
    """Plain text on one line, as a data value shows on the page."""
    return _WS.sub(" ", value).strip()


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


_MARKDOWN = markdown_lib.Markdown()  # reset before each use; building one is slow


@functools.lru_cache(maxsize=4096)
def markdown_text(value: str) -> str:
    """The text a reader sees for a Markdown field: its HTML with the tags taken out."""
    parser = _Text()
    parser.feed(_MARKDOWN.reset().convert(markdown(value)))
    parser.close()
    return plain("".join(parser.parts))


def claim_key(kind: str, entry_id: str) -> str:
    return f"{kind}-{entry_id}"


def claim_text(claim: Claim) -> str:
    """The words of the claim as the page shows them."""
    entry = claim.entry
    if isinstance(entry, Figure):
        return plain(entry.as_stated)
    if isinstance(entry, Position):
        return markdown_text(entry.summary)
    return f"{human_date(entry.date)}: {plain(entry.title)}"


def _source(source: Source) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": plain(source.title),
                            "publisher": {"@type": "Organization", "name": plain(source.publisher)}}
    if source.url:
        work["url"] = source.url
    if source.date:
        work["datePublished"] = source.date
    return work


def _actor(official: Official) -> dict[str, Any]:
    return {"@type": "Person" if official.kind == "person" else "Organization",
            "name": plain(official.name)}


def claim_review(project: Project, claim: Claim, label: str) -> dict[str, Any]:
    """The ClaimReview of one claim; `label` is the visible status label."""
    entry = claim.entry
    item: dict[str, Any] = {"@type": "Claim"}
    if isinstance(entry, Figure):
        item["appearance"] = _source(project.sources[entry.source])
    elif isinstance(entry, Position):
        item["author"] = _actor(project.officials[entry.actor])
        quoted = list(dict.fromkeys(q.source for q in entry.quotes))
        if quoted:
            item["appearance"] = [_source(project.sources[s]) for s in quoted]
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "inLanguage": project.language,
        "claimReviewed": claim_text(claim),
        "itemReviewed": item,
        "reviewRating": {"@type": "Rating", "alternateName": label,
                         "ratingExplanation": plain(claim.check.summary or "")},
    }
    updated = project.data.explainer.updated
    if updated:
        review["datePublished"] = updated
    return review


def script(data: dict[str, Any], key: str) -> Md:
    """A JSON-LD script element that no data can break out of."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_JSON_ESCAPES)
    # U+2028 and U+2029 end a line in older JavaScript parsers; keep them escaped too.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Md(f'<script type="application/ld+json" data-claim="{key}">{text}</script>')
