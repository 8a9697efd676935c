"""What goes into docs/: the plan of every page (plan, sections, links), Jinja2 templates filled
as safe Markdown (render, templates/), charts drawn as SVG (charts), ClaimReview data
(jsonld), what each page read, for a long-lived process to render again only what an edit
changes (reuse), and writing only what changed, with a manifest (write)."""

from __future__ import annotations

from .claimview import quote_attribution
from .compiled import keep_compiled
from .editions import edition_config, edition_docs, edition_prefix, front_matter_alternates
from .i18n import (
    N_,
    current_language,
    gettext,
    language,
    language_name,
    ngettext,
    shipped_languages,
)
from .links import RELIABILITY_INFO, STATUS_INFO, Links, country_name, date_key
from .navigation import read_config
from .plan import Page, plan, template_globals
from .render import (
    PROJECT_TEMPLATE_DIR,
    TEMPLATE_DIR,
    Md,
    amount,
    count,
    human_date,
    make_environment,
    markdown,
    number,
    project_templates,
    template_environment,
    template_problem,
)
from .reuse import (
    EVERY_FIELD,
    Field,
    Key,
    Part,
    Parts,
    Reads,
    Unsure,
    entry_keys,
    field_digests,
    fields_read,
    fingerprint,
    same_context,
)
from .write import (
    MANIFEST,
    WriteReport,
    apply_writes,
    manifest_bytes,
    page_digests,
    pending,
    plan_writes,
    previous_output,
    read_manifest,
    recover,
)

__all__ = [
    "N_", "current_language", "quote_attribution", "edition_config", "edition_docs", "edition_prefix",
    "front_matter_alternates", "gettext", "language", "language_name", "ngettext",
    "shipped_languages",
    "PROJECT_TEMPLATE_DIR", "RELIABILITY_INFO", "STATUS_INFO", "TEMPLATE_DIR", "Links", "Md",
    "MANIFEST", "Page", "WriteReport", "amount", "apply_writes", "count", "country_name", "date_key",
    "human_date", "keep_compiled", "make_environment", "manifest_bytes", "markdown", "number",
    "page_digests", "pending", "plan", "plan_writes", "previous_output",
    "project_templates", "read_config", "read_manifest", "recover", "template_environment",
    "template_globals", "template_problem",
    "EVERY_FIELD", "Field", "Key", "Part", "Parts", "Reads", "Unsure", "entry_keys",
    "field_digests", "fields_read", "fingerprint", "same_context",
]
