"""Writing a draft: into a new project, or, with `--into`, adding to an existing one only
the entries whose text is not there yet. Nothing existing is ever overwritten; a failed
addition puts every file back as it was."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import UserError
from ..project import Project, load_project, normalize
from .draft import ArticleInfo, Draft, make_draft, slug

HEADER = "# yaml-language-server: $schema=../schema/{name}.schema.json\n"
NOTE = ("# Drafted by `explainer extract`. Review each entry, check it against the record,\n"
        "# then remove its `draft: true`.\n")
LIST_FILES = ("sources", "officials", "positions", "figures", "events")


def read_article_file(path: Path) -> tuple[bytes, str]:
    """The article's bytes and text; a clear message when it cannot be used."""
    if not path.exists():
        raise UserError(f"{path}: no such file; give the path of the article as a plain-text file")
    if not path.is_file():
        raise UserError(f"{path}: is a folder; give the path of the article as a plain-text file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise UserError(f"{path}:{line}:{column}: the article is not UTF-8 text (byte"
                        f" 0x{data[exc.start]:02x}); save it as UTF-8 and try again") from None
    if not text.strip():
        raise UserError(f"{path}:1:1: the article is empty; give a file that holds the article's text")
    return data, text


def dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100,
                          default_flow_style=False)


def write_new(target: Path, draft: Draft, seed: bytes, info: ArticleInfo) -> None:
    """data/ and seeds/ of a new project whose set-up (mkdocs.yml, …) is already in place."""
    (target / "seeds").mkdir(parents=True, exist_ok=True)
    (target / info.seed).write_bytes(seed)
    data = target / "data"
    data.mkdir(exist_ok=True)
    for name, value in draft.data.items():
        (data / f"{name}.yaml").write_text(HEADER.format(name=name) + NOTE + dump(value), encoding="utf-8")


def _known_texts(project: Project) -> dict[str, set[str]]:
    def norm(text: str) -> str:
        return normalize(text).lower()

    return {
        "sources": {norm(s.title) for s in project.sources.values()},
        "officials": {norm(o.name) for o in project.officials.values()},
        "quotes": {norm(q.text) for p in project.positions.values() for q in p.quotes},
        "figures": {norm(f.as_stated) for f in project.figures.values()},
        "events": {norm(f"{e.date} {e.title}") for e in project.events.values()},
    }


def _seed_name(root: Path, name: str, seed: bytes) -> tuple[str, bool]:
    """A path under seeds/ for the article, and whether that file already holds it."""
    stem, suffix = Path(name).stem, Path(name).suffix or ".txt"
    candidate, n = f"seeds/{stem}{suffix}", 2
    while (root / candidate).exists():
        if (root / candidate).read_bytes() == seed:
            return candidate, True
        candidate, n = f"seeds/{stem}-{n}{suffix}", n + 1
    return candidate, False


def add_into(root: Path, raw: str, seed: bytes, file_name: str, info: ArticleInfo) -> dict[str, list[str]]:
    """Add to the project at `root` the drafted entries it lacks; return the ids added, by file."""
    project = load_project(root)
    seed_path, present = _seed_name(root, file_name, seed)
    existing_source = next((s for s in project.sources.values() if s.file == seed_path), None)
    taken = {name: set(getattr(project, name)) for name in LIST_FILES}
    source_id = existing_source.id if existing_source else \
        _fresh(f"article-{slug(info.title or file_name, 4)}", taken["sources"])
    draft = make_draft(raw, ArticleInfo(seed_path, info.title, info.publisher, info.date, info.url),
                       source_id=source_id, taken=taken)
    known = _known_texts(project)
    renamed: dict[str, str] = {}  # drafted official id -> the id of the same person already there
    same_sources: dict[str, str] = {}  # the same for sources
    by_name = {normalize(o.name).lower(): o.id for o in project.officials.values()}
    added: dict[str, list[Any]] = {name: [] for name in LIST_FILES}
    by_title = {normalize(s.title).lower(): s.id for s in project.sources.values()}
    for entry in draft.data["sources"]:
        if entry["id"] == source_id and existing_source is not None:
            continue
        same_source = by_title.get(normalize(entry["title"]).lower())
        if entry["id"] != source_id and same_source:
            same_sources[entry["id"]] = same_source  # figures credit the source already there
            continue
        added["sources"].append(entry)
    for entry in draft.data["officials"]:
        same = by_name.get(normalize(entry["name"]).lower())
        if same:
            renamed[entry["id"]] = same
        else:
            added["officials"].append(entry)
    for entry in draft.data["positions"]:
        entry["actor"] = renamed.get(entry["actor"], entry["actor"])
        entry["quotes"] = [q for q in entry["quotes"] if normalize(q["text"]).lower() not in known["quotes"]]
        if entry["quotes"]:
            added["positions"].append(entry)
    for entry in draft.data["figures"]:
        if "credited_to" in entry:
            entry["credited_to"] = same_sources.get(entry["credited_to"], entry["credited_to"])
        if normalize(entry["as_stated"]).lower() not in known["figures"]:
            added["figures"].append(entry)
    for entry in draft.data["events"]:
        entry["participants"] = [renamed.get(p, p) for p in entry.get("participants", [])]
        if not entry["participants"]:
            entry.pop("participants")
        if normalize(f"{entry['date']} {entry['title']}").lower() not in known["events"]:
            added["events"].append(entry)
    used = {p["actor"] for p in added["positions"]} | {
        p for e in added["events"] for p in e.get("participants", [])}
    added["officials"] = [o for o in added["officials"] if o["id"] in used or "Role not" not in o["role"]]
    _write_additions(root, added, seed_path, seed if not present else None)
    return {name: [e["id"] for e in entries] for name, entries in added.items() if entries}


def _fresh(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _write_additions(root: Path, added: dict[str, list[Any]], seed_path: str, seed: bytes | None) -> None:
    before: dict[Path, bytes | None] = {}
    try:
        if seed is not None:
            before[root / seed_path] = None
            (root / seed_path).parent.mkdir(exist_ok=True)
            (root / seed_path).write_bytes(seed)
        for name, entries in added.items():
            if not entries:
                continue
            path = root / "data" / f"{name}.yaml"
            old = path.read_bytes() if path.exists() else None
            before[path] = old
            text = old.decode("utf-8") if old is not None else HEADER.format(name=name)
            if old is not None and yaml.safe_load(text) in (None, []):
                text = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
            if text and not text.endswith("\n"):
                text += "\n"
            path.write_text(text + "\n" + NOTE + dump(entries), encoding="utf-8")
        load_project(root)  # the project must stay valid
    except BaseException:
        for path, content in before.items():
            if content is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(content)
        raise


def summary_of(added: dict[str, list[str]]) -> str:
    if not added:
        return "Nothing to add: every entry drafted from the article is already in the project."
    parts = [f"{len(ids)} {name} ({', '.join(ids)})" for name, ids in added.items()]
    return "Added, each marked `draft: true`: " + "; ".join(parts) + "."


def safe_file_name(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name).stem).strip("-.") or "article"
    return f"{stem}.txt"


__all__ = ["add_into", "read_article_file", "safe_file_name", "summary_of", "write_new"]
