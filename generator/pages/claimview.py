"""What a page shows of a claim before its verdict: the words, who said them, when and where,
and who else reported the same claim."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..project import Attribution, Claim, Event, Figure, Position, Project, Quote, attribution
from .i18n import gettext
from .jsonld import markdown_text, plain
from .links import date_key


def quote_attribution(project: Project, position: Position, quote: Quote) -> Attribution:
    """Whether a quote's words were said, in the words of the language being rendered."""
    found = attribution(project.sources, project.article.id, position, quote)
    if found.kind == "record":
        words = gettext("in the record")
    elif found.kind == "reported":
        publishers = ", ".join(dict.fromkeys(project.sources[s].publisher for s in found.sources))
        words = gettext("as reported by %(publishers)s") % {"publishers": publishers}
    else:
        words = gettext("attribution unconfirmed")
    return replace(found, text=words)


def claim_words(project: Project, claim: Claim) -> str:
    """The words of the claim, as said or reported, in plain text."""
    entry = claim.entry
    if isinstance(entry, Figure):
        return plain(entry.as_stated)
    if isinstance(entry, Position):
        if entry.quotes:
            return plain(entry.quotes[0].text)
        return markdown_text(entry.summary)
    from_article = [a for a in entry.appearances if a.source == project.article.id]
    if from_article:
        return plain(from_article[0].as_stated)
    return plain(entry.title)


def claim_who(project: Project, claim: Claim) -> str:
    """Who made the claim: the speaker of a position, the source that states a figure."""
    entry = claim.entry
    if isinstance(entry, Position):
        return plain(project.officials[entry.actor].name)
    if isinstance(entry, Figure):
        return plain(project.sources[entry.source].publisher)
    from_article = [a for a in entry.appearances if a.source == project.article.id]
    return plain(project.article.publisher) if from_article else ""


@dataclass(frozen=True)
class Report:
    """One place where the claim appeared."""

    date: str
    source: str  # source id
    as_stated: str


def reported(project: Project, entry: Figure | Position | Event) -> list[Report]:
    """Every place the claim appeared, earliest first: the source that states a figure, and
    each of the entry's `appearances`."""
    rows = [Report(item.date or project.sources[item.source].date or "", item.source, item.as_stated)
            for item in entry.appearances]
    if isinstance(entry, Figure):  # after the appearances of the same date: it is the copy checked
        rows.append(Report(project.sources[entry.source].date or "", entry.source, entry.as_stated))
    return sorted(rows, key=lambda r: _report_order(r.date))


def _report_order(date: str) -> tuple[bool, tuple[str, str, str]]:
    """Undated last; a date known only to the month (or year) after the exact dates in it,
    since nothing shows that it came before them."""
    if not date:
        return True, ("", "", "")
    year, month, day = date_key(date)
    return False, (year, "99" if month == "00" else month, "99" if day == "00" else day)


def report_address(project: Project) -> str | None:
    """Where a reader reports an error: the explainer's contact, as a link address."""
    contact = project.data.explainer.contact
    if contact is None:
        return None
    return contact if ":" in contact else f"mailto:{contact}"
