"""Search that finds what readers type, whether or not they type accents or separators.

Material's search (lunr, in the browser) matches the words of a page exactly as they are
written: "Jose" does not find "José", and "12000" does not find "12,000". After MkDocs has
written `search/search_index.json`, `improve_search_index` gives every entry of the index two
more fields, `title_plain` and `text_plain`, holding the other spellings of its title's and
text's words: without accents ("Jose", "Muller"), with straight apostrophes, and numbers
without or with thousands separators ("12000", "12,000"). The fields are indexed with the
same weight as the title and text they come from, but never shown: nothing is added to the
pages, so screen readers read nothing twice, and search results look as before.

Hyphenated words ("Smith-Jones") need no extra spelling: the search `separator` in mkdocs.yml
splits words at hyphens, in the pages and in what readers type. Person and figure pages carry
`search: boost` in their front matter (person.md.j2, figure.md.j2), so that a name or a label
finds its own page first. Material scores a section at two fifths of a page with the same
words, and a term's definition is a section of the glossary: the glossary (glossary.md.j2)
is boosted twice as much as a person's page, so that a term finds its
definition among the first results.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

INDEX = "search/search_index.json"
INDEX_SCRIPT = "search/search_index.js"  # the copy that offline sites load from file://
PLAIN_FIELDS = {"title": "title_plain", "text": "text_plain"}
_DEFAULT_BOOSTS = {"title": 1e3, "text": 1.0}

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+(?:['\u2019\u2018]\w+)*")
_GROUPED = re.compile(r"(?<!\w)(?<!\d[.,])\d{1,3}(?:[,.\u00a0\u202f\u2009]\d{3})+"
                      r"(?!\d|[,.\u00a0\u202f\u2009]\d)")
_PLAIN_NUMBER = re.compile(r"(?<!\w)(?<!\d[.,])[1-9]\d{4,}(?!\d|[,.]\d)")
# Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l",
    "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i",
    "\u2019": "'", "\u2018": "'",
})


def fold(word: str) -> str:
    """`word` without accents and with straight apostrophes: "José" -> "Jose"."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def other_spellings(text: str) -> list[str]:
    """The words of `text` that readers may type differently, as they may type them, once each:
    words without their accents, and numbers without or with thousands separators."""
    found: list[str] = []
    # A word in ASCII letters is its own folded spelling (`fold` changes only other
    # characters): only the others need folding, and a text all in ASCII has none.
    if not text.isascii():
        for match in _WORD.finditer(text):
            word = match.group()
            if not word.isascii():
                plain = fold(word)
                if plain != word:
                    found.append(plain)
    for match in _GROUPED.finditer(text):
        found.append(re.sub(r"\D", "", match.group()))
    for match in _PLAIN_NUMBER.finditer(text):
        found.append(f"{int(match.group()):,}")
    return list(dict.fromkeys(found))


def _plain(markup: str) -> str:
    """The text of an index field, which holds escaped text with a few HTML tags."""
    return html.unescape(_TAG.sub(" ", markup))


class Spellings:
    """Adds the other spellings to a search index's fields and entries, keeping what it
    worked out for each title and text, for the next index (the live preview's)."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}

    def fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        """The index's field settings with the two fields added (a new dict)."""
        fields = dict(fields)
        if "tags" in fields:  # Material weighs a tag a thousand times a title: a topic tag
            # ("Topic: Water") would put every page that carries it before the glossary's
            # definition of the word; a tag counts as much as a word of the text
            fields["tags"] = {"boost": fields.get("text", {}).get("boost", _DEFAULT_BOOSTS["text"])}
        for source, target in PLAIN_FIELDS.items():
            boost = fields.get(source, {}).get("boost", _DEFAULT_BOOSTS[source])
            fields[target] = {"boost": boost}
        return fields

    def _spelled(self, value: str, known: dict[str, str]) -> str:
        found = self.known.get(value)
        if found is None:
            found = " ".join(other_spellings(_plain(value)))
        known[value] = found
        return found

    def entries(self, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each entry of `docs`, as a new dict, with the other spellings of its title and
        text (no field when there are none). Only the titles and texts of these entries are
        kept for next time."""
        known: dict[str, str] = {}
        improved = []
        for doc in docs:
            doc = dict(doc)
            for source, target in PLAIN_FIELDS.items():
                value = doc.get(source)
                spellings = self._spelled(value, known) if isinstance(value, str) else ""
                if spellings:
                    doc[target] = spellings
                else:
                    doc.pop(target, None)
            improved.append(doc)
        self.known = known
        return improved


def improve_index(index: dict[str, Any]) -> None:
    """Add the `title_plain` and `text_plain` fields to a Material search index, in place."""
    spellings = Spellings()
    config = index["config"]
    config["fields"] = spellings.fields(config.get("fields", {}))
    index["docs"] = spellings.entries(index["docs"])


def improve_search_index(site_dir: Path) -> bool:
    """Rewrite the search index of a built site (and its offline script copy, if any) with the
    other spellings of its words; False when the site has no search index."""
    path = site_dir / INDEX
    if not path.is_file():
        return False
    index = json.loads(path.read_text(encoding="utf-8"))
    improve_index(index)
    data = json.dumps(index, separators=(",", ":"))
    path.write_text(data, encoding="utf-8")
    script = site_dir / INDEX_SCRIPT
    if script.is_file():
        script.write_text(f"var __index = {data}", encoding="utf-8")
    return True
