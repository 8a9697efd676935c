"""A corpus of bad inputs, each pinned to the exact messages (with positions) a user sees.

Each folder under tests/bad_inputs/ is a change to the example project: `files/` is laid
over it, `remove.txt` names paths to delete, `pad.txt` names a file to grow past the size
limit, and `args.txt` the command to run (default `validate`). `expected.txt` holds what
the command prints on stderr; it must exit 1 and print no traceback. Refresh after an
intended change with EXPLAINER_UPDATE_GOLDEN=1 and review the diff.
"""

import os
import shutil
from pathlib import Path

import pytest

from generator.project.loader import MAX_FILE_BYTES

from .conftest import EXAMPLE

CASES = Path(__file__).parent / "bad_inputs"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def lay_out(case: Path, target: Path) -> list[str]:
    shutil.copytree(EXAMPLE, target)
    if (case / "remove.txt").exists():
        for rel in (case / "remove.txt").read_text().split():
            path = target / rel
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    if (case / "files").exists():
        shutil.copytree(case / "files", target, dirs_exist_ok=True)
    if (case / "pad.txt").exists():
        rel = (case / "pad.txt").read_text().strip()
        (target / rel).write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    if (case / "args.txt").exists():
        return (case / "args.txt").read_text().split()
    return ["validate"]


def test_the_corpus_is_large() -> None:
    assert len(NAMES) >= 40


@pytest.mark.parametrize("name", NAMES)
def test_bad_input_gets_its_pinned_message(name: str, run, tmp_path: Path) -> None:
    case = CASES / name
    project = tmp_path / "project"
    args = lay_out(case, project)
    docs_before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    result = run(*args, "-p", str(project))
    exit_file = case / "exit.txt"
    expected_exit = int(exit_file.read_text()) if exit_file.exists() else 1
    assert result.exit_code == expected_exit, result.output
    assert "Traceback" not in result.output
    if expected_exit:
        assert result.stdout == ""
    else:  # warnings only: the project is still valid
        assert result.stdout.startswith("Valid:")
        assert all(": warning: " in line for line in result.stderr.splitlines())
    expected_file = case / "expected.txt"
    if os.environ.get("EXPLAINER_UPDATE_GOLDEN"):
        expected_file.write_text(result.stderr, encoding="utf-8")
    assert result.stderr == expected_file.read_text(encoding="utf-8")
    docs_after = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    assert docs_after == docs_before, "a failed run must not change any file"
