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
# What `explainer generate` remembers of its last run, to skip a run that would change nothing.
/.explainer-cache.json
"""


def check_new_folder(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError(f"{target}: the folder exists and is not empty; choose a new folder")


def create_project(target: Path, languages: tuple[str, ...] = (), *, empty: bool = False) -> None:
    """The example project (with `empty`, its set-up with empty data files); with `languages`
    (the first `en`), an edition in each other language: the example's own translation where
    the tool ships one, else an empty catalog for `explainer translate` to fill."""
    if languages and languages[0] != "en":
        raise UserError(f"--languages {','.join(languages)}: the example is written in English;"
                        " start the list with en, such as --languages en,es")
    check_new_folder(target)
    _copy_example(target, ignore=shutil.ignore_patterns("__pycache__", "site", ".site-*",
                                                        "locales"))
    if empty:
        for old in [*(target / "data").iterdir(), *(target / "seeds").iterdir()]:
            old.unlink()
        _copy_example(target, ignore=shutil.ignore_patterns("__pycache__"), source=BLANK)
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    write_schemas(target / SCHEMA_DIR)
    if len(languages) > 1:
        explainer = target / "data" / "explainer.yaml"
        text = explainer.read_text(encoding="utf-8")
        explainer.write_text(text.replace("language: en\n", "language: en\nlanguages: ["
                                          + ", ".join(languages) + "]\n", 1), encoding="utf-8")
        for lang in languages[1:]:
            shipped = EXAMPLE / "locales" / lang / "data.po"
            if shipped.is_file() and not empty:
                (target / "locales" / lang).mkdir(parents=True, exist_ok=True)
                shutil.copy(shipped, target / "locales" / lang / "data.po")


def create_empty_project(target: Path, title: str) -> None:
    """The example's set-up (mkdocs.yml, overrides/, schema/) named `title`, with no data/."""
    check_new_folder(target)
    _copy_example(target, ignore=shutil.ignore_patterns("__pycache__", "site", ".site-*",
                                                        "locales", *_EXAMPLE_CONTENT))
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


def next_step(target: Path) -> str:
    """The command to run next, as it can be typed: `explainer` when it is on PATH, else the
    path of the program that is running now."""
    import shlex
    import sys

    program = "explainer"
    if shutil.which("explainer") is None:
        beside = Path(sys.executable).with_name("explainer")
        program = shlex.quote(str(beside)) if beside.is_file() else (
            f"{shlex.quote(sys.executable)} -m generator")
    return f"cd {shlex.quote(str(target))} && {program} build"
