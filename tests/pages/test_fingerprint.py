"""The fingerprint of what a page can reach (`generator.pages.reuse`): two values have the
same one only when they hold the same, each entry standing for its key; whatever cannot be
described that way makes it `Unsure`."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import pytest
from markupsafe import Markup
from pydantic import BaseModel

from generator.pages import Unsure, field_digests, fingerprint, same_context
from generator.pages.links import country_name


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


@dataclass
class Holder:
    name: str
    inner: Any = None


class Pretending:
    """Not a record, whatever its `__class__` says."""

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return Record


class Entry(BaseModel):
    term: str


def _same(one: Any, two: Any, tokens: dict[int, str] | None = None) -> bool:
    return fingerprint(one, tokens or {}) == fingerprint(two, tokens or {})


def test_a_record_is_told_by_its_compared_fields() -> None:
    one, two = Record("one", [1]), Record("one", [1])
    two.cache["filled"] = "while rendering"
    assert _same(one, two)
    assert not _same(one, Record("one", [2]))
    assert not _same(one, Record("two", [1]))
    assert not _same(Nested(one, one), Nested(one, two))  # the same record twice, or two


def test_plain_values_are_told_apart_by_kind_and_value() -> None:
    assert _same([1, "a", (2.5, None)], [1, "a", (2.5, None)])
    assert not _same([1, "a"], (1, "a"))
    assert not _same({"a": 1, "b": 2}, {"b": 2, "a": 1})  # the order of a dict is kept
    assert _same({1, 2, 3}, {3, 2, 1})
    assert not _same({1, 2}, frozenset({1, 2}))
    assert not _same("a", Markup("a"))  # a text of its own kind
    assert not _same(Markup("a"), Markup("b"))
    assert not _same(1, True) and not _same(1, 1.0)


def test_a_callable_record_with_a_wrapped_function_is_told_by_what_it_wraps() -> None:
    first = Wrapping("same", functools.partial(len, "a"))
    second = Wrapping("other", functools.partial(len, "a"))
    third = Wrapping("same", functools.partial(len, "bb"))
    assert _same(first, second)
    assert not _same(first, third)


def test_a_record_that_is_a_list_is_told_as_a_list() -> None:
    listed, relabelled, other = Listed(), Listed(label="b"), Listed()
    listed.extend([1, 2])
    relabelled.extend([1, 2])
    other.extend([1, 3])
    assert _same(listed, relabelled)
    assert not _same(listed, other)


def test_a_record_that_holds_itself_is_described() -> None:
    one, two = Holder("a"), Holder("a")
    one.inner = one
    two.inner = Holder("a")
    assert _same(one, one) and not _same(one, two)


def test_a_value_claiming_a_record_class_is_not_taken_for_one() -> None:
    with pytest.raises(Unsure):  # no record, and nothing else of the tool's either
        fingerprint(Pretending(), {})


def test_a_dict_of_its_own_kind_is_not_a_plain_dict() -> None:
    class Named(dict[str, int]):
        pass

    assert not _same({"a": 1}, Named(a=1))


def test_an_entry_stands_for_its_token() -> None:
    entry, edited = Entry(term="a"), Entry(term="b")
    assert _same([entry], [edited], {id(entry): "@Entry('glossary', 0)",
                                     id(edited): "@Entry('glossary', 0)"})
    assert not _same([entry], [edited], {id(entry): "@Entry('glossary', 0)",
                                         id(edited): "@Entry('glossary', 1)"})
    with pytest.raises(Unsure):
        fingerprint([Entry(term="made while planning")], {id(entry): "@Entry('glossary', 0)"})


def test_functions_are_told_by_name_and_what_they_are_given() -> None:
    assert _same(functools.partial(country_name, "US"), functools.partial(country_name, "US"))
    assert not _same(functools.partial(country_name, "US"), functools.partial(country_name, "MX"))
    with pytest.raises(Unsure):  # a function of another package than the tool
        fingerprint(lambda: None, {})


class Measured(BaseModel):
    value: float | int
    label: str = "a"


def test_each_field_is_told_from_what_it_held_even_a_zero_of_the_other_sign() -> None:
    def digests(entry: Measured) -> dict[str, Any]:
        return field_digests(entry, {})

    assert digests(Measured(value=1.5)) == digests(Measured(value=1.5))
    assert digests(Measured(value=0.0))["value"] != digests(Measured(value=-0.0))["value"]
    assert digests(Measured(value=1))["value"] != digests(Measured(value=1.0))["value"]
    assert digests(Measured(value=1.5))["label"] == digests(Measured(value=2.5))["label"]


@dataclass(frozen=True)
class Frozen:
    name: str
    items: tuple[Any, ...]


def test_a_context_is_shown_the_same_without_its_fingerprint_only_when_it_is() -> None:
    entry, edited, other = Entry(term="a"), Entry(term="b"), Entry(term="c")
    before = {id(entry): "@Entry('glossary', 0)", id(other): "@Entry('glossary', 1)"}
    now = {id(edited): "@Entry('glossary', 0)", id(other): "@Entry('glossary', 1)"}
    old = {"entries": [entry, other], "section": Frozen("a", (entry, 1, None)), "tag": "x"}

    def same(new: Any) -> bool:
        return same_context(old, new, before, now)

    assert same({"entries": [edited, other], "section": Frozen("a", (edited, 1, None)), "tag": "x"})
    assert not same({"entries": [other, edited], "section": Frozen("a", (edited, 1, None)),
                     "tag": "x"})  # another entry in its place
    assert not same({"entries": [edited, Entry(term="c")], "section": Frozen("a", (edited, 1, None)),
                     "tag": "x"})  # an entry outside the data
    assert not same({"entries": [edited, other], "section": Frozen("a", (edited, True, None)),
                     "tag": "x"})  # True is not 1
    assert not same({"entries": (edited, other), "section": Frozen("a", (edited, 1, None)),
                     "tag": "x"})  # a tuple is not a list
    assert not same({"entries": [edited, other], "section": Frozen("a", (edited, 1, None)),
                     "tag": Markup("x")})  # a text of its own kind
    assert not same({"section": Frozen("a", (edited, 1, None)), "entries": [edited, other],
                     "tag": "x"})  # the order of a dict is kept


def test_what_a_context_cannot_be_shown_the_same_by_is_left_to_its_fingerprint() -> None:
    assert not same_context([1.0], [1.0], {}, {})  # a number that is not whole
    assert not same_context(Record("a", []), Record("a", []), {}, {})  # not frozen: may change
    looped: list[Any] = [1]
    looped.append(looped)
    again: list[Any] = [1]
    again.append(again)
    assert not same_context(looped, again, {}, {})  # a list that holds itself
    shared = ["a"]
    assert not same_context([shared, shared], [shared, shared], {}, {})
    assert same_context([shared, ["a"]], [["a"], ["a"]], {}, {})
