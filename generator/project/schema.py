"""JSON Schema for each data file, made from the models, for editors that check YAML as you type.

A data file opts in with a first line such as
`# yaml-language-server: $schema=../schema/figures.schema.json`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from ..errors import UserError
from ..files import Outside, inside, kind_of
from .models import DATA_FILES

SCHEMA_DIR = "schema"


def schema_file(name: str) -> str:
    return f"{name}.schema.json"


def modeline(name: str) -> str:
    """The comment that points an editor at the schema of `data/NAME.yaml`."""
    return f"# yaml-language-server: $schema=../{SCHEMA_DIR}/{schema_file(name)}"


def json_schemas() -> dict[str, str]:
    """File name -> JSON Schema text, for every data file."""
    schemas: dict[str, str] = {}
    for name, (model, is_list, _required) in DATA_FILES.items():
        adapter: TypeAdapter[Any] = TypeAdapter(list[model] if is_list else model)  # type: ignore[valid-type]
        schema = adapter.json_schema()
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"data/{name}.yaml",
            "description": f"An explainer project's data/{name}.yaml file.",
            **schema,
        }
        schemas[schema_file(name)] = json.dumps(schema, indent=2, sort_keys=True,
                                                ensure_ascii=False) + "\n"
    return schemas


def write_schemas(folder: Path) -> list[str]:
    """Write the schema files into `folder`; return the names of those that changed.

    A schema file is never written through a symbolic link that leaves `folder`, nor into
    anything but a regular file."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        changed = []
        for name, content in json_schemas().items():
            try:
                target = inside(folder, name)
            except Outside:
                raise UserError(f"{folder / name}: is a symbolic link that leads out of {folder};"
                                " remove it so that the schema can be written") from None
            what = kind_of(target)
            if what not in (None, "nothing"):
                raise UserError(f"{target}: is {what}, not a file; move it away so that the"
                                " schema can be written")
            if what == "nothing" or target.read_text(encoding="utf-8") != content:
                target.write_text(content, encoding="utf-8")
                changed.append(name)
    except OSError as exc:
        raise UserError(f"{exc.filename or folder}: cannot write the schema files:"
                        f" {exc.strerror or exc}; choose another folder") from None
    return changed
