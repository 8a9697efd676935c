"""Long overview pages stay searchable and readable.

Site search indexes a page section by section: the text between two headings is one entry of
the index, and the search of Zensical refuses an entry whose text passes a limit (64 KiB for a
site of 8,193 to 16,384 entries, as an explainer a hundred times the size of a small one is).
A long list on an overview page is therefore cut into ranges, each under its own heading.
These tests render the overview pages of such an explainer and read them as a reader and the
search index do: heading by heading.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import markdown as python_markdown
import pytest
import yaml

from generator.pages.links import PAGE_FILES, Links, claim_title
from generator.pages.plan import plan, template_globals
from generator.pages.render import make_environment
from generator.pages.sections import SECTION_SIZE, Section, figure_sections, list_sections, ranges, sort_key
from generator.pipeline import generate, load_project
from generator.project.link import Project

from ..conftest import EXAMPLE

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]
# Zensical's limit for one field of one search entry, on a site of up to 16,384 entries; the
# pages keep to half of it, so that a site twice as large still builds.
SEARCH_FIELD_LIMIT = 64 * 1024
BUDGET = SEARCH_FIELD_LIMIT // 2

FIRST = ("Ana", "Élise", "Óscar", "Zoë", "Bram", "Chen", "Dmitri", "Farah", "Grace", "Hugo",
         "Ines", "Jun", "Kofi", "Lena", "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa")
LAST = ("Álvarez", "Baker", "Castillo", "Dube", "Evans", "Fischer", "García", "Haddad", "Ito",
        "Jensen", "Kowalski", "López", "Moreau", "Nakamura", "O'Brien", "Petrov", "Rossi")
SUBJECTS = ("Arrests", "Border crossings", "Cargo inspections", "\"Safe\" routes", "Deaths",
            "Exports", "Fines", "Grants", "Hospital visits", "Imports", "Jobs", "Kilometres of road",
            "Loans", "Permits", "Queries", "Refugees", "Seizures", "Tonnes of grain", "Visas")
TOPICS = ("Trade", "Health", "Security", "Migration", "Énergie")
STATUSES = ("accurate", "needs-context", "inaccurate", "misleading", "unverified", "opinion")
COUNTRIES = ("US", "MX", "CA")


def _check(n: int, sources: int) -> dict[str, object]:
    status = STATUSES[n % len(STATUSES)]
    summary = (f"Verdict {n}: the record gives another number for another period, and the article"
               " leaves out how it was counted, so the comparison does not hold as it is stated.")
    check: dict[str, object] = {"status": status, "summary": summary[:160]}
    if status not in ("unverified", "opinion"):
        check["sources"] = [f"record-{n % sources + 1}", *(["registry"] if n % 50 == 1 else [])]
    return check


def write_explainer(root: Path, scale: int) -> None:
    """An explainer whose every list is `scale` times that of a small one (10 people,
    8 figures, 12 events, 6 notes, 15 terms, 5 sources), with names in many spellings."""
    (root / "data").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "docs").mkdir()
    config = (EXAMPLE / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  - About this example: about.md\n", ""),
                                     encoding="utf-8")
    shutil.copytree(EXAMPLE / "overrides", root / "overrides")
    records = 5 * scale - 1
    seed: list[str] = []
    officials = [{"id": f"person-{n}", "country": COUNTRIES[n % 3], "sources": ["article"],
                  "name": f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST) % len(LAST)]} {n}",
                  "role": f"Minister of affairs number {n}"} for n in range(10 * scale)]
    positions = []
    for n in range(10 * scale):
        quote = f"We will work on question {n} together."
        seed.append(quote)
        positions.append({"id": f"position-{n}", "actor": f"person-{n}", "topic": TOPICS[n % 5],
                          "summary": f"Position {n}, in neutral words.",
                          "quotes": [{"text": quote, "source": "article"}],
                          "check": _check(n, records)})
    figures = []
    for n in range(8 * scale):
        stated = f"some {1000 + n} units in case {n}"
        seed.append(stated)
        figure = {"id": f"figure-{n}", "label": f"{SUBJECTS[n % len(SUBJECTS)]} in region {n}",
                  "value": 1000 + n, "unit": "units", "as_stated": stated, "source": "article",
                  "check": _check(n, records)}
        if n % 7:
            figure["topic"] = TOPICS[n % 5]
        figures.append(figure)
    events = [{"id": f"event-{n}", "date": f"{2020 + n % 4}-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
               "title": f"Meeting number {n}", "participants": [f"person-{n % (10 * scale)}"],
               "sources": [f"record-{n % records + 1}"],
               **({"check": _check(n, records)} if n % 3 == 0 else {})}
              for n in range(12 * scale)]
    context = [{"id": f"note-{n}", "title": f"Background note {n}", "body": f"Some *background* {n}.",
                "sources": [f"record-{n % records + 1}"], "related": [f"figure-{n % (8 * scale)}"]}
               for n in range(6 * scale)]
    glossary = [{"term": f"{SUBJECTS[n % len(SUBJECTS)]} term {n}", "definition": f"What term {n} means.",
                 "sources": [f"record-{n % records + 1}", *(["registry"] if n % 40 == 0 else [])]}
                for n in range(15 * scale)]
    sources = [{"id": "article", "title": "The article", "publisher": "A paper", "kind": "news-article",
                "file": "seeds/article.txt", "reliability": "low", "caveat": "Read with care."}]
    sources += [{"id": f"record-{n}", "title": f"Record number {n}", "publisher": "An agency",
                 "kind": "government", "reliability": "primary", "url": f"https://example.org/{n}"}
                for n in range(1, records + 1)]
    # A source with two lists that are short, but too long together for one heading.
    sources.append({"id": "registry", "title": "The registry", "publisher": "An office",
                    "kind": "government", "reliability": "primary"})
    (root / "seeds/article.txt").write_text("\n".join(seed) + "\n", encoding="utf-8")
    files = {"explainer": {"title": "A long explainer", "summary": "Made up to be long.",
                           "article": "article", "method": "Each claim was checked."},
             "sources": sources, "officials": officials, "positions": positions, "figures": figures,
             "events": events, "context": context, "glossary": glossary}
    for name, value in files.items():
        (root / f"data/{name}.yaml").write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False),
                                                encoding="utf-8")


@dataclass
class Part:
    """One section of a built page: a heading and what follows it up to the next heading."""

    level: int
    anchor: str
    title: str = ""
    text: str = ""
    links: list[str] = field(default_factory=list)
    rows: int = 0  # list items and table rows: the entries a reader scans

    @property
    def size(self) -> int:
        return len(" ".join(self.text.split()).encode("utf-8"))


class Splitter(HTMLParser):
    """An HTML page cut at every heading, as site search indexes it."""

    def __init__(self) -> None:
        super().__init__()
        self.parts = [Part(0, "")]
        self.heading = False
        self.head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.parts.append(Part(int(tag[1]), values.get("id") or ""))
            self.heading = True
        elif tag == "thead":
            self.head = True
        elif tag in ("li", "tr") and not self.head:
            self.parts[-1].rows += 1
        elif tag == "a" and not self.heading and values.get("href"):
            self.parts[-1].links.append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = False
        elif tag == "thead":
            self.head = False

    def handle_data(self, data: str) -> None:
        if self.heading:
            self.parts[-1].title += data.replace("\u00b6", "")  # without the permalink sign
        else:
            self.parts[-1].text += f" {data}"


def overview_pages(project: Project) -> dict[str, str]:
    """The Markdown of every overview page (not the page of each person or figure)."""
    env = make_environment(project.root, template_globals(project))
    wanted = set(PAGE_FILES.values())
    return {page.path: env.get_template(page.template).render(links=Links(project, page.path),
                                                              **page.context)
            for page in plan(project) if page.path in wanted}


def sections(source: str) -> list[Part]:
    splitter = Splitter()
    splitter.feed(python_markdown.markdown(source, extensions=EXTENSIONS))
    return [part for part in splitter.parts if part.level or part.text.strip()]


@pytest.fixture(scope="module")
def long_explainer(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict[str, list[Part]]]:
    root = tmp_path_factory.mktemp("long") / "explainer"
    write_explainer(root, 100)
    project = load_project(root)
    return project, {path: sections(source) for path, source in overview_pages(project).items()}


def test_no_search_section_of_an_overview_page_is_too_long(long_explainer) -> None:
    _project, pages = long_explainer
    assert len(pages) == len(PAGE_FILES)
    for path, parts in pages.items():
        largest = max(parts, key=lambda part: part.size)
        assert largest.size <= BUDGET, (path, largest.anchor, largest.size)
        crowded = max(parts, key=lambda part: part.rows)
        assert crowded.rows <= SECTION_SIZE, (path, crowded.anchor, crowded.rows)
        anchors = [part.anchor for part in parts if part.level > 1]
        assert all(anchors) and len(set(anchors)) == len(anchors), path


def links_to(parts: list[Part]) -> list[str]:
    return [link for part in parts for link in part.links]


def under(parts: list[Part], anchor: str) -> list[Part]:
    """The section with the id `anchor` and the sections below it, up to the next heading
    of its level or higher."""
    start = next(n for n, part in enumerate(parts) if part.anchor == anchor)
    end = next((n for n in range(start + 1, len(parts)) if parts[n].level <= parts[start].level),
               len(parts))
    return parts[start:end]


def test_every_entry_is_still_listed_and_linked_once(long_explainer) -> None:
    project, pages = long_explainer
    data = project.data
    figures = links_to(pages["figures.md"])
    assert sorted(figures) == sorted(f"figures/{f.id}.md" for f in data.figures)
    people = links_to(pages["people.md"])
    assert sorted(people) == sorted(f"people/{o.id}.md" for o in data.officials)
    for country in ("US", "MX", "CA"):
        listed = links_to(under(pages["people.md"], f"country-{country.lower()}"))
        assert sorted(listed) == sorted(f"people/{o.id}.md" for o in data.officials
                                        if o.country == country)
    links = Links(project, "claims.md")
    for status in ("accurate", "needs-context", "inaccurate", "misleading", "unverified", "opinion"):
        listed = links_to(under(pages["claims.md"], status))
        expected = [links.claim(c).rsplit("](", 1)[1][:-1]
                    for c in project.claims if c.check.status == status]
        assert expected and sorted(listed) == sorted(expected), status
    links = Links(project, "sources.md")
    for source in data.sources:
        listed = links_to(under(pages["sources.md"], source.id))
        expected = [links.claim(c).rsplit("](", 1)[1][:-1] for c in project.checked_by.get(source.id, [])]
        expected += [links.cited(ref).rsplit("](", 1)[1][:-1] for ref in project.cited_by.get(source.id, [])]
        expected += [source.url] if source.url else []
        assert sorted(listed) == sorted(expected), source.id
    for page, ids in (("timeline.md", [e.id for e in data.events]),
                      ("background.md", [n.id for n in data.context]),
                      ("positions.md", [p.id for p in data.positions]),
                      ("sources.md", [s.id for s in data.sources])):
        anchors = {part.anchor for part in pages[page]}
        assert set(ids) <= anchors, page
    terms = [part.title for part in pages["glossary.md"] if part.level == 2]
    assert sorted(terms) == sorted(g.term for g in data.glossary)


def test_long_lists_are_in_dictionary_order_under_guide_word_headings(long_explainer) -> None:
    project, pages = long_explainer
    parts = pages["figures.md"]
    topics = [part.title for part in parts if part.level == 2]
    # In the order the topics first appear in the data; figures without a topic last.
    assert topics == ["Health", "Security", "Migration", "Énergie", "Trade", "Other figures"]
    labels = {f"figures/{f.id}.md": f.label for f in project.data.figures}
    for topic in topics:
        group = under(parts, next(p.anchor for p in parts if p.level == 2 and p.title == topic))
        ranges_ = [part for part in group if part.level == 3]
        assert len(ranges_) > 1
        listed = [labels[link] for part in ranges_ for link in part.links]
        assert listed == sorted(listed, key=sort_key)
        for part in ranges_:
            first, last = labels[part.links[0]], labels[part.links[-1]]
            start, end = part.title.split(" \u2013 ")
            assert first.startswith(start) and last.startswith(end), part.title
    # Under a country, people are listed by name in ranges, each from its first to its last name.
    us = [part for part in under(pages["people.md"], "country-us") if part.level == 3]
    assert us and all(" \u2013 " in part.title for part in us)
    names = {f"people/{o.id}.md": o.name for o in project.data.officials}
    listed = [names[link] for part in us for link in part.links]
    assert listed == sorted(listed, key=sort_key)


def test_the_sections_are_the_same_every_time(long_explainer) -> None:
    project, _pages = long_explainer
    assert overview_pages(project) == overview_pages(project)


def test_dictionary_order_ignores_case_accents_and_punctuation_and_reads_numbers() -> None:
    labels = ["case 10", "Zeta", "\u00c9lan", "\"Safe\" routes", "alpha", "case 9", "Eland"]
    assert sorted(labels, key=sort_key) == ["alpha", "case 9", "case 10", "\u00c9lan", "Eland",
                                            "\"Safe\" routes", "Zeta"]


def test_a_short_list_stays_as_it_is_and_a_long_one_is_cut_evenly() -> None:
    short = [f"entry {n}" for n in range(SECTION_SIZE, 0, -1)]
    assert ranges(short, str, "list", 3) == [Section(0, entries=tuple(short))]
    long = [f"entry {n}" for n in range(2 * SECTION_SIZE + 1, 0, -1)]
    cut = ranges(long, str, "list", 3)
    sizes = [len(part.entries) for part in cut]
    assert len(cut) == 3 and sum(sizes) == len(long) and max(sizes) - min(sizes) <= 1
    assert max(sizes) <= SECTION_SIZE and sizes == sorted(sizes, reverse=True)
    assert [entry for part in cut for entry in part.entries] == sorted(long, key=sort_key)
    bounds = [(part.entries[0], part.entries[-1]) for part in cut]
    assert [part.title for part in cut] == [f"{first} \u2013 {last}" for first, last in bounds]
    assert [part.anchor for part in cut] == [
        f"list--{first.replace(' ', '-')}-{last.replace(' ', '-')}" for first, last in bounds]
    assert {part.level for part in cut} == {3}


def test_range_headings_name_the_fewest_words_that_tell_ranges_apart() -> None:
    filler = SECTION_SIZE // 2 - 1
    labels = ["Road tolls", "Ferry timetables", "Bridge repairs", "Ferry fares",
              *(f"Bus routes {n}" for n in range(filler)), *(f"Parking {n}" for n in range(filler))]
    cut = ranges(labels, str, "x", 2)
    assert [part.title for part in cut] == ["Bridge \u2013 Ferry fares", "Ferry timetables \u2013 Road"]
    assert [part.anchor for part in cut] == ["x--bridge-ferry-fares", "x--ferry-timetables-road"]
    same = ranges(["Same name"] * (SECTION_SIZE + 1), str, "x", 2)
    assert [part.title for part in same] == ["Same name", "Same name"]
    assert [part.anchor for part in same] == ["x--same-name", "x--same-name-2"]


def test_a_source_with_two_lists_too_long_together_shows_each_under_its_heading(
        long_explainer) -> None:
    project, pages = long_explainer
    checked, cited = project.checked_by["registry"], project.cited_by["registry"]
    assert len(checked) <= SECTION_SIZE and len(cited) <= SECTION_SIZE < len(checked) + len(cited)
    parts = under(pages["sources.md"], "registry")
    assert [(part.level, part.title, part.rows) for part in parts] == [
        (2, "The registry", 0), (3, "Claims checked against it", len(checked)), (3, "Cited by", len(cited))]
    few = [f"entry {n}" for n in range(3)]
    assert list_sections(few, str, "Cited by", "s--cited", 3) == [Section(0, entries=tuple(few))]
    assert list_sections(few, str, "Cited by", "s--cited", 3, crowded=True) == [
        Section(3, "Cited by", "s--cited"), Section(0, entries=tuple(few))]
    assert list_sections([], str, "Cited by", "s--cited", 3, crowded=True) == [Section(0)]
    many = list_sections([f"entry {n}" for n in range(SECTION_SIZE + 1)], str, "Cited by", "s--cited", 3)
    assert [part.level for part in many] == [3, 4, 4]


def test_a_short_figures_table_is_one_table_in_the_order_of_the_data(example: Path) -> None:
    figures = load_project(example).data.figures
    assert figure_sections(figures) == [Section(0, entries=tuple(figures))]
    assert figure_sections([]) == [Section(0)]


def test_claim_titles_sort_the_claims_of_a_status(long_explainer) -> None:
    project, _pages = long_explainer
    claims = [c for c in project.claims if c.check.status == "opinion"]
    cut = ranges(claims, lambda c: claim_title(project, c), "opinion", 3)
    titles = [claim_title(project, c) for part in cut for c in part.entries]
    assert titles == sorted(titles, key=sort_key) and len(titles) == len(claims)


def _zensical() -> Path | None:
    found = shutil.which("zensical", path=str(Path(sys.executable).parent))
    return Path(found) if found else None


@pytest.mark.skipif(_zensical() is None, reason="zensical is not installed")
def test_zensical_indexes_the_same_sections(tmp_path: Path) -> None:
    """Zensical's search index has one entry per heading of these pages, none too long."""
    root = tmp_path / "explainer"
    write_explainer(root, 8)  # 64 figures: more than one section's worth
    generate(root)
    zensical = _zensical()
    assert zensical is not None
    result = subprocess.run([str(zensical), "build", "--clean"], cwd=root, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    index = json.loads((root / "site/search.json").read_text(encoding="utf-8"))["items"]
    project = load_project(root)
    for path, source in overview_pages(project).items():
        if path in ("tags.md", "index.md"):
            continue  # the tags plugin writes the lists of tags.md; the home page has no lists
        folder = path.removesuffix(".md") + "/"
        indexed = [item for item in index if item["location"].split("#")[0] == folder]
        ours = [part for part in sections(source) if part.level]
        assert [item["location"].partition("#")[2] for item in indexed] == \
            ["" if part.level == 1 else part.anchor for part in ours], path
        assert all(len(item["text"].encode("utf-8")) <= BUDGET for item in indexed), path
    assert any(item["location"].startswith("figures/#") for item in index)


def _many_figures(root: Path, labels: list[str]) -> None:
    """The example project with one figure per label (no topic, so cut into ranges)."""
    shutil.copytree(EXAMPLE, root)
    figures = [{"id": f"figure-{n}", "label": label, "value": n, "unit": "votes in favour (of 7)",
                "as_stated": "voted 5 to 2", "source": "gazette",
                # the same words: one check, the others restate it
                "check": {"status": "accurate", "summary": "Checked.", "sources": ["council-minutes"]}
                if n == 0 else {"same_as": "figure-0"}}
               for n, label in enumerate(labels)]
    (root / "data/figures.yaml").write_text(yaml.safe_dump(figures, allow_unicode=True), encoding="utf-8")
    # the example's event that restates its vote figure would point at nothing now
    events = [e for e in yaml.safe_load((root / "data/events.yaml").read_text(encoding="utf-8"))
              if "same_as" not in (e.get("check") or {})]
    (root / "data/events.yaml").write_text(yaml.safe_dump(events, allow_unicode=True), encoding="utf-8")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape: list[tuple[str, tuple[str, ...]]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.shape.append((tag, tuple(sorted(name for name, _ in attrs))))

    def handle_data(self, data: str) -> None:
        self.text += data


def test_range_headings_made_of_hostile_labels_stay_text_in_the_built_site(
        tmp_path: Path) -> None:
    """Range headings (and the page's table of contents) show data literally: the built
    figures page has the same elements as one built from plain words."""
    hostile = ["<script>alert(1)</script>", "{{ 7*7 }}", "{: onclick=alert(1) }", "*emphasis*",
               "[link](javascript:alert(1))", "</title><img src=x onerror=alert(1)>", "&amp;"]
    count = SECTION_SIZE + 10
    _many_figures(tmp_path / "hostile", [f"{hostile[n % len(hostile)]} {n}" for n in range(count)])
    _many_figures(tmp_path / "plain", [f"word {n}" for n in range(count)])
    pages = {}
    for name in ("hostile", "plain"):
        root = tmp_path / name
        generate(root)
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=root,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        page = _Elements()
        page.feed((root / "site/figures/index.html").read_text(encoding="utf-8"))
        pages[name] = page
    assert pages["hostile"].shape == pages["plain"].shape
    assert sum(1 for tag, _ in pages["hostile"].shape if tag == "h2") == 2  # two ranges
    text = " ".join(pages["hostile"].text.split())
    for label in hostile:
        assert label in text, label


def test_anchors_stay_unique_when_a_numbered_duplicate_meets_a_real_name() -> None:
    from generator.pages.sections import unique_slugs

    anchors = unique_slugs(["A", "a", "A 2"], "term-")
    assert len(set(anchors.values())) == 3 and anchors["A"] == "term-a"
    cut = ranges(["A"] * 101 + ["A 2"] * 50, lambda label: label, "x", 3)
    assert len({section.anchor for section in cut}) == len(cut) == 4
