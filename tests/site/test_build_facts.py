"""`explainer build` after an `explainer generate` with nothing changed since: what a build
must know before it starts (the editions, the drafts, the translations) comes from the
generation's record (`generator.facts`), with the same outcome, messages and bytes as when
the project is loaded and checked."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import pipeline
from generator.errors import Problem
from generator.facts import Facts, from_record, recall_facts
from generator.live import Live
from generator.unchanged import CACHE

from .. import conftest  # noqa: F401 - fixtures


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Count the times a build loads and checks the project before it builds."""
    calls: list[Path] = []
    real = pipeline.validate

    def validate(root: Path) -> Any:
        calls.append(root)
        return real(root)

    monkeypatch.setattr(pipeline, "validate", validate)
    return calls


def _generate(project: Path, run: Callable[..., Any]) -> None:
    """Generate until the record is kept: a run that adds pages is not recorded, the next is."""
    for _ in range(2):
        assert run("generate", "-p", str(project)).exit_code == 0
    assert recall_facts(project) is not None


def _both_ways(project: Path, run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch,
               *args: str) -> tuple[Any, Any]:
    """The build with the record of a generate just before, then without any record."""
    _generate(project, run)
    loads = _loads(monkeypatch)
    recalled = run("build", *args, "-p", str(project))
    assert loads == []
    (project / CACHE).unlink()
    checked = run("build", *args, "-p", str(project))
    assert loads == [project]
    return recalled, checked


def test_a_build_after_a_generate_makes_the_same_site_without_loading_the_project(
        example: Path, run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    _generate(example, run)
    loads = _loads(monkeypatch)
    recalled = run("build", "-p", str(example))
    assert recalled.exit_code == 0, recalled.output
    assert loads == []
    site, archive = _files(example / "site"), (example / "site-offline.zip").read_bytes()
    (example / CACHE).unlink()
    checked = run("build", "-p", str(example))
    assert checked.exit_code == 0 and loads == [example]
    assert checked.output == recalled.output
    assert _files(example / "site") == site
    assert (example / "site-offline.zip").read_bytes() == archive


def test_drafts_are_refused_the_same_way(example: Path, run: Callable[..., Any],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    figures = example / "data/figures.yaml"
    figures.write_text(figures.read_text(encoding="utf-8").replace(
        "- id: vote\n", "- id: vote\n  draft: true\n", 1), encoding="utf-8")
    recalled, checked = _both_ways(example, run, monkeypatch)
    assert recalled.exit_code == checked.exit_code == 1
    assert "figures.yaml vote" in recalled.output and recalled.output == checked.output
    assert not (example / "site").exists()


def test_translations_are_refused_or_warned_about_the_same_way(
        example: Path, run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    data = example / "data/explainer.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        "language: en\n", "language: en\nlanguages: [en, es]\n"), encoding="utf-8")
    catalog = example / "locales/es/data.po"
    text = catalog.read_text(encoding="utf-8")
    start = text.index('msgstr "', text.index("msgctxt"))  # empty the first translation
    end = text.index("\n\n", start)
    catalog.write_text(text[:start] + 'msgstr ""' + text[end:], encoding="utf-8")
    recalled, checked = _both_ways(example, run, monkeypatch)
    assert recalled.exit_code == checked.exit_code == 1
    assert "translation(s) missing or out of date" in recalled.output
    assert recalled.output == checked.output
    recalled, checked = _both_ways(example, run, monkeypatch, "--draft-languages", "es")
    assert recalled.exit_code == checked.exit_code == 0, recalled.output
    assert "warning: " in recalled.output and " es translation" in recalled.output
    assert recalled.output == checked.output
    unknown, _ = _both_ways(example, run, monkeypatch, "--draft-languages", "fr")
    assert unknown.exit_code == 1 and "not a translated language" in unknown.output


def test_a_record_without_facts_or_with_damaged_ones_means_loading(
        example: Path, run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    _generate(example, run)
    record = json.loads((example / CACHE).read_text(encoding="utf-8"))
    for facts in (None, [], {"editions": ["en"]}, {**record["facts"], "editions": []},
                  {**record["facts"], "drafts": [["figures"]]},
                  {**record["facts"], "editions": ["en", "es"]},
                  {**record["facts"], "editions": ["en", "es"], "translations": {"es": [[1]]}}):
        changed = {**record, "facts": facts} if facts is not None else {
            k: v for k, v in record.items() if k != "facts"}
        (example / CACHE).write_text(json.dumps(changed), encoding="utf-8")
        assert recall_facts(example) is None, facts
    loads = _loads(monkeypatch)
    result = run("build", "-p", str(example))
    assert result.exit_code == 0 and loads == [example]


def test_the_live_preview_keeps_no_facts(example: Path) -> None:
    live = Live()
    for _ in range(2):  # the first run adds pages and is not recorded
        live.generate(example)
    assert (example / CACHE).is_file() and recall_facts(example) is None


def test_facts_read_back_as_written() -> None:
    problem = Problem("locales/es/data.po", 3, 1, "figures.vote.label", "no es translation")
    facts = Facts(("en", "es"), (("figures", "vote"),), {"es": (problem,)})
    assert from_record(json.loads(json.dumps(facts.as_record()))) == facts
    assert facts.translation_problems() == [problem]
    assert facts.translation_problems(("es",)) == []
    assert from_record({**facts.as_record(), "extra": 1}) is None
    bad = facts.as_record()
    bad["translations"]["es"][0][1] = True  # a line number that is not a number
    assert from_record(bad) is None
