"""The Spanish edition of the repository's own explainer: no English interface text is left
on its pages, its labels are the same everywhere, and dates, quotes and ClaimReview data are
those of a Spanish page."""

import json
import re

import pytest
from babel.messages.pofile import read_po

from generator.pages.i18n import LOCALE_DIR
from generator.pipeline import render_site
from generator.project import load_project

from ..conftest import REPO


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    project = load_project(REPO)
    return {path: content.decode("utf-8") for path, content in render_site(project, "es").items()
            if path.endswith(".md")}


def _interface() -> list[tuple[str, str]]:
    with (LOCALE_DIR / "es" / "LC_MESSAGES" / "messages.po").open("rb") as stream:
        catalog = read_po(stream)
    found = []
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or message.string == message.id:
            continue
        # The fixed parts of each text, long enough to be English words of the interface.
        for part in re.split(r"%\([a-z]+\)s|<[^>]+>", message.id):
            if len(part.strip()) >= 10 and " " in part.strip():
                found.append((part.strip(), str(message.string)))
    return found


def test_no_english_interface_text_is_left_on_spanish_pages(pages) -> None:
    interface = _interface()
    assert len(interface) > 60
    for path, text in pages.items():
        # The other edition's handout is offered in its own language, marked as such.
        text = re.sub(r'<p [^>]*lang="en"[^>]*>.*?</p>', '', text)
        for english, _spanish in interface:
            assert english not in text, f"docs-es/{path}: English interface text {english!r}"


def test_spanish_status_labels_are_the_same_everywhere(pages) -> None:
    labels = ["Verdadero", "Falta contexto", "Falso", "Engañoso", "No comprobado", "Opinión"]
    english = ["Accurate", "Needs context", "Inaccurate", "Misleading", "Unverified"]
    badges = re.compile(r'<span class="ex-status[^"]*"><span aria-hidden="true">.</span> ([^<]+)</span>')
    seen = {label for text in pages.values() for label in badges.findall(text)}
    assert seen and seen <= set(labels)
    for text in pages.values():
        for script in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', text):
            review = json.loads(script)
            assert review["inLanguage"] == "es"
            assert review["reviewRating"]["alternateName"] in labels
    methodology = pages["methodology.md"]
    for label in english:
        assert f"> {label}<" not in methodology


def test_dates_and_quotes_are_spanish(pages) -> None:
    positions = pages["positions.md"]
    # Outside the words of a source, quoted as printed ("Who else reported it").
    own_words = re.sub(r"“[^”]*”", "", positions)
    assert "6 de octubre de 2023" in positions and "October" not in own_words
    assert "> Quedaron muy satisfechos y sorprendidos" in positions
    assert "> México no produce precursores de fentanilo, eso está clarísimo" in positions
    english = render_site(load_project(REPO))["positions.md"].decode()
    assert "> satisfied and surprised" in english
    assert "(translated from Spanish by EFE)" in english
    assert "(translated from Spanish by Associated Press)" in english
    # A quote spoken in English stays in English in the Spanish edition.
    assert "> We have a mutual responsibility to work together" in positions


def test_quotes_in_another_language_than_the_page_say_so(pages) -> None:
    positions = pages["positions.md"]
    english_quote = positions.index("> We have a mutual responsibility")
    assert positions[english_quote:english_quote + 200].count('> {: lang="en" }') == 1
    spanish_quote = positions.index("> Quedaron muy satisfechos y sorprendidos")
    assert "lang=" not in positions[spanish_quote:spanish_quote + 60]
    english = render_site(load_project(REPO))["positions.md"].decode()
    assert '{: lang="en" }' not in english  # quotes in the page's own language carry nothing
    # Translated quotes are in English; only words spoken and recorded in Spanish are marked.
    spoken = english.index("> la cooperación que tenemos con México")
    assert english.count('> {: lang="es" }') == 1
    assert english[spoken:spoken + 200].count('> {: lang="es" }') == 1



def test_the_explainers_translation_of_a_quote_is_shown_beside_it_and_labelled(pages) -> None:
    positions = pages["positions.md"]
    start = positions.index("> We have a mutual responsibility")
    block = positions[start:positions.index("\n\n", start + 300)]
    assert "> *Traducción de la redacción:* “Tenemos la responsabilidad mutua" in block
    spanish = positions.index("> Quedaron muy satisfechos y sorprendidos")
    assert "Traducción de la redacción" not in positions[spanish:spanish + 400]
    english = render_site(load_project(REPO))["positions.md"].decode()
    assert "Traducción" not in english and "translation:" not in english
