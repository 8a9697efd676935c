"""What each build of an edition leaves for the next one, recorded as MkDocs builds it.

`Recorder` is a plugin that the served site's editions (`preview.Edition`) add to each build:
as the first plugin to see a page, and again as the last (`RecorderLast`), it keeps what
reading and rendering the page produced (`PageState`), and the page's search index entries;
it puts the entries of every page, kept or new, in the search index with the other spellings
of their words (`searchindex`). It also keeps the objects the build worked on (`Live`: the
configuration with its plugins, the files, the nav, the theme's environment), so that the next
build can convert and write a changed page again on them (`inplace`).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import BasePlugin, event_priority

from .chunks import Parts
from .searchindex import Spellings

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

FIRST, LAST = 1000, -1000


@dataclass
class PageState:
    """What reading and rendering one page produced."""

    source: str  # the Markdown as read, front matter removed
    meta: dict[str, Any]
    markdown: str = ""  # after the plugins' on_page_markdown
    rendered: str = ""  # the HTML as converted, before the plugins' on_page_content
    content: str = ""  # after them
    toc: Any = None
    title_from_render: str | None = None
    anchors: set[str] = field(default_factory=set)
    links: dict[str, dict[str, str]] = field(default_factory=dict)  # target src_uri -> links
    title: str | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)  # its search index entries
    spelled: list[dict[str, Any]] | None = None  # them with their other spellings
    written: str | None = None  # those as they are written in the index


@dataclass
class Live:
    """The objects one build of an edition worked on, left as that build left them."""

    config: MkDocsConfig  # with its plugins, and what they keep
    files: Files
    nav: Navigation
    env: Environment
    pages: list[File]  # the documentation pages, in the order MkDocs builds them
    dates: frozenset[str]  # the pages' update dates (the sitemap shows them)
    recorder: Recorder
    # Each plugin with its attributes as the build left them. MkDocs gives every configuration
    # it loads in a process (each edition's, each build's) the same instance of a plugin that
    # has a startup or shutdown event, as Material's search and tags plugins do.
    plugins: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)

    def keep_plugins(self) -> None:
        """Note the plugins' attributes as they are now."""
        self.plugins = [(plugin, dict(vars(plugin))) for plugin in self.config.plugins.values()
                        if hasattr(plugin, "__dict__")]

    def resume_plugins(self) -> None:
        """Give the plugins back the attributes they had at `keep_plugins`, which another
        configuration loaded since may have replaced (its plugins' settings, their state)."""
        for plugin, attributes in self.plugins:
            vars(plugin).clear()
            vars(plugin).update(attributes)


class Recorder(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Keeps what each page's reading and rendering produced (as the first plugin to see it),
    and its search entries; before the search plugin writes its index, puts in it the entries
    of every page in order (kept ones for pages not built again) with the other spellings of
    their words. Keeps the files, the nav and the theme's environment the build made."""

    def __init__(self, spellings: Spellings) -> None:
        self.spellings = spellings
        self.pages: dict[str, PageState] = {}
        self.replaying = False  # the page events run again for a page that did not change
        self.order: list[str] = []  # the pages, in the order MkDocs builds them
        self.marked = 0
        self.files: frozenset[str] = frozenset()
        self.theme: list[tuple[str, str]] = []
        self.listed: frozenset[str] = frozenset()
        self.parts: dict[str, Parts] = {}
        self.later: dict[str, Callable[[], Parts]] = {}
        self.config: MkDocsConfig | None = None
        self.built: Files | None = None
        self.nav: Navigation | None = None
        self.env: Environment | None = None
        self.index_settings: dict[str, Any] | None = None  # the index's, before `on_post_build`

    @event_priority(FIRST)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.theme = [(file.src_uri, file.src_dir) for file in files
                      if file.src_dir is not None and file.src_dir != config.docs_dir]
        return files

    @event_priority(LAST)
    def on_nav(self, nav: Navigation, /, **kwargs: Any) -> Navigation:
        self.listed = frozenset(page.file.src_uri for page in nav.pages)
        self.nav = nav
        return nav

    @staticmethod
    def search_index(config: MkDocsConfig) -> Any:
        for plugin in config.plugins.values():
            if type(plugin).__qualname__ == "SearchPlugin" and hasattr(plugin, "search_index"):
                return plugin.search_index
        return None

    @event_priority(FIRST)
    def on_page_markdown(self, markdown: str, /, *, page: Page, **kwargs: Any) -> str:
        if not self.replaying:
            self.pages[page.file.src_uri] = PageState(markdown, copy.deepcopy(dict(page.meta)))
        return markdown

    @event_priority(FIRST)
    def on_page_content(self, html: str, /, *, page: Page, **kwargs: Any) -> str:
        if not self.replaying:
            state = self.pages[page.file.src_uri]
            state.rendered, state.toc = html, copy_toc(page.toc)
            state.title_from_render = page._title_from_render
            state.anchors = set(page.present_anchor_ids or ())
            state.links = {target.src_uri: dict(links)
                           for target, links in (page.links_to_anchors or {}).items()}
        return html

    @event_priority(LAST)
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, **kwargs: Any) -> Any:
        """After the search plugin indexed the page: its entries are the ones added since."""
        self.order.append(page.file.src_uri)
        index = self.search_index(config)
        if index is not None:
            self.pages[page.file.src_uri].entries = index.entries[self.marked:]
            self.marked = len(index.entries)
        return context

    @event_priority(50)  # before the search plugin (0) writes the index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        index = self.search_index(config)
        if index is None:
            return
        self.index_settings = index.config
        states = [self.pages[uri] for uri in self.order]
        fresh = [state for state in states if state.spelled is None]
        known = self.spellings.known
        spelled = iter(self.spellings.entries([entry for state in fresh for entry in state.entries]))
        if len(fresh) < len(states):  # keep what was known of the other pages' words
            self.spellings.known = {**known, **self.spellings.known}
        for state in fresh:
            state.spelled = [next(spelled) for _ in state.entries]
            state.written = json.dumps(state.spelled, separators=(",", ":"), default=str)[1:-1]
        index.config = {**index.config, "fields": self.spellings.fields(index.config["fields"])}
        index.entries = [entry for state in states for entry in state.spelled or ()]
        generate = index.generate_search_index

        def written(prev: Any) -> str:
            """The index as the search plugin writes it, each page's entries written once."""
            if prev:
                return str(generate(prev))
            entries, index.entries = index.entries, []
            try:
                empty = str(generate(None))
            finally:
                index.entries = entries
            if not empty.endswith(',"docs":[]}'):
                return str(generate(None))
            return empty[:-2] + ",".join(state.written for state in states if state.written) + "]}"

        index.generate_search_index = written

    def live(self) -> Live | None:
        """The objects the build worked on, once it is done; None when a plugin stood in the
        way of seeing them."""
        from mkdocs.structure.files import InclusionLevel

        if self.config is None or self.built is None or self.nav is None or self.env is None:
            return None
        pages = list(self.built.documentation_pages(inclusion=InclusionLevel.is_in_serve))
        if any(file.page is None for file in pages):
            return None
        dates = frozenset(file.page.update_date for file in pages if file.page is not None)
        live = Live(self.config, self.built, self.nav, self.env, pages, dates, self)
        live.keep_plugins()
        return live

    def again(self, config: MkDocsConfig) -> None:
        """Make ready to record the pages built again on the objects of the last build: the
        search index empty and its settings as the search plugin made them."""
        self.order, self.marked = [], 0
        index = self.search_index(config)
        if index is not None:
            index.entries = []
            if self.index_settings is not None:
                index.config = self.index_settings
            index.__dict__.pop("generate_search_index", None)  # given by `on_post_build`


class RecorderLast(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """The recorder's part that runs after every other plugin's page events (MkDocs takes one
    method per event from each plugin)."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    @event_priority(LAST)
    def on_files(self, files: Files, /, **kwargs: Any) -> Files:
        self.recorder.files = frozenset(file.src_uri for file in files)
        self.recorder.built = files
        return files

    @event_priority(LAST)
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, **kwargs: Any) -> Environment:
        self.recorder.env, self.recorder.config = env, config
        return env

    @event_priority(LAST)
    def on_page_markdown(self, markdown: str, /, *, page: Page, **kwargs: Any) -> str:
        if not self.recorder.replaying:
            self.recorder.pages[page.file.src_uri].markdown = markdown
        return markdown

    @event_priority(LAST)
    def on_page_content(self, html: str, /, *, page: Page, **kwargs: Any) -> str:
        if not self.recorder.replaying:
            state = self.recorder.pages[page.file.src_uri]
            state.content, state.title = html, page.title
        return html


def copy_toc(toc: Any) -> Any:
    """A copy of a page's table of contents that the tags plugin may change (it adds a
    listing's tags to it): MkDocs' own classes copied by hand, ten times as fast as deepcopy."""
    from mkdocs.structure.toc import AnchorLink, TableOfContents

    def link(item: AnchorLink) -> AnchorLink:
        new = object.__new__(AnchorLink)
        new.__dict__.update(item.__dict__)
        new.children = [link(child) for child in item.children]
        return new

    if type(toc) is not TableOfContents or any(type(item) is not AnchorLink for item in toc.items):
        return copy.deepcopy(toc)
    new = object.__new__(TableOfContents)
    new.__dict__.update(toc.__dict__)
    new.items = [link(item) for item in toc.items]
    return new
