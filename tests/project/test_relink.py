"""Linking again after an edit of the glossary alone (`generator.project.relink`) gives the
project `link` gives, and anything else is linked in full."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import pytest

import generator.project.relink
from generator.project import check_data, link
from generator.project.link import Project
from generator.project.relink import link_again

from ..conftest import REPO


def _ordered(project: Project) -> list[tuple[str, Any]]:
    """Every field of the project, each dict as the list of its items (their order shows on
    the pages)."""
    return [(item.name, list(value.items()) if isinstance(value, dict) else value)
            for item in dataclasses.fields(project) if item.compare
            for value in [getattr(project, item.name)]]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from synthetic import write_project
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    write_project(tmp_path / "project", 1)
    return tmp_path / "project"


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name}: no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _linked(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, list[str], bool]:
    """`link_again` of the project's data as it stands, with `link`'s verdict on the same
    data, and whether `link_again` linked it all."""
    data, problems = check_data(root)
    assert data is not None, problems
    calls: list[object] = []

    def counted(*args: Any) -> Any:
        calls.append(args)
        return link(*args)

    monkeypatch.setattr(generator.project.relink, "link", counted)
    project, problems = link_again(root, data)
    monkeypatch.undo()
    expected, expected_problems = link(root, data)
    assert [p.format() for p in problems] == [p.format() for p in expected_problems]
    assert (project is None) == (expected is None)
    if project is not None and expected is not None:
        assert _ordered(project) == _ordered(expected)
    return project, [p.format() for p in problems], bool(calls)


def test_after_an_edit_of_the_glossary_alone_only_the_glossary_is_linked(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    glossary = "data/glossary.yaml"
    _linked(project, monkeypatch)
    _edit(project, glossary, "What term 1 means.", "What term 1 meant.")
    assert _linked(project, monkeypatch)[2] is False
    _edit(project, glossary, "  sources:\n  - source-1\n", "  sources:\n  - source-2\n  - article\n")
    assert _linked(project, monkeypatch)[2] is False  # cites in another order: as `link` has them
    _edit(project, glossary, "- source-2\n", "- source-missing\n")
    found, problems, full = _linked(project, monkeypatch)
    assert found is None and full and "source-missing" in problems[0]  # a problem: all linked
    _edit(project, glossary, "- source-missing\n", "- source-2\n")
    assert _linked(project, monkeypatch)[2] is False  # the rest is as when last linked


def test_any_other_edit_is_linked_in_full(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _linked(project, monkeypatch)
    with (project / "seeds/article.txt").open("a", encoding="utf-8") as seed:
        seed.write("One more sentence.\n")
    assert _linked(project, monkeypatch)[2] is True
    _edit(project, "data/officials.yaml", "Official Number 2\n", "Official Number Two\n")
    assert _linked(project, monkeypatch)[2] is True
    _edit(project, "data/glossary.yaml", "What term 1 means.", "What term 1 meant.")
    assert _linked(project, monkeypatch)[2] is False
