"""The explainer's own text in other languages: one gettext catalog per language.

`locales/LANG/data.po` holds one entry per translatable text of `data/`: the English text
as msgid, and `FILE:ENTRY:FIELD` (such as `positions.yaml:pos-x:quotes.0.context`) as
msgctxt, which names the entry for good. `update_catalog` writes or refreshes the file:
a text whose English changed keeps its old translation marked fuzzy (needs review), as
gettext tools do, and texts removed from the data become obsolete entries. Ids, numbers,
dates, addresses, statuses and quotes are never in a catalog: they are the same in every
language (a quote keeps the words spoken; see `Quote.original`).

Babel reads and writes the catalogs. The merge is by msgctxt rather than with Babel's
`Catalog.update`, whose guess at a changed text compares the texts alone and drops a
translation when the English was rewritten too much to be recognised; here the context
names the entry, so a changed text is always found.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import denormalize, read_po, unescape, write_po

from ..errors import Problem
from .loader import LoadedFile, Path_
from .validate import Data, _check_file

LOCALES_DIR = "locales"
_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
CATALOG_NAME = "data.po"

# Keys whose values are the same in every language (references, codes, numbers, the words
# of a quote or of an article as printed).
_FIXED = {
    "id", "article", "language", "languages", "draft_languages", "updated", "date", "url",
    "file", "status", "reliability", "kind", "country", "qualifier", "value", "source",
    "sources", "speaker", "actor", "participants", "related", "figures", "credited_to",
    "license", "draft", "as_stated", "text", "lang", "original", "grade_levels",
    "same_as", "accessed", "archive_url", "form", "contact", "claims", "by", "rating",
}
# Names and titles of things that usually keep their own name: they may be translated (an
# agency's name, a descriptive title), and the English shows when they are not.
OPTIONAL = {("officials", "name"), ("sources", "title"), ("sources", "publisher")}


@dataclass(frozen=True)
class Unit:
    """One translatable text of the data."""

    name: str  # data file stem
    path: Path_  # where it is in the file's values
    context: str  # msgctxt
    text: str  # the English
    quote: bool = False  # a quote's words: translated only beside them, never in their place

    @property
    def optional(self) -> bool:
        return self.quote or (
            self.name, str(self.path[1] if isinstance(self.path[0], int) else self.path[0])) \
            in OPTIONAL


def _entry_key(name: str, value: Any, index: int | None) -> str:
    if index is None:
        return name
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return str(value["id"])
    return str(index)


def _walk(value: Any, path: Path_, out: list[tuple[Path_, str]]) -> None:
    if isinstance(value, str):
        out.append((path, value))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, (*path, i), out)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _FIXED:
                _walk(item, (*path, key), out)


def units(data: Data) -> list[Unit]:
    """Every translatable text, in the order of the files and entries."""
    return [unit for name, loaded in data.files.items() for unit in _file_units(name, loaded)]


# The texts of each data file as last found, with the file they were found in: a file
# whose bytes did not change is the same object from one run to the next (`validate`).
_last_units: dict[str, tuple[LoadedFile, list[Unit]]] = {}


def _file_units(name: str, loaded: LoadedFile) -> list[Unit]:
    kept = _last_units.get(name)
    if kept is not None and kept[0] is loaded:
        return kept[1]
    found: list[Unit] = []
    entries = (list(enumerate(loaded.data)) if isinstance(loaded.data, list)
               else [(None, loaded.data)])
    for index, entry in entries:
        key = _entry_key(name, entry, index)
        texts: list[tuple[Path_, str]] = []
        _walk(entry, () if index is None else (index,), texts)
        for path, english in texts:
            field = ".".join(str(p) for p in (path[1:] if index is not None else path))
            found.append(Unit(name, path, f"{name}.yaml:{key}:{field}", english))
        if index is None or not isinstance(entry, dict):
            continue
        quotes = entry.get("quotes")
        for q, quote in enumerate(quotes if isinstance(quotes, list) else []):
            if isinstance(quote, dict) and isinstance(quote.get("text"), str):
                found.append(Unit(name, (index, "quotes", q, "text"),
                                  f"{name}.yaml:{key}:quotes.{q}.text", quote["text"], True))
    _last_units[name] = (loaded, found)
    return found


def quote_translations(root: Path, data: Data, language: str) -> dict[str, str]:
    """msgctxt -> the explainer's finished translation of a quote, shown beside its words."""
    messages = _messages(catalog_path(root, language))
    found = {}
    for unit in units(data):
        message = messages.get(unit.context)
        if (unit.quote and message is not None and message.string and not message.fuzzy
                and message.id == unit.text):
            found[unit.context] = str(message.string)
    return found


def catalog_path(root: Path, language: str) -> Path:
    return root / LOCALES_DIR / language / CATALOG_NAME


def read_catalog(path: Path) -> Catalog | None:
    if not path.is_file():
        return None
    with path.open("rb") as stream:
        return read_po(stream, abort_invalid=False)


# The entries of each catalog as last parsed, by the file's bytes, with the warnings Babel
# printed while parsing them: a long-lived process (the live preview) parses a catalog
# again only when it changed, and prints the same warnings each time it is read. The
# entries are never changed by their users.
_last_catalogs: dict[Path, tuple[bytes, str, dict[str, Message]]] = {}


def _messages(path: Path) -> dict[str, Message]:
    """msgctxt -> entry of a catalog (none when there is no catalog)."""
    if not path.is_file():
        return {}
    raw = path.read_bytes()
    kept = _last_catalogs.get(path)
    if kept is None or kept[0] != raw:
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                messages = _by_context(read_po(io.BytesIO(raw), abort_invalid=False))
        except BaseException:
            sys.stdout.write(printed.getvalue())
            raise
        kept = _last_catalogs[path] = (raw, printed.getvalue(), messages)
    if kept[1]:
        sys.stdout.write(kept[1])
    return kept[2]


def _previous_ids(path: Path) -> dict[str, str]:
    """msgctxt -> the old English (`#| msgid`) of each fuzzy entry, which Babel writes
    but does not read back."""
    found: dict[str, str] = {}
    if not path.is_file():
        return found
    pending: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#| msgid "):
            pending = [line[len("#| msgid "):]]
        elif line.startswith('#| "') and pending:
            pending.append(line[3:])
        elif line.startswith("msgctxt ") and pending:
            found[unescape(line[len("msgctxt "):])] = denormalize("\n".join(pending))
            pending = []
        elif not line.startswith("#"):
            pending = []
    return found


def _by_context(catalog: Catalog | None) -> dict[str, Message]:
    if catalog is None:
        return {}
    return {m.context: m for m in catalog if m.id and m.context}


def update_catalog(root: Path, data: Data, language: str) -> tuple[Path, dict[str, int]]:
    """Write `locales/LANG/data.po` from the data, keeping every translation it had."""
    path = catalog_path(root, language)
    previous = read_catalog(path)
    old = _by_context(previous)
    previous_ids = _previous_ids(path)
    # The header keeps its dates, so that an unchanged project rewrites nothing.
    created = previous.creation_date if previous is not None else _EPOCH
    catalog = Catalog(locale=language, project="explainer data", version=" ", fuzzy=False,
                      creation_date=created, revision_date=created,
                      last_translator=previous.last_translator if previous else None,
                      language_team=previous.language_team if previous else None,
                      header_comment=f"# {language} translation of the explainer's data/.\n"
                                     "# Written by `explainer translate`; edit the msgstr lines.")
    counts = {"new": 0, "fuzzy": 0, "obsolete": 0}
    seen: set[str] = set()
    for unit in units(data):
        if unit.context in seen:
            continue
        seen.add(unit.context)
        line = data.files[unit.name].position(unit.path).line
        before = old.get(unit.context)
        string, flags, earlier = "", set[str](), list[str]()
        if before is not None:
            string = str(before.string or "")
            flags = set(before.flags) - {"fuzzy"}
            if before.id != unit.text and string:
                flags.add("fuzzy")
                earlier = [str(before.id)]
            elif "fuzzy" in before.flags:
                flags.add("fuzzy")
                earlier = [previous_ids[unit.context]] if unit.context in previous_ids else []
        else:
            counts["new"] += 1
        if "fuzzy" in flags:
            counts["fuzzy"] += 1
        comments = (["optional: the explainer's own translation of the quote, shown under its"
                     " words, which stay as they are"] if unit.quote else
                    ["optional: leave empty to keep the original name"] if unit.optional else [])
        added = catalog.add(unit.text, string, locations=[(f"data/{unit.name}.yaml", line)],
                    flags=flags, auto_comments=comments, previous_id=earlier,
                    context=unit.context)
        # Data is text, not a format string, whatever '%' it holds.
        added.flags.discard("python-format")
    for context, message in old.items():
        if context not in seen and message.string:
            catalog.obsolete[(str(message.id), context)] = message
            counts["obsolete"] += 1
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=False, include_previous=True,
             sort_output=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    content = buffer.getvalue()
    if not path.is_file() or path.read_bytes() != content:
        path.write_bytes(content)
    return path, counts


@dataclass
class Completeness:
    language: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def complete(self) -> bool:
        return self.fuzzy == 0 and self.untranslated == 0


def _po_line(root: Path, language: str, message: Message | None) -> str:
    rel = catalog_path(root, language).relative_to(root).as_posix()
    return f"{rel}:{message.lineno}" if message is not None and message.lineno else rel


def check_catalog(root: Path, data: Data, language: str) -> tuple[Completeness, list[Problem]]:
    """How complete one language is, and a problem for each missing or out-of-date text,
    at the English text's position, naming the catalog entry."""
    messages = _messages(catalog_path(root, language))
    stats = Completeness(language)
    problems: list[Problem] = []
    for unit in units(data):
        message = messages.get(unit.context)
        loaded: LoadedFile = data.files[unit.name]
        where = _po_line(root, language, message)
        if message is None or not message.string:
            if unit.optional:
                stats.translated += 1
                continue
            stats.untranslated += 1
            fix = (f"write it in the msgstr of {where}" if message is not None else
                   f"run `explainer translate` to add it to {where}, then write it")
            problems.append(loaded.problem(unit.path, unit.context,
                                           f"no {language} translation ({fix})"))
        elif message.fuzzy or message.id != unit.text:
            stats.fuzzy += 1
            step = ("review it and remove its fuzzy flag" if message.id == unit.text else
                    "run `explainer translate`, then review it and remove its fuzzy flag")
            problems.append(loaded.problem(
                unit.path, unit.context,
                f"the {language} translation at {where} is out of date (the English changed);"
                f" {step}"))
        else:
            stats.translated += 1
    return stats, problems


def translated_data(root: Path, data: Data, language: str) -> tuple[Data, list[Problem]]:
    """The data with every finished translation of `language` in place of the English; a
    text with no finished translation stays in English (a draft edition)."""
    messages = _messages(catalog_path(root, language))
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, loaded in data.files.items():
        checked, found = _translated_file(name, loaded, messages, language)
        problems += found
        values[name] = checked
    if problems:
        return data, problems
    fields = {name: values[name] for name in values if name not in ("explainer", "sources")}
    return Data(explainer=values["explainer"], sources=values["sources"], **fields,
                files=data.files), []


# Each data file as last translated, with the file and the catalog's entries it was
# translated from: neither changed, so neither did the translation.
_last_translated: dict[tuple[str, str], tuple[LoadedFile, dict[str, Message], Any,
                                              list[Problem]]] = {}


def _translated_file(name: str, loaded: LoadedFile, messages: dict[str, Message],
                     language: str) -> tuple[Any, list[Problem]]:
    kept = _last_translated.get((language, name))
    if kept is not None and kept[0] is loaded and kept[1] is messages:
        return kept[2], list(kept[3])
    raw = copy.deepcopy(loaded.data)
    for unit in _file_units(name, loaded):
        if unit.quote:
            continue  # a quote keeps its words; see quote_translations
        message = messages.get(unit.context)
        if (message is None or not message.string or message.fuzzy
                or message.id != unit.text):
            continue
        _put(raw, unit.path, str(message.string))
    checked, found = _check_file(LoadedFile(loaded.rel, raw, loaded.values, loaded.keys), name)
    problems = [Problem(problem.file, problem.line, problem.column, problem.path,
                        f"in the {language} translation: {problem.message}") for problem in found]
    _last_translated[(language, name)] = (loaded, messages, checked, list(problems))
    return checked, problems


def _put(raw: Any, path: Path_, value: str) -> None:
    for step in path[:-1]:
        raw = raw[step]
    raw[path[-1]] = value
