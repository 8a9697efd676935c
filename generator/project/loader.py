"""Stage 1, load: read YAML files into plain Python values, remembering where each value was.

PyYAML's safe loader is used only to parse and compose the node tree; the values are then
built here so that every key and value keeps its line and column, duplicate keys are
caught (PyYAML would silently keep the last one), tags are refused, dates stay text, and
alias expansion is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from ..errors import Problem
from ..files import NotRegular, TooLarge, read_regular

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_SEED_BYTES = 50 * 1024 * 1024
MAX_VALUES = 500_000

Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
# The numbers YAML 1.2 and YAML 1.1 read alike: plain decimal notation. PyYAML follows
# YAML 1.1, where 017 is octal (15), 1:30 is base 60 (90) and 0x1F is 31; such forms are
# refused with a message that names them rather than published as another number.
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?|[-+]?\.[0-9]+"
                      r"([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class LoadedFile:
    """The values of one YAML file and the position of each of them."""

    rel: str
    data: Any
    # Where each value and key starts, as the line and column PyYAML counts from 0: turned
    # into a Position only when a message needs one, which keeps loading a large file fast.
    # (Not PyYAML's marks themselves: a process that keeps the data, the live preview,
    # would have them looked at by each pass of the collector of reference cycles, which
    # takes longer for them than for plain numbers, which it never looks at.)
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """Where `path` is; for a path that does not exist, its nearest existing parent."""
        if key and path in self.keys:
            return _position(self.keys[path])
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return _position(found)
        return Position(1, 1)

    def problem(self, path: Path_, dotted: str, message: str, *, key: bool = False) -> Problem:
        pos = self.position(path, key=key)
        return Problem(self.rel, pos.line, pos.column, dotted, message)


class _LoadFailed(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _position(where: tuple[int, int]) -> Position:
    return Position(where[0] + 1, where[1] + 1)


def _mark(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def _decode(raw: bytes, rel: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise _LoadFailed(
            Problem(
                rel, line, column, "(file)",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            )
        ) from None


def _check_tabs(text: str, rel: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(
                Problem(
                    rel, number, indent.index("\t") + 1, "(file)",
                    "a tab is used for indentation; YAML needs spaces: replace the tab with spaces",
                )
            )
    return problems


class _Builder:
    """Turns a composed node tree into values, recording positions as it goes."""

    def __init__(self, loaded: LoadedFile, constructor: SafeConstructor) -> None:
        self.loaded = loaded
        self.constructor = constructor
        self.count = 0
        self.problems: list[Problem] = []

    def fail(self, node: yaml.Node, path: Path_, message: str) -> None:
        pos = _mark(node)
        self.problems.append(
            Problem(self.loaded.rel, pos.line, pos.column, dotted_path(self.loaded.rel, path), message)
        )

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            pos = _mark(node)
            raise _LoadFailed(
                Problem(
                    self.loaded.rel, pos.line, pos.column, dotted_path(self.loaded.rel, path),
                    f"the file expands to more than {MAX_VALUES:,} values (too many aliases?);"
                    " write the values out instead of repeating anchors",
                )
            )
        mark = node.start_mark
        self.loaded.values.setdefault(path, (mark.line, mark.column))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.fail(node, path, f"the YAML tag '{node.tag}' is not allowed; remove it")
                return None
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        if node.tag != _MAP:
            self.fail(node, path, f"the YAML tag '{node.tag}' is not allowed; remove it")
            return None
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.fail(key_node, path, "merge keys ('<<') are not supported; write the keys out")
                else:
                    self.fail(key_node, path, "a key must be a plain word such as 'title'")
                continue
            key = str(key_node.value)
            if key in first_seen:
                self.fail(
                    key_node, (*path, key),
                    f"duplicate key '{key}' (first at line {_mark(first_seen[key]).line});"
                    " keep only one",
                )
                continue
            first_seen[key] = key_node
            mark = key_node.start_mark
            self.loaded.keys[(*path, key)] = (mark.line, mark.column)
            result[key] = self.build(value_node, (*path, key))
        return result

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self.fail(node, path, f"the YAML tag '{node.tag}' is not allowed; remove it")
            return None
        if node.tag == _STR or node.tag.endswith(":timestamp"):
            return node.value  # dates stay text: they are checked as text later
        if node.tag.endswith(":null"):
            return None
        if node.tag.endswith(":bool"):
            return self.constructor.construct_yaml_bool(node)
        if not _DECIMAL.fullmatch(node.value):
            self.fail(node, path, _number_form(node.value))
            return None
        if len(node.value) > 40:
            self.fail(node, path, f"the number has {len(node.value)} characters, too many to be"
                      " a figure; count in a larger unit, or put it in quotes if it is text")
            return None
        if node.tag.endswith(":int"):
            return self.constructor.construct_yaml_int(node)
        return self.constructor.construct_yaml_float(node)


def _number_form(value: str) -> str:
    """Why a number YAML 1.1 reads is refused, naming its form."""
    digits = value.lstrip("+-")
    if ":" in value:
        form = "a base-60 number (YAML 1.1 reads 1:30 as 90)"
    elif digits[:2].lower() == "0x":
        form = "a hexadecimal number"
    elif digits[:2].lower() == "0b":
        form = "a binary number"
    elif digits[:2].lower() == "0o" or (digits[:1] == "0" and digits[1:2].isdigit()):
        form = "an octal number (YAML 1.1 reads 017 as 15)"
    elif "_" in value:
        form = "a number with '_' between its digits"
    else:
        form = "a number in a form other than plain decimal digits"
    return (f"'{value}' is {form}; write the number in plain decimal digits, such as 1500"
            " or 2.5, or put it in quotes if it is text")


def dotted_path(rel: str, path: Path_) -> str:
    """`sources[2].kind` for ('2', 'kind') in data/sources.yaml."""
    text = Path(rel).stem
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def load_yaml(raw: bytes, rel: str) -> tuple[LoadedFile, list[Problem]]:
    """Parse one YAML document; return its values and every problem found."""
    loaded = LoadedFile(rel, None)
    if len(raw) > MAX_FILE_BYTES:
        return loaded, [_too_large(rel, len(raw), MAX_FILE_BYTES)]
    try:
        text = _decode(raw, rel)
    except _LoadFailed as failed:
        return loaded, [failed.problem]
    if text.startswith("\ufeff"):
        text = text[1:]
    tab_problems = _check_tabs(text, rel)
    if tab_problems:
        return loaded, tab_problems
    unprintable = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if unprintable:
        before = text[: unprintable.start()]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        code = f"U+{ord(unprintable.group()[0]):04X}"
        return loaded, [Problem(rel, line, column, "(file)", f"the control character {code} is not"
                                " allowed in YAML; delete it")]
    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # libyaml when present
    try:
        node = parser.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        return loaded, [
            Problem(rel, line, column, "(file)", f"YAML syntax error: {what}; check the"
                    " indentation and quoting here or just before")
        ]
    except yaml.YAMLError as exc:
        return loaded, [Problem(rel, 1, 1, "(file)", f"YAML error: {exc}")]
    finally:
        parser.dispose()
    if node is None:
        return loaded, []
    builder = _Builder(loaded, parser)
    try:
        loaded.data = builder.build(node, ())
    except _LoadFailed as failed:
        return LoadedFile(rel, None), [failed.problem]
    except RecursionError:
        return LoadedFile(rel, None), [
            Problem(rel, 1, 1, "(file)", "the file is nested too deeply; flatten it")
        ]
    return loaded, builder.problems


def _too_large(rel: str, size: int, limit: int) -> Problem:
    return Problem(rel, 1, 1, "(file)", f"the file is {size:,} bytes, more than the {limit:,}"
                   " allowed; split it or shorten it")


def _read(path: Path, rel: str, limit: int) -> tuple[bytes, Problem | None]:
    """The bytes of a file the project names, or why it cannot be read: a pipe, a device or a
    folder is reported as what it is (and never opened), a large file before it is read."""
    try:
        return read_regular(path, limit), None
    except NotRegular as exc:
        if exc.what == "nothing":
            return b"", Problem(rel, 1, 1, "(file)", "the file does not exist")
        return b"", Problem(rel, 1, 1, "(file)", f"this is {exc.what}, not a file; put a"
                            " plain UTF-8 file here")
    except TooLarge as exc:
        return b"", _too_large(rel, exc.size, limit)
    except OSError as exc:
        return b"", Problem(rel, 1, 1, "(file)", f"cannot read the file: {exc.strerror}")


def read_data_file(path: Path, rel: str) -> tuple[bytes, Problem | None]:
    """The bytes of a data file (at most MAX_FILE_BYTES), or why it cannot be read."""
    return _read(path, rel, MAX_FILE_BYTES)


def load_text_file(path: Path, rel: str) -> tuple[str | None, Problem | None]:
    """Read a UTF-8 text file (a seed), or say why it cannot be read."""
    raw, problem = _read(path, rel, MAX_SEED_BYTES)
    if problem is not None:
        return None, problem
    try:
        return _decode(raw, rel), None
    except _LoadFailed as failed:
        return None, failed.problem
