"""The Spanish handout: the repository's Spanish edition in every format, two pages of the right
paper, headings and labels in Spanish, and its reading level by a Spanish formula."""

from __future__ import annotations

import io

import docx
import pypdf
import pytest

from generator.handout.layout import Fitted, fit
from generator.pages import language
from generator.pipeline import load_project
from generator.project import edition

from ..conftest import REPO

PAPER_POINTS = {"letter": (612, 792), "a4": (595.28, 841.89)}


@pytest.fixture(scope="module")
def spanish() -> dict[str, tuple[Fitted, bytes, bytes, str, bytes]]:
    project = edition(load_project(REPO), "es")
    made = {}
    with language("es"):
        for paper in ("letter", "a4"):
            fitted = fit(project, paper)
            made[paper] = (fitted, fitted.pdf(), fitted.docx(teacher=True),
                           fitted.markdown(teacher=True).decode(), fitted.teacher_pdf())
    return made


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_spanish_handout_fills_two_pages_of_its_paper(spanish, paper: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(spanish[paper][1]))
    assert len(reader.pages) == 2
    for page in reader.pages:
        size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        assert size == tuple(round(v) for v in PAPER_POINTS[paper])
    text = "".join(page.extract_text() for page in reader.pages)
    for heading in ("Cifras clave, verificadas", "Por qué importa", "Fuentes", "Página 1 de 2"):
        assert heading in text
    for english in ("Key figures, checked", "Why it matters", "Discussion questions", "Page 1"):
        assert english not in text
    teacher = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(spanish[paper][4])).pages)
    for heading in ("Para el docente", "Objetivos de aprendizaje", "Nivel de lectura"):
        assert heading.lower() in teacher.lower()  # the kicker is set in capitals
    for english in ("For the teacher", "Learning objectives", "Reading level", "teacher’s page"):
        assert english not in teacher


def test_the_reading_level_names_the_spanish_formula(spanish) -> None:
    fitted, _pdf, _docx, md, _teacher = spanish["letter"]
    reading = fitted.content.reading
    assert reading.formula == "Fernández Huerta" and reading.score is not None
    assert 0 < reading.score < 120
    assert "escala de Fernández Huerta" in md and "Flesch" not in md
    assert fitted.content.language == "es"


def test_the_word_and_html_handouts_are_in_spanish(spanish) -> None:
    fitted, _pdf, data, _md, _teacher = spanish["letter"]
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Cifras clave, verificadas" in headings and "Objetivos de aprendizaje" in headings
    assert any(h.endswith("página del docente") for h in headings)
    assert document.core_properties.language == "es"
    html = fitted.html_bytes().decode()
    assert '<html lang="es">' in html and "Hoja para el aula" in html
    assert "Classroom handout" not in html


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_spanish_word_handout_is_two_pages_in_libreoffice(spanish, paper: str, tmp_path) -> None:
    from .office import office_pdf, require_soffice

    require_soffice()
    fitted = spanish[paper][0]
    with language("es"):
        student = fitted.docx()
    pages = pypdf.PdfReader(io.BytesIO(office_pdf(student, tmp_path / "student"))).pages
    assert 1 <= len(pages) <= 2
    size = (round(float(pages[0].mediabox.width)), round(float(pages[0].mediabox.height)))
    assert size == tuple(round(v) for v in PAPER_POINTS[paper])
    text = " ".join(page.extract_text() for page in pages)
    assert "Cifras clave, verificadas" in text and "Key figures" not in text
