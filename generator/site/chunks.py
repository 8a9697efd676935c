"""Converting a long page again part by part, for the live preview.

A long generated page (the glossary of a large explainer holds thousands of sections) takes
most of a one-page rebuild to convert and to index for search, although an edit changes one
section of it. `split` cuts its Markdown before headings (at some of them, chosen by the
heading's own text, so that an edit moves no cut beyond the next such heading, and at the
first one after a long stretch); each part is converted on its own
(`convert`, as MkDocs' `Page.render` converts a page) and kept, by its text.

A page is converted by parts only once the parts of an earlier version of it gave exactly what
the whole page gave (HTML, table of contents, title, anchors, links, search entries:
`Parts.check`, worked out once the browsers have the page, `preview.Site.tidy`), and only
while nothing in it can reach across a cut: the Markdown extensions are known ones that work
block by block, the page has no reference definitions and no table of contents marker, a
part not seen before holds no HTML and no fenced code, and no two parts hold the same anchor
(the table of contents makes a heading's anchor unique among the page's). Otherwise the page
is converted whole, as MkDocs does.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

MIN_SIZE = 32_000  # characters of Markdown; shorter pages are converted whole
SPREAD = 8  # about one heading in this many starts a part
LONG = 8_000  # and any heading after this many characters of a part
BLOCKWISE = {"admonition", "attr_list", "md_in_html", "tables", "toc", "fenced_code"}
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]*\]:", re.M)
_REACHING = re.compile(r"<|^ {0,3}(?:```|~~~)", re.M)  # HTML, fenced code
PRIMER = '<h1 id="-"></h1>'  # a heading before a part's own, for the search index's parser
_ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")


def split(text: str) -> list[str]:
    """`text` in parts, each but the first starting with a heading after a blank line; the
    parts joined give `text` back."""
    parts, start, blank, offset = [], 0, True, 0
    for line in text.splitlines(keepends=True):
        if blank and offset > start and _HEADING.match(line) and (
                offset - start >= LONG or zlib.crc32(line.rstrip().encode()) % SPREAD == 0):
            parts.append(text[start:offset])
            start = offset
        blank = not line.strip()
        offset += len(line)
    parts.append(text[start:])
    return parts


def _flat(tokens: list[Any]) -> list[dict[str, Any]]:
    """The table of contents' tokens in page order, without their nesting."""
    found = []
    for token in tokens:
        found.append({k: v for k, v in token.items() if k != "children"})
        found += _flat(token.get("children", []))
    return found


@dataclass
class Part:
    """What converting one part gave."""

    html: str
    toc: list[dict[str, Any]]  # its headings' tokens, not nested
    title: str | None
    anchors: set[str]
    ids: frozenset[str]  # every id="..." in its HTML
    links: dict[str, dict[str, str]]  # target src_uri -> links
    entries: list[dict[str, Any]] | None = None  # its search entries, once worked out
    first: bool = False  # whether they are the entries of the page's first part


def convert(text: str, file: File, files: Files, config: MkDocsConfig) -> Part:
    """Convert `text` as MkDocs' `Page.render` converts a page's Markdown."""
    import logging

    import markdown
    from mkdocs.structure import pages

    md = markdown.Markdown(extensions=config["markdown_extensions"],
                           extension_configs=config["mdx_configs"] or {})
    raw = pages._RawHTMLPreprocessor()
    raw._register(md)
    anchors = pages._ExtractAnchorsTreeprocessor(file, files, config)
    anchors._register(md)
    relative = pages._RelativePathTreeprocessor(file, files, config)
    relative._register(md)
    title = pages._ExtractTitleTreeprocessor()
    title._register(md)
    html = md.convert(text)
    links = {}
    if pages.log.getEffectiveLevel() > logging.DEBUG:
        links = {target.src_uri: dict(found) for target, found in relative.links_to_anchors.items()}
    ids = frozenset(next(g for g in match.groups() if g is not None) for match in _ID.finditer(html))
    return Part(html, _flat(getattr(md, "toc_tokens", [])), title.title,
                anchors.present_anchor_ids | raw.present_anchor_ids, ids, links)


def _toc(tokens: list[dict[str, Any]]) -> Any:
    from markdown.extensions.toc import nest_toc_tokens
    from mkdocs.structure.toc import get_toc

    copies: Any = [dict(token) for token in tokens]  # nesting changes them
    return get_toc(nest_toc_tokens(copies))


def toc_shape(toc: Any) -> Any:
    """A table of contents as plain values, to compare two."""
    return [(item.title, item.id, item.level, toc_shape(item.children)) for item in toc]


def blockwise(config: MkDocsConfig, text: str) -> bool:
    """Whether pages of this configuration, and this page, may be converted by parts at all."""
    names = {ext if isinstance(ext, str) else "" for ext in config["markdown_extensions"]}
    marker = (config["mdx_configs"] or {}).get("toc", {}).get("marker", "[TOC]")
    return (len(text) >= MIN_SIZE and names <= BLOCKWISE and not _REFERENCE.search(text)
            and not (marker and marker in text))


@dataclass
class Parts:
    """The parts of a page's last version, each as converted, and how they were indexed."""

    parts: dict[str, Part] = field(default_factory=dict)
    search: Any = None  # the page's url, title and front matter the entries were made with

    def join(self, texts: list[str], page: Page, files: Files, config: MkDocsConfig) -> bool:
        """Give `page` what converting the parts `texts` gives, the ones kept or new; False
        (and `page` left as it was) when that might not be what converting it whole gives."""
        if len(set(texts)) != len(texts):
            return False
        found = []
        for text in texts:
            part = self.parts.get(text)
            if part is None:
                if _REACHING.search(text):
                    return False
                part = convert(text, page.file, files, config)
            found.append(part)
        ids = [part.ids for part in found]
        if sum(map(len, ids)) != len(frozenset().union(*ids)):
            return False
        links: dict[File, dict[str, str]] = {}
        for part in found:
            for uri, targets in part.links.items():
                target = files.get_file_from_path(uri)
                if target is None:
                    return False
                into = links.setdefault(target, {})
                for anchor, link in targets.items():
                    into.setdefault(anchor, link)
        page.content = "\n".join(part.html for part in found)
        page.toc = _toc([token for part in found for token in part.toc])
        page._title_from_render = found[0].title
        page.present_anchor_ids = set().union(*(part.anchors for part in found))
        page.links_to_anchors = links
        self.parts = dict(zip(texts, found, strict=True))
        return True

    def check(self, texts: list[str], whole: Whole, file: File, files: Files,
              config: MkDocsConfig) -> Parts:
        """Convert each of `texts` on its own: whether that gives what converting the page
        `whole` gave (then keep the parts)."""
        found = [convert(text, file, files, config) for text in texts]
        ids = [part.ids for part in found]
        same = (
            len(set(texts)) == len(texts)
            and "\n".join(part.html for part in found) == whole.content
            and toc_shape(_toc([token for part in found for token in part.toc])) == whole.toc
            and found[0].title == whole.title
            and set().union(*(part.anchors for part in found)) == whole.anchors
            and sum(map(len, ids)) == len(frozenset().union(*ids))
        )
        self.parts = dict(zip(texts, found, strict=True)) if same else {}
        return self


@dataclass
class Whole:
    """What converting a page whole gave."""

    content: str
    toc: Any  # its shape (`toc_shape`)
    title: str | None
    anchors: set[str]


def search_key(page: Page) -> Any:
    return (page.url, page.title, repr(page.meta))


def part_entries(index: Any, part: Part, page: Page, first: bool) -> list[dict[str, Any]]:
    """The search entries Material's index gives the part of `page`, as `add_entry_from_context`
    makes them for the whole page; a part after the first one starts with a heading, which
    the index's parser sees after others (`PRIMER`)."""
    import sys

    if part.entries is None or part.first != first:
        alone = type(index)(**index.config)
        search = page.meta.get("search") or {}
        if not search.get("exclude"):
            parser = sys.modules[type(index).__module__].Parser()
            if not first:
                parser.feed(PRIMER)
            parser.feed(part.html)
            parser.close()
            toc = _toc(part.toc)
            for section in parser.data[0 if first else 1:]:
                if not section.is_excluded():
                    alone.create_entry_for_section(section, toc, page.url, page)
        part.entries, part.first = alone.entries, first
    return [dict(entry) for entry in part.entries]


@dataclass
class Outcome:
    """How a changed page was converted: by `parts` (then `joined`), or whole."""

    parts: Parts | None = None
    joined: bool = False
    later: Callable[[], Parts] | None = None  # sees whether its parts give the same, when called


def render_page(page: Page, config: MkDocsConfig, files: Files, before: Parts | None,
           outcome: Outcome) -> None:
    """Convert `page` as `Page.render` does: by parts when the parts of its last version are
    `before` and that gives the same; otherwise whole, leaving in `outcome.later` the work
    that sees whether its parts give what it gave, for next time."""
    from mkdocs.structure.pages import Page

    text = page.markdown or ""
    if not blockwise(config, text):
        Page.render(page, config, files)
        return
    texts = split(text)
    if before is not None and not before.parts:  # its parts did not give what it gave
        Page.render(page, config, files)
        outcome.parts = before
        return
    if before is not None:
        parts = Parts(dict(before.parts), before.search)
        if parts.join(texts, page, files, config):
            outcome.parts, outcome.joined = parts, True
            return
    Page.render(page, config, files)
    whole = Whole(page.content or "", toc_shape(page.toc), page._title_from_render,
                  set(page.present_anchor_ids or ()))
    outcome.later = functools.partial(Parts().check, texts, whole, page.file, files, config)


def index_page(page: Page, index: Any, outcome: Outcome, build: Any) -> None:
    """Run `build` (which indexes `page` for search with `index`), with the search entries of
    the page's parts when they were found to be the page's; see whether they are, otherwise."""
    parts, check = outcome.parts, outcome.later
    if check is not None and index is not None:
        start = len(index.entries)
        build()
        made, key = index.entries[start:], search_key(page)

        def later() -> Parts:
            parts = check()
            if parts.parts:
                parts.search = key if _entries(index, parts, page) == made else None
            return parts

        outcome.later = later
        return
    if parts is None or not parts.parts or index is None:
        build()
        return
    key = search_key(page)
    if outcome.joined and parts.search == key \
            and page.content == "\n".join(part.html for part in parts.parts.values()):
        entries = _entries(index, parts, page)
        index.add_entry_from_context = lambda _page: index.entries.extend(entries)
        try:
            build()
        finally:
            del index.add_entry_from_context
        return
    start = len(index.entries)
    build()
    made = index.entries[start:]
    for part in parts.parts.values():
        part.entries = None
    entries = _entries(index, parts, page)
    parts.search = key if entries == made else None


def _entries(index: Any, parts: Parts, page: Page) -> list[dict[str, Any]]:
    return [entry for number, part in enumerate(parts.parts.values())
            for entry in part_entries(index, part, page, number == 0)]
