"""The field types of the data format: ids, dates, text, Markdown, URLs, countries and
numbers, each with its own check and a plain-word message (see `models.py`)."""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import pycountry
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

from .mdlinks import link_problems

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)  # 0-9 only
URL_SCHEMES = ("http", "https", "mailto")
MAX_NUMBER = 10**15
_EMAIL = re.compile(r"^[^@\s/:]+@[^@\s/:]+\.[A-Za-z]{2,}$")

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


def _check_language(value: str) -> str:
    if pycountry.languages.get(alpha_2=value) is None or value != value.lower():
        raise ValueError(f"'{value}' is not an ISO 639-1 language code; use two small letters"
                         " such as en or es")
    return value


def check_summary_length(value: str) -> str:
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
Language = Annotated[str, AfterValidator(_check_language), WithJsonSchema(
    {"type": "string", "pattern": "^[a-z]{2}$", "description": "ISO 639-1 language code"})]
Number = Annotated[int | float, BeforeValidator(_check_number), WithJsonSchema({"type": "number"})]


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
