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
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem

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


def read_manifest(docs: Path) -> tuple[dict[str, str], list[Problem]]:
    path = docs / MANIFEST
    rel = f"docs/{MANIFEST}"
    if not path.exists():
        return {}, []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        files = raw["files"]
        if not isinstance(files, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in files.items()
        ):
            raise ValueError
        return files, []
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return {}, [Problem(rel, 1, 1, "(file)", "the manifest of generated pages is damaged;"
                            " delete it and the generated pages, then run `explainer generate`")]


def previous_output(docs: Path, previous: dict[str, str], name: str) -> bytes | None:
    """The bytes generated for `name` last time (per the manifest `previous`), if the file
    is still exactly as written."""
    target = docs / name
    if name not in previous or not target.is_file():
        return None
    content = target.read_bytes()
    return content if _digest(content) == previous[name] else None


def manifest_bytes(outputs: dict[str, bytes]) -> bytes:
    files = {name: _digest(content) for name, content in sorted(outputs.items())}
    text = json.dumps({"generator": "explainer", "version": 1, "files": files}, indent=2)
    return (text + "\n").encode()


def plan_writes(docs: Path, outputs: dict[str, bytes]) -> tuple[WriteReport, list[Problem]]:
    """What writing `outputs` would change, and any hand-written file in the way."""
    previous, problems = read_manifest(docs)
    report = WriteReport()
    for name, content in sorted(outputs.items()):
        target = docs / name
        current = target.read_bytes() if target.is_file() else None
        if current == content:
            report.unchanged.append(name)
            continue
        if current is not None and name not in previous:
            problems.append(Problem(f"docs/{name}", 1, 1, "(file)",
                                    "this hand-written page has the name of a generated page;"
                                    " rename or move it so that explainer can write its page"))
            continue
        if target.exists() and not target.is_file():
            problems.append(Problem(f"docs/{name}", 1, 1, "(file)",
                                    "a folder stands where a generated page goes; rename it"))
            continue
        report.written.append(name)
    for name in sorted(set(previous) - set(outputs)):
        if (docs / name).is_file():
            report.removed.append(name)
    manifest = docs / MANIFEST
    if not manifest.is_file() or manifest.read_bytes() != manifest_bytes(outputs):
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


def pending(docs: Path) -> bool:
    """Whether an interrupted generation left a journal to finish."""
    return (docs / STAGING / JOURNAL).is_file()


def recover(docs: Path) -> None:
    """Finish a generation that was stopped after its journal was written, or discard one
    that was stopped before."""
    staging = docs / STAGING
    if not staging.exists():
        return
    if not pending(docs):
        shutil.rmtree(staging)
        return
    try:
        journal = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
        replace, remove = list(journal["replace"]), list(journal["remove"])
    except (OSError, ValueError, KeyError, TypeError):
        # Cut short by a power cut: treat it as never written. The pages already moved are
        # found and rewritten by the next comparison with what the data gives.
        shutil.rmtree(staging)
        return
    for name in replace:
        staged = staging / name
        if staged.is_file():  # not moved yet
            (docs / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, docs / name)
    for name in remove:
        (docs / name).unlink(missing_ok=True)
    (staging / JOURNAL).unlink()
    shutil.rmtree(staging)


def apply_writes(docs: Path, outputs: dict[str, bytes], report: WriteReport) -> None:
    """Carry out a plan made by `plan_writes`, all or nothing (see the module's notes)."""
    if not report.changed:
        return
    recover(docs)
    everything = {**outputs, MANIFEST: manifest_bytes(outputs)}
    staging = docs / STAGING
    staging.mkdir(parents=True)
    replace = [name for name in report.written if name != MANIFEST]
    if MANIFEST in report.written:
        replace.append(MANIFEST)  # moved last: it names the pages that are now in place
    for name in replace:
        _write_staged(staging / name, everything[name])
    _write_atomic(staging / JOURNAL, json.dumps({"replace": replace, "remove": report.removed})
                  .encode())
    recover(docs)
