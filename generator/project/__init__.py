"""Reading and checking a project: YAML with positions (loader), typed models (models),
checks of each file (validate), references and quotes against seeds (link), and the JSON
Schema for editors (schema). `load_project` runs them in order."""

from __future__ import annotations

from pathlib import Path

from ..errors import ProjectError
from .claims import Attribution, attribution, standing
from .link import Claim, Project, link
from .models import (
    DATA_FILES,
    STATUSES,
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
    "DATA_FILES", "SCHEMA_DIR", "STATUSES", "Activity", "Appearance", "Attribution", "Check",
    "Claim", "Event", "Figure", "attribution", "standing",
    "GlossaryEntry", "Official", "Position", "Project", "Quote", "Source", "check_data", "link",
    "load_project", "write_schemas",
]
