"""Data catalogs: `explainer translate` writes locales/LANG/data.po, keeps translations when
the English changes (marked fuzzy), and an edition shows only finished translations."""

import io
import shutil
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from generator.pages import language
from generator.pipeline import render_site
from generator.project import catalog_path, check_catalog, edition, load_project, translate, translated_data


def _bilingual(example: Path) -> Path:
    path = example / "data" / "explainer.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "language: en\n", "language: en\nlanguages: [en, es]\n"), encoding="utf-8")
    return example


def _fill(root: Path, strings: dict[str, str]) -> None:
    path = catalog_path(root, "es")
    catalog = read_po(path.open("rb"))
    for message in catalog:
        if message.context in strings:
            message.string = strings[message.context]
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=True)
    path.write_bytes(buffer.getvalue())


def test_a_changed_english_text_keeps_its_translation_as_fuzzy(example: Path, run) -> None:
    root = _bilingual(example)
    assert run("translate", "-p", str(root)).exit_code == 0
    _fill(root, {"events.yaml:council-vote:place": "Ayuntamiento de Millbrook"})
    events = root / "data" / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace(
        "Millbrook Town Hall", "Millbrook Town Hall, room 2", 1), encoding="utf-8")
    result = run("translate", "-p", str(root))
    assert "1 fuzzy" in result.stdout
    catalog = read_po(catalog_path(root, "es").open("rb"))
    entry = next(m for m in catalog if m.context == "events.yaml:council-vote:place")
    assert entry.fuzzy and entry.string == "Ayuntamiento de Millbrook"
    assert entry.id == "Millbrook Town Hall, room 2"
    assert '#| msgid "Millbrook Town Hall"' in catalog_path(root, "es").read_text(encoding="utf-8")
    project = load_project(root)
    stats, problems = check_catalog(root, project.data, "es")
    assert stats.fuzzy == 1 and not stats.complete
    assert any(p.file == "data/events.yaml" and "out of date" in p.message for p in problems)
    # Running it again changes nothing.
    before = catalog_path(root, "es").read_bytes()
    run("translate", "-p", str(root))
    assert catalog_path(root, "es").read_bytes() == before


def test_statistics_write_nothing_and_count_each_state(example: Path, run) -> None:
    root = _bilingual(example)
    shutil.rmtree(root / "locales", ignore_errors=True)
    result = run("translate", "--statistics", "-p", str(root))
    assert not catalog_path(root, "es").exists()
    assert "0 fuzzy" in result.stdout and "untranslated" in result.stdout


def test_the_spanish_edition_shows_finished_translations_and_spanish_labels(example: Path,
                                                                           run) -> None:
    root = _bilingual(example)
    run("translate", "-p", str(root))
    _fill(root, {"events.yaml:council-vote:place": "Ayuntamiento de Millbrook"})
    project = load_project(root)
    pages = render_site(project, "es")
    timeline = pages["timeline.md"].decode()
    assert "Ayuntamiento de Millbrook" in timeline
    claims = pages["claims.md"].decode()
    assert "Afirmaciones por veredicto" in claims and "Claims by status" not in claims
    with language("es"):
        assert "de 20" in render_site(project, "es")["timeline.md"].decode()  # "15 de enero de 2026"
    english = render_site(project)["timeline.md"].decode()
    assert "Millbrook Town Hall" in english and "Ayuntamiento" not in english
    assert '"prefix": "es/"' in render_site(project)["index.md"].decode()


def test_new_starts_a_bilingual_project_that_builds_in_both_languages(tmp_path: Path,
                                                                      run) -> None:
    target = tmp_path / "bilingual"
    result = run("new", str(target), "--languages", "en,es")
    assert result.exit_code == 0, result.output
    assert "languages: [en, es]" in (target / "data" / "explainer.yaml").read_text(encoding="utf-8")
    assert (target / "docs-es" / "index.md").is_file() and (target / "mkdocs.es.yml").is_file()
    stats = run("translate", "--statistics", "-p", str(target))
    assert "0 fuzzy, 0 untranslated" in stats.stdout
    assert "El cierre del puente de Millbrook" in (target / "docs-es" / "index.md").read_text(
        encoding="utf-8")
    other = run("new", str(tmp_path / "french"), "--languages", "en,fr")
    assert other.exit_code == 0
    assert "no interface catalog for 'fr'" in other.stderr
    assert "not translated yet" in other.stdout
    assert run("new", str(tmp_path / "x"), "--languages", "es,en").exit_code == 1


def test_a_draft_language_is_reported_without_failing(example: Path, run) -> None:
    root = _bilingual(example)
    shutil.rmtree(root / "locales", ignore_errors=True)
    run("translate", "-p", str(root))
    result = run("validate", "--draft-languages", "es", "-p", str(root))
    assert result.exit_code == 0
    assert result.stderr.count("warning: data/") == 42  # every missing text, at its place
    assert "no es translation" in result.stderr
    assert run("validate", "-p", str(root)).exit_code == 1
    assert run("validate", "--draft-languages", "fr", "-p", str(root)).exit_code == 1


def test_the_handout_command_makes_the_spanish_handout(example: Path, run,
                                                       tmp_path: Path) -> None:
    root = _bilingual(example)
    target = tmp_path / "folleto.md"
    result = run("handout", "--format", "md", "--language", "es", "--teacher", "-o",
                 str(target), "-p", str(root))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    student, teacher = text.split("página del docente", 1)
    assert "El cierre del puente de Millbrook" in student and "Por qué importa" not in teacher
    assert "Para el docente" in teacher and "Fernández Huerta" in teacher
    assert "Objetivos de aprendizaje" in teacher and "Nivel de lectura" in teacher


def test_dropping_a_language_removes_its_generated_pages_only(tmp_path: Path, run) -> None:
    target = tmp_path / "bilingual"
    assert run("new", str(target), "--languages", "en,es").exit_code == 0
    (target / "docs-es" / "mine.md").write_text("# Mía\n", encoding="utf-8")
    explainer = target / "data" / "explainer.yaml"
    explainer.write_text(explainer.read_text(encoding="utf-8").replace(
        "languages: [en, es]\n", ""), encoding="utf-8")
    check = run("generate", "--check", "-p", str(target))
    assert check.exit_code == 1 and "docs-es/index.md" in check.stderr
    assert (target / "docs-es" / "index.md").is_file()  # --check writes nothing
    assert run("generate", "-p", str(target)).exit_code == 0
    assert not (target / "mkdocs.es.yml").exists()
    assert sorted(p.name for p in (target / "docs-es").rglob("*") if p.is_file()) == [
        ".explainer-manifest.json", "mine.md"]
    assert "alternates" not in (target / "docs" / "index.md").read_text(encoding="utf-8")


def test_a_catalog_is_parsed_again_only_when_its_bytes_change(example: Path, run,
                                                             monkeypatch) -> None:
    root = _bilingual(example)
    run("translate", "-p", str(root))
    parsed = []

    def counting(*args, **kwargs):
        parsed.append(1)
        return read_po(*args, **kwargs)

    monkeypatch.setattr(translate, "read_po", counting)
    monkeypatch.setattr(translate, "_last_catalogs", {})  # what earlier readings kept
    project = load_project(root)
    first = edition(project, "es")
    again = edition(load_project(root), "es")
    assert len(parsed) == 1
    assert again.data.explainer.title == first.data.explainer.title
    _fill(root, {"events.yaml:council-vote:place": "Sala de Millbrook"})
    changed = edition(load_project(root), "es")
    assert len(parsed) == 2
    assert any(e.place == "Sala de Millbrook" for e in changed.data.events)
    events = root / "data" / "events.yaml"  # the data changes, the catalog does not
    events.write_text(events.read_text(encoding="utf-8").replace(
        "Millbrook Town Hall", "Millbrook Town Hall, room 2", 1), encoding="utf-8")
    english = edition(load_project(root), "es")
    assert len(parsed) == 2
    assert not any(e.place == "Sala de Millbrook" for e in english.data.events)


def test_the_warnings_of_a_malformed_catalog_are_printed_at_every_reading(example: Path, run,
                                                                         capsys) -> None:
    root = _bilingual(example)
    run("translate", "-p", str(root))
    path = catalog_path(root, "es")
    path.write_bytes(path.read_bytes() + b"\nnot a keyword\n")
    capsys.readouterr()
    project = load_project(root)
    translated_data(root, project.data, "es")
    first = capsys.readouterr().out
    translated_data(root, project.data, "es")
    assert "WARNING" in first and capsys.readouterr().out == first
