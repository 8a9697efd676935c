"""The check of a page for files from the internet skips the full parse only where the
parse would find none: same answers as parsing every page, on built pages and on pages
written to slip past a quick look."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import generate
from generator.site import build as site
from generator.site import jobs, offline


def _parsed(html: str) -> list[str]:
    """What the full parse finds, with no shortcut."""
    parser = offline._Resources()
    parser.feed(html)
    return [url for url in dict.fromkeys(parser.urls) if offline._is_remote(url)]


_PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
         '<link rel="stylesheet" href="assets/site.css">{head}</head><body>'
         '<a href="https://example.org/">a link is not loaded</a>'
         '<svg xmlns="http://www.w3.org/2000/svg"></svg><p style="text-align: right;">x</p>'
         '{body}</body></html>')

REMOTE = [
    ("", '<img src="https://example.org/a.png">'),
    ("", "<IMG SRC='HTTP://example.org/a.png'>"),
    ("", "<img src=//example.org/a.png>"),
    ("", '<img src = "  ftp://example.org/a.png">'),
    ("", '<img src=="https://example.org/a.png">'),
    ("", '<img src="&#104;ttps://example.org/a.png">'),
    ("", '<img src="h&#116;tps://example.org/a.png">'),
    ("", '<img src="&#32;https://example.org/a.png">'),
    ("", '<img src="&sol;&sol;example.org/a.png">'),
    ("", '<img srcset="a.png 1x, https://example.org/b.png 2x">'),
    ("", '<img srcset="a.png 1x&#44;https://example.org/b.png 2x">'),
    ("", '<object data="https://example.org/a.svg"></object>'),
    ("", '<div style="background: url(https://example.org/a.png)"></div>'),
    ("", "<div style='background: URL( \"//example.org/a.png\")'></div>"),
    ("", '<div style=background:url(https://example.org/a.png)></div>'),
    ("", '<div style="background: ur&#108;(https://example.org/a.png)"></div>'),
    ("", '<div style="x: y;&#10;background: url(https://example.org/a.png)"></div>'),
    ("<style>@import 'https://example.org/a.css';</style>", ""),
    ("<STYLE>body { background: url(//example.org/a.png) }</STYLE>", ""),
    ('<link rel="stylesheet" href="https://example.org/a.css">', ""),
    ('<LINK REL=icon HREF=//example.org/a.ico>', ""),
    ('<link rel="preload" href="&#104;ttps://example.org/a.woff2">', ""),
    ('<link title="a>b" rel="stylesheet" href="https://example.org/a.css">', ""),
    ('<link\nrel="stylesheet"\nhref="https://example.org/a.css"/>', ""),
    ("<lin\u212a rel=stylesheet href=https://example.org/a.css>", ""),  # Kelvin sign: k
    ("", '<video src="https://example.org/a.mp4"></video>'),
    ("", '<input type="image" src="https://example.org/a.png">'),
]

LOCAL = [
    ("", '<img src="a.png"><img src="../b.png" alt="https://example.org/">'),
    ("", '<a href="https://example.org/" data-md-component="x">a</a>'),
    ("", '<img src="data:image/png;base64,AAAA">'),
    ("", '<div style="color: red">https://example.org/</div>'),
    ('<link rel="canonical" href="https://example.org/page/">', ""),
    ('<link rel="alternate" hreflang="es" href="https://example.org/es/">', ""),
    ("<script>var a = '<img src=\"https://example.org/a.png\">';</script>", ""),
    ("<!-- <link rel=stylesheet href=https://example.org/a.css> -->", ""),
    ("", '<span title="src=https://example.org/">x</span>'),
]


@pytest.mark.parametrize(("head", "body"), REMOTE + LOCAL)
def test_the_same_answer_as_the_full_parse(head: str, body: str) -> None:
    html = _PAGE.format(head=head, body=body)
    assert offline.page_resources(html) == _parsed(html)
    if (head, body) in REMOTE:
        assert offline.page_resources(html) != []


def test_built_pages_are_answered_alike_and_mostly_without_the_parse(
        riverside: Path, tmp_path: Path) -> None:
    generate(riverside)
    built = jobs.build_editions(site.edition_configs(riverside / "mkdocs.yml", ()),
                                tmp_path / "hosted")
    assert built.refused is None
    pages = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "hosted").rglob("*.html"))]
    assert len(pages) > 10
    assert [offline.page_resources(html) for html in pages] == [_parsed(html) for html in pages]
    assert not any(offline._may_load_remote(html) for html in pages)
