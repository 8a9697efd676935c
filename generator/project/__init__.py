"""Reading and checking a project: YAML with positions (loader), typed models (models),
checks of each file (validate), references and quotes against seeds (link), the JSON
Schema for editors (schema), and the entries still marked as drafts (drafts).
`load_project` runs them in order."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, ProjectError
from .drafts import describe_drafts, draft_entries
from .link import Claim, Project, link
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
    check_url,
)
from .schema import SCHEMA_DIR, write_schemas
from .textmatch import normalize
from .translate import (
    Completeness,
    catalog_path,
    check_catalog,
    quote_translations,
    translated_data,
    update_catalog,
)
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


def edition(project: Project, language: str) -> Project:
    """The project in one of its languages: its data with the finished translations."""
    if language == project.data.explainer.language:
        return project
    data, problems = translated_data(project.root, project.data, language)
    if problems:
        raise ProjectError(problems)
    translated, problems = link(project.root, data)
    if translated is None:
        raise ProjectError(problems)
    translated.language = language
    translated.quote_translations = quote_translations(project.root, project.data, language)
    return translated


def translation_problems(project: Project, drafts: tuple[str, ...] = ()) -> list[Problem]:
    """For each translated language that is not complete and not published as a draft, the
    problems that make it so."""
    found = []
    for language in project.data.explainer.editions[1:]:
        _stats, problems = check_catalog(project.root, project.data, language)
        if language not in drafts:
            found += problems
    return sorted(found)


__all__ = [
    "DATA_FILES", "SCHEMA_DIR", "Completeness", "catalog_path", "check_catalog", "edition",
    "translated_data", "translation_problems", "update_catalog", "STATUSES", "Activity", "Claim",
    "Event", "Figure",
    "GlossaryEntry", "Official", "Position", "Project", "Source", "check_data", "check_url",
    "describe_drafts", "draft_entries", "link", "load_project", "normalize", "write_schemas",
]
