"""The live preview's rebuild in place: after an edit of existing pages' text, only those pages
are built again, on the objects the last build left (`inplace`), and the served site is, file
by file and byte for byte, what a fresh full build makes; when that could differ, the preview
builds the changed pages with every other page, or the whole site."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generator.site.preview import Edition

from ..conftest import REPO, copy_project
from .test_incremental import Preview, converted, edit


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """This repository's explainer (two editions), served once for the tests below, in order."""
    work = tmp_path_factory.mktemp("inplace")
    preview = Preview(copy_project(REPO, work / "project"), work)
    assert preview.rebuild() == {"": "full", "es": "full"}
    yield preview


def first(preview: Preview) -> Edition:
    return preview.site.editions[preview.root / "mkdocs.yml"]


def test_a_content_edit_is_built_in_place_and_so_is_the_next(preview: Preview) -> None:
    edit(preview.root / "data/glossary.yaml", "A synthetic opioid used",
         "A synthetic Brackenholt opioid used")
    assert preview.rebuild() == {"": "in place", "es": "in place"}
    assert "Brackenholt" in preview.page("glossary/index.html")
    assert any("Brackenholt" in doc["text"] for doc in preview.search())
    assert any("Brackenholt" in doc["text"] for doc in preview.search("es"))
    preview.assert_same_as_a_full_build()
    edit(preview.root / "docs/how-to-read.md", "\n\n", "\n\nA Mirelow sentence by hand.\n\n")
    assert preview.rebuild(regenerate=False) == {"": "in place", "es": "unchanged"}
    assert "Mirelow" in preview.page("how-to-read/index.html")
    assert any("Mirelow" in doc["text"] for doc in preview.search())
    preview.assert_same_as_a_full_build()


def test_pages_that_carry_tags_and_a_heading_of_a_page_in_the_nav_are_built_in_place(
        preview: Preview) -> None:
    edit(preview.root / "data/positions.yaml", "Blinken described the relationship with Mexico",
         "Blinken described the Trevallion relationship with Mexico")
    assert preview.rebuild() == {"": "in place", "es": "in place"}
    for page in ("positions/index.html", "people/blinken/index.html"):
        assert "the Trevallion relationship" in preview.page(page)
    preview.assert_same_as_a_full_build()
    edit(preview.root / "docs/how-to-read.md", "# How to read this article", "# How to read it")
    assert preview.rebuild(regenerate=False) == {"": "in place", "es": "unchanged"}
    assert ">How to read this article<" in preview.page("index.html")
    preview.assert_same_as_a_full_build()


def test_a_changed_file_that_is_not_a_page_is_copied_in_place(preview: Preview) -> None:
    style = preview.root / "docs/assets/explainer.css"
    style.write_text(style.read_text(encoding="utf-8") + "\n/* Quillet */\n", encoding="utf-8")
    assert preview.rebuild(regenerate=False) == {"": "in place", "es": "unchanged"}
    assert "Quillet" in preview.page("assets/explainer.css")
    preview.assert_same_as_a_full_build()


def test_a_new_name_after_a_rebuild_in_place_rebuilds_in_full(preview: Preview) -> None:
    edit(preview.root / "data/officials.yaml", "name: Antony J. Blinken", "name: Antony J. Blinkenfeld")
    assert preview.rebuild() == {"": "full", "es": "full"}  # the tags listing shows the name
    assert "Antony J. Blinkenfeld" in preview.page("tags/index.html")
    preview.assert_same_as_a_full_build()
    edit(preview.root / "data/glossary.yaml", "A synthetic Brackenholt", "A synthetic Brackenholt Sedgemoor")
    assert preview.rebuild() == {"": "in place", "es": "in place"}  # on what the full build left
    preview.assert_same_as_a_full_build()


def test_a_new_tag_after_a_rebuild_in_place_rebuilds_in_full(preview: Preview) -> None:
    edit(preview.root / "data/positions.yaml", "actor: blinken\n  topic: Cooperation",
         "actor: blinken\n  topic: Firearms")
    assert preview.rebuild() == {"": "full", "es": "full"}
    assert "Topic: Firearms" in preview.page("people/blinken/index.html")
    preview.assert_same_as_a_full_build()


def test_a_new_listing_on_a_page_rebuilds_in_full(preview: Preview) -> None:
    page = preview.root / "docs/how-to-read.md"
    edit(page, "\n\n", "\n\n<!-- material/tags -->\n\n")
    assert preview.rebuild(regenerate=False) == {"": "full", "es": "full"}
    preview.assert_same_as_a_full_build()
    edit(page, "\n\n<!-- material/tags -->\n\n", "\n\n")
    # the pages with tags linked to the listing, which is gone
    assert preview.rebuild(regenerate=False) == {"": "full", "es": "full"}
    preview.assert_same_as_a_full_build()


def test_an_edit_of_the_listing_page_is_built_with_every_page_then_in_place_again(
        preview: Preview) -> None:
    edit(preview.root / "docs/tags.md", "Every checked claim, by its topic.",
         "Every checked claim, by its Pellowmere topic.")
    assert preview.rebuild(regenerate=False) == {"": "pages", "es": "unchanged"}
    assert "Pellowmere" in preview.page("tags/index.html")
    preview.assert_same_as_a_full_build()
    edit(preview.root / "docs/people/blinken.md", "Led the U.S. delegation",
         "Led the Farrowdene U.S. delegation")
    assert preview.rebuild(regenerate=False) == {"": "in place", "es": "unchanged"}
    assert any("Farrowdene" in doc["text"] for doc in preview.search())
    preview.assert_same_as_a_full_build()


def test_on_a_new_day_the_pages_are_built_with_every_page(preview: Preview) -> None:
    kept = first(preview).kept
    assert kept is not None and kept.live is not None
    kept.live.dates = frozenset({"2000-01-01"})  # as if the last build had been that day
    edit(preview.root / "data/glossary.yaml", "A synthetic Brackenholt", "A synthetic Wendlebury")
    assert preview.rebuild() == {"": "pages", "es": "in place"}
    preview.assert_same_as_a_full_build()


def test_a_long_page_is_converted_in_place_only_in_the_part_that_changed(
        tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.site import chunks

    monkeypatch.setattr(chunks, "MIN_SIZE", 0)
    monkeypatch.setattr(chunks, "SPREAD", 1)
    work = tmp_path_factory.mktemp("inplace-parts")
    by_parts = Preview(copy_project(REPO, work / "project"), work)
    assert by_parts.rebuild() == {"": "full", "es": "full"}
    glossary = by_parts.root / "data/glossary.yaml"
    edit(glossary, "A synthetic opioid used", "A synthetic Vellowmarsh opioid used")
    assert by_parts.rebuild() == {"": "in place", "es": "in place"}
    kept: Any = first(by_parts).kept
    assert len(kept.parts["glossary.md"].parts) > 10 and kept.parts["glossary.md"].search is not None
    texts = converted(monkeypatch)
    edit(glossary, "A synthetic Vellowmarsh opioid", "A synthetic Vellowmarsh Quenby opioid")
    assert by_parts.rebuild() == {"": "in place", "es": "in place"}
    assert len(texts) == 2 and all("Quenby" in text for text in texts)  # one part of each glossary
    by_parts.assert_same_as_a_full_build()
