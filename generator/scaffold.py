"""`explainer new`: copy the example project that ships with the tool, or with `--empty` the
same project with empty data files."""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import UserError
from .project import SCHEMA_DIR, write_schemas

EXAMPLE = Path(__file__).parent / "example"
BLANK = Path(__file__).parent / "blank"  # the data files of an empty project
GITIGNORE = """\
# Made by `explainer build` and `explainer handout`: rebuilt from the data, not committed.
/site/
/site-offline.zip
.site-*/
.explainer-zip-*
handout-*.pdf
handout-*.docx
handout-*.html
handout-*.md
"""


def create_project(target: Path, *, empty: bool = False) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError(f"{target}: the folder exists and is not empty; choose a new folder")
    shutil.copytree(EXAMPLE, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "site", ".site-*"))
    if empty:
        for old in [*(target / "data").iterdir(), *(target / "seeds").iterdir()]:
            old.unlink()
        shutil.copytree(BLANK, target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    write_schemas(target / SCHEMA_DIR)
