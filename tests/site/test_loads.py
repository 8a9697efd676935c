"""`explainer build` checks the project once: the handouts made in its own process use the
project as loaded for that check, and come out the same as from a project loaded again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import generator.project as projects
from generator.site import build as site
from generator.site import jobs


def test_the_handouts_use_the_project_loaded_for_the_check(
        run: Callable[..., Result], riverside: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site, "_cores", lambda: 1)  # every part in this process
    loads: list[Path] = []
    real = projects.load_project
    monkeypatch.setattr(projects, "load_project", lambda root: loads.append(root) or real(root))
    result = run("build", "-p", str(riverside))
    assert result.exit_code == 0, result.output
    assert loads == []
    downloads = riverside / "site" / "downloads"
    made = {p.name: p.read_bytes() for p in downloads.iterdir() if p.name.startswith(
        ("handout", "teacher"))}
    again = jobs.handout_downloads(riverside, [], None)  # loads the project itself
    assert loads == [riverside]
    assert made == again and len(made) == 7
