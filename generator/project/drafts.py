"""Entries marked `draft: true`: drafted by `explainer extract` and not yet checked."""

from __future__ import annotations

from .link import Project

DRAFT_FILES = ("sources", "officials", "positions", "figures", "events")


def draft_entries(project: Project) -> list[tuple[str, str]]:
    """(file, id) of every draft entry, file by file in data order."""
    found: list[tuple[str, str]] = []
    for name in DRAFT_FILES:
        entries = getattr(project, name)
        found += [(name, entry_id) for entry_id, entry in entries.items() if entry.draft]
    return found


def describe_drafts(drafts: list[tuple[str, str]]) -> str:
    """"3 entries are drafts (figures: 2, positions: 1)", or "" when there are none."""
    if not drafts:
        return ""
    counts: dict[str, int] = {}
    for name, _entry in drafts:
        counts[name] = counts.get(name, 0) + 1
    verb = "entry is a draft" if len(drafts) == 1 else "entries are drafts"
    detail = ", ".join(f"{name}: {count}" for name, count in counts.items())
    return f"{len(drafts)} {verb} ({detail})"
