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
import types
from collections.abc import Iterator
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
_PLAIN = frozenset({str, int, float, bool, type(None)})


def field_digests(entry: BaseModel, tokens: dict[int, str]) -> dict[str, Digest]:
    """What each field of `entry` holds, to compare with what it held: a plain text, number
    or None as its type and value, anything else as a digest in which nested entries stand
    for their keys."""
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
    parts: list[str] = []
    _Walker(tokens, parts).walk(value)
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).digest()


_ATOMS = frozenset({type(None), bool, int, float, complex, bytes})


@functools.cache
def _compared(kind: type) -> tuple[str, ...]:
    """The fields of a dataclass that say what it holds (the others are caches of those)."""
    return tuple(item.name for item in dataclasses.fields(kind) if item.compare)


# Types whose values `_Walker` never walks as records, even when they are dataclasses.
_NOT_RECORDS = (str, BaseModel, enum.Enum, PurePath, list, tuple, dict, set, frozenset,
                functools.partial, types.FunctionType, types.MethodType,
                types.BuiltinFunctionType, type)


@functools.cache
def _record_fields(kind: type) -> tuple[tuple[str, str], ...] | None:
    """For a dataclass that `_Walker._walk_container` walks as one (no other case of it
    fits the type), the tokens of each compared field's name and the name; None for any
    other type. Callable values are left to `_walk_container` (one could be a function
    with a cache), and so are values whose `__class__` is not their type."""
    if (not dataclasses.is_dataclass(kind) or issubclass(kind, _NOT_RECORDS)
            or (kind.__module__ == "generator.project.loader" and kind.__name__ == "LoadedFile")):
        return None
    return tuple((f"${len(name)}", name) for name in _compared(kind))


class _Walker:
    """Each value becomes tokens whose first character says what follows: "#" a number (or
    None, or bytes), "$" the length of a text that comes as the next token, "@" an entry;
    a container gives its type, its items, and a closing token."""

    def __init__(self, tokens: dict[int, str], parts: list[str]) -> None:
        self.tokens = tokens
        self.parts = parts
        self.seen: dict[int, int] = {}
        self.alive: list[Any] = []  # keeps every object walked alive, so that ids stay unique

    def walk(self, value: Any) -> None:
        out = self.parts.append
        token = self.tokens.get(id(value))  # an entry (alive, so no other value has its id)
        if token is not None:
            out(token)
            return
        kind: type = type(value)
        if kind is str:
            out(f"${len(value)}")
            out(value)
            return
        if kind in _ATOMS:
            out(f"#{value!r}")
            return
        # The most common containers, told by their type alone (`_record_fields`) rather
        # than by asking each value what it is an instance of: the same tokens, sooner.
        plain = kind is list or kind is tuple or kind is dict
        fields = None if plain else _record_fields(kind)
        if fields is not None and (value.__class__ is not kind or callable(value)):
            fields = None
        if not plain and fields is None:
            if isinstance(value, str):
                out(f"${kind.__qualname__}:{len(value)}")
                out(value)
                return
            if isinstance(value, BaseModel):
                raise Unsure(f"an entry outside the data ({kind.__name__})")
            if isinstance(value, enum.Enum | PurePath):
                out(f"{kind.__qualname__}:{value!r}")
                return
        ident = id(value)
        if ident in self.seen:
            out(f"again:{self.seen[ident]}")
            return
        self.seen[ident] = len(self.seen)
        self.alive.append(value)
        if kind is list or kind is tuple:
            out(f"{kind.__name__}[{len(value)}")
            for item in value:
                self.walk(item)
            out("]")
        elif kind is dict:
            out(f"dict{{{len(value)}")
            for name, item in value.items():
                self.walk(name)
                self.walk(item)
            out("}")
        elif fields is not None:
            out(f"{kind.__module__}.{kind.__qualname__}(")
            for length, name in fields:
                out(length)
                out(name)
                self.walk(getattr(value, name))
            out(")")
        else:
            self._walk_container(value, kind)

    def _walk_container(self, value: Any, kind: type) -> None:
        out = self.parts.append
        if isinstance(value, list | tuple):
            out(f"{kind.__qualname__}[{len(value)}")
            for item in value:
                self.walk(item)
            out("]")
        elif isinstance(value, dict):
            out(f"{kind.__qualname__}{{{len(value)}")
            for name, item in value.items():
                self.walk(name)
                self.walk(item)
            out("}")
        elif isinstance(value, set | frozenset):
            out(f"{kind.__qualname__}<")
            for item in sorted(value, key=repr):
                self.walk(item)
            out(">")
        elif kind.__module__ == "generator.project.loader" and kind.__name__ == "LoadedFile":
            out(f"file:{value.rel}")  # a file's values and positions: used only to report problems
        elif isinstance(value, functools.partial):
            out("partial(")
            self.walk(value.func)
            self.walk(value.args)
            self.walk(value.keywords)
            out(")")
        elif isinstance(value, types.FunctionType):
            self._function(value)
        elif isinstance(value, types.MethodType):
            out("method(")
            self.walk(value.__func__)
            self.walk(value.__self__)
            out(")")
        elif isinstance(value, types.BuiltinFunctionType | type):
            out(f"named:{getattr(value, '__module__', '')}.{value.__qualname__}")
        elif hasattr(value, "__wrapped__") and callable(value):  # a function with a cache
            out("wrapped(")
            self.walk(value.__wrapped__)
            out(")")
        elif dataclasses.is_dataclass(value):
            out(f"{kind.__module__}.{kind.__qualname__}(")
            for name in _compared(kind):
                self.walk(name)
                self.walk(getattr(value, name))
            out(")")
        elif kind.__module__.startswith("generator.") and hasattr(value, "__dict__"):
            out(f"{kind.__module__}.{kind.__qualname__}(")
            self.walk(vars(value))
            out(")")
        else:
            raise Unsure(f"a value of type {kind.__qualname__}")

    def _function(self, value: types.FunctionType) -> None:
        module = value.__module__ or ""
        if not module.startswith("generator"):
            raise Unsure(f"a function of {module}")
        self.parts.append(f"function:{module}.{value.__qualname__}(")
        self.walk(value.__defaults__)
        self.walk(value.__kwdefaults__)
        for cell in value.__closure__ or ():
            try:
                self.walk(cell.cell_contents)
            except ValueError:  # a cell not yet filled
                self.parts.append("empty")
        self.parts.append(")")
