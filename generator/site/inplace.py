"""Building changed pages again on the objects the last build left, for the live preview.

Even when only one page is converted again (`incremental.build_pages`), a rebuild of a large
site goes through every step of MkDocs' build: it loads the configuration, lists the files,
makes the nav and a `Page` for every page, runs the plugins' page events again for every
unchanged page (so that the tags plugin sees every page's tags), renders the theme's own
pages (404, sitemap) and populates the tags listings. Most of that gives what the last build
gave. The last build's objects are kept (`record.Live`: the configuration with its plugins and
what they hold, the files, the nav with its pages, the theme's environment), and when an edit
changes only the text of existing pages, `rebuild_in_place`:

- reads, converts and renders each changed page on its `Page` of the last build, left first as
  MkDocs makes a page before reading it, with the plugins' page events, as MkDocs'
  `_populate_page` and `_build_page` do;
- writes those pages and the search index (the kept entries of the other pages and the new
  ones of the changed pages, as `record.Recorder` writes it), and copies changed files that
  are not pages;
- leaves every other file as it is: the other pages, the tags listing, 404.html and the sitemap
  show nothing of the changed pages that could have changed.

What the plugins keep between page events allows it. Material's tags plugin keeps each page's
tags by the page's URL (`MappingManager.add` puts the page's new mapping in the old one's
place) and the listings as a set of the listing pages' markers, which reading a listing page
again would add twice; its `on_env` fills the listings, which would get every page again.
So `on_env` is not run again; a changed page with a listing, or whose Markdown a plugin
changes, is not built in place; and a changed page's title and tags must stay as they were
(the listing shows them), as its title and front matter must for a page in the nav
(`incremental.shown_elsewhere`). The search plugin's index is emptied first (`Recorder.again`)
and gets the changed pages' entries. MkDocs gives each configuration it loads in the process
(every edition's) the same instance of these two plugins, and the next edition's build gives
them its settings and state: each edition's are given back to them first (`Live.resume_plugins`).

Checks that need nothing of the build to be changed raise `NotInPlace` before anything is (the
preview then tries `incremental.build_pages`): a plugin other than search and tags, extra
templates, a changed file that is not one of the site's pages or files, a page with a listing,
a new day (each page's update date, in the sitemap, is the day its `Page` was made). Once a
page has been read again,
`incremental.Fallback` says that only a full build can be sure, and the kept objects are
dropped; so are they after any error.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from .chunks import Outcome, Parts, index_page, render_page
from .incremental import Fallback, Kept, shown_elsewhere
from .record import Live, Recorder, RecorderLast

if TYPE_CHECKING:
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

SEARCH, TAGS = "material.plugins.search.plugin.SearchPlugin", "material.plugins.tags.plugin.TagsPlugin"


class NotInPlace(Exception):  # noqa: N818 - not an error: the reason to build another way
    """The objects of the last build cannot give the result; nothing of them was changed."""


def _kind(plugin: object) -> str:
    return f"{type(plugin).__module__}.{type(plugin).__qualname__}"


def _changed_files(live: Live, kept: Kept, changed: set[str]) -> list[File]:
    """The files of `changed`, in the order MkDocs builds them, once sure that they can be
    built again on the objects of `live`; raises NotInPlace otherwise."""
    from mkdocs.structure.files import InclusionLevel
    from mkdocs.utils import get_build_date

    config = live.config
    for name, plugin in config.plugins.items():
        if _kind(plugin) not in (SEARCH, TAGS) and not isinstance(plugin, (Recorder, RecorderLast)) \
                and not getattr(plugin, "in_place_safe", False):
            raise NotInPlace(f"the {name} plugin is in use")
    if live.dates != {get_build_date()}:
        raise NotInPlace("the date changed, and the sitemap shows the day each page was read")
    if config.extra_templates:
        raise NotInPlace("extra templates may show any page")
    index = Recorder.search_index(config)
    if any(_kind(plugin) == SEARCH for plugin in config.plugins.values()) and not (
            isinstance(getattr(index, "entries", None), list)
            and isinstance(getattr(index, "config", None), dict)):
        raise NotInPlace("the search plugin keeps its index in another way than expected")
    listings: set[str] = set()
    for plugin in config.plugins.values():
        if _kind(plugin) == TAGS and getattr(plugin, "listings", None) is not None:
            listings.update(listing.page.file.src_uri for listing in plugin.listings)
    pages = {file.src_uri for file in live.pages}
    by_uri = live.files.src_uris
    found = []
    for uri in sorted(changed):
        file = by_uri.get(uri)
        if file is None:
            raise NotInPlace(f"{uri} is not part of the site")
        if not file.is_documentation_page():
            if InclusionLevel.is_in_serve(file.inclusion):  # type: ignore[no-untyped-call]
                found.append(file)
            continue
        state = kept.pages.get(uri)
        if uri not in pages or state is None:
            raise NotInPlace(f"{uri} was not built before")
        if uri in listings or state.markdown != state.source:
            raise NotInPlace(f"a plugin changes the Markdown of {uri} (a tags listing)")
    return found + [file for file in live.pages if file.src_uri in changed]


def _as_new(page: Page) -> None:
    """Leave `page` as MkDocs makes a page before reading it (`Page.__init__`)."""
    page.markdown, page.content, page.meta = None, None, {}
    page.toc = []  # type: ignore[assignment]
    page._title_from_render = None
    page.__dict__.pop("present_anchor_ids", None)  # back to the class's None
    page.__dict__.pop("links_to_anchors", None)


def rebuild_in_place(live: Live, kept: Kept, changed: set[str],
                     ) -> tuple[dict[str, Parts], dict[str, Callable[[], Parts]]]:
    """MkDocs' build of the `changed` files alone, on the objects of the last build; return
    what is kept of the long pages' parts (`chunks`). Raises NotInPlace before anything is
    changed, and Fallback (then the objects of `live` are not to be used again) before
    anything is written, when the result could differ from a full build's."""
    from mkdocs.commands.build import _build_page, _populate_page

    live.resume_plugins()
    files = _changed_files(live, kept, changed)
    config, recorder = live.config, live.recorder
    pages = [file for file in files if file.is_documentation_page()]
    order = recorder.order
    outcomes: dict[str, Outcome] = {}
    try:
        recorder.again(config)
        for file in pages:
            page, uri = file.page, file.src_uri
            assert page is not None
            old = kept.pages[uri]
            _as_new(page)
            outcome = outcomes[uri] = Outcome()
            page.render = functools.partial(  # type: ignore[method-assign]
                render_page, page, before=kept.parts.get(uri), outcome=outcome)
            try:
                _populate_page(page, config, live.files)
            finally:
                del page.render
            new = recorder.pages[uri]
            shown_elsewhere(uri, old, new, kept.listed)
            if new.markdown != new.source:
                raise Fallback(f"a plugin changed the Markdown of {uri} (a new tags listing)")
        for file in files:
            if not file.is_documentation_page():
                file.copy_file()
        index = Recorder.search_index(config)
        for file in pages:
            assert file.page is not None
            excluded = file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
            index_page(file.page, index, outcomes[file.src_uri], functools.partial(
                _build_page, file.page, config, live.pages, live.nav, live.env, excluded=excluded))
        recorder.order = order  # every page, the changed ones' entries new
        for file in pages:
            assert file.page is not None
            file.page.validate_anchor_links(files=live.files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
        live.keep_plugins()
    except Fallback:
        raise
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        raise
    parts = {uri: parts for uri, parts in kept.parts.items() if uri not in changed}
    parts.update({uri: o.parts for uri, o in outcomes.items() if o.parts is not None})
    return parts, {uri: o.later for uri, o in outcomes.items() if o.later is not None}
