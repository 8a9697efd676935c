"""`explainer new`: copy the example project that ships with the tool; `explainer extract`
starts from the same files, without the example's content."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from .errors import UserError
from .project import SCHEMA_DIR, write_schemas

EXAMPLE = Path(__file__).parent / "example"
_EXAMPLE_CONTENT = ("data", "seeds", "about.md")  # docs/about.md tells of the example story


def check_new_folder(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError(f"{target}: the folder exists and is not empty; choose a new folder")


def create_project(target: Path, languages: tuple[str, ...] = ()) -> None:
    """The example project; with `languages` (the first `en`), an edition in each other
    language: the example's own translation where the tool ships one, else an empty catalog
    for `explainer translate` to fill."""
    if languages and languages[0] != "en":
        raise UserError(f"--languages {','.join(languages)}: the example is written in English;"
                        " start the list with en, such as --languages en,es")
    check_new_folder(target)
    shutil.copytree(EXAMPLE, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "site", ".site-*", "locales"))
    write_schemas(target / SCHEMA_DIR)
    if len(languages) > 1:
        explainer = target / "data" / "explainer.yaml"
        text = explainer.read_text(encoding="utf-8")
        explainer.write_text(text.replace("language: en\n", "language: en\nlanguages: ["
                                          + ", ".join(languages) + "]\n", 1), encoding="utf-8")
        for lang in languages[1:]:
            shipped = EXAMPLE / "locales" / lang / "data.po"
            if shipped.is_file():
                (target / "locales" / lang).mkdir(parents=True, exist_ok=True)
                shutil.copy(shipped, target / "locales" / lang / "data.po")


def create_empty_project(target: Path, title: str) -> None:
    """The example's set-up (mkdocs.yml, overrides/, schema/) named `title`, with no data/."""
    check_new_folder(target)
    shutil.copytree(EXAMPLE, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "site", ".site-*", *_EXAMPLE_CONTENT))
    # The theme prints the site name as HTML, unescaped: keep only characters that are text there.
    title = " ".join(re.sub(r"[<>&\"'`{}\\]|[\x00-\x1f\x7f]", " ", title).split()) or "Draft explainer"
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^site_name: .*$", lambda _m: f"site_name: {json.dumps(title)}", text)
    text = re.sub(r"(?m)^site_description: .*$", lambda _m: "site_description: "
                  + json.dumps(f"A draft explainer: {title}"), text)
    text = re.sub(r"(?m)^  - About this example: about\.md\n", "", text)
    config.write_text(text, encoding="utf-8")
    write_schemas(target / SCHEMA_DIR)
