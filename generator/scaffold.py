"""`explainer new`: copy the example project that ships with the tool."""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import UserError
from .project import SCHEMA_DIR, write_schemas

EXAMPLE = Path(__file__).parent / "example"


def create_project(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError(f"{target}: the folder exists and is not empty; choose a new folder")
    shutil.copytree(EXAMPLE, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "site", ".site-*"))
    write_schemas(target / SCHEMA_DIR)
