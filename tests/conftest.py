from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.errors import ProjectError
from generator.pipeline import load_project

TESTS = Path(__file__).parent
REPO = TESTS.parent
FIXTURE = TESTS / "fixtures" / "riverside"
EXAMPLE = REPO / "generator" / "example"


@pytest.fixture
def riverside(tmp_path: Path) -> Path:
    """A fresh copy of the fixture explainer (an invented topic)."""
    target = tmp_path / "riverside"
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns("site", ".site-*"))
    return target


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A fresh copy of the example project that `explainer new` writes."""
    target = tmp_path / "example"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def run() -> Callable[..., Result]:
    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


def copy_project(source: Path, target: Path) -> Path:
    """Copy the parts of an explainer project (not its built site) from `source` to `target`."""
    editions = [p.name for p in sorted(source.glob("mkdocs.*.yml")) + sorted(source.glob("docs-*"))]
    for part in ("mkdocs.yml", "overrides", "templates", "data", "seeds", "docs", "locales",
                 *editions):
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part,
                            ignore=shutil.ignore_patterns("site", ".site-*"))
        elif (source / part).is_file():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(source / part, target / part)
    return target


def problems_of(root: Path) -> list[str]:
    """The formatted problems that loading `root` reports (it must report some)."""
    with pytest.raises(ProjectError) as caught:
        load_project(root)
    return [p.format() for p in caught.value.problems]


def write(root: Path, name: str, content: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def generated_files(root: Path) -> dict[str, bytes]:
    """Every file generate writes or looks after, by path from the project."""
    found = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and (rel.startswith(("docs/", "docs-")) or
                               (rel.startswith("mkdocs.") and rel != "mkdocs.yml")):
            found[rel] = path.read_bytes()
    return found


def tree(root: Path) -> dict[str, str]:
    """Every entry under `root` (links not followed) and what it holds: a file's digest, a
    link's target, or that it is a folder or something else."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = f"link to {os.readlink(path)}"
            elif path.is_dir():
                found[rel] = "folder"
            elif path.is_file():
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[rel] = "other"
    return found
