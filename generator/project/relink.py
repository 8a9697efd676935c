"""Linking again after an edit of the glossary alone, in a long-lived process (the live
preview), without linking the rest of the data again.

In such a process, a data file whose bytes did not change is the very value it was
(`validate` keeps the last result of each file). When every part of the data but the
glossary is the very value it was in a project `link` made without a problem, and the seeds
read the same once normalized (all that linking takes from them when it finds no problem),
all of that project but what the glossary gives is what `link` would make again: only the
glossary is linked, against the sources of that project. Any problem, and any other
difference, means `link` does it all, so problems are reported exactly as it reports them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ..errors import Problem
from .link import Project, link, link_glossary, seed_texts
from .textmatch import normalize
from .validate import Data

GLOSSARY = "glossary"
KEPT = 4  # projects kept: one for each edition of a project, and a few over


@dataclass(frozen=True)
class _Linked:
    inputs: tuple[Any, ...]  # `_inputs` of its data (which they keep alive)
    cites: dict[str, list[tuple[str, str]]]  # what cited each source, but the glossary
    project: Project


_last: list[_Linked] = []  # the last projects linked, the latest first


def _inputs(root: Path, data: Data) -> tuple[Any, ...]:
    """What `link` reads of `data` but the glossary (and of the files, their positions)."""
    return (str(root), *(getattr(data, item.name) for item in fields(data)
                         if item.name not in (GLOSSARY, "files")),
            *(item for item in data.files.items() if item[0] != GLOSSARY))


def _same(one: tuple[Any, ...], two: tuple[Any, ...]) -> bool:
    """Whether `one` and `two` are the same texts and the very same values."""
    return len(one) == len(two) and one[0] == two[0] and all(
        a is b or (type(a) is tuple and type(b) is tuple and a[0] == b[0] and a[1] is b[1])
        for a, b in zip(one[1:], two[1:], strict=True))


def link_again(root: Path, data: Data) -> tuple[Project | None, list[Problem]]:
    """`link(root, data)`, linking only the glossary when that is enough (see the module's
    notes)."""
    inputs = _inputs(root, data)
    last = next((linked for linked in _last if _same(linked.inputs, inputs)), None)
    if last is not None:
        seeds, problems = seed_texts(root, data)
        if not problems and {k: normalize(v) for k, v in seeds.items()} == last.project.seeds:
            glossary, problems = link_glossary(root, data, last.project.sources)
            if not problems:
                return _relinked(last, root, data, glossary), []
    project, problems = link(root, data)
    if project is not None:
        # What cited each source before the glossary: `link` goes through it last.
        cites = {key: kept for key, value in project.cited_by.items()
                 if (kept := [cite for cite in value if cite[0] != GLOSSARY])}
        _last[:] = [_Linked(inputs, cites, project),
                    *(linked for linked in _last if not _same(linked.inputs, inputs))][:KEPT]
    return project, problems


def _relinked(last: _Linked, root: Path, data: Data,
              glossary: dict[str, list[tuple[str, str]]]) -> Project:
    """The project `link` makes of `data`, whose glossary cites as `glossary` says."""
    before = last.project
    cited_by = {key: list(value) for key, value in last.cites.items()}
    for key, value in glossary.items():
        cited_by.setdefault(key, []).extend(value)
    return Project(
        root=root, data=data, sources=dict(before.sources),
        officials=dict(before.officials), positions=dict(before.positions),
        figures=dict(before.figures), events=dict(before.events), context=dict(before.context),
        claims=list(before.claims),
        checked_by={key: list(value) for key, value in before.checked_by.items()},
        cited_by={key: list(dict.fromkeys(value)) for key, value in cited_by.items()},
        seeds=dict(before.seeds), restatements=dict(before.restatements),
        warnings=list(before.warnings), language=data.explainer.language)
