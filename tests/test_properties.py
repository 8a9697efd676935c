"""Property-based and fuzz tests: hostile text never becomes markup; bad bytes never crash.

The first test builds whole sites from random valid data full of hostile strings, and the
same data with every string replaced by a plain word. The two sites must have the same
elements and attributes, page for page: nothing in the data created, removed or changed an
element. And every hostile string must be shown literally.
"""

import itertools
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.errors import ProjectError
from generator.pipeline import generate, load_project
from generator.project.loader import load_yaml
from generator.project.textmatch import normalize
from generator.site import build_site

from .conftest import EXAMPLE

HOSTILE = [
    "<script>alert(1)</script>", "</title><img src=x onerror=alert(1)>", "{{ 7*7 }}",
    "{% raw %}", "[link](javascript:alert(1))", "*emphasis*", "_under_", "`code`", "# heading",
    "1. item", "- item", "a | b", "&amp;", "&lt;b&gt;", "{: onclick=alert(1) }", ":smile:",
    "\\", "--8<-- \"/etc/passwd\"", "<!-- comment", "]]>", "\"quoted\"", "'apos'", "$x$",
    "[^1]", "[TOC]", "https://example.org/a", "<http://example.org>", "***", "~~strike~~",
]
ALPHABET = "abcXYZ019 <>&\"'*_[]{}#|!~^=:$\\`()-.+/%@é–’"
PIECE = st.one_of(st.sampled_from(HOSTILE), st.text(alphabet=ALPHABET, min_size=1, max_size=12))
TEXT = st.lists(PIECE, min_size=1, max_size=3).map(" ".join).map(str.strip).filter(bool)


class Shape(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape: list[tuple[str, tuple[str, ...]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.shape.append((tag, tuple(sorted(name for name, _ in attrs))))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def site_of(root: Path) -> dict[str, Shape]:
    pages = {}
    for path in sorted((root / "site").rglob("*.html")):
        shape = Shape()
        shape.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(root / "site").as_posix()] = shape
    return pages


def write_project(root: Path, texts: list[str]) -> None:
    """The example project with its plain-text fields replaced by `texts`."""
    shutil.copytree(EXAMPLE, root)
    t = iter(texts * 4)
    quote, stated = next(t), next(t)
    if normalize(stated).casefold() == normalize(quote).casefold():
        stated += " (as stated)"  # the same words checked twice would be refused
    (root / "seeds/millbrook-gazette.txt").write_text(f"{quote}\n{stated}\n", encoding="utf-8")

    def dump(name: str, value: object) -> None:
        (root / "data" / f"{name}.yaml").write_text(yaml.safe_dump(value, allow_unicode=True),
                                                    encoding="utf-8")

    dump("explainer", {"title": next(t), "summary": "Summary.", "article": "gazette",
                       "audience": next(t)})
    dump("sources", [
        {"id": "gazette", "title": next(t), "publisher": next(t), "kind": "news-article",
         "file": "seeds/millbrook-gazette.txt", "reliability": "primary"},
        {"id": "council-minutes", "title": next(t), "publisher": next(t), "kind": "government"},
        {"id": "traffic-count", "title": next(t), "publisher": next(t), "kind": "dataset"},
    ])
    dump("officials", [{"id": "dana-okafor", "name": next(t), "role": next(t), "country": "US"},
                       {"id": "river-street-merchants", "name": next(t), "role": next(t),
                        "country": "CA", "kind": "institution"}])
    check = {"status": "accurate", "summary": next(t)[:160], "sources": ["council-minutes"]}
    dump("positions", [{"id": "mayor-repairs-urgent", "actor": "dana-okafor", "topic": next(t),
                        "summary": "Summary.", "quotes": [{"text": quote, "source": "gazette"}],
                        "check": check}])
    dump("figures", [{"id": "vote", "label": next(t), "value": 5, "unit": next(t),
                      "period": next(t), "as_stated": stated, "source": "gazette", "check": check,
                      "compare": [{"label": next(t), "value": 4, "source": "traffic-count"}]}])
    dump("events", [{"id": "council-vote", "date": "2026-01-13", "title": next(t),
                     "place": next(t), "participants": ["dana-okafor"], "check": check}])
    dump("context", [{"id": "bridge-ratings", "title": next(t), "body": "Body."}])
    dump("glossary", [{"term": f"{next(t)} {n}", "definition": next(t)} for n in range(2)])


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts=st.lists(TEXT, min_size=8, max_size=8))
def test_hostile_text_never_becomes_markup(texts: list[str], tmp_path_factory) -> None:
    base = tmp_path_factory.mktemp("site")
    hostile, plain = base / "hostile", base / "plain"
    write_project(hostile, texts)
    write_project(plain, [f"word{n}" for n in range(len(texts))])
    for root in (hostile, plain):
        generate(root)
        build_site(root)
    hostile_pages, plain_pages = site_of(hostile), site_of(plain)
    assert sorted(hostile_pages) == sorted(plain_pages)
    for name, page in hostile_pages.items():
        assert page.shape == plain_pages[name].shape, name
    shown = " ".join(" ".join(page.text) for page in hostile_pages.values())
    shown = " ".join(shown.split())
    for value in texts:
        assert " ".join(value[:160].split()) in shown, value


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=400))
def test_random_bytes_never_crash_the_loader(raw: bytes) -> None:
    loaded, problems = load_yaml(raw, "data/figures.yaml")
    assert not (problems and loaded.data is not None)  # values only when nothing is wrong
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message


YAML_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "label", "value", "check", "status", "summary", "x", "sources"]),
        inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=YAML_VALUE, name=st.sampled_from(["figures", "explainer", "glossary", "handout"]))
def test_random_yaml_gives_problems_or_a_project(value: object, name: str, tmp_path_factory) -> None:
    root = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(EXAMPLE, root)
    (root / "data" / f"{name}.yaml").write_text(yaml.safe_dump(value), encoding="utf-8")
    try:
        load_project(root)
    except ProjectError as error:
        assert error.problems
        assert all(p.file.startswith(("data/", "seeds/")) for p in error.problems)


# Markdown syntax in Markdown fields: links of every kind, reference definitions, images,
# and the nested blocks (quotes, lists, admonitions) where a definition still counts.
URLS = ["https://example.org/a", "http://example.org", "mailto:a@example.org",
        "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "#top",
        "page.md", "//example.org/x", "&#106;avascript:x", "<javascript:x>", "file:///etc/passwd"]
URL = st.one_of(st.sampled_from(URLS[:3]), st.sampled_from(URLS))  # as often good as not
LABEL = st.sampled_from(["r", "photo"])
WORD = st.sampled_from(["the vote", "minutes", "*bold*", "`code`", "x"])
INLINE = st.one_of(
    st.builds("[{}]({})".format, WORD, URL), st.builds("[{}][{}]".format, WORD, LABEL),
    st.builds("[{}]".format, LABEL), st.builds("![{}]({})".format, WORD, URL),
    st.builds("![{}]".format, LABEL), st.builds("![{}][{}]".format, WORD, LABEL),
    st.builds("<{}>".format, URL), WORD,
)
LINE = st.lists(INLINE, min_size=1, max_size=3).map(" ".join)
DEFINITION = st.builds("[{}]: {}".format, LABEL, URL)
NESTING = st.sampled_from(["", "> ", "> > ", "- ", "1. ", "  ", "- > ", "> - ", "!!! note\n    "])
BLOCK = st.builds(str.__add__, NESTING, st.one_of(LINE, DEFINITION))
MARKDOWN = st.lists(BLOCK, min_size=1, max_size=4).map("\n\n".join)


def markdown_project(root: Path, fields: list[str]) -> None:
    """The example project with Markdown `fields` in its Markdown fields."""
    shutil.copytree(EXAMPLE, root)
    f = itertools.cycle(fields)

    def edit(name: str, change) -> None:
        path = root / "data" / f"{name}.yaml"
        value = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(value)
        path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")

    edit("explainer", lambda v: v.update(summary=next(f)))
    edit("context", lambda v: [note.update(body=next(f)) for note in v])
    edit("positions", lambda v: [p.update(summary=next(f)) for p in v])
    edit("events", lambda v: [e.update(summary=next(f)) for e in v])
    edit("sources", lambda v: v[0].update(caveat=next(f)))


def made_links(root: Path) -> tuple[list[str], int]:
    """Every address that the pages under docs/ and the handout link to, and the number of
    images in them."""
    import markdown as markdown_lib

    from generator.handout import make_handout
    from generator.pages import read_config

    config = read_config(root / "mkdocs.yml")
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    html = [markdown_lib.markdown(p.read_text(encoding="utf-8"), extensions=extensions)
            for p in sorted((root / "docs").rglob("*.md"))]
    handout = make_handout(load_project(root))
    html.append(handout.render("html").decode())
    html.append(markdown_lib.markdown(handout.render("md").decode(), extensions=extensions))
    links: list[str] = []
    images = 0
    for page in html:
        for tag in Links.of(page):
            if tag[0] == "img":
                images += 1
            links += [value for name, value in tag[1] if name in ("href", "src") and value]
    docx = handout.render("docx")
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
    links += re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', rels)
    return links, images


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    @classmethod
    def of(cls, page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
        parser = cls()
        parser.feed(page)
        return parser.tags


_PLAIN: dict[str, tuple[list[str], int]] = {}


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(fields=st.lists(MARKDOWN, min_size=4, max_size=4))
@example(fields=["Read [the answer][r].", "> [r]: javascript:alert(1)", "Plain.", "Plain."])
@example(fields=["The bridge: ![photo]", "- [photo]: https://example.org/a.png", "A", "B"])
@example(fields=["See [x][m].", "1. [m]: data:text/html,x", "!!! note\n    [n]: vbscript:x",
                 "[y][n]"])
def test_markdown_in_data_never_makes_a_live_link_or_an_image(fields: list[str],
                                                              tmp_path_factory) -> None:
    from generator.project import link_problem

    base = tmp_path_factory.mktemp("md")
    if "plain" not in _PLAIN:
        markdown_project(base / "plain", ["Plain words."])
        generate(base / "plain")
        _PLAIN["plain"] = made_links(base / "plain")
    plain_links, plain_images = _PLAIN["plain"]
    root = base / "project"
    markdown_project(root, fields)
    try:
        generate(root)
    except ProjectError as error:  # refused: each problem names a Markdown field
        assert all(p.file.startswith("data/") and p.path.endswith((".summary", ".body", ".caveat"))
                   for p in error.problems), error.problems
        return
    links, images = made_links(root)
    assert images == plain_images
    new = [link for link in links if link not in plain_links]
    assert [link for link in new if link_problem(link) is not None] == []
