"""The data format (SPEC section 2) as typed models: the single source of truth for checking.

Field types carry their own checks and plain-word messages; `validate.py` maps any
failure back to the file, line and column it came from.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
    model_validator,
)

from .mdlinks import link_problems

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)  # 0-9 only
URL_SCHEMES = ("http", "https", "mailto")
MAX_NUMBER = 10**15

Status = Literal["accurate", "needs-context", "inaccurate", "misleading", "unverified", "opinion"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
Reliability = Literal["primary", "high", "mixed", "low", "unrated"]
SourceKind = Literal[
    "news-article", "opinion", "government", "transcript", "dataset", "research", "video",
    "reference",
]
Qualifier = Literal["about", "more-than", "less-than", "at-least", "up-to"]
NumberForm = Literal["ordinal"]  # "1st", "2nd": a rank, read before its unit


def _check_id(value: str) -> str:
    if not ID_PATTERN.fullmatch(value):
        guess = suggest_id(value)
        example = f"; did you mean '{guess}'?" if guess else ", such as 'border-patrol-2023'"
        raise ValueError(
            f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens"
            f"{example}"
        )
    return value


def suggest_id(value: str) -> str | None:
    """The valid id that `value` was probably meant to be ("Tom Reese" -> "tom-reese"):
    lowercase, accents dropped, every run of other characters a single hyphen."""
    plain = unicodedata.normalize("NFKD", value)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    guess = "-".join(re.findall(r"[a-z0-9]+", plain))
    return guess or None


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


def link_problem(target: str) -> str | None:
    """Why a link target made by a Markdown field is not allowed, or None when it is."""
    if target.startswith("#"):
        return f"the link '{target}' points inside a page; link to a full address"
    try:
        check_url(target)
    except ValueError as exc:
        return str(exc)
    return None


def _check_markdown(value: str) -> str:
    problems = link_problems(value, link_problem)
    if problems:
        raise ValueError(problems[0])
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
    if abs(value) > MAX_NUMBER:
        shown = f"{value:.3g}" if isinstance(value, float) else f"of {len(str(abs(value)))} digits"
        raise ValueError(f"the number {shown} is too large to show and chart; numbers up to"
                         f" {MAX_NUMBER:,} are allowed: count in a larger unit, such as"
                         " 'trillion dollars'")
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
    """The sourcing caveat on a claim."""

    status: Status
    summary: Annotated[Text, AfterValidator(_check_summary_length)]
    note: Markdown | None = None
    sources: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sources_required(self) -> Check:
        if not self.sources and self.status not in ("unverified", "opinion"):
            raise ValueError(
                f"a check with status '{self.status}' needs 'sources': list the ids of the"
                " sources it rests on"
            )
        return self


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
    why_it_matters: Markdown | None = None  # a sentence or two on the big picture (handout, page 1)
    license: Text | None = None
    corrections: list[Correction] = Field(default_factory=list)


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
    draft: bool = False  # drafted by `explainer extract`, not yet checked by a person

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
    draft: bool = False  # drafted by `explainer extract`, not yet checked by a person


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
    draft: bool = False  # drafted by `explainer extract`, not yet checked by a person


class CompareItem(Model):
    label: Text
    value: Number
    unit: Text | None = None  # when it differs from the figure's unit
    source: Id | None = None
    same_period: bool = False  # the record's value for the period the article's number covers


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
    form: NumberForm | None = None  # how the number is written before its unit
    check: Check
    compare: list[CompareItem] = Field(default_factory=list)
    topic: Text | None = None  # a short label that tags the claim, e.g. shared with positions
    draft: bool = False  # drafted by `explainer extract`, not yet checked by a person


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
    draft: bool = False  # drafted by `explainer extract`, not yet checked by a person
    related: list[Id] = Field(default_factory=list)  # ids of entries to read with it (links)


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
    minutes: Annotated[int, Field(ge=1, le=600)] | None = None  # class time for the teacher's page


class DiscussionQuestion(Model):
    question: Text
    claims: list[Id] = Field(default_factory=list)  # the figures, positions or events it is about


def _question_form(value: Any) -> str:
    return "with claims" if isinstance(value, dict | DiscussionQuestion) else "plain text"


# A discussion question: its text alone, or a mapping with the claims it is about. The
# branch is chosen by the shape of the value, so that a mistake gets one message, not two.
QuestionEntry = Annotated[
    Annotated[Text, Tag("plain text")] | Annotated[DiscussionQuestion, Tag("with claims")],
    Discriminator(_question_form)]


class Handout(Model):
    title: Text | None = None
    grade_levels: Text | None = None
    objectives: list[Text] = Field(default_factory=list)
    figures: list[Id] | None = None
    discussion_questions: list[QuestionEntry]
    activities: list[Activity] = Field(default_factory=list)

    @property
    def questions(self) -> list[DiscussionQuestion]:
        """Every discussion question as a question with the claims it names (maybe none)."""
        return [q if isinstance(q, DiscussionQuestion) else DiscussionQuestion(question=q)
                for q in self.discussion_questions]


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
