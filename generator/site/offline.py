"""The offline copy of a site: opened from `file://` (a USB stick, an unzipped folder) every
page and the search work, and the browser makes no network request at all.

Material's `offline` plugin makes links work from `file://` and puts the search index in a
script, but it loads the `iframe-worker` shim (which runs the search where browsers refuse web
workers from `file://`) from a CDN. Here the shim comes from the npm package `iframe-worker`
(installed by `npm ci` from the tool's package-lock.json) and is copied into the site, which
then loads nothing from anywhere else. What offline readers do not need (source maps, search
languages the site does not use, the sitemap) is left out, and the site is packed into a zip
whose bytes depend only on its content.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import zipfile
from collections.abc import Collection, Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserError
from ..pages import N_, count, gettext
from ..pages import language as rendering_in
from .searchindex import INDEX

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

ZIP_NAME = "site-offline.zip"
DOWNLOAD = "downloads/site-offline.zip"  # where the site itself offers the zip
ZIP_FOLDER = "site-offline"  # the folder that unzipping creates
SHIM = "assets/javascripts/iframe-worker/shim.js"  # where the site serves the shim
_PACKAGE = Path("node_modules", "iframe-worker")
_PACKAGE_SHIM = Path("shim", "index.js")  # what Material would load from the CDN
_TOOL_ROOT = Path(__file__).resolve().parents[2]  # the checkout that holds generator/
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# zlib's default level. A 100x site (52 MB in 2,629 files) packs into 0.6% more bytes than
# at level 9 (10.60 MB against 10.54 MB) in little more than half the time (0.7 s, 1.3 s).
_ZIP_LEVEL = 6
_LUNR = "assets/javascripts/lunr"
_UNNEEDED = ("sitemap.xml", "sitemap.xml.gz")
# The home page's download link, replaced in the zip, which cannot contain itself.
_OFFLINE_CLASS = 'class="ex-offline"'
_DOWNLOAD_LINK = re.compile(r'<p class="ex-offline">.*?</p>', re.DOTALL)
_IN_ZIP = N_("This is the offline copy of the site: every page and the search work without"
            " internet.")
_NO_ZIP = N_("No offline copy of this site is available.")
_PAGE_LANG = re.compile(r'<html lang="([a-z]{2})')


def _note(message: str, page: str) -> str:
    """The paragraph that replaces the download link, in the language of `page`."""
    found = _PAGE_LANG.search(page)
    with rendering_in(found.group(1) if found else "en"):
        return f'<p class="ex-offline">{html.escape(gettext(message), quote=False)}</p>'


def find_iframe_worker(root: Path) -> Path | None:
    """The installed `iframe-worker` package: in the project, or beside the tool."""
    for base in (root, _TOOL_ROOT):
        package = base / _PACKAGE
        if (package / _PACKAGE_SHIM).is_file():
            return package
    return None


def missing_iframe_worker() -> str:
    if (_TOOL_ROOT / "package-lock.json").is_file():
        fix = f"run `npm ci` in {_TOOL_ROOT} (`make install` does it)"
    else:
        fix = "run `npm install iframe-worker` in the project folder"
    return f"the npm package iframe-worker is not installed: {fix}; the offline site's search needs it"


def configure(config: MkDocsConfig) -> None:
    """Make a loaded MkDocs configuration build an offline site."""
    from material.plugins.offline.plugin import OfflinePlugin  # type: ignore[import-untyped]

    for name in ("material/offline", "offline"):
        if name in config.plugins:
            config.plugins[name].config.enabled = True
            break
    else:
        plugin = OfflinePlugin()
        plugin.load_config({})
        config.plugins["material/offline"] = plugin
    # The offline plugin adds the shim from a CDN unless a polyfill already names it.
    polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
    config.extra["polyfills"] = [*polyfills, SHIM]
    config.theme["font"] = False  # never fetch web fonts


def finish(site: Path, package: Path, scanned: Collection[str] = (),
           found: Iterable[tuple[str, str]] = ()) -> None:
    """Complete a freshly built offline site in `site`: add the shim, leave out what offline
    readers do not need, and check that no page loads anything from elsewhere. The files
    named in `scanned` (relative to `site`) were checked already: `found` is what they load
    from elsewhere."""
    add_shim(site, package)
    prune(site)
    remote = [*found, *remote_resources(site, set(scanned))]
    remote.sort(key=lambda item: Path(item[0]).parts)
    report_remote(remote)


def finish_editions(site: Path, package: Path, prefixes: list[str], scanned: Collection[str],
                    found: Iterable[tuple[str, str]]) -> None:
    """`finish` for an offline site of several editions (in `site` and `site/LANG/`), with
    one check of the whole site for files from the internet."""
    for prefix in prefixes:
        add_shim(site / prefix, package)
        prune(site / prefix)
    remote = [*found, *remote_resources(site, set(scanned))]
    remote.sort(key=lambda item: Path(item[0]).parts)
    report_remote(remote)


def add_shim(site: Path, package: Path) -> None:
    target = site / SHIM
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(package / _PACKAGE_SHIM, target)
    if (package / "LICENSE").is_file():
        shutil.copyfile(package / "LICENSE", target.parent / "LICENSE")


def report_remote(remote: list[tuple[str, str]]) -> None:
    """Refuse an offline site whose pages load (page, address) files from the internet."""
    by_url: dict[str, list[str]] = {}
    for page, url in remote:
        by_url.setdefault(url, []).append(page)
    if by_url:
        lines = [f"{url} (loaded by {pages[0]}" + (f" and {count(len(pages) - 1, 'other file')})"
                                                   if len(pages) > 1 else ")")
                 for url, pages in by_url.items()]
        raise UserError("\n".join(lines) + "\nmkdocs.yml: the offline site was not built: its"
                        " pages would load these files from the internet; keep them in docs/"
                        " and link them relatively")


def _needed_lunr(languages: list[str]) -> set[str]:
    """The search-language files Material's search worker loads for `languages`."""
    needed: set[str] = set()
    for language in languages:
        if language == "ja":
            needed.add("tinyseg.js")
        if language in ("hi", "th"):
            needed.add("wordcut.js")
        if language != "en":
            needed.add(f"min/lunr.{language}.min.js")
    if len(languages) > 1:
        needed.add("min/lunr.multi.min.js")
    if needed:
        needed.add("min/lunr.stemmer.support.min.js")
    return needed


def prune(site: Path) -> None:
    """Remove source maps, the sitemap and the search languages the site does not use."""
    for path in sorted(site.rglob("*.map")):
        path.unlink()
    for name in _UNNEEDED:
        (site / name).unlink(missing_ok=True)
    index = site / INDEX
    languages: list[str] = []
    if index.is_file():
        languages = list(json.loads(index.read_text(encoding="utf-8"))["config"].get("lang", []))
    needed = _needed_lunr(languages)
    lunr = site / _LUNR
    if lunr.is_dir():
        for path in sorted(lunr.rglob("*"), reverse=True):
            if path.is_file() and path.relative_to(lunr).as_posix() not in needed:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        if not any(lunr.iterdir()):
            lunr.rmdir()


def _is_remote(url: str) -> bool:
    url = url.strip().lower()
    return url.startswith(("http:", "https:", "//", "ftp:"))


_FETCHING_RELS = {"stylesheet", "icon", "apple-touch-icon", "preload", "prefetch", "preconnect",
                  "dns-prefetch", "modulepreload", "manifest"}
_SRC_TAGS = {"script", "img", "iframe", "audio", "video", "source", "track", "embed", "input"}
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)


class _Resources(HTMLParser):
    """Collects the addresses a page makes the browser fetch."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag in _SRC_TAGS and found.get("src"):
            self.urls.append(found["src"])
        if found.get("srcset"):
            self.urls.extend(part.split()[0] for part in found["srcset"].split(",") if part.split())
        if tag == "object" and found.get("data"):
            self.urls.append(found["data"])
        if tag == "link" and _FETCHING_RELS & set(found.get("rel", "").lower().split()):
            self.urls.append(found.get("href", ""))
        if found.get("style"):
            self.urls.extend(_CSS_URL.findall(found["style"]))
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if self._style:
            self.urls.extend(_CSS_URL.findall(data))


# What `_Resources` collects comes from a `src` or `data` attribute, a `srcset`, a `style`
# attribute or element, or a `<link>` tag. A page in which no `src` or `data` value starts
# like an address on the internet (or with a character reference, which could spell one),
# with no `srcset` and no `<style>`, whose `style` attributes name no file (nor hold a
# character reference), and none of whose `<link>` tags loads from the internet, loads
# nothing from it: the whole page need not be parsed. The patterns look for these in the
# page in lower case, as the parser compares names and addresses, anywhere (inside a
# script or a comment too); each `<link>` is parsed as HTMLParser parses the tag there.
_VALUE = r"""\s*=+\s*['"]?\s*(?:https?:|//|ftp:|[^&'"\s>]{0,5}&)"""
_STYLE_FILE = r"(?:url\(|@import|&)"  # in a style attribute's value, quoted or not
_MAYBE_REMOTE = (re.compile("src" + _VALUE), re.compile("data" + _VALUE),
                 re.compile(r"""style\s*=+\s*(?:"[^"]*""" + _STYLE_FILE + r"""|'[^']*"""
                            + _STYLE_FILE + r"""|(?!['"])[^>]*?""" + _STYLE_FILE + ")"))
_LINK = re.compile(r"<link(?![^\t\n\r\f />\x00])", re.IGNORECASE)


def _may_load_remote(html: str) -> bool:
    """False when the page `html` surely loads nothing from the internet (see above)."""
    lower = html.lower()
    if "srcset" in lower or "<style" in lower or any(p.search(lower) for p in _MAYBE_REMOTE):
        return True
    for match in _LINK.finditer(html):
        probe = _Resources()
        probe.rawdata = html
        probe.parse_starttag(match.start())
        if any(_is_remote(url) for url in probe.urls):
            return True
    return False


def page_resources(html: str) -> list[str]:
    """The addresses on the internet that the page `html` would load, once each."""
    if not _may_load_remote(html):
        return []
    parser = _Resources()
    parser.feed(html)
    return [url for url in dict.fromkeys(parser.urls) if _is_remote(url)]


def remote_resources(site: Path, skip: Collection[str] = ()) -> list[tuple[str, str]]:
    """(page, address) for every file from the internet that a page or stylesheet would load
    (but for the files named in `skip`)."""
    found: list[tuple[str, str]] = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".css"):
            continue
        rel = path.relative_to(site).as_posix()
        if rel in skip:
            continue
        if path.suffix == ".html":
            urls = page_resources(path.read_text(encoding="utf-8"))
        else:
            urls = list(dict.fromkeys(_CSS_URL.findall(path.read_text(encoding="utf-8"))))
        found.extend((rel, url) for url in urls if _is_remote(url))
    return found


def _zip_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(f"{ZIP_FOLDER}/{name}", date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever system builds it
    info.external_attr = 0o644 << 16
    return info


def make_zip(site: Path) -> bytes:
    """The offline site as a zip: entries in name order with a fixed time, so that the same
    site always gives the same bytes. The home page's download link, which would point to the
    zip itself, says instead that this is the offline copy."""
    buffer = io.BytesIO()
    files = sorted((p.relative_to(site).as_posix(), p) for p in site.rglob("*") if p.is_file())
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, path in files:
            if name == DOWNLOAD:
                continue
            content = path.read_bytes()
            if path.suffix == ".html" and _OFFLINE_CLASS.encode() in content:
                page = content.decode("utf-8")
                content = _DOWNLOAD_LINK.sub(_note(_IN_ZIP, page), page).encode("utf-8")
            # The level is given here: an entry's ZipInfo does not take the archive's.
            archive.writestr(_zip_entry(name), content, compresslevel=_ZIP_LEVEL)
    return buffer.getvalue()


def without_download_link(site: Path) -> None:
    """Remove the download link from the pages of a site that has no zip to offer."""
    for path in sorted(site.rglob("*.html")):
        content = path.read_text(encoding="utf-8")
        if _OFFLINE_CLASS in content:
            path.write_text(_DOWNLOAD_LINK.sub(_note(_NO_ZIP, content), content), encoding="utf-8")


def describe_size(size: int) -> str:
    return f"{size / 1_000_000:.2f} MB ({size:,} bytes)"

