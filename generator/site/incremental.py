"""Rebuilding only the pages that changed, for the live preview, with a full build whenever
the shortcut could give a different site.

A full MkDocs build of a large explainer takes seconds, most of it spent turning every page's
Markdown into HTML, rendering every page into the theme and indexing every page for search.
After an edit only a few pages change. The served site's editions (`preview.Edition`) keep,
from one build to the next in the same process, what each page's reading and rendering
produced (its Markdown, front matter, HTML, table of contents, anchors, links) and its search
index entries (`record.Recorder`). When the objects of the last build cannot simply be used
again (`inplace`), as after a change of a tags listing's page, or on a new day, the next build
(`build_pages`):

- is given the files under docs/ whose modification time or size changed since they were read;
- reads and renders those pages as MkDocs does; every other page gets back what it had, and the
  plugins' page events run again for it (so that Material's tags plugin sees every page's tags)
  but its Markdown is not converted again, and its HTML file is left as it is;
- writes the changed pages, the theme's own pages (404, sitemap) and the search index, made of
  the kept entries of unchanged pages and the new entries of changed ones, in page order, with
  the other spellings of their words (`searchindex`), each entry's worked out once.

It raises `Fallback`, before it writes anything, when it cannot be sure of the result: a changed
file is not one of the site's, the site's files or the nav's pages are not the same, a page in
the nav has a new title or front matter (the nav shows the title and reads the front matter,
the pages beside it link to it by title), a page with tags has a new title or new tags (the
tags listing shows them), or a plugin makes something else of an unchanged page than before.
`preview.Edition` then builds the edition in full, as it does the first time, after a change
of its configuration, of the theme overrides or of a watched path, and when a plugin other than
search and tags is in use. The steps follow `build` in mkdocs/commands/build.py and call its
helpers for one page, which is why mkdocs is pinned below 1.7.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .chunks import Outcome, Parts, index_page, render_page
from .record import Live, PageState, Recorder, copy_toc

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

Stats = dict[str, tuple[int, int]]  # a file's modification time and size, by its path
_LISTING = re.compile(r"<!--\s*?material/tags(.*?)\s*-->", re.I | re.S)  # as the tags plugin finds them


class Fallback(Exception):  # noqa: N818 - not an error: the reason for a full build
    """The shortcut cannot be sure of the result; the message says why."""


@dataclass
class Kept:
    """What the last build of an edition left, for the next one."""

    config_digest: bytes
    outside: Stats  # the theme overrides and watched paths
    stats: Stats  # the files under docs/
    files: frozenset[str]  # every file of the build (docs, theme, plugins'), by src_uri
    theme: list[tuple[str, str]]  # the theme's files: src_uri and the folder it is in
    listed: frozenset[str]  # pages in the nav
    pages: dict[str, PageState]
    parts: dict[str, Parts] = field(default_factory=dict)  # long pages, converted by parts
    later: dict[str, Callable[[], Parts]] = field(default_factory=dict)  # `Outcome.later`
    live: Live | None = None  # the objects the build worked on


def shown_elsewhere(uri: str, old: PageState | None, new: PageState, listed: frozenset[str]) -> None:
    """Raise Fallback when what other pages show of page `uri` changed: for a page in the nav,
    its title and front matter (the theme's nav shows its title and reads its front matter,
    the pages beside it link to it by title); for a page with tags, its title and tags (the
    tags listing shows them)."""
    if old is None:
        raise Fallback(f"{uri} was not built before")
    if uri in listed and (old.title, old.meta) != (new.title, new.meta):
        raise Fallback(f"the title or front matter of {uri} changed, and the nav shows them")
    if _LISTING.findall(old.source) != _LISTING.findall(new.source):
        raise Fallback(f"the tags listings of {uri} changed, and the pages with tags link to them")
    tagged = old.meta.get("tags") or new.meta.get("tags")
    if tagged and (old.title, old.meta.get("tags")) != (new.title, new.meta.get("tags")):
        raise Fallback(f"the title or tags of {uri} changed, and the tags listing shows them")


def _restore(page: Page, state: PageState, config: MkDocsConfig, files: Files,
             recorder: Recorder, by_uri: dict[str, File]) -> None:
    """Give an unchanged page what reading and rendering it gave last time, running the
    plugins' page events again around it, as MkDocs' `_populate_page` would."""
    config._current_page = page
    recorder.replaying = True
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.markdown, page.meta = state.source, copy.deepcopy(state.meta)
        markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        if markdown != state.markdown:
            raise Fallback(f"a plugin changed the Markdown of {page.file.src_uri}, which did not change")
        page.markdown = markdown
        # The tags plugin adds a listing's tags to the table of contents of the page, whose
        # Markdown it changed (to mark where the listing goes): other pages' are left as they are.
        page.content = state.rendered
        page.toc = state.toc if markdown == state.source else copy_toc(state.toc)
        page._title_from_render = state.title_from_render
        page.present_anchor_ids = set(state.anchors)
        links = {}
        for uri, found in state.links.items():
            target = by_uri.get(uri)
            if target is None:
                raise Fallback(f"{page.file.src_uri} links to {uri}, which is gone")
            links[target] = dict(found)
        page.links_to_anchors = links
        content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        if content != state.content:
            raise Fallback(f"a plugin changed the HTML of {page.file.src_uri}, which did not change")
        page.content = content
    finally:
        recorder.replaying = False
        config._current_page = None
    recorder.pages[page.file.src_uri] = state


def build_pages(config: MkDocsConfig, kept: Kept, changed: set[str], recorder: Recorder,
                serve_url: str) -> None:
    """MkDocs' build (mkdocs/commands/build.py of 1.6) for the `changed` files only, the other
    pages as `kept`; raises Fallback, before anything is written, when that cannot be right."""
    from mkdocs.commands.build import (
        _build_extra_template,
        _build_page,
        _build_theme_template,
        _populate_page,
    )
    from mkdocs.structure.files import File, InclusionLevel, get_files, set_exclusions  # noqa: F811
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    inclusion = InclusionLevel.is_in_serve
    try:
        config = config.plugins.on_config(config)
        index = Recorder.search_index(config)
        searching = any(type(plugin).__qualname__ == "SearchPlugin" for plugin in config.plugins.values())
        if searching and not (isinstance(getattr(index, "entries", None), list)
                              and isinstance(getattr(index, "config", None), dict)):
            raise Fallback("the search plugin keeps its index in another way than expected")
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        # The theme's files as the last build found them (MkDocs lists every file of the theme
        # to find them): neither the theme nor the files under docs/ changed since.
        for uri, folder in kept.theme:
            if files.get_file_from_path(uri) is None:
                files.append(File(uri, folder, config.site_dir, config.use_directory_urls))
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        if recorder.files != kept.files:
            raise Fallback("the files of the site are not the same")
        if changed - kept.files:
            raise Fallback("a changed file is not part of the site")
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        if recorder.listed != kept.listed:
            raise Fallback("the nav lists other pages")
        by_uri = {file.src_uri: file for file in files}
        outcomes: dict[str, Outcome] = {}
        for file in files.documentation_pages(inclusion=inclusion):
            if file.page is None and file.inclusion.is_not_in_nav():  # type: ignore[no-untyped-call]
                Page(None, file, config)
            assert file.page is not None
            uri = file.src_uri
            if uri not in changed:
                if uri not in kept.pages:
                    raise Fallback(f"{uri} was not built before")
                _restore(file.page, kept.pages[uri], config, files, recorder, by_uri)
                continue
            outcome = outcomes[uri] = Outcome()
            file.page.render = functools.partial(  # type: ignore[method-assign]
                render_page, file.page, before=kept.parts.get(uri), outcome=outcome)
            try:
                _populate_page(file.page, config, files)
            finally:
                del file.page.render
            shown_elsewhere(uri, kept.pages.get(uri), recorder.pages[uri], kept.listed)
        env = config.plugins.on_env(env, config=config, files=files)
        for file in files:
            included = inclusion(file.inclusion)  # type: ignore[no-untyped-call]
            if file.src_uri in changed and not file.is_documentation_page() and included:
                file.copy_file()
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)
        doc_files = files.documentation_pages(inclusion=inclusion)
        rebuilt = [file for file in doc_files if file.src_uri in changed]
        for file in rebuilt:
            assert file.page is not None
            excluded = file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
            index_page(file.page, Recorder.search_index(config), outcomes[file.src_uri], functools.partial(
                _build_page, file.page, config, doc_files, nav, env, excluded=excluded))
        recorder.order = [file.src_uri for file in doc_files]  # on_page_context added the rebuilt
        for file in rebuilt:
            assert file.page is not None
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
        recorder.parts = {uri: parts for uri, parts in kept.parts.items() if uri not in changed}
        recorder.parts.update({uri: o.parts for uri, o in outcomes.items() if o.parts is not None})
        recorder.later = {uri: o.later for uri, o in outcomes.items() if o.later is not None}
    except Fallback:
        raise
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        raise
