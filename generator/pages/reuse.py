"""What a page read, so that a long-lived process can tell which pages an edit cannot change.

Every checked entry of the data (a model, nested ones included) gets a key: where it stands
in the data, such as ("glossary", 3) or ("positions", 2, "quotes", 0). While a page is
rendered, every attribute read from an entry is recorded (`Reads`), as the entry's key and
the field's name; a read that is not of a field (the entry as a whole, a method, its
`__dict__`) counts as a read of every field. Everything else a page can reach (the linked
project, the links, the template globals, the page's own context) is summed up by a
`fingerprint`, in which each entry stands for its key and not for its values. So when the
fingerprints are the same and no field the page read has changed (`field_digests`), the page
renders to the same bytes; any value the fingerprint cannot describe makes it `Unsure`.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import io
import operator
import pickle
import types
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel

from ..project import Project

Key = tuple[str | int, ...]
Field = tuple[Key, str]
EVERY_FIELD = "*"
# Names read from an entry that say nothing about its values.
_HARMLESS = frozenset({"__class__", "model_fields", "__pydantic_fields__", "model_config",
                       "__pydantic_extra__", "__pydantic_private__", "__pydantic_fields_set__",
                       "__pydantic_generic_metadata__"})


class Unsure(Exception):
    """A value whose influence on the pages cannot be pinned down: render every page."""


class Reads:
    """The entry attributes read while a page renders (`recording`)."""

    @contextmanager
    def recording(self) -> Iterator[set[tuple[int, str]]]:
        """Record, by the entry's id and the attribute's name, every read from an entry
        (in any thread) until the block ends."""
        seen: set[tuple[int, str]] = set()
        add = seen.add
        get = object.__getattribute__

        def getattribute(entry: object, name: str) -> Any:
            add((id(entry), name))
            return get(entry, name)

        BaseModel.__getattribute__ = getattribute  # type: ignore[method-assign]
        try:
            yield seen
        finally:
            del BaseModel.__getattribute__


def fields_read(seen: set[tuple[int, str]], keys: dict[int, Key],
                fields: dict[Key, frozenset[str]]) -> frozenset[Field]:
    """The fields behind the reads `seen`; `Unsure` if an entry has no key."""
    found: set[Field] = set()
    for ident, name in seen:
        key = keys.get(ident)
        if key is None:
            raise Unsure("an entry made while rendering")
        if name in _HARMLESS:
            continue
        found.add((key, name if name in fields[key] else EVERY_FIELD))
    return frozenset(found)


Found = dict[int, tuple[Key, BaseModel]]


@dataclass(frozen=True)
class Part:
    """The entries of one part of the data (data/glossary.yaml's, under "glossary")."""

    value: Any  # the part itself, as the data holds it
    keys: dict[int, Key]  # each entry's key, by the entry's id
    tokens: dict[int, str]  # what stands for each entry in a fingerprint, by its id
    fields: dict[Key, frozenset[str]]  # the names of each entry's fields
    # each entry's class (under "") and a digest of each of its fields, by the entry's key
    digests: dict[Key, dict[str, Digest]]
    alive: tuple[BaseModel, ...]  # the entries, kept alive so that their ids stay theirs


Parts = dict[str, Part]


def entry_keys(project: Project, before: Parts | None = None) -> Parts:
    """Every entry of the project's data, for each part of the data; a part that is the
    very value it was in `before` (a file that was not read again) is taken from there."""
    parts: Parts = {}
    for item in dataclasses.fields(project.data):
        if item.name == "files":
            continue
        value = getattr(project.data, item.name)
        kept = before.get(item.name) if before is not None else None
        if kept is not None and kept.value is value:
            parts[item.name] = kept
            continue
        found: Found = {}
        _entries(value, (item.name,), found)
        tokens = {ident: f"@{type(entry).__name__}{key!r}" for ident, (key, entry) in found.items()}
        parts[item.name] = Part(
            value, {ident: key for ident, (key, _entry) in found.items()}, tokens,
            {key: frozenset(type(entry).model_fields) for key, entry in found.values()},
            {key: {"": (type, type(entry)), **field_digests(entry, tokens)}
             for key, entry in found.values()},
            tuple(entry for _key, entry in found.values()))
    return parts


def _entries(value: Any, key: Key, found: Found) -> None:
    if isinstance(value, BaseModel):
        if id(value) in found:
            raise Unsure("an entry in two places")
        found[id(value)] = (key, value)
        fields = value.__dict__
        for name in type(value).model_fields:
            _entries(fields[name], (*key, name), found)
    elif type(value) is list or type(value) is tuple:
        for number, item in enumerate(value):
            _entries(item, (*key, number), found)
    elif isinstance(value, dict):
        for name, item in value.items():
            _entries(item, (*key, str(name)), found)


Digest = bytes | tuple[type, object]
# Values that are equal only when they are the same value (not floats: 0.0 == -0.0).
_PLAIN = frozenset({str, int, bool, type(None)})


def field_digests(entry: BaseModel, tokens: dict[int, str]) -> dict[str, Digest]:
    """What each field of `entry` holds, to compare with what it held: a plain text, whole
    number or None as its type and value, anything else as a digest in which nested
    entries stand for their keys."""
    digests: dict[str, Digest] = {}
    for name in type(entry).model_fields:
        value = entry.__dict__[name]
        digests[name] = (type(value), value) if type(value) in _PLAIN else _digest(value, tokens)
    return digests


def fingerprint(value: Any, tokens: dict[int, str]) -> bytes:
    """A digest of everything reachable from `value`, each entry standing for its key
    (its token, `Part.tokens`)."""
    return _digest(value, tokens)


def _digest(value: Any, tokens: dict[int, str]) -> bytes:
    stream = io.BytesIO()
    try:
        _Describer(stream, tokens).dump(value)
    except (RecursionError, pickle.PicklingError) as exc:
        raise Unsure(f"a value too deep or too strange to describe ({exc})") from None
    return hashlib.sha256(stream.getbuffer()).digest()


def same_context(old: Any, new: Any, old_tokens: dict[int, str],
                 new_tokens: dict[int, str]) -> bool:
    """Whether `new` is shown to hold what `old` held, each entry standing for its key (its
    token: in `old_tokens` for `old`, which were the tokens when `old` was made, in
    `new_tokens` for `new`), as their fingerprints would show it, but without writing them:
    plain texts, whole numbers and None of the same type and value, lists, tuples and dicts
    (a defaultdict as a dict: what it makes for a missing key is not compared, as in a
    fingerprint) of the same type holding the same in the same order, and frozen records (dataclasses)
    of the same type whose compared fields hold the same. False for anything else, and
    when a list or dict is met twice in `new` (compare fingerprints then). Both
    values are taken not to have been changed since they were made, as a page's context
    is not changed once planned."""
    pairs: list[tuple[Any, Any]] = [(old, new)]
    pop, push, more = pairs.pop, pairs.append, pairs.extend
    seen: set[int] = set()  # the lists and dicts of `new` met so far (none holds itself)
    while pairs:
        before, now = pop()
        kind: Any = type(before)
        if kind is not type(now):
            return False
        if kind in _PLAIN:
            if before != now:
                return False
        elif kind is tuple:
            if len(before) != len(now):
                return False
            more(zip(before, now, strict=True))
        elif kind is list:
            if len(before) != len(now) or id(now) in seen:
                return False
            seen.add(id(now))
            more(zip(before, now, strict=True))
        elif kind is dict or kind is defaultdict:
            if len(before) != len(now) or id(now) in seen:
                return False
            seen.add(id(now))
            more(zip(before.keys(), now.keys(), strict=True))
            more(zip(before.values(), now.values(), strict=True))
        elif id(now) in new_tokens:  # an entry (alive, so no other value has its id)
            if old_tokens.get(id(before)) != new_tokens[id(now)]:
                return False
        elif issubclass(kind, str):
            if not str.__eq__(before, now):
                return False
        else:
            record: type = kind
            fields = _frozen_record_fields(record)
            if fields is None or before.__class__ is not kind or now.__class__ is not kind:
                return False
            push((fields(before), fields(now)))
    return True


@functools.cache
def _frozen_record_fields(kind: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """What gives the compared fields of a frozen dataclass that `_record_fields` takes,
    which is not callable, as a tuple; None for any other type."""
    fields = _record_fields(kind)
    if (fields is None or any("__call__" in vars(base) for base in kind.__mro__)
            or not kind.__dataclass_params__.frozen):  # type: ignore[attr-defined]
        return None
    if len(fields) == 1:
        return lambda value: (getattr(value, fields[0]),)
    return operator.attrgetter(*fields)


_ATOMS = frozenset({type(None), bool, int, float, complex, bytes})


@functools.cache
def _compared(kind: type) -> tuple[str, ...]:
    """The fields of a dataclass that say what it holds (the others are caches of those)."""
    return tuple(item.name for item in dataclasses.fields(kind) if item.compare)


# Types whose values are never described as records, even when they are dataclasses.
_NOT_RECORDS = (str, BaseModel, enum.Enum, PurePath, list, tuple, dict, set, frozenset,
                functools.partial, types.FunctionType, types.MethodType,
                types.BuiltinFunctionType, type)


@functools.cache
def _record_fields(kind: type) -> tuple[str, ...] | None:
    """The compared fields of a dataclass that `_Describer` describes as a record by its
    type alone (no other of its cases fits the type); None for any other type. Callable
    values are left to the other cases (one could be a function with a cache), and so are
    values whose `__class__` is not their type."""
    if (not dataclasses.is_dataclass(kind) or issubclass(kind, _NOT_RECORDS)
            or (kind.__module__ == "generator.project.loader" and kind.__name__ == "LoadedFile")):
        return None
    return _compared(kind)


def _described(what: str, name: str) -> None:
    """What stands in a fingerprint for a value other than a plain text, number, list,
    tuple, dict or set: what kind of value, its name, and what it holds (`_Describer`).
    Never called: a fingerprint is never read back."""


class _Describer(pickle.Pickler):
    """A fingerprint is the pickle of the value, as Python writes the plain values (texts,
    numbers, lists, tuples, dicts, sets: every value is written once, and again only as a
    reference to the first time). Every other value is described as `_described` with what
    it holds, which is written the same way in its turn: an entry by its token, a record
    (dataclass) by its compared fields, a function of the tool by its name, defaults and
    the values it encloses, an object of the tool by its attributes. Anything else (a
    function or value of another package, an entry outside the data) makes it `Unsure`."""

    def __init__(self, stream: io.BytesIO, tokens: dict[int, str]) -> None:
        super().__init__(stream, protocol=5)
        self.tokens = tokens

    def reducer_override(self, value: Any) -> Any:
        token = self.tokens.get(id(value))  # an entry (alive, so no other value has its id)
        if token is not None:
            return _described, ("entry", token)
        if value is _described:
            return NotImplemented  # written as itself, by its name
        kind: type = type(value)
        fields = _record_fields(kind)
        if fields is not None and value.__class__ is kind and not callable(value):
            return _record(value, kind, fields)
        if isinstance(value, str):
            return _described, ("text", kind.__qualname__), str.__str__(value)
        if isinstance(value, BaseModel):
            raise Unsure(f"an entry outside the data ({kind.__name__})")
        if isinstance(value, enum.Enum | PurePath):
            return _described, ("named", f"{kind.__qualname__}:{value!r}")
        if kind in _ATOMS:
            return NotImplemented  # a number Python does not write itself (complex)
        if isinstance(value, list | tuple):
            return _described, ("sequence", kind.__qualname__), list(value)
        if isinstance(value, dict):
            return _described, ("mapping", kind.__qualname__), list(value.items())
        if isinstance(value, set | frozenset):
            return _described, ("set", kind.__qualname__), sorted(value, key=repr)
        if kind.__module__ == "generator.project.loader" and kind.__name__ == "LoadedFile":
            return _described, ("file", value.rel)  # its values and positions: for problems only
        if isinstance(value, functools.partial):
            return _described, ("partial", ""), (value.func, value.args, value.keywords)
        if isinstance(value, types.FunctionType):
            return _function(value)
        if isinstance(value, types.MethodType):
            return _described, ("method", ""), (value.__func__, value.__self__)
        if isinstance(value, types.BuiltinFunctionType | type):
            return _described, ("named", f"{getattr(value, '__module__', '')}.{value.__qualname__}")
        if hasattr(value, "__wrapped__") and callable(value):  # a function with a cache
            return _described, ("wrapped", ""), value.__wrapped__
        if dataclasses.is_dataclass(value):
            return _record(value, kind, _compared(kind))
        if kind.__module__.startswith("generator.") and hasattr(value, "__dict__"):
            return _described, ("object", f"{kind.__module__}.{kind.__qualname__}"), vars(value)
        raise Unsure(f"a value of type {kind.__qualname__}")


def _record(value: Any, kind: type, fields: tuple[str, ...]) -> Any:
    # What it holds comes as the state: written after the record is first referred to, so
    # that a record that holds itself is written as a reference to it.
    return (_described, ("record", f"{kind.__module__}.{kind.__qualname__}"),
            tuple(getattr(value, name) for name in fields))


def _function(value: types.FunctionType) -> Any:
    module = value.__module__ or ""
    if not module.startswith("generator"):
        raise Unsure(f"a function of {module}")
    cells: list[tuple[Any, ...]] = []
    for cell in value.__closure__ or ():
        try:
            cells.append((cell.cell_contents,))
        except ValueError:  # a cell not yet filled
            cells.append(())
    return (_described, ("function", f"{module}.{value.__qualname__}"),
            (value.__defaults__, value.__kwdefaults__, cells))
