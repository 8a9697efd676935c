"""Stage 6, write: put the rendered files under docs/, touching only what changed.

A manifest (`docs/.explainer-manifest.json`) lists the files the tool wrote. Only those are
ever replaced or removed; a hand-written file in the way is an error, never overwritten.

A generation is all or nothing. Every changed file is first written in full to a staging
folder (`docs/.explainer-staging/`, which MkDocs ignores like every dot-folder); then a
journal naming the files to move and remove is written there, in one rename: that is the
moment the new generation counts as made. Only then are the files moved into place. If the
run is stopped before the journal exists, docs/ is untouched and the staging folder is
thrown away next time; if it is stopped after, the next run finishes the moves before doing
anything else (`recover`).

This guards against a run that is stopped (Ctrl-C, a kill, a crash). Files are not forced
to disk one by one (for thousands of pages that would take longer than writing them), so a
power cut can leave a page or the journal cut short: a journal that cannot be read counts
as never written, and the next `explainer generate` rewrites every page whose bytes are not
what the data gives, since it compares each page with what is on disk. Only a manifest cut
short needs a hand: the tool then asks for the generated pages to be deleted.

The manifest and the journal are files of the project, and a cloned project may hold any
text there: every path they name, and every path written, is first proven to lie inside
docs/ with its symbolic links resolved (`generator.files.inside`); anything else is an
error and nothing is touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, ProjectError, UserError
from ..files import Outside, Within, inside, kind_of, plain

MANIFEST = ".explainer-manifest.json"
STAGING = ".explainer-staging"
JOURNAL = "journal.json"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.written or self.removed)


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _place_of(text: str, name: str) -> tuple[int, int]:
    """The line and column of the manifest or journal where `name` is written."""
    quoted = json.dumps(name)
    for number, line in enumerate(text.splitlines(), start=1):
        if quoted in line:
            return number, line.index(quoted) + 1
    return 1, 1


def _outside(rel: str, text: str, name: str, advice: str) -> Problem:
    return Problem(rel, *_place_of(text, name), "(file)", f"the path {json.dumps(name)} is not"
                   f" a file inside docs/ (or leads out of it through a symbolic link); {advice}")


def read_manifest(docs: Path) -> tuple[dict[str, str], list[Problem]]:
    path = docs / MANIFEST
    rel = f"docs/{MANIFEST}"
    if not os.path.lexists(path):
        return {}, []
    damaged = [Problem(rel, 1, 1, "(file)", "the manifest of generated pages is damaged;"
                       " delete it and the generated pages, then run `explainer generate`")]
    if os.path.islink(path) or kind_of(path) is not None:
        return {}, damaged
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text)
        files = raw["files"]
        if not isinstance(files, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in files.items()
        ):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return {}, damaged
    problems = []
    for name in files:
        if not plain(name):
            problems.append(_outside(rel, text, name, "explainer never writes such a path:"
                                     " delete the manifest and the generated pages, then run"
                                     " `explainer generate`"))
    return ({}, problems) if problems else (files, [])


def previous_output(docs: Path, previous: dict[str, str], name: str) -> bytes | None:
    """The bytes generated for `name` last time (per the manifest `previous`), if the file
    is still exactly as written."""
    if name not in previous:
        return None
    try:
        target = inside(docs, name)
    except Outside:
        return None
    if kind_of(target) is not None:
        return None
    content = target.read_bytes()
    return content if _digest(content) == previous[name] else None


def page_digests(outputs: dict[str, bytes]) -> dict[str, str]:
    """The digest of each file's bytes, as the manifest lists them."""
    return {name: _digest(content) for name, content in outputs.items()}


def manifest_bytes(outputs: dict[str, bytes], digests: dict[str, str] | None = None) -> bytes:
    """The manifest of `outputs`; `digests` is `page_digests(outputs)`, when it is known."""
    known = page_digests(outputs) if digests is None else digests
    files = {name: known[name] for name in sorted(outputs)}
    text = json.dumps({"generator": "explainer", "version": 1, "files": files}, indent=2)
    return (text + "\n").encode()


def _link_out(name: str) -> Problem:
    return Problem(f"docs/{name}", 1, 1, "(file)", "a symbolic link on this path leads out of"
                   " docs/; explainer writes only inside docs/: replace the link with a folder"
                   " or file of its own")


def _in_the_way(docs: Path, name: str, within: Within,
                folders: dict[str, Problem | None]) -> Problem | tuple[Path, bool]:
    """Why the generated file `name` cannot be written, if it cannot; else where it goes and
    whether a file stands there. `folders` keeps, for each folder on the way, what stands
    in the way of its files (None: nothing), looked at once in one plan."""
    try:
        target, what = within.look(name)
    except Outside:
        return _link_out(name)
    parent = name.rpartition("/")[0]  # a plain name (`within.look`): parts joined by "/"
    if parent:
        problem = folders[parent] if parent in folders else _folder_problem(docs, parent, folders)
        if problem is not None:
            return problem
    if what not in (None, "nothing"):
        return Problem(f"docs/{name}", 1, 1, "(file)", f"{what} stands where a generated page"
                       " goes; rename or move it")
    return target, what is None


def _folder_problem(docs: Path, folder: str, folders: dict[str, Problem | None]) -> Problem | None:
    """What stands in the way of the files of `folder` (a path from docs/), each folder on
    the way looked at once."""
    up = folder.rpartition("/")[0]
    problem = (folders[up] if up in folders else _folder_problem(docs, up, folders)) if up else None
    if problem is None:
        what = kind_of(docs / folder)
        if what not in ("a folder", "nothing"):
            problem = Problem(f"docs/{folder}", 1, 1, "(file)", f"{what or 'a file'} stands"
                              " where a folder of generated pages goes; rename or move it")
    folders[folder] = problem
    return problem


def plan_writes(docs: Path, outputs: dict[str, bytes], manifest: bytes | None = None,
                held: Callable[[str], bool] | None = None) -> tuple[WriteReport, list[Problem]]:
    """What writing `outputs` would change, and any hand-written file in the way;
    `manifest` is `manifest_bytes(outputs)`, when it is known. `held` tells of some files
    that `docs/NAME` is known, without reading it, to be a file that holds `outputs[NAME]`
    (inside docs/, under folders of their own): those are unchanged."""
    previous, problems = read_manifest(docs)
    report = WriteReport()
    within = Within(docs)
    folders: dict[str, Problem | None] = {}
    for name, content in sorted(outputs.items()):
        if held is not None and held(name):
            report.unchanged.append(name)
            continue
        found = _in_the_way(docs, name, within, folders)
        if isinstance(found, Problem):
            problems.append(found)
            continue
        target, is_file = found
        current = target.read_bytes() if is_file else None
        if current == content:
            report.unchanged.append(name)
            continue
        if current is not None and name not in previous:
            problems.append(Problem(f"docs/{name}", 1, 1, "(file)",
                                    "this hand-written page has the name of a generated page;"
                                    " rename or move it so that explainer can write its page"))
            continue
        report.written.append(name)
    for name in sorted(set(previous) - set(outputs)):
        try:
            target = within.inside(name)
        except Outside:
            problems.append(_link_out(name))
            continue
        if kind_of(target) is not None:
            continue
        if _digest(target.read_bytes()) != previous[name]:
            problems.append(Problem(f"docs/{name}", 1, 1, "(file)",
                                    "this generated page was edited by hand and its entry is"
                                    " no longer in data/; keep your edits elsewhere, then"
                                    " delete this file"))
            continue
        report.removed.append(name)
    listed = manifest_bytes(outputs) if manifest is None else manifest
    if kind_of(docs / MANIFEST) is not None or (docs / MANIFEST).read_bytes() != listed:
        report.written.append(MANIFEST)
    return report, problems


def _write_atomic(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write_staged(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def _staging(docs: Path) -> Path | None:
    """The staging folder, if there is one; an error if something else has its name."""
    staging = docs / STAGING
    if not os.path.lexists(staging):
        return None
    if os.path.islink(staging) or kind_of(staging) != "a folder":
        what = "a symbolic link" if os.path.islink(staging) else (kind_of(staging) or "a file")
        raise ProjectError([Problem(f"docs/{STAGING}", 1, 1, "(file)", f"{what} has the name of"
                                    " the folder where explainer prepares pages; remove it")])
    return staging


def pending(docs: Path) -> bool:
    """Whether an interrupted generation left a journal to finish."""
    staging = _staging(docs)
    return staging is not None and os.path.lexists(staging / JOURNAL)


def _read_journal(staging: Path) -> tuple[str, list[str], list[str]] | None:
    """The journal's text and lists, or None when it cannot be read (cut short)."""
    path = staging / JOURNAL
    if os.path.islink(path) or kind_of(path) is not None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
        journal = json.loads(text)
        replace, remove = list(journal["replace"]), list(journal["remove"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not all(isinstance(name, str) for name in (*replace, *remove)):
        return None
    return text, replace, remove


def recover(docs: Path) -> None:
    """Finish a generation that was stopped after its journal was written, or discard one
    that was stopped before."""
    staging = _staging(docs)
    if staging is None:
        return
    journal = _read_journal(staging) if os.path.lexists(staging / JOURNAL) else None
    if journal is None:
        # Never written, or cut short by a power cut: treat it as never written. The pages
        # already moved are found and rewritten by the next comparison with what the data gives.
        shutil.rmtree(staging)
        return
    text, replace, remove = journal
    rel = f"docs/{STAGING}/{JOURNAL}"
    advice = (f"explainer never writes such a path: delete the folder docs/{STAGING}, then run"
              " `explainer generate`")
    problems = []
    moves: list[tuple[Path, Path]] = []
    for name in replace:
        try:
            moves.append((inside(staging, name), inside(docs, name)))
        except Outside:
            problems.append(_outside(rel, text, name, advice))
    removals: list[Path] = []
    for name in remove:
        try:
            removals.append(inside(docs, name))
        except Outside:
            problems.append(_outside(rel, text, name, advice))
    if problems:
        raise ProjectError(problems)
    try:
        for staged, target in moves:
            if kind_of(staged) is None:  # not moved yet
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, target)
        for target in removals:
            if kind_of(target) is None:
                target.unlink()
        (staging / JOURNAL).unlink()
        shutil.rmtree(staging)
    except OSError as exc:
        raise UserError(f"{_where(docs, exc)}: cannot finish writing the generated pages:"
                        f" {exc.strerror or exc}; fix that, then run `explainer generate` again"
                        " to finish them") from None


def _where(docs: Path, exc: OSError) -> str:
    """The file an error is about, relative to the project when it is in it."""
    if not exc.filename:
        return "docs"
    path = Path(os.fsdecode(exc.filename))
    root = Path(os.path.realpath(docs)).parent
    for base in (root, docs.parent):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return str(path)


def apply_writes(docs: Path, outputs: dict[str, bytes], report: WriteReport,
                 manifest: bytes | None = None) -> None:
    """Carry out a plan made by `plan_writes`, all or nothing (see the module's notes);
    `manifest` is `manifest_bytes(outputs)`, when it is known."""
    if not report.changed:
        return
    recover(docs)
    everything = {**outputs, MANIFEST: manifest_bytes(outputs) if manifest is None else manifest}
    staging = docs / STAGING
    replace = [name for name in report.written if name != MANIFEST]
    if MANIFEST in report.written:
        replace.append(MANIFEST)  # moved last: it names the pages that are now in place
    try:
        staging.mkdir(parents=True)
        within = Within(staging)
        for name in replace:
            _write_staged(within.inside(name), everything[name])
        _write_atomic(staging / JOURNAL, json.dumps({"replace": replace,
                                                     "remove": report.removed}).encode())
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError(f"{_where(docs, exc)}: cannot write the generated pages:"
                        f" {exc.strerror or exc}; no page was changed") from None
    recover(docs)
