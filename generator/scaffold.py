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
    try:
        shutil.copytree(EXAMPLE, target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", "site", ".site-*"))
    except (OSError, shutil.Error) as exc:
        raise UserError(f"{target}: cannot create the project there: {_reason(exc)}; choose a"
                        " folder you can write to") from None
    write_schemas(target / SCHEMA_DIR)


def _reason(exc: OSError | shutil.Error) -> str:
    if isinstance(exc, OSError):
        return str(exc.strerror or exc)
    errors = exc.args[0] if exc.args and isinstance(exc.args[0], list) else []
    return str(errors[0][2]) if errors and len(errors[0]) > 2 else str(exc)
