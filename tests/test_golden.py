"""The generated Markdown of the fixture explainer, pinned.

Refresh the golden files after an intended change with:
    EXPLAINER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
then review the diff.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

from generator.errors import ProjectError
from generator.pipeline import generate, load_project, render_site

GOLDEN = Path(__file__).parent / "golden" / "riverside"


def test_generated_pages_match_the_golden_files(riverside: Path) -> None:
    outputs = render_site(load_project(riverside))
    if os.environ.get("EXPLAINER_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, content in outputs.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(content)
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_bytes()
                for p in sorted(GOLDEN.rglob("*")) if p.is_file()}
    assert sorted(outputs) == sorted(expected)
    for name, content in outputs.items():
        assert content.decode() == expected[name].decode(), name


def test_two_generations_are_byte_identical(riverside: Path, tmp_path: Path) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(riverside, twin)
    generate(riverside)
    generate(twin)
    first = {p.relative_to(riverside).as_posix(): p.read_bytes()
             for p in sorted((riverside / "docs").rglob("*")) if p.is_file()}
    second = {p.relative_to(twin).as_posix(): p.read_bytes()
              for p in sorted((twin / "docs").rglob("*")) if p.is_file()}
    assert first == second
    manifest = json.loads(first["docs/.explainer-manifest.json"])
    assert set(first) == {f"docs/{name}" for name in manifest["files"]} | {
        "docs/.explainer-manifest.json", "docs/notes.md"}
    assert "docs/people/hostile-name.md" in first and "docs/figures/flow-cut.md" in first


def test_nothing_in_the_tool_knows_the_first_story() -> None:
    words = ("mexico", "blinken", "fentanyl", "obrador", "border patrol")
    tool = Path(__file__).parent.parent / "generator"
    for path in sorted(tool.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".css", ".yml", ".yaml", ".txt", ".md"):
            content = path.read_text(encoding="utf-8").lower()
            found = [w for w in words if w in content]
            assert not found, f"{path} mentions {found}"


def test_a_project_template_overrides_the_built_in_one(riverside: Path) -> None:
    (riverside / "templates").mkdir()
    (riverside / "templates/glossary.md.j2").write_text(
        "# Words\n\n{% for g in glossary %}- {{ g.term }}\n{% endfor %}")
    outputs = render_site(load_project(riverside))
    assert outputs["glossary.md"].decode() == (
        "# Words\n\n- Annual share\n- Dam&#58; a wall &#124; that holds water\n- Upstream\n")


def test_a_broken_project_template_is_a_user_error(riverside: Path) -> None:
    (riverside / "templates").mkdir()
    (riverside / "templates/glossary.md.j2").write_text("# Words\n\n{% for g in glossary %}\n")
    with pytest.raises(ProjectError) as caught:
        render_site(load_project(riverside))
    (problem,) = caught.value.problems
    assert problem.file == "templates/glossary.md.j2"
    assert problem.line == 3
    assert "the template failed: Unexpected end of template" in problem.message
    (riverside / "templates/glossary.md.j2").write_text("# {{ nothing.here }}\n")
    with pytest.raises(ProjectError) as caught:
        render_site(load_project(riverside))
    assert "'nothing' is undefined" in caught.value.problems[0].message


def test_a_project_macro_file_older_than_the_tool_is_a_user_error(riverside: Path) -> None:
    (riverside / "templates").mkdir()
    (riverside / "templates/_macros.md.j2").write_text(
        "{% macro check_block(check) %}{{ check.summary }}{% endmacro %}\n"
        "{% macro quote_block(quote, position) %}{{ quote.text }}{% endmacro %}\n")
    with pytest.raises(ProjectError) as caught:
        render_site(load_project(riverside))
    (problem,) = caught.value.problems
    assert problem.file == "templates/_macros.md.j2"
    assert "takes not more than 1 argument" in problem.message
