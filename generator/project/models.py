"""The data format (SPEC section 2) as typed models: the single source of truth for checking.

Field types carry their own checks and plain-word messages; `validate.py` maps any
failure back to the file, line and column it came from.
"""

from __future__ import annotations

import calendar
import math
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_MD_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\s*[(\[]")
URL_SCHEMES = ("http", "https", "mailto")
_EMAIL = re.compile(r"^[^@\s/:]+@[^@\s/:]+\.[A-Za-z]{2,}$")

Status = Literal["accurate", "needs-context", "inaccurate", "misleading", "unverified", "opinion"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
Reliability = Literal["primary", "high", "mixed", "low", "unrated"]
SourceKind = Literal[
    "news-article", "opinion", "government", "transcript", "dataset", "research", "video",
    "reference",
]
Qualifier = Literal["about", "more-than", "less-than", "at-least", "up-to"]


def _check_id(value: str) -> str:
    if not ID_PATTERN.fullmatch(value):
        raise ValueError(
            f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens,"
            " such as 'border-patrol-2023'"
        )
    return value


def _date_to_text(value: Any) -> Any:
    # An unquoted year such as 2023 arrives as a number; a year is a valid date.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _check_date(value: str) -> str:
    match = _DATE.fullmatch(value)
    hint = "write a date as YYYY-MM-DD, YYYY-MM or YYYY, such as 2023-10-05"
    if not match:
        raise ValueError(f"'{value}' is not a date; {hint}")
    year, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"'{value}' has no month {month}; {hint}")
    if day is not None:
        last = calendar.monthrange(int(year), int(month))[1]
        if not 1 <= int(day) <= last:
            raise ValueError(f"'{value}' is not a day of that month (it has {last} days)")
    return value


def check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in URL_SCHEMES:
        raise ValueError(
            f"'{value}' is not an allowed link; a link must start with http://, https:// or mailto:"
        )
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        raise ValueError(f"'{value}' has no host name; write a full address such as https://example.org/page")
    if any(ch.isspace() for ch in value):
        raise ValueError(f"'{value}' contains white space; encode spaces as %20")
    return value


def _check_markdown(value: str) -> str:
    if _MD_IMAGE.search(value):
        raise ValueError("images are not allowed in Markdown fields; link to the image instead")
    for pattern in (_MD_LINK, _MD_REF_DEF):
        for match in pattern.finditer(value):
            target = match.group(1)
            if target.startswith("#"):
                raise ValueError(f"the link '{target}' points inside a page; link to a full address")
            check_url(target)
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("the text is empty; write something or remove the key")
    return value


def _check_country(value: str) -> str:
    if pycountry.countries.get(alpha_2=value) is None or value != value.upper():
        raise ValueError(
            f"'{value}' is not an ISO 3166-1 alpha-2 country code; use two capital letters"
            " such as US or MX"
        )
    return value


def _check_summary_length(value: str) -> str:
    if len(value) > 160:
        raise ValueError(
            f"the summary has {len(value)} characters; shorten it to at most 160"
            " (put the explanation in 'note')"
        )
    return value


def _check_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        if isinstance(value, str) and re.fullmatch(r"[\d,.\s]+", value.strip()):
            plain = re.sub(r"[,\s]", "", value)
            raise ValueError(f"write the number without quotes or separators, such as {plain}")
        raise ValueError(f"expected a number, found {describe(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"expected a number that can be written out, found {value}; write the"
                         " figure itself (use the note to say it is unknown or unbounded)")
    return value


def describe(value: Any) -> str:
    """A few words on what a value is, for messages."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{short}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys"
    return type(value).__name__


# Each type carries its check and, for editors, the JSON Schema that describes it.
Id = Annotated[str, AfterValidator(_check_id), WithJsonSchema(
    {"type": "string", "pattern": ID_PATTERN.pattern,
     "description": "lowercase letters, digits and single hyphens"})]
Date = Annotated[str, BeforeValidator(_date_to_text), AfterValidator(_check_date), WithJsonSchema(
    {"type": ["string", "integer"], "pattern": _DATE.pattern,
     "description": "YYYY-MM-DD, YYYY-MM or YYYY"})]
Text = Annotated[str, AfterValidator(_check_text), WithJsonSchema(
    {"type": "string", "minLength": 1, "description": "plain text, shown as written"})]
Markdown = Annotated[str, AfterValidator(_check_text), AfterValidator(_check_markdown),
                     WithJsonSchema({"type": "string", "minLength": 1,
                                     "description": "inline Markdown; HTML is shown as text"})]
Url = Annotated[str, AfterValidator(check_url), WithJsonSchema(
    {"type": "string", "pattern": "^(https?://|mailto:)", "description": "http, https or mailto"})]
Country = Annotated[str, AfterValidator(_check_country), WithJsonSchema(
    {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2 code"})]
Number = Annotated[int | float, BeforeValidator(_check_number), WithJsonSchema({"type": "number"})]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class Check(Model):
    """The sourcing caveat on a claim: a verdict of its own, or `same_as`, the id of the entry
    whose check already judges the same claim."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": ["status", "summary"], "not": {"required": ["same_as"]}},
        {"required": ["same_as"], "maxProperties": 1}]})

    status: Status | None = None
    summary: Annotated[Text, AfterValidator(_check_summary_length)] | None = None
    note: Markdown | None = None
    sources: list[Id] = Field(default_factory=list)
    same_as: Id | None = None

    @property
    def verdict(self) -> Status:
        """The status of a check of its own (never called on a `same_as` pointer)."""
        assert self.status is not None
        return self.status

    @model_validator(mode="after")
    def _sources_required(self) -> Check:
        if self.same_as is not None:
            given = [k for k in ("status", "summary", "note", "sources") if k in self.model_fields_set]
            if given:
                raise ValueError(
                    f"a check with 'same_as' takes its verdict from '{self.same_as}'; remove"
                    f" {', '.join(repr(k) for k in given)} (or remove 'same_as' to judge it here)")
            return self
        missing = [k for k in ("status", "summary") if getattr(self, k) is None]
        if missing:
            raise ValueError(
                f"the check has no {' or '.join(repr(k) for k in missing)}: give the claim a"
                " 'status' and a one-line 'summary', or point at the entry that already checks"
                " the same claim with 'same_as: ID'")
        if not self.sources and self.status not in ("unverified", "opinion"):
            raise ValueError(
                f"a check with status '{self.status}' needs 'sources': list the ids of the"
                " sources it rests on"
            )
        return self


def _check_contact(value: str) -> str:
    if _EMAIL.fullmatch(value):
        return value
    try:
        return check_url(value)
    except ValueError:
        raise ValueError(f"'{value}' is neither an email address (name@example.org) nor a web"
                         " address (https://...); write where readers can report an error") from None


Contact = Annotated[str, AfterValidator(_check_contact), WithJsonSchema(
    {"type": "string", "description": "an email address or an http(s)/mailto address"})]


class Appearance(Model):
    """Somewhere else the same claim appeared, in that source's words."""

    source: Id
    as_stated: Text
    date: Date | None = None  # when it appeared there; defaults to the source's date


class Rating(Model):
    """What one rater says about a source's reliability."""

    by: Text
    rating: Text
    date: Date | None = None
    url: Url | None = None


class Correction(Model):
    date: Date
    summary: Markdown


class Explainer(Model):
    title: Text
    summary: Markdown
    article: Id
    audience: Text | None = None
    language: Text = "en"
    updated: Date | None = None
    method: Markdown | None = None
    license: Text | None = None
    corrections: list[Correction] = Field(default_factory=list)
    authors: list[Text] = Field(default_factory=list)
    editors: list[Text] = Field(default_factory=list)
    contact: Contact | None = None
    corrections_policy: Markdown | None = None


class Source(Model):
    id: Id
    title: Text
    publisher: Text
    kind: SourceKind
    date: Date | None = None
    url: Url | None = None
    file: Text | None = None
    reliability: Reliability = "unrated"
    caveat: Markdown | None = None
    archive_url: Url | None = None
    accessed: Date | None = None
    ratings: list[Rating] = Field(default_factory=list)

    @model_validator(mode="after")
    def _caveat_required(self) -> Source:
        if self.reliability in ("mixed", "low") and not self.caveat:
            raise ValueError(
                f"a source with reliability '{self.reliability}' needs a 'caveat': say why and"
                " how to read it with care"
            )
        return self


class Official(Model):
    id: Id
    name: Text
    role: Text
    country: Country
    kind: Literal["person", "institution"] = "person"
    note: Markdown | None = None
    sources: list[Id] = Field(default_factory=list)


class Quote(Model):
    text: Text
    source: Id
    speaker: Id | None = None
    date: Date | None = None
    context: Markdown | None = None


class Position(Model):
    id: Id
    actor: Id
    topic: Text
    summary: Markdown
    quotes: list[Quote] = Field(default_factory=list)
    check: Check | None = None
    appearances: list[Appearance] = Field(default_factory=list)


class CompareItem(Model):
    label: Text
    value: Number
    unit: Text | None = None  # when it differs from the figure's unit
    source: Id | None = None


class Figure(Model):
    id: Id
    label: Text
    value: Number
    unit: Text
    qualifier: Qualifier | None = None
    period: Text | None = None
    as_stated: Text
    source: Id
    credited_to: Id | None = None
    check: Check
    compare: list[CompareItem] = Field(default_factory=list)
    topic: Text | None = None  # a short label that tags the claim, e.g. shared with positions
    appearances: list[Appearance] = Field(default_factory=list)


class Event(Model):
    id: Id
    date: Date
    title: Text
    place: Text | None = None
    summary: Markdown | None = None
    participants: list[Id] = Field(default_factory=list)
    sources: list[Id] = Field(default_factory=list)
    check: Check | None = None
    topic: Text | None = None  # a short label that tags the event's claim
    appearances: list[Appearance] = Field(default_factory=list)


class ContextNote(Model):
    id: Id
    title: Text
    body: Markdown
    sources: list[Id] = Field(default_factory=list)
    related: list[Id] = Field(default_factory=list)


class GlossaryEntry(Model):
    term: Text
    definition: Text
    sources: list[Id] = Field(default_factory=list)


class Activity(Model):
    title: Text
    steps: list[Text] = Field(default_factory=list)


class Handout(Model):
    title: Text | None = None
    grade_levels: Text | None = None
    objectives: list[Text] = Field(default_factory=list)
    figures: list[Id] | None = None
    discussion_questions: list[Text]
    activities: list[Activity] = Field(default_factory=list)


# Each data file, what it holds, and whether a project must have it.
DATA_FILES: dict[str, tuple[type[Model], bool, bool]] = {
    # name: (model, is a list, required)
    "explainer": (Explainer, False, True),
    "sources": (Source, True, True),
    "officials": (Official, True, False),
    "positions": (Position, True, False),
    "figures": (Figure, True, False),
    "events": (Event, True, False),
    "context": (ContextNote, True, False),
    "glossary": (GlossaryEntry, True, False),
    "handout": (Handout, False, False),
}
