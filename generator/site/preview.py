"""The served site's editions, each built again after an edit only as far as needed: the
changed pages alone on the objects of the last build (`inplace`), or on new ones with every
other page given what it had (`incremental`), or in full when that could give a different
site. What the last build left (`incremental.Kept`) is looked at first, with the last
configuration: it is loaded again only when neither the changed pages alone nor nothing at all
is to be built."""

from __future__ import annotations

import functools
import gc
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .incremental import Fallback, Kept, Stats, build_pages
from .inplace import NotInPlace, rebuild_in_place
from .record import Recorder, RecorderLast
from .searchindex import Spellings

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

KNOWN_PLUGINS = {"material.plugins.search.plugin.SearchPlugin", "material.plugins.tags.plugin.TagsPlugin"}
READS_OTHER_FILES = ("snippets", "include")  # Markdown extensions that pull in other files
T = TypeVar("T")


def _stats(folder: str, hidden: bool = False) -> Stats:
    """The modification time and size of each file under `folder`, by its path relative to it,
    linked folders followed as MkDocs does (`os.walk` with `followlinks`); without `hidden`,
    names starting with a dot are left out (MkDocs leaves them out of docs/)."""
    found: Stats = {}

    def look(path: str, prefix: str) -> None:
        try:
            with os.scandir(path) as listing:
                entries = list(listing)
        except OSError:  # not a folder, or removed while we looked
            return
        folders = []
        for entry in entries:
            if not hidden and entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                folders.append(entry)
                continue
            try:
                info = entry.stat()
            except OSError:  # removed while we looked, or a broken link
                continue
            found[prefix + entry.name] = (info.st_mtime_ns, info.st_size)
        for entry in folders:
            look(entry.path, f"{prefix}{entry.name}/")

    look(folder, "")
    return found


def _digest(path: str | None) -> bytes:
    return hashlib.sha256(Path(path).read_bytes()).digest() if path else b""


def _outside(config: MkDocsConfig) -> Stats:
    """The files outside docs/ that a build reads and the watcher may see change: the theme
    overrides and the paths listed under `watch` in mkdocs.yml."""
    found: Stats = {}
    for folder in [config.theme.custom_dir, *config.watch]:
        if not folder:
            continue
        if os.path.isfile(folder):
            info = os.stat(folder)
            found[folder] = (info.st_mtime_ns, info.st_size)
        else:
            found.update({f"{folder}/{name}": stat for name, stat in _stats(folder, hidden=True).items()})
    return found


def _unsure(config: MkDocsConfig) -> str | None:
    """Why this configuration is always built in full, if it is."""
    for name, plugin in config.plugins.items():
        kind = f"{type(plugin).__module__}.{type(plugin).__qualname__}"
        if kind not in KNOWN_PLUGINS and not isinstance(plugin, (Recorder, RecorderLast)) \
                and not getattr(plugin, "incremental_safe", False):
            return f"the {name} plugin is in use"
    for extension in config.markdown_extensions:
        name = extension if isinstance(extension, str) else type(extension).__name__
        if any(word in name.lower() for word in READS_OTHER_FILES):
            return f"the Markdown extension {name} reads other files"
    return None


def _without_collecting(work: Callable[[], T]) -> T:
    """`work` done with the garbage collector paused. A full collection walks everything made
    since `Site.tidy` last set aside what the builds keep (the regenerated pages, the data read
    again), which takes about a third of a one-page rebuild at 100x; what the rebuild leaves is
    collected once the browsers have it (`Site.tidy`), or when the collector next runs."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return work()
    finally:
        if collecting:
            gc.enable()


@dataclass
class Edition:
    """One edition of the served site: its configuration, where it is built and served, and
    what its last build left."""

    config_file: Path
    site_dir: str
    site_url: str
    kept: Kept | None = None
    spellings: Spellings = field(default_factory=Spellings)
    mode: str = ""  # how the last build went: "full", "pages", "in place" or "unchanged"

    def _load(self, load: Callable[[Path, str], MkDocsConfig]) -> tuple[MkDocsConfig, Recorder]:
        return self._record(load(self.config_file, self.site_dir))

    def _record(self, config: MkDocsConfig) -> tuple[MkDocsConfig, Recorder]:
        config.site_url = self.site_url
        recorder = Recorder(self.spellings)
        config.plugins["explainer/record"] = recorder
        config.plugins["explainer/record-last"] = RecorderLast(recorder)
        return config, recorder

    def build(self, load: Callable[[Path, str], MkDocsConfig], full: str | None = None,
              given: MkDocsConfig | None = None) -> str:
        """Build the edition, in full when `full` says why or when the shortcuts cannot be
        sure; say how it went (in full and why, how many pages, or nothing to do)."""
        from mkdocs.commands.build import build

        kept, self.kept = self.kept, None  # kept again only once this build is done
        live = kept.live if kept is not None and full is None and given is None else None
        if live is not None:  # the configuration that mkdocs.yml gives, if it did not change
            config, recorder = live.config, live.recorder
        else:
            config, recorder = self._record(given) if given is not None else self._load(load)
        loaded = live is None  # a configuration that no build has seen
        stats = _stats(config.docs_dir)
        digest, outside = _digest(config.config_file_path), _outside(config)
        reason = full or _unsure(config)
        if reason is None:
            if kept is None:
                reason = "first build"
            elif kept.config_digest != digest:
                reason = f"{self.config_file.name} changed"
            elif kept.outside != outside:
                reason = "the theme overrides or a watched path changed"
            elif stats.keys() != kept.stats.keys():
                reason = "a file was added or removed under docs/"
        if reason is None and kept is not None:
            changed = {uri for uri, stat in stats.items() if kept.stats[uri] != stat}
            if not changed:
                self.kept, self.mode = kept, "unchanged"
                return "unchanged"
            said = f"{len(changed)} file{'s' if len(changed) > 1 else ''} rebuilt"
            if live is not None:
                try:
                    rebuild = functools.partial(rebuild_in_place, live, kept, changed)
                    parts, later = _without_collecting(rebuild)
                    self.kept = replace(kept, stats=stats, parts=parts, later=later)
                    self.mode = "in place"
                    return f"{said} in place"
                except NotInPlace:
                    pass
                except Fallback as exc:  # the objects of the last build changed: not to be used again
                    reason, kept = str(exc), None
        if reason is None and kept is not None:
            if not loaded:
                config, recorder = self._load(load)
            try:
                build_pages(config, kept, changed, recorder, self.site_url)
                self.kept = Kept(digest, outside, stats, kept.files, kept.theme, kept.listed, recorder.pages,
                                 recorder.parts, recorder.later, recorder.live())
                self.mode = "pages"
                return said
            except Fallback as exc:
                reason = str(exc)
                loaded = False  # its plugins have seen a build begin
        if not loaded:
            config, recorder = self._load(load)
        build(config, serve_url=self.site_url)
        self.kept = Kept(digest, outside, stats, recorder.files, recorder.theme, recorder.listed,
                         recorder.pages, live=recorder.live())
        self.mode = "full"
        return f"rebuilt in full ({reason})"


class Site:
    """Every edition of the served site: the first language's from mkdocs.yml into the site
    folder, each other one's from mkdocs.LANG.yml (when docs-LANG/ is there) into LANG/ of it,
    so that the language switcher's links work."""

    def __init__(self, root: Path, site_dir: str, serve_url: str) -> None:
        self.root, self.site_dir, self.serve_url = root, site_dir, serve_url
        self.editions: dict[Path, Edition] = {}
        self.untidy = ""  # "pages" or "full": how the builds since the last `tidy` went

    def tidy(self) -> None:
        """See whether the long pages converted whole by the builds since the last call
        convert by parts (`chunks`); free what those builds left, and set aside what they
        keep, so that the garbage collector does not walk through it during a build: what editions
        keep is large (every page's HTML), and a full collection then takes a sizeable
        part of a one-page rebuild. To be called between builds, once a build's site has
        been served; after a full build everything is looked at again."""
        for edition in self.editions.values():  # see whether long pages convert by parts
            if edition.kept is not None:
                for uri, later in edition.kept.later.items():
                    edition.kept.parts[uri] = later()
                edition.kept.later = {}
        if not self.untidy:
            return
        if self.untidy == "full":
            gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.untidy = ""

    def _configs(self) -> list[tuple[Path, str, str]]:
        found = [(self.root / "mkdocs.yml", self.site_dir, self.serve_url)]
        for other in sorted(self.root.glob("mkdocs.??.yml")):
            lang = other.name.split(".")[1]
            if (self.root / f"docs-{lang}").is_dir():  # an edition written by explainer generate
                found.append((other, f"{self.site_dir}/{lang}", f"{self.serve_url.rstrip('/')}/{lang}/"))
        return found

    def build(self, load: Callable[[Path, str], MkDocsConfig],
              given: MkDocsConfig | None = None) -> str:
        """Build what changed in each edition; say how each build went."""
        configs = self._configs()
        full = None
        if not self.editions:
            full = "first build"
        elif set(self.editions) != {path for path, _, _ in configs}:
            full = "the editions changed"
        previous, self.editions = self.editions, {}
        results = []
        for number, (path, site_dir, url) in enumerate(configs):
            edition = previous.get(path) or Edition(path, site_dir, url)
            result = edition.build(load, full, given if number == 0 else None)
            self.editions[path] = edition
            if number == 0 and edition.mode == "full":  # which empties the whole site folder
                full = "the first edition was built in full"
            results.append(f"{Path(site_dir).name + '/' if number else 'site'}: {result}")
        if any(edition.mode == "full" for edition in self.editions.values()):
            self.untidy = "full"
        elif any(edition.mode in ("pages", "in place") for edition in self.editions.values()):
            self.untidy = self.untidy or "pages"
        return "; ".join(results)
