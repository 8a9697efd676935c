"""The live preview's rebuilds: after each edit, the served site is, file by file and byte for
byte, what a fresh full build of the same pages makes, whether only the changed pages were
built again or, when that could not be sure, the whole site. Here the changed pages are built
with every other page given what it had (`incremental.build_pages`), never on the objects of
the last build alone (`inplace`, in test_inplace.py)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline import generate
from generator.site.preview import Site
from generator.site.searchindex import improve_search_index
from generator.site.serve import TemplateCache, keep_templates

from ..conftest import REPO, copy_project

URL = "http://127.0.0.1:8000/"


def loader() -> Callable[[Path, str], Any]:
    """Loads an edition's configuration as `explainer serve` does (with compiled templates kept)."""
    from mkdocs.config import load_config

    cache = TemplateCache()

    def load(path: Path, site_dir: str) -> Any:
        config = load_config(config_file=str(path), site_dir=site_dir)
        keep_templates(config, cache)
        return config

    return load


def full_build(root: Path, target: Path) -> None:
    """Every edition built from nothing with MkDocs, and its search index improved, as
    `explainer build` does, at the served site's address."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    shutil.rmtree(target, ignore_errors=True)
    editions = [(root / "mkdocs.yml", target, URL)]
    for other in sorted(root.glob("mkdocs.??.yml")):
        lang = other.name.split(".")[1]
        editions.append((other, target / lang, f"{URL}{lang}/"))
    for path, site_dir, url in editions:
        config = load_config(config_file=str(path), site_dir=str(site_dir))
        config.site_url = url
        build(config, serve_url=url)
        improve_search_index(site_dir)


def contents(folder: Path) -> dict[str, bytes]:
    found = {}
    for top, _, names in os.walk(folder):
        for name in names:
            path = Path(top) / name
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


class Preview:
    """The served site of a project copy, rebuilt as `explainer serve` rebuilds it."""

    def __init__(self, root: Path, work: Path) -> None:
        self.root, self.served, self.fresh = root, work / "served", work / "fresh"
        self.site = Site(root, str(self.served), URL)
        self.load = loader()

    def rebuild(self, regenerate: bool = True) -> dict[str, str]:
        """Regenerate and rebuild; how each edition was built, by its folder ("" or "es")."""
        if regenerate:
            generate(self.root)
        self.site.build(self.load)
        self.site.tidy()  # as `explainer serve` does once the browsers have the site
        return {"" if edition.site_dir == str(self.served) else Path(edition.site_dir).name: edition.mode
                for edition in self.site.editions.values()}

    def assert_same_as_a_full_build(self) -> None:
        full_build(self.root, self.fresh)
        served, fresh = contents(self.served), contents(self.fresh)
        assert sorted(served) == sorted(fresh)
        different = [name for name in served if served[name] != fresh[name]]
        assert different == []

    def page(self, path: str) -> str:
        return (self.served / path).read_text(encoding="utf-8")

    def search(self, lang: str = "") -> list[dict[str, Any]]:
        index = json.loads((self.served / lang / "search/search_index.json").read_text(encoding="utf-8"))
        docs: list[dict[str, Any]] = index["docs"]
        return docs


def never_in_place(patch: pytest.MonkeyPatch) -> None:
    """Let the preview build changed pages only with every other page (`build_pages`)."""
    from generator.site import preview
    from generator.site.inplace import NotInPlace

    def not_in_place(*args: Any) -> Any:
        raise NotInPlace("not tested here")

    patch.setattr(preview, "rebuild_in_place", not_in_place)


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """This repository's explainer (two editions), served once for the tests below, in order."""
    with pytest.MonkeyPatch.context() as patch:
        never_in_place(patch)
        work = tmp_path_factory.mktemp("preview")
        preview = Preview(copy_project(REPO, work / "project"), work)
        assert preview.rebuild() == {"": "full", "es": "full"}
        yield preview


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_content_edit_rebuilds_only_the_pages_that_show_it(preview: Preview) -> None:
    edit(preview.root / "data/glossary.yaml", "A synthetic opioid used",
         "A synthetic Zumbrotawort opioid used")
    assert preview.rebuild() == {"": "pages", "es": "pages"}
    assert "Zumbrotawort" in preview.page("glossary/index.html")
    assert any("Zumbrotawort" in doc["text"] for doc in preview.search())
    assert any("Zumbrotawort" in doc["text"] for doc in preview.search("es"))
    preview.assert_same_as_a_full_build()


def test_nothing_changed_builds_nothing(preview: Preview) -> None:
    before = (preview.served / "glossary/index.html").stat().st_mtime_ns
    assert preview.rebuild() == {"": "unchanged", "es": "unchanged"}
    assert (preview.served / "glossary/index.html").stat().st_mtime_ns == before


def test_a_hand_edit_under_docs_rebuilds_that_page(preview: Preview) -> None:
    edit(preview.root / "docs/how-to-read.md", "\n\n", "\n\nA Quillmarsh sentence by hand.\n\n")
    assert preview.rebuild() == {"": "pages", "es": "unchanged"}
    assert "Quillmarsh" in preview.page("how-to-read/index.html")
    preview.assert_same_as_a_full_build()


def test_an_edit_of_the_spanish_edition_rebuilds_only_it(preview: Preview) -> None:
    edit(preview.root / "docs-es/how-to-read.md", "\n\n", "\n\nUna frase Ñandúvilla a mano.\n\n")
    assert preview.rebuild() == {"": "unchanged", "es": "pages"}
    assert "Ñandúvilla" in preview.page("es/how-to-read/index.html")
    assert any("Nanduvilla" in doc.get("text_plain", "") for doc in preview.search("es"))
    preview.assert_same_as_a_full_build()


def test_a_new_heading_of_a_page_named_in_the_nav_rebuilds_only_it(preview: Preview) -> None:
    # The nav names the page in mkdocs.yml: its title stays, its heading is its own.
    edit(preview.root / "docs/how-to-read.md", "# How to read this article", "# How to read it")
    assert preview.rebuild() == {"": "pages", "es": "unchanged"}
    assert ">How to read this article<" in preview.page("index.html")
    preview.assert_same_as_a_full_build()


def test_new_front_matter_of_a_page_in_the_nav_rebuilds_in_full(preview: Preview) -> None:
    edit(preview.root / "docs/how-to-read.md", "---\n\n", "status: new\n---\n\n")
    assert preview.rebuild() == {"": "full", "es": "full"}  # the first edition's full build
    # empties the site folder, so the other one is built again too
    preview.assert_same_as_a_full_build()


def test_a_new_title_in_the_nav_rebuilds_in_full(preview: Preview) -> None:
    edit(preview.root / "mkdocs.yml", "  - How to read this article: how-to-read.md",
         "  - How to read it: how-to-read.md")
    assert preview.rebuild() == {"": "full", "es": "full"}
    assert ">How to read it<" in preview.page("index.html")
    preview.assert_same_as_a_full_build()


def test_a_renamed_person_rebuilds_in_full_since_the_tags_listing_shows_the_name(preview: Preview) -> None:
    edit(preview.root / "data/officials.yaml", "name: Antony J. Blinken", "name: Antony J. Blinkenfeld")
    assert preview.rebuild() == {"": "full", "es": "full"}
    assert "Antony J. Blinkenfeld" in preview.page("tags/index.html")
    preview.assert_same_as_a_full_build()


def test_a_new_tag_rebuilds_in_full(preview: Preview) -> None:
    before = preview.page("people/blinken/index.html")
    edit(preview.root / "data/positions.yaml", "actor: blinken\n  topic: Cooperation",
         "actor: blinken\n  topic: Firearms")
    assert preview.rebuild() == {"": "full", "es": "full"}
    assert "Topic: Firearms" not in before
    assert "Topic: Firearms" in preview.page("people/blinken/index.html")
    preview.assert_same_as_a_full_build()


def test_a_page_added_or_removed_rebuilds_in_full(preview: Preview) -> None:
    notes = preview.root / "docs/notes.md"
    notes.write_text("# Notes\n\nA page of Wexcombe notes.\n", encoding="utf-8")
    assert preview.rebuild()[""] == "full"
    assert "Wexcombe" in preview.page("notes/index.html")
    preview.assert_same_as_a_full_build()
    notes.unlink()
    assert preview.rebuild()[""] == "full"
    assert not (preview.served / "notes").exists()
    preview.assert_same_as_a_full_build()


def test_a_changed_configuration_or_override_rebuilds_in_full(preview: Preview) -> None:
    edit(preview.root / "mkdocs.es.yml", "\n", "\n# a comment\n")  # as a new version of explainer may
    assert preview.rebuild(regenerate=False) == {"": "unchanged", "es": "full"}
    main = preview.root / "overrides/main.html"
    main.write_text(main.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert preview.rebuild() == {"": "full", "es": "full"}
    preview.assert_same_as_a_full_build()


def test_a_summary_edit_rebuilds_every_page_that_shows_it(preview: Preview) -> None:
    edit(preview.root / "data/positions.yaml", "Blinken described the relationship with Mexico",
         "Blinken described the Trevallion relationship with Mexico")
    assert preview.rebuild() == {"": "pages", "es": "pages"}
    for page in ("positions/index.html", "people/blinken/index.html"):
        assert "the Trevallion relationship" in preview.page(page)
    assert any("Trevallion" in doc["text"] and doc["location"].startswith("people/blinken/")
               for doc in preview.search())
    preview.assert_same_as_a_full_build()


def test_a_long_page_is_cut_before_headings_and_an_edit_changes_one_part() -> None:
    from generator.site import chunks

    sections = [f"## Term {n} {{: #term-{n} }}\n\nWhat term {n} means.\n\n" for n in range(400)]
    text = "# Glossary\n\nThe words.\n\n" + "".join(sections)
    parts = chunks.split(text)
    assert "".join(parts) == text and 10 < len(parts) < 200
    assert all(part.startswith("## Term ") for part in parts[1:])
    edited = chunks.split(text.replace("What term 200 means.", "What term 200 means, edited."))
    assert len(set(edited) - set(parts)) == 1 and len(edited) == len(parts)


@pytest.fixture(scope="module")
def by_parts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """This repository's explainer, served with every page converted by parts where it can be,
    each part one section."""
    from generator.site import chunks

    with pytest.MonkeyPatch.context() as patch:
        never_in_place(patch)
        patch.setattr(chunks, "MIN_SIZE", 0)
        patch.setattr(chunks, "SPREAD", 1)
        work = tmp_path_factory.mktemp("parts")
        preview = Preview(copy_project(REPO, work / "project"), work)
        assert preview.rebuild() == {"": "full", "es": "full"}
        yield preview


def converted(patch: pytest.MonkeyPatch) -> list[str]:
    """The Markdown of each part converted from now on."""
    from generator.site import chunks

    texts: list[str] = []
    convert = chunks.convert

    def counting(text: str, *args: Any) -> Any:
        texts.append(text)
        return convert(text, *args)

    patch.setattr(chunks, "convert", counting)
    return texts


def parts_of(preview: Preview, page: str) -> Any:
    edition = preview.site.editions[preview.root / "mkdocs.yml"]
    assert edition.kept is not None
    return edition.kept.parts.get(page)


def test_a_long_page_is_converted_again_only_in_the_part_that_changed(
        by_parts: Preview, monkeypatch: pytest.MonkeyPatch) -> None:
    glossary = by_parts.root / "data/glossary.yaml"
    edit(glossary, "A synthetic opioid used", "A synthetic Vellowmarsh opioid used")
    assert by_parts.rebuild() == {"": "pages", "es": "pages"}
    kept = parts_of(by_parts, "glossary.md")
    assert kept is not None and len(kept.parts) > 10  # its parts gave what the whole page gave
    assert kept.search is not None  # and so did their search entries
    by_parts.assert_same_as_a_full_build()
    texts = converted(monkeypatch)
    edit(glossary, "A synthetic Vellowmarsh opioid", "A synthetic Vellowmarsh Quenby opioid")
    assert by_parts.rebuild() == {"": "pages", "es": "pages"}
    # one part of each edition's glossary
    assert len(texts) == 2 and all(text.startswith("## ") and "Quenby" in text for text in texts)
    assert "Quenby" in by_parts.page("glossary/index.html")
    assert any("Quenby" in doc["text"] for doc in by_parts.search())
    by_parts.assert_same_as_a_full_build()


def test_a_part_that_could_reach_into_the_next_is_converted_with_the_whole_page(
        by_parts: Preview, monkeypatch: pytest.MonkeyPatch) -> None:
    # An HTML block left open swallows the sections after it: converted whole, the page differs
    # from its parts converted one by one.
    page = by_parts.root / "docs/glossary.md"
    edit(page, "## Encounter", '<div class="note" markdown>\n\n## Encounter')
    assert by_parts.rebuild(regenerate=False) == {"": "pages", "es": "unchanged"}
    assert parts_of(by_parts, "glossary.md").parts == {}  # its parts did not give the same
    by_parts.assert_same_as_a_full_build()
    texts = converted(monkeypatch)
    edit(page, "## Encounter", "## Encounter\n\nMore.")
    assert by_parts.rebuild(regenerate=False) == {"": "pages", "es": "unchanged"}
    assert texts == []  # converted whole, and not by parts again
    by_parts.assert_same_as_a_full_build()


def test_a_heading_anchor_shared_by_two_parts_is_worked_out_with_the_whole_page(
        by_parts: Preview, monkeypatch: pytest.MonkeyPatch) -> None:
    # The table of contents gives a new heading "Term Cartel" the anchor "term-cartel_1", seeing
    # the whole page, where "term-cartel" is the anchor of "Cartel": by parts, both would be
    # "term-cartel".
    page = by_parts.root / "docs/glossary.md"
    edit(by_parts.root / "mkdocs.yml", "\n", "\n# a comment\n")
    assert by_parts.rebuild()[""] == "full"  # the page as generated; nothing kept of its parts
    edit(by_parts.root / "data/glossary.yaml", "A synthetic", "A new synthetic")
    by_parts.rebuild()
    assert parts_of(by_parts, "glossary.md").parts
    texts = converted(monkeypatch)
    edit(page, "## Encounter", "## Term Cartel\n\nAgain.\n\n## Encounter")
    assert by_parts.rebuild(regenerate=False)[""] == "pages"
    assert 'id="term-cartel_1"' in by_parts.page("glossary/index.html")
    assert texts and "Again." in texts[0]  # tried by parts first
    by_parts.assert_same_as_a_full_build()


def test_tidy_sets_aside_what_the_builds_keep_and_looks_again_after_a_full_build(
        tmp_path: Path) -> None:
    import gc

    gc.unfreeze()  # what the tests before set aside
    site = Site(tmp_path, str(tmp_path / "site"), URL)
    site.tidy()  # nothing built: nothing to do
    assert gc.get_freeze_count() == 0
    site.untidy = "pages"
    site.tidy()
    frozen = gc.get_freeze_count()
    assert frozen > 0 and site.untidy == ""
    try:
        site.untidy = "full"
        unfreeze, calls = gc.unfreeze, []
        gc.unfreeze = lambda: calls.append(1) or unfreeze()  # type: ignore[func-returns-value]
        try:
            site.tidy()
        finally:
            gc.unfreeze = unfreeze
        assert calls == [1] and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_every_theme_environment_keeps_compiled_templates() -> None:
    from mkdocs.config import load_config

    cache = TemplateCache()
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    keep_templates(config, cache)
    env = config.theme.get_env()
    assert env.bytecode_cache is cache
    env.get_template("partials/language.html")
    assert cache.compiled  # compiled once, for the next environment
