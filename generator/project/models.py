"""The data format (SPEC section 2) as typed models: the single source of truth for checking.

Field types carry their own checks and plain-word messages; `validate.py` maps any
failure back to the file, line and column it came from.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from .fields import (
    Contact,
    Country,
    Date,
    Id,
    Language,
    Markdown,
    Number,
    NumberForm,
    Qualifier,
    Reliability,
    SourceKind,
    Status,
    Text,
    Url,
    check_summary_length,
)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class Check(Model):
    """The sourcing caveat on a claim: a verdict of its own, or `same_as`, the id of the entry
    whose check already judges the same claim."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": ["status", "summary"], "not": {"required": ["same_as"]}},
        {"required": ["same_as"], "maxProperties": 1}]})

    status: Status | None = None
    summary: Annotated[Text, AfterValidator(check_summary_length)] | None = None
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
    # The editions of the site: the data's own language first, then each translation
    # (locales/LANG/data.po). Without it, the site has the one language.
    languages: list[Language] | None = None
    updated: Date | None = None
    method: Markdown | None = None
    why_it_matters: Markdown | None = None  # a sentence or two on the big picture (handout, page 1)
    license: Text | None = None
    corrections: list[Correction] = Field(default_factory=list)
    authors: list[Text] = Field(default_factory=list)
    editors: list[Text] = Field(default_factory=list)
    contact: Contact | None = None
    corrections_policy: Markdown | None = None

    @model_validator(mode="after")
    def _languages(self) -> Explainer:
        if self.languages is not None:
            if not self.languages or self.languages[0] != self.language:
                raise ValueError(f"'languages' must start with the data's own language"
                                 f" '{self.language}', such as [{self.language}, es]")
            if len(set(self.languages)) != len(self.languages):
                raise ValueError("'languages' names a language twice; list each once")
        return self

    @property
    def editions(self) -> list[str]:
        return list(self.languages or [self.language])


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
    draft: bool = False  # drafted by `explainer extract`, not yet checked by a person


class Original(Model):
    """The words as spoken, when a quote's `text` is a translation of them; with only `lang`,
    the quote is known to be a translation but the words spoken were not found."""

    lang: Language
    text: Text | None = None
    source: Id | None = None  # where `text` is recorded; its seed must contain it

    @model_validator(mode="after")
    def _text_with_source(self) -> Original:
        if (self.text is None) != (self.source is None):
            raise ValueError("give the original words both 'text' and 'source' (where they are"
                             " recorded), or neither when they were not found")
        return self


class Quote(Model):
    text: Text
    source: Id
    speaker: Id | None = None
    date: Date | None = None
    context: Markdown | None = None
    lang: Language | None = None  # the language of `text`; the explainer's when not given
    # When `text` is a translation (by the publisher of `source`), the words as spoken.
    original: Original | None = None


class Position(Model):
    id: Id
    actor: Id
    topic: Text
    summary: Markdown
    quotes: list[Quote] = Field(default_factory=list)
    check: Check | None = None
    draft: bool = False  # drafted by `explainer extract`, not yet checked by a person
    appearances: list[Appearance] = Field(default_factory=list)


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
    draft: bool = False  # drafted by `explainer extract`, not yet checked by a person
    related: list[Id] = Field(default_factory=list)  # ids of entries to read with it (links)
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
