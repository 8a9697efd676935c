"""Stage 2, validate: check each data file against its model and say what is wrong in plain words.

Every problem in every file is collected; pydantic's wording is rewritten into advice that
names the key, what was expected, what was found and how to fix it.
"""

from __future__ import annotations

import difflib
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..errors import Problem
from .fields import describe
from .loader import LoadedFile, Path_, dotted_path, load_yaml, read_data_file
from .models import (
    DATA_FILES,
    ContextNote,
    Event,
    Explainer,
    Figure,
    GlossaryEntry,
    Handout,
    Model,
    Official,
    Position,
    Source,
)


@dataclass
class Data:
    """Every data file of a project, checked, with the positions of its values."""

    explainer: Explainer
    sources: list[Source]
    officials: list[Official] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    context: list[ContextNote] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    handout: Handout | None = None
    files: dict[str, LoadedFile] = field(default_factory=dict)


def closest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def _model_in(annotation: Any) -> type[Model] | None:
    """The model a field's type holds, through lists, unions and `Annotated`."""
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return annotation
    for item in getattr(annotation, "__args__", ()):
        found = _model_in(item)
        if found is not None:
            return found
    return None


def _fields(model: type[Model], loc: tuple[Any, ...]) -> type[Model] | None:
    """The model that holds the last key of `loc` (for listing allowed keys)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if info is None:
            return None
        found = _model_in(info.annotation)
        current = found if found is not None else current
    return current if isinstance(current, type) and issubclass(current, Model) else None


def _message(error: dict[str, Any], model: type[Model], loc: tuple[Any, ...]) -> str:
    kind = error["type"]
    found = error.get("input")
    name = loc[-1] if loc else ""
    if kind == "missing":
        return f"the required key '{name}' is missing; add it"
    if kind == "extra_forbidden":
        holder = _fields(model, loc)
        allowed = sorted(holder.model_fields) if holder else []
        guess = closest(str(name), allowed)
        text = f"unknown key '{name}'"
        text += f"; did you mean '{guess}'?" if guess else "; remove it or fix its spelling."
        if allowed:
            text += " Allowed keys here: " + ", ".join(allowed) + "."
        return text
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        options = [part.strip(" '") for part in expected.replace(" or ", ", ").split(",")]
        guess = closest(str(found), options) if isinstance(found, str) else None
        text = f"{describe(found)} is not allowed here; use one of: {', '.join(options)}"
        return text + (f" (did you mean '{guess}'?)" if guess else "")
    if kind == "string_type":
        hint = "; put it in quotes" if isinstance(found, int | float | bool) else ""
        return f"expected text, found {describe(found)}{hint}"
    if kind == "list_type":
        return f"expected a list (one item per line, each starting with '- '), found {describe(found)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of keys to values (key: value), found {describe(found)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, found {describe(found)}; write {name}: true or {name}: false"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return f"{error['msg']} (found {describe(found)})"


@functools.cache
def _adapter(name: str) -> TypeAdapter[Any]:
    """The validator of one data file, built once (building one costs more than using it)."""
    model, is_list, _required = DATA_FILES[name]
    return TypeAdapter(list[model] if is_list else model)  # type: ignore[valid-type]


def _check_file(loaded: LoadedFile, name: str) -> tuple[Any, list[Problem]]:
    model, is_list, _required = DATA_FILES[name]
    if loaded.data is None:
        shape = "a list of entries (write [] for none)" if is_list else "a mapping of keys"
        return None, [loaded.problem((), name, f"the file is empty; it must hold {shape}")]
    try:
        return _adapter(name).validate_python(loaded.data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            # A part with a space names a branch of a union (a question "with claims"), not a key.
            loc: Path_ = tuple(p for p in error["loc"] if not (isinstance(p, str) and " " in p))
            inner = loc[1:] if is_list and loc and isinstance(loc[0], int) else loc
            message = _message(dict(error), model, inner if inner else loc)
            if is_list and loc == ():
                message = ("the file must hold a list of entries, each starting with '- ';"
                           f" found {describe(loaded.data)}")
            problems.append(
                loaded.problem(
                    loc, dotted_path(loaded.rel, loc), message,
                    key=error["type"] == "extra_forbidden",
                )
            )
        return None, problems


# The last result for each data file, by its bytes: a long-lived process (the live preview)
# that regenerates after an edit checks again only the files whose bytes changed. What is
# kept is never changed by its users (the models are frozen; translations copy the values).
_last: dict[str, tuple[bytes, tuple[LoadedFile, list[Problem], Any, list[Problem]]]] = {}


def _load_and_check(raw: bytes, rel: str,
                    name: str) -> tuple[LoadedFile, list[Problem], Any, list[Problem]]:
    kept = _last.get(rel)
    if kept is not None and kept[0] == raw:
        loaded, load_problems, checked, check_problems = kept[1]
        return loaded, list(load_problems), checked, list(check_problems)
    loaded, load_problems = load_yaml(raw, rel)
    checked, check_problems = (None, []) if load_problems else _check_file(loaded, name)
    _last[rel] = (raw, (loaded, list(load_problems), checked, list(check_problems)))
    return loaded, load_problems, checked, check_problems


def check_data(root: Path) -> tuple[Data | None, list[Problem]]:
    """Load and check every file under `data/`; return the data when all are valid."""
    data_dir = root / "data"
    problems: list[Problem] = []
    if not data_dir.is_dir():
        return None, [Problem("data", 1, 1, "(folder)", "the data/ folder is missing; create it"
                              " with explainer.yaml and sources.yaml (see `explainer new`)")]
    values: dict[str, Any] = {}
    files: dict[str, LoadedFile] = {}
    present = sorted(p for p in data_dir.iterdir() if not p.name.startswith("."))
    for path in present:
        rel = path.relative_to(root).as_posix()
        if path.suffix not in (".yaml", ".yml"):
            continue
        if path.suffix == ".yml" and path.stem in DATA_FILES:
            problems.append(Problem(rel, 1, 1, "(file)", f"rename the file to {path.stem}.yaml"))
            continue
        if path.suffix != ".yaml":
            continue
        if path.stem not in DATA_FILES:
            guess = closest(path.stem, list(DATA_FILES))
            advice = f"did you mean {guess}.yaml?" if guess else "rename or remove it"
            problems.append(Problem(rel, 1, 1, "(file)", f"unknown data file; {advice} Known files: "
                                    + ", ".join(f"{n}.yaml" for n in DATA_FILES)))
            continue
        raw, problem = read_data_file(path, rel)
        if problem is not None:
            problems.append(problem)
            continue
        loaded, load_problems, checked, check_problems = _load_and_check(raw, rel, path.stem)
        problems.extend(load_problems)
        if load_problems:
            continue
        files[path.stem] = loaded
        problems.extend(check_problems)
        values[path.stem] = checked
    for name, (_model, _is_list, required) in DATA_FILES.items():
        if required and not os.path.lexists(data_dir / f"{name}.yaml"):
            problems.append(Problem(f"data/{name}.yaml", 1, 1, "(file)",
                                    "this required file is missing; create it (see `explainer new`)"))
    if problems:
        return None, problems
    data = Data(
        explainer=values["explainer"],
        sources=values["sources"],
        **{name: values[name] for name in values if name not in ("explainer", "sources")},
        files=files,
    )
    return data, []
