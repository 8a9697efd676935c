"""Regenerating again and again in one process (the live preview), rendering only what changed.

`Live.generate` does what `pipeline.generate` does and leaves the same files, but it keeps,
from one run to the next, each page's bytes with what it was rendered from: the fingerprint
of everything every page can reach (`pages.reuse`), the page's own context (and, when it was
taken, its fingerprint), and the fields of the data it read. A page whose context is shown
to be the same as last time, entry for entry (`same_context`, or else by the same
fingerprint), when what every page can reach has the same fingerprint and none of the
page's fields changed, is given its bytes from last time instead of being rendered again.
Whatever cannot be described that way (a new kind of value, an entry made while rendering,
a page the last run did not make) is rendered as `generate` renders it; an error forgets
what was kept for that edition.

Loading and checking the data is not skipped (data files whose bytes did not change are not
parsed again, `project.validate`; after an edit of the glossary alone, only the glossary is
linked again, `project.relink`), so problems are reported exactly as `generate` reports
them. Writing is `generate`'s own, except that the record of the last run is kept in memory
(`unchanged.Kept`): a page it vouches for, still standing as it was when the record was
taken and given the same bytes, is known unchanged without being read back.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .pages import (
    EVERY_FIELD,
    TEMPLATE_DIR,
    Field,
    Key,
    Links,
    Parts,
    Reads,
    Unsure,
    WriteReport,
    edition_docs,
    entry_keys,
    fields_read,
    fingerprint,
    front_matter_alternates,
    keep_compiled,
    language,
    make_environment,
    plan,
    previous_output,
    read_manifest,
    same_context,
    template_globals,
)
from .pipeline import describe, regenerate, render_page, render_site
from .project import Project, edition
from .unchanged import Kept

__all__ = ["FULL_COLLECTION_EVERY", "Live", "describe"]

FULL_COLLECTION_EVERY = 20  # runs between two passes of the collector over everything


@dataclass(frozen=True)
class _Kept:
    """One page as last rendered, with what it was rendered from."""

    context: bytes | None  # the fingerprint of its context; None: not known
    value: dict[str, Any] | None  # its context itself (the page's plan); None: a chart
    template: str
    fields: frozenset[Field]  # the fields it read
    whole: frozenset[Key]  # the entries it read as a whole
    content: bytes


@dataclass
class _Edition:
    base: bytes | None  # what every page can reach; None: nothing is kept
    parts: Parts
    tokens: dict[int, str]  # what stands for each entry of `parts`, by its id
    pages: dict[str, _Kept]


class Live:
    """The pages of one project kept between regenerations; `rendered` and `reused` count
    the pages of the last run that were rendered and that were given from last time."""

    def __init__(self) -> None:
        self.kept: dict[str, _Edition] = {}
        self.reads = Reads()
        self.record = Kept()  # the record of the last run (`generator.unchanged`)
        self.rendered = 0
        self.reused = 0
        self.collected = 0.0  # the seconds the last run's collection of cycles took
        self.runs = 0
        self.pending: list[Callable[[], None]] = []  # what the last run left to `settle`

    def generate(self, root: Path, *, settle_later: bool = False) -> WriteReport:
        """Write the generated pages of every edition, as `pipeline.generate` does.

        Python's collector of reference cycles is held off meanwhile: in a process that
        keeps a whole project (and a whole site) in memory, each of its full passes takes
        longer than the rest of a small regeneration. It makes one pass once the pages are
        written, rather than at some later moment of the caller's. That pass looks only at
        what was made since the last full one: after each full pass, what is left (most of
        it kept from one run to the next) is set aside (`gc.freeze`), and every
        `FULL_COLLECTION_EVERY` runs it is looked at again, so that what became garbage
        among it is freed too.

        With `settle_later`, that pass and the writing of the run's record
        (`generator.unchanged`), which no page needs, are left to `settle` (the live
        preview calls it once the browsers have the edit); the next run settles them
        first."""
        self.settle()
        self.rendered = self.reused = 0
        collecting = gc.isenabled()
        gc.disable()
        try:
            # (a build checks the facts for itself)
            return regenerate(root, render=self._render, facts=False, kept=self.record,
                              later=self.pending.append if settle_later else None)
        finally:
            if collecting:
                gc.enable()
                if settle_later:
                    self.pending.append(functools.partial(self._collect, self.runs))
                else:
                    self._collect(self.runs)
            self.runs += 1

    def settle(self) -> None:
        """Do what the last run left for later: write its record, collect its cycles."""
        pending, self.pending = self.pending, []
        for work in pending:
            work()

    def _collect(self, run: int) -> None:
        self.collected = time.perf_counter()
        if run % FULL_COLLECTION_EVERY == 0:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
        else:
            gc.collect()
        self.collected = time.perf_counter() - self.collected

    def _render(self, project: Project, lang: str) -> dict[str, bytes]:
        try:
            with language(lang):
                return self._render_edition(edition(project, lang), lang)
        except Unsure:  # the data cannot be told apart by keys: render it all, keep nothing
            self.kept.pop(lang, None)
            return render_site(project, lang)
        except BaseException:
            self.kept.pop(lang, None)
            raise

    def _render_edition(self, project: Project, lang: str) -> dict[str, bytes]:
        old = self.kept.get(lang)
        parts = entry_keys(project, old.parts if old is not None else None)
        keys: dict[int, Key] = {}
        tokens: dict[int, str] = {}
        names: dict[Key, frozenset[str]] = {}
        for part in parts.values():
            keys.update(part.keys)
            tokens.update(part.tokens)
            names.update(part.fields)
        if len(keys) != sum(len(part.keys) for part in parts.values()):
            raise Unsure("an entry in two places")
        changed = _changed(old.parts, parts) if old is not None else None
        globals_ = template_globals(project)
        env = keep_compiled(make_environment(project.root, globals_))
        editions = project.data.explainer.editions
        docs = edition_docs(project.root, editions, lang)
        alternates = front_matter_alternates(editions, lang)
        previous, _damaged = read_manifest(docs)
        every_page = env.globals["links"]
        assert isinstance(every_page, Links)
        pages = plan(project)
        try:
            base: bytes | None = fingerprint((globals_, alternates, _sources(project.root)), tokens)
        except Unsure:
            base = None
        usable = old is not None and changed is not None and base is not None and old.base == base
        old_tokens = old.tokens if old is not None else {}
        outputs: dict[str, bytes] = {}
        kept: dict[str, _Kept] = {}
        for page in pages:
            before_page = old.pages.get(page.path) if usable and old is not None else None
            if page.make is not None:  # a chart: drawn from its data, reusing what it drew
                last = (before_page.content if before_page is not None
                        else previous_output(docs, previous, page.path))
                outputs[page.path] = page.make(last)
                kept[page.path] = _Kept(None, None, "", frozenset(), frozenset(), outputs[page.path])
                continue
            # The same context as last time, entry for entry; or else the same fingerprint.
            same = (before_page is not None and before_page.value is not None
                    and before_page.template == page.template
                    and same_context(before_page.value, page.context, old_tokens, tokens))
            context = before_page.context if same and before_page is not None else None
            if not same:
                try:
                    context = fingerprint((page.path, page.template, page.context), tokens)
                except Unsure:
                    context = None
                same = (before_page is not None and context is not None
                        and before_page.context == context)
            if same and before_page is not None and changed is not None and _untouched(
                    before_page, changed):
                self.reused += 1
                outputs[page.path] = before_page.content
                kept[page.path] = _Kept(context, page.context, page.template, before_page.fields,
                                        before_page.whole, before_page.content)
                continue
            with self.reads.recording() as seen:
                content = render_page(project, env, every_page, page, alternates)
            self.rendered += 1
            outputs[page.path] = content
            try:
                read = fields_read(seen, keys, names)
            except Unsure:
                continue  # not kept: rendered again next time
            kept[page.path] = _Kept(context, page.context, page.template,
                                    frozenset(f for f in read if f[1] != EVERY_FIELD),
                                    frozenset(k for k, f in read if f == EVERY_FIELD), content)
        self.kept[lang] = _Edition(base, parts, tokens, kept if base is not None else {})
        return outputs


def _changed(old: Parts, new: Parts) -> tuple[set[Field], set[Key]] | None:
    """The fields whose values changed, and the entries they belong to; None when entries
    were added or removed, or one is of another kind than it was."""
    if old.keys() != new.keys():
        return None
    fields: set[Field] = set()
    for name, part in new.items():
        before = old[name]
        if before is part:
            continue
        if before.digests.keys() != part.digests.keys():
            return None
        for key, digests in part.digests.items():
            before_digests = before.digests[key]
            if before_digests.keys() != digests.keys() or before_digests[""] != digests[""]:
                return None
            fields.update((key, field) for field, value in digests.items()
                          if before_digests[field] != value)
    return fields, {key for key, _name in fields}


def _untouched(page: _Kept, changed: tuple[set[Field], set[Key]]) -> bool:
    """Whether the page read nothing that changed."""
    fields, entries = changed
    return page.fields.isdisjoint(fields) and page.whole.isdisjoint(entries)


def _sources(root: Path) -> bytes:
    """A digest of what rendering reads besides the data: the templates (the project's and
    the tool's) and mkdocs.yml."""
    into = hashlib.sha256()
    for folder in (root / "templates", TEMPLATE_DIR):
        for where, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = Path(where, name)
                into.update(f"{path}\x00".encode("utf-8", "surrogateescape"))
                into.update(path.read_bytes())
    config = root / "mkdocs.yml"
    into.update(config.read_bytes() if config.is_file() else b"(none)")
    return into.digest()
