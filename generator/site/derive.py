"""The offline copy made from the built site, instead of a second MkDocs build.

Material's `offline` plugin changes three things in a build: pages are written as files
(`people/x.html`, linked as `x.html`) instead of folders (`people/x/index.html`, linked as
`../x/`), every page loads the iframe-worker shim as a polyfill, and the search index is
also written as a script (`search/search_index.js`). `derive` does the same to the pages of
a site already built for the web, so that the offline copy costs a rewrite of its pages
rather than a whole build:

- every page moves to its file address, and every relative `href` and `src` in it (nav,
  content, header, `<link>`, `<script>`, tags listings) is written again as MkDocs writes it
  for a site of files: the target resolved from the page's old address, mapped to its new
  address when it is a page, and made relative to the page's new address;
- the values that Material and explainer's theme override build from `base_url` (the `base`
  and `search` of Material's `__config`, `__md_scope`, the language switcher's links and
  `hreflang` alternates) are built again from the new `base_url`, and the canonical address
  from the page's new address; the 404 page, whose addresses are absolute, keeps them
  absolute;
- the shim's script tag goes where Material's `libs` block puts a polyfill;
- the search index's `location`s become file addresses, and the index is written again in
  the form `improve_search_index` writes it, and as the script the plugin writes (the plugin
  copies the index before `improve_search_index` runs, which then rewrites both: the script
  holds the improved index either way).

The derived copy has the same bytes as one built with the plugin: tests/site/
test_derive.py builds both and compares every file, for this repository's explainer (two
editions, with and without a `site_url`), the fixture with hostile text, a new project, and
a project with `use_directory_urls: false` (whose site already has the offline layout: the
derivation only adds the polyfill and the index script). One kind of difference cannot be
excluded without a build, so the derivation does not run where it could arise: MkDocs leaves
a link written as raw HTML in a page's Markdown as it is, in both kinds of build, while the
derivation would rewrite it (a link that would break offline would then work, but the bytes
would differ). A project whose pages hold such a link, other than the plain relative links
of home pages (whose folder stays the same), is built offline by MkDocs.

`unsure` says why a configuration cannot be derived: a theme other than Material, plugins
or theme features that may change a page with its address, web fonts, extra polyfills,
theme overrides other than explainer's own, raw HTML links. `derive` itself raises `Unsure`
on any page that is not of the expected form; the caller then builds the offline copy with
MkDocs ("when in doubt, build").
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .searchindex import INDEX, INDEX_SCRIPT

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

SHIM = "assets/javascripts/iframe-worker/shim.js"
_OVERRIDES = Path(__file__).resolve().parents[1] / "example" / "overrides"
# Plugins that write the same page whatever its address (beyond the links rewritten here).
_PLUGINS = {"search", "material/search", "tags", "material/tags", "offline", "material/offline"}
# Theme features that only switch behaviour in the browser, or choose which nav links a
# page shows (written by the `url` filter, like every other link).
_FEATURES = {"navigation.top", "search.highlight", "search.suggest", "search.share",
             "content.code.copy", "navigation.footer", "toc.follow", "navigation.tracking",
             "navigation.sections", "navigation.expand", "navigation.tabs", "header.autohide"}
# A relative address in an HTML tag written in Markdown, which MkDocs leaves as it is.
_RAW_URL = re.compile(r"""<[a-zA-Z][^>]*?\s(?:href|src)\s*=\s*(?!["']?(?:[a-z][a-z0-9+.-]*:|/|#))"""
                      r"""(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_TOKEN = re.compile(r"<script\b[^>]*>.*?</script>|<style\b[^>]*>.*?</style>|<!--.*?-->"
                    r'|<[a-zA-Z][^>]*?\s(?:href|src|content)="[^>]*>', re.DOTALL | re.IGNORECASE)
_ATTR = re.compile(r'(\s)(href|src|content)="([^"]*)"')
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)
_SCOPE = re.compile(r'__md_scope=new URL\("([^"]*)",location\)')
_LIBS = re.compile(r'(\n      )(\n    \n    \n      \n    \n    (?:\n      <link rel="stylesheet"'
                   r' href="[^"]*">\n    )*\n    <script>__md_scope=)')


class Unsure(Exception):
    """The offline copy cannot be derived with certainty: build it with MkDocs."""


@dataclass
class Edition:
    """What the derivation needs to know of one edition's build: where it lies in the site,
    its pages' addresses in both layouts, and the addresses that are not relative."""

    prefix: str  # "" or "LANG/"
    pages: dict[str, str] = field(default_factory=dict)  # dest in folders -> dest as files
    urls: dict[str, str] = field(default_factory=dict)  # page.url in folders -> as files
    moves: list[tuple[str, str, str, str]] = field(default_factory=list)  # both, both
    site_url: str = ""
    error_base: str = "/"  # the base of the 404 page's absolute addresses


def unsure(config: MkDocsConfig, root: Path) -> str | None:
    """Why this configuration's offline copy cannot be derived from its site, if it cannot."""
    theme = config.theme
    if theme.name != "material":
        return f"the theme is {theme.name}, not material"
    if not config.use_directory_urls:
        return None  # the site is already laid out for offline use: see `reusable`
    extra = sorted(set(config.plugins) - _PLUGINS)
    if extra:
        return f"the plugin {extra[0]} may change a page with its address"
    features = sorted(set(theme.get("features") or []) - _FEATURES)
    if features:
        return f"the theme feature {features[0]} may change a page with its address"
    if theme.get("font") is not False:
        return "the theme loads web fonts"
    if config.extra.get("polyfills") or config.extra.get("alternate") or config.extra.get("scope"):
        return "extra polyfills, alternate or scope are set"
    if config.theme.custom_dir:
        custom = Path(config.theme.custom_dir)
        for path in sorted(custom.rglob("*")):
            known = _OVERRIDES / path.relative_to(custom)
            if path.is_file() and (not known.is_file() or known.read_bytes() != path.read_bytes()):
                return f"the theme override {path.name} is not explainer's own"
    for page in sorted(Path(config.docs_dir).rglob("*.md")):
        index = page.name in ("index.md", "README.md")  # keeps its folder, offline too
        for match in _RAW_URL.finditer(page.read_text(encoding="utf-8", errors="replace")):
            link = re.split("[?#]", next(v for v in match.groups() if v is not None))[0]
            if not link:
                continue
            kept = index and link == posixpath.normpath(link) and link not in (".", "..")
            if not kept or link.endswith("/"):
                return f"{page.relative_to(root)} links in raw HTML"
    return None


def edition(config: MkDocsConfig, prefix: str) -> Edition:
    """The pages of a built edition, in both layouts, from MkDocs' own view of its files."""
    from mkdocs.structure.files import File, get_files

    found = Edition(prefix, site_url=config.site_url or "",
                    error_base=urlsplit(config.site_url or "/").path)
    for file in get_files(config).documentation_pages():
        as_file = File(file.src_uri, config.docs_dir, config.site_dir, use_directory_urls=False)
        if file.dest_uri == "404.html":
            raise Unsure("a page of the docs is the 404 page")
        old_url = "" if file.url in (".", "./") else file.url
        found.pages[file.dest_uri] = as_file.dest_uri
        found.urls[old_url] = as_file.url
        found.moves.append((file.dest_uri, as_file.dest_uri, old_url, as_file.url))
    return found


def _base(url: str) -> str:
    from mkdocs.utils import get_relative_url

    return get_relative_url(".", url)


class _Site:
    """The addresses of every edition's pages, in the whole site, in both layouts."""

    def __init__(self, editions: list[Edition]) -> None:
        self.dirs = {e.prefix + k: e.prefix + v for e in editions for k, v in e.urls.items()}
        self.files = {e.prefix + k: e.prefix + v for e in editions for k, v in e.pages.items()}


class _Page:
    """One page being rewritten: its addresses in the site (with the edition's prefix) and
    in its edition, before and after."""

    def __init__(self, site: _Site, ed: Edition, old: str, new: str) -> None:
        self.ed, self.old, self.new = ed, old, new
        self.site_old, self.site_new = ed.prefix + old, ed.prefix + new
        self.dirs, self.files = site.dirs, site.files
        self.done: dict[str, str] = {}

    def target(self, site_path: str, folder: bool) -> str:
        """The new site address of what `site_path` (normalised, no slash) named."""
        if site_path in (".", ""):
            site_path = ""
        key = site_path + "/" if site_path else ""
        if folder or site_path == "" or key in self.dirs:
            if key in self.dirs:
                return self.dirs[key]
            return key
        return self.files.get(site_path, site_path)

    def relative(self, url: str) -> str:
        found = self.done.get(url)
        if found is None:
            found = self.done[url] = self._relative(url)
        return found

    def _relative(self, url: str) -> str:
        from mkdocs.utils import get_relative_url

        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("/") or not parts.path:
            return url
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(self.site_old) if
                                                   not self.site_old.endswith("/") else
                                                   self.site_old, parts.path))
        if joined.startswith(".."):
            raise Unsure(f"{self.site_old}: {url} leaves the site")
        target = self.target(joined, parts.path.endswith("/"))
        rest = url[len(parts.path):]
        return get_relative_url(target, self.site_new) + rest

    def absolute(self, url: str) -> str:
        """An address of the 404 page, absolute from the edition's base."""
        base = self.ed.error_base
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith(base):
            return url
        path = parts.path[len(base):]
        rest = url[len(parts.path):]
        key = "" if path in ("", ".") else path
        if key in self.ed.urls:
            return base + self.ed.urls[key] + rest
        return url

    def alternate(self, url: str) -> str:
        """A link that explainer's override builds as base_url/PREFIX/page.url."""
        start, end = _base(self.old) + "/", self.old
        if not url.startswith(start) or not url.endswith(end):
            raise Unsure(f"{self.site_old}: unexpected alternate {url}")
        middle = url[len(start):len(url) - len(end)]
        return _base(self.new) + "/" + middle + self.new


def _rewrite_tag(tag: str, page: _Page, error: bool) -> str:
    lower = tag.lower()
    alternate = "hreflang=" in lower and (lower.startswith("<a ") or 'rel="alternate"' in lower)
    canonical = 'rel="canonical"' in lower or 'property="og:url"' in lower

    def one(match: re.Match[str]) -> str:
        space, name, value = match.groups()
        if name == "content" and not canonical:
            return match.group()
        if canonical:
            if not page.ed.site_url or not value.startswith(page.ed.site_url):
                raise Unsure(f"{page.site_old}: unexpected canonical address {value}")
            new = page.ed.site_url + page.new
        elif error:
            new = page.absolute(value)
        elif alternate and name == "href":
            new = page.alternate(value)
        else:
            new = page.relative(value)
        return f'{space}{name}="{new}"'

    return _ATTR.sub(one, tag)


def _rewrite_config(script: str, page: _Page, error: bool) -> str:
    match = _CONFIG.fullmatch(script)
    if match is None:
        raise Unsure(f"{page.site_old}: unexpected __config")
    head, body, tail = match.groups()
    data = json.loads(body)
    if not error:
        if data.get("base") != _base(page.old):
            raise Unsure(f"{page.site_old}: unexpected base {data.get('base')}")
        data["base"] = _base(page.new)
        data["search"] = page.relative(data["search"])
    if _json(json.loads(body)) != body:
        raise Unsure(f"{page.site_old}: __config is not in Jinja's form")
    return head + _json(data) + tail


def _json(data: Any) -> str:
    """JSON as Jinja's `tojson` filter writes it in Material's templates."""
    from jinja2.utils import htmlsafe_json_dumps

    return str(htmlsafe_json_dumps(data, dumps=json.dumps, sort_keys=True))


def rewrite(html: str, page: _Page, error: bool = False) -> str:
    """The page `html`, written for its new address."""
    out: list[str] = []
    last = 0
    for match in _TOKEN.finditer(html):
        token = match.group()
        out.append(html[last:match.start()])
        last = match.end()
        if token.startswith("<!--"):
            out.append(token)
        elif token.startswith('<script id="__config"'):
            out.append(_rewrite_config(token, page, error))
        elif token.lower().startswith(("<script", "<style")):
            close = token.index(">") + 1
            body = token[close:]
            if token.startswith("<script>__md_scope=") and not error:
                scope = _SCOPE.match(body, 0)
                if scope is None or scope.group(1) != _base(page.old):
                    raise Unsure(f"{page.site_old}: unexpected __md_scope")
                body = f'__md_scope=new URL("{_base(page.new)}",location)' + body[scope.end():]
            out.append(_rewrite_tag(token[:close], page, error) + body)
        else:
            out.append(_rewrite_tag(token, page, error))
    out.append(html[last:])
    result = "".join(out)
    shim = (page.ed.error_base + SHIM) if error else _relative_shim(page)
    found = _LIBS.search(result)
    if found is None or _LIBS.search(result, found.end()) is not None:
        raise Unsure(f"{page.site_old}: no single place for the polyfill")
    return (result[:found.end(1)] + f'\n        <script src="{shim}"></script>\n      '
            + result[found.end(1):])


def _relative_shim(page: _Page) -> str:
    from mkdocs.utils import get_relative_url

    return get_relative_url(SHIM, page.new)


def _index(site: Path, ed: Edition) -> None:
    path = site / ed.prefix / INDEX
    if not path.is_file():
        return
    index: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        location, hash_, fragment = doc["location"].partition("#")
        if location not in ed.urls:
            raise Unsure(f"{ed.prefix}{INDEX}: unknown location {doc['location']}")
        doc["location"] = ed.urls[location] + hash_ + fragment
    data = json.dumps(index, separators=(",", ":"))
    path.write_text(data, encoding="utf-8")
    (site / ed.prefix / INDEX_SCRIPT).write_text(f"var __index = {data}", encoding="utf-8")


Job = tuple[int, str, str, str, str]  # edition, page's dest and url before, after


def jobs(editions: list[Edition]) -> list[Job]:
    """The pages to rewrite, 404 pages (`url` None) included, in the order of the site."""
    found: list[Job] = []
    for number, ed in enumerate(editions):
        found.extend((number, *move) for move in ed.moves)
        found.append((number, "404.html", "404.html", "", ""))
    return found


def copy_files(hosted: Path, target: Path, editions: list[Edition]) -> None:
    """Copy into `target` every file of the site in `hosted` that is not a page."""
    skipped = {e.prefix + old for e in editions for old in e.pages} | {
        f"{e.prefix}404.html" for e in editions}
    for folder, dirs, files in os.walk(hosted):
        dirs.sort()
        rel = Path(folder).relative_to(hosted)
        for name in sorted(files):
            if (rel / name).as_posix() in skipped:
                continue
            (target / rel).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(folder) / name, target / rel / name)


def write_pages(hosted: Path, target: Path, editions: list[Edition],
                chosen: list[Job]) -> dict[Job, list[str]]:
    """Rewrite the `chosen` pages of `hosted` into `target`; for each, the addresses on the
    internet of the files the rewritten page would load (`offline.page_resources`)."""
    from .offline import page_resources

    site = _Site(editions)
    remote: dict[Job, list[str]] = {}
    for job in chosen:
        number, old_dest, new_dest, old_url, new_url = job
        ed = editions[number]
        source = hosted / ed.prefix / old_dest
        error = old_dest == "404.html"
        if error and not source.is_file():
            continue
        page = _Page(site, ed, old_url, new_url) if not error else _Page(site, ed, "404.html",
                                                                        "404.html")
        html = rewrite(source.read_text(encoding="utf-8"), page, error=error)
        out = target / ed.prefix / new_dest
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
        remote[job] = page_resources(html)
    return remote


def found(editions: list[Edition], remote: dict[Job, list[str]]) -> list[tuple[str, str]]:
    """(page, address) for every file from the internet that the rewritten pages load, in
    the order of the site."""
    return [(f"{editions[job[0]].prefix}{job[2]}", url) for job in jobs(editions)
            for url in remote.get(job, ())]


def write_indexes(target: Path, editions: list[Edition]) -> None:
    """The search index of each edition, with file addresses, also as a script."""
    for ed in editions:
        _index(target, ed)


def derive(hosted: Path, target: Path, editions: list[Edition]) -> list[tuple[str, str]]:
    """Write into `target` the offline layout of the site built in `hosted` (which it leaves
    unchanged), in this process. Raises Unsure when a page is not as expected."""
    copy_files(hosted, target, editions)
    remote = write_pages(hosted, target, editions, jobs(editions))
    write_indexes(target, editions)
    return found(editions, remote)
