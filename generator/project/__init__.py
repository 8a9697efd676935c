"""Reading and checking a project: YAML with positions (loader), field types and typed
models (fields, models), checks of each file (validate), references and quotes against seeds
(link), one verdict per claim and who said what (claims), Markdown links judged on what
Markdown builds (mdlinks), the JSON Schema for editors (schema), and the entries still marked
as drafts (drafts). `load_project` runs them in order."""

from __future__ import annotations

from pathlib import Path

from ..errors import ProjectError
from .claims import Attribution, attribution, standing
from .drafts import describe_drafts, draft_entries
from .fields import STATUSES, check_url, link_problem
from .link import Claim, Project, link
from .mdlinks import MARKDOWN_ESCAPES, SafeLinks
from .models import (
    DATA_FILES,
    Activity,
    Appearance,
    Check,
    Event,
    Figure,
    GlossaryEntry,
    Official,
    Position,
    Quote,
    Source,
)
from .schema import SCHEMA_DIR, write_schemas
from .textmatch import normalize
from .validate import check_data


def load_project(root: Path) -> Project:
    """Load, check and link a project's data; raise `ProjectError` listing every problem."""
    data, problems = check_data(root)
    if data is None:
        raise ProjectError(problems)
    project, problems = link(root, data)
    if project is None:
        raise ProjectError(problems)
    return project


__all__ = [
    "DATA_FILES", "MARKDOWN_ESCAPES", "SCHEMA_DIR", "STATUSES", "Activity", "Appearance",
    "Attribution", "Check", "Claim", "Event", "Figure", "GlossaryEntry", "Official", "Position",
    "Project", "Quote", "SafeLinks", "Source", "attribution", "check_data", "check_url",
    "describe_drafts", "draft_entries", "link", "link_problem", "load_project", "normalize",
    "standing", "write_schemas",
]
