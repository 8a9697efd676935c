"""Reading and checking a project: YAML with positions (loader), field types and typed
models (fields, models), checks of each file (validate), references and quotes against seeds
(link; after an edit of the glossary alone, only the glossary: relink), one verdict per
claim and who said what (claims), Markdown links judged on what Markdown builds (mdlinks),
the JSON Schema for editors (schema), and the entries still marked as drafts (drafts).
`load_project` runs them in order."""

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
from .relink import link_again
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
    project, problems = link_again(root, data)
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
    translated, problems = link_again(project.root, data)
    if translated is None:
        raise ProjectError(problems)
    translated.language = language
    translated.quote_translations = quote_translations(project.root, project.data, language)
    return translated


__all__ = [
    "DATA_FILES", "MARKDOWN_ESCAPES", "SCHEMA_DIR", "STATUSES", "Activity", "Appearance",
    "Attribution", "Check", "Claim", "Completeness", "Event", "Figure", "GlossaryEntry",
    "Official", "Position", "Project", "Quote", "SafeLinks", "Source", "attribution",
    "catalog_path", "check_catalog", "check_data", "check_url", "describe_drafts",
    "draft_entries", "edition", "link", "link_problem", "load_project", "normalize", "standing",
    "translated_data", "update_catalog", "write_schemas",
]
