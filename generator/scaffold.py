"""`explainer new`: copy the example project that ships with the tool, or with `--empty` the
same project with empty data files; `explainer extract` starts from the same files, without
the example's content."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from .errors import UserError
from .project import SCHEMA_DIR, write_schemas

EXAMPLE = Path(__file__).parent / "example"
BLANK = Path(__file__).parent / "blank"  # the data files of an empty project
_EXAMPLE_CONTENT = ("data", "seeds", "about.md")  # docs/about.md tells of the example story
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


def check_new_folder(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError(f"{target}: the folder exists and is not empty; choose a new folder")


def create_project(target: Path, *, empty: bool = False) -> None:
    check_new_folder(target)
    _copy_example(target, ignore=shutil.ignore_patterns("__pycache__", "site", ".site-*"))
    if empty:
        for old in [*(target / "data").iterdir(), *(target / "seeds").iterdir()]:
            old.unlink()
        _copy_example(target, ignore=shutil.ignore_patterns("__pycache__"), source=BLANK)
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    write_schemas(target / SCHEMA_DIR)


def create_empty_project(target: Path, title: str) -> None:
    """The example's set-up (mkdocs.yml, overrides/, schema/) named `title`, with no data/."""
    check_new_folder(target)
    _copy_example(target, ignore=shutil.ignore_patterns("__pycache__", "site", ".site-*",
                                                        *_EXAMPLE_CONTENT))
    # The theme prints the site name as HTML, unescaped: keep only characters that are text there.
    title = " ".join(re.sub(r"[<>&\"'`{}\\]|[\x00-\x1f\x7f]", " ", title).split()) or "Draft explainer"
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^site_name: .*$", lambda _m: f"site_name: {json.dumps(title)}", text)
    text = re.sub(r"(?m)^site_description: .*$", lambda _m: "site_description: "
                  + json.dumps(f"A draft explainer: {title}"), text)
    text = re.sub(r"(?m)^  - About this example: about\.md\n", "", text)
    text = re.sub(r"(?m)^  # REPLACE: list your own hand-written pages here.*\n",
                  "  # Add your own hand-written pages here.\n", text)
    config.write_text(text, encoding="utf-8")
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    write_schemas(target / SCHEMA_DIR)


def _copy_example(target: Path, ignore: Callable[[str, list[str]], set[str]],
                  source: Path = EXAMPLE) -> None:
    try:
        shutil.copytree(source, target, dirs_exist_ok=True, ignore=ignore)
    except (OSError, shutil.Error) as exc:
        raise UserError(f"{target}: cannot create the project there: {_reason(exc)}; choose a"
                        " folder you can write to") from None


def _reason(exc: OSError | shutil.Error) -> str:
    if isinstance(exc, OSError):
        return str(exc.strerror or exc)
    errors = exc.args[0] if exc.args and isinstance(exc.args[0], list) else []
    return str(errors[0][2]) if errors and len(errors[0]) > 2 else str(exc)
