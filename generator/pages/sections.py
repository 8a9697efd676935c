"""Long lists on overview pages: kept in sections small enough for site search and for
a reader who scans them.

Anchors and slugs for headings are made here too.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..project import Figure, Project
from .i18n import gettext
from .render import Md


def slug(value: str) -> str:
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "item"


def free_anchor(base: str, used: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… the first that is not in `used`; then it is used."""
    anchor, number = base, 1
    while anchor in used:
        number += 1
        anchor = f"{base}-{number}"
    used.add(anchor)
    return anchor


def unique_slugs(values: list[str], prefix: str) -> dict[str, str]:
    used: set[str] = set()
    return {value: free_anchor(prefix + slug(value), used) for value in values}


SECTION_SIZE = 50
"""The most entries one list or table of an overview page shows under one heading.

A longer list is put in dictionary order and cut into even ranges, each under its own
heading named by its first and last entries. Site search indexes a page section by section
(the text between two headings), so sections stay small however long the lists grow; and a
reader finds an entry faster in a named range than in hundreds of rows.
"""


@dataclass(frozen=True)
class Section:
    """A heading of an overview page and the entries listed under it. `level` 0 means no
    heading: a list short enough to show as it is, in the order of the data."""

    level: int
    title: str = ""
    anchor: str = ""
    entries: tuple[Any, ...] = ()

    @property
    def marks(self) -> Md:
        """The Markdown heading marks of this section's level."""
        return Md("#" * self.level)


_WORD_PARTS = re.compile(r"(\D*)(\d*)")
_NOT_WORD = re.compile(r"[^\w\s]")


@functools.lru_cache(maxsize=1 << 16)
def sort_key(label: str) -> tuple[tuple[str, int], ...]:
    """Dictionary order: case, accents and punctuation aside, and numbers by their value
    (so "case 9" comes before "case 10")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", label) if not unicodedata.combining(c))
    plain = " ".join(_NOT_WORD.sub("", plain).casefold().split())
    return tuple((words, int(digits) if digits else -1)
                 for words, digits in _WORD_PARTS.findall(plain))


def _guide(label: str, others: list[str]) -> str:
    """The fewest leading words of `label` that set it apart from each of `others`."""
    words = label.split() or [label]
    keys = [sort_key(word) for word in words]
    other_keys = [[sort_key(word) for word in other.split()] for other in others]
    for count in range(1, len(words)):
        if all(other[:count] != keys[:count] for other in other_keys):
            return " ".join(words[:count])
    return " ".join(words)


def ranges(entries: list[Any], label: Callable[[Any], str], anchor: str, level: int) -> list[Section]:
    """`entries` under no heading when there are at most `SECTION_SIZE`; otherwise in
    dictionary order by `label`, cut into even ranges, each under a heading of `level` named
    like a dictionary's guide words ("Bridge repairs – Ferry fares"). Each range's anchor is
    `anchor`, two hyphens and the range's slug (ids never hold two hyphens in a row)."""
    if len(entries) <= SECTION_SIZE:
        return [Section(0, entries=tuple(entries))]
    ordered = sorted(entries, key=lambda entry: sort_key(label(entry)))
    count = -(-len(ordered) // SECTION_SIZE)
    size, extra = divmod(len(ordered), count)
    parts: list[list[Any]] = []
    for index in range(count):
        start = index * size + min(index, extra)
        parts.append(ordered[start:start + size + (index < extra)])
    firsts = [label(part[0]) for part in parts]
    lasts = [label(part[-1]) for part in parts]
    sections: list[Section] = []
    used: set[str] = set()
    for index, part in enumerate(parts):
        first, last = firsts[index], lasts[index]
        if sort_key(first) == sort_key(last):
            title = first
        else:
            start_word = _guide(first, [last, *lasts[index - 1:index]])
            end_word = _guide(last, [first, *firsts[index + 1:index + 2]])
            title = f"{start_word} \u2013 {end_word}"
        base = f"{anchor}--{slug(title)}"
        unique = free_anchor(base, used)
        sections.append(Section(level, title, unique, tuple(part)))
    return sections


def figure_sections(figures: list[Figure]) -> list[Section]:
    """The figures table: one table while it is short; otherwise grouped by topic (in the
    order the topics first appear, figures without one last), each long group cut into
    ranges."""
    if len(figures) <= SECTION_SIZE:
        return [Section(0, entries=tuple(figures))]
    groups: dict[str | None, list[Figure]] = {}
    for figure in figures:
        groups.setdefault(figure.topic, []).append(figure)
    if list(groups) == [None]:
        return ranges(figures, lambda f: f.label, "figures", 2)
    anchors = unique_slugs([t for t in groups if t is not None], "topic-")
    sections: list[Section] = []
    for topic, group in sorted(groups.items(), key=lambda item: item[0] is None):
        title, anchor = ((topic, anchors[topic]) if topic is not None
                         else (gettext("Other figures"), "no-topic"))
        sections.append(Section(2, title, anchor))
        sections.extend(ranges(group, lambda f: f.label, anchor, 3))
    return sections


def list_sections(entries: list[Any], label: Callable[[Any], str], title: str,
                  anchor: str, level: int, *, crowded: bool = False) -> list[Section]:
    """A list inside an entry of a page (such as the claims that rest on one source): as it
    is while it is short; otherwise, or when the entry's lists are `crowded` together, under
    a heading `title` of `level`, cut into ranges one level below if it is long."""
    parts = ranges(entries, label, anchor, level + 1)
    if parts[0].level == 0 and not (crowded and entries):
        return parts
    return [Section(level, title, anchor), *parts]


def crowded_source(project: Project, source_id: str) -> bool:
    """Whether the two lists of a source's entry on the sources page (the claims checked
    against it, the entries that cite it) are together too long for one heading."""
    return len(project.checked_by.get(source_id, [])) + len(project.cited_by.get(source_id, [])) \
        > SECTION_SIZE
