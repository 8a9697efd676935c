"""Property-based and fuzz tests: hostile text never becomes markup; bad bytes never crash.

The first test builds whole sites from random valid data full of hostile strings, and the
same data with every string replaced by a plain word. The two sites must have the same
elements and attributes, page for page: nothing in the data created, removed or changed an
element. And every hostile string must be shown literally.
"""

import shutil
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
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
