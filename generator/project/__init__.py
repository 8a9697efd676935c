"""Reading and checking a project: YAML with positions (loader), typed models (models),
checks of each file (validate), references and quotes against seeds (link), and the JSON
Schema for editors (schema). `load_project` runs them in order."""

from __future__ import annotations

from pathlib import Path

from ..errors import ProjectError
from .link import Claim, Project, link
from .mdlinks import MARKDOWN_ESCAPES, SafeLinks
from .models import (
    DATA_FILES,
    STATUSES,
    Activity,
    Event,
    Figure,
    GlossaryEntry,
    Official,
    Position,
    Source,
    link_problem,
)
from .schema import SCHEMA_DIR, write_schemas
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
    "DATA_FILES", "MARKDOWN_ESCAPES", "SCHEMA_DIR", "STATUSES", "Activity", "Claim", "Event",
    "Figure", "SafeLinks",
    "GlossaryEntry", "Official", "Position", "Project", "Source", "check_data", "link",
    "link_problem", "load_project", "write_schemas",
]
