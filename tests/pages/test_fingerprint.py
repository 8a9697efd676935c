"""The fingerprint of a page's context (`generator.pages.reuse`): the values it holds, each
entry standing for its key; a record (a dataclass) walked by its type alone gives the very
tokens the general walk gives, and anything its type cannot vouch for takes the general way."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import pytest

from generator.pages import Unsure, fingerprint
from generator.pages.reuse import _Walker


@dataclass
class Record:
    name: str
    items: list[Any]
    cache: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass
class Nested:
    inner: Record
    again: Record
    number: int = 3


@dataclass
class Wrapping:
    label: str
    __wrapped__: Any

    def __call__(self) -> Any:
        return self.__wrapped__()


@dataclass
class Listed(list[int]):
    label: str = "a"


class Pretending:
    """Not a record, whatever its `__class__` says."""

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return Record


def _tokens(value: Any) -> list[str]:
    parts: list[str] = []
    _Walker({}, parts).walk(value)
    return parts


def _general(value: Any) -> list[str]:
    """The tokens of a container as `_walk_container` gives them."""
    parts: list[str] = []
    walker = _Walker({}, parts)
    walker.seen[id(value)] = 0
    walker.alive.append(value)
    walker._walk_container(value, type(value))
    return parts


def test_a_record_gives_the_tokens_of_the_general_walk() -> None:
    record = Record("one", ["a", 2, None])
    nested = Nested(record, record)
    assert _tokens(record) == _general(record)
    assert _tokens(nested) == _general(nested)
    assert "again:1" in _tokens(nested)  # the same record twice: said once, then pointed at


def test_a_record_is_told_by_its_compared_fields() -> None:
    one, two = Record("one", [1]), Record("one", [1])
    two.cache["filled"] = "while rendering"
    assert fingerprint(one, {}) == fingerprint(two, {})
    assert fingerprint(one, {}) != fingerprint(Record("one", [2]), {})
    assert fingerprint(Nested(one, one), {}) != fingerprint(Nested(one, two), {})


def test_a_callable_record_with_a_wrapped_function_is_walked_by_what_it_wraps() -> None:
    first = Wrapping("same", functools.partial(len, "a"))
    second = Wrapping("other", functools.partial(len, "a"))
    third = Wrapping("same", functools.partial(len, "bb"))
    assert fingerprint(first, {}) == fingerprint(second, {})
    assert fingerprint(first, {}) != fingerprint(third, {})


def test_a_record_that_is_a_list_is_walked_as_a_list() -> None:
    listed, other = Listed(), Listed()
    listed.extend([1, 2])
    other.extend([1, 3])
    assert _tokens(listed)[0] == "Listed[2"
    assert fingerprint(listed, {}) != fingerprint(other, {})


def test_a_value_claiming_a_record_class_takes_the_general_way() -> None:
    with pytest.raises(Unsure):  # no record, and nothing else of the tool's either
        fingerprint(Pretending(), {})


def test_a_dict_of_its_own_kind_is_not_a_plain_dict() -> None:
    class Named(dict[str, int]):
        pass

    assert _tokens({"a": 1}) == _general({"a": 1})
    assert fingerprint({"a": 1}, {}) != fingerprint(Named(a=1), {})
