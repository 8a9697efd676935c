"""Names and addresses: the label of each status and reliability level, the file of each
page, and `Links`, the Markdown link to any entry as seen from any page."""

from __future__ import annotations

import copy
import functools
import html
import posixpath
from collections.abc import Iterator, Mapping

import pycountry
from babel import Locale

from ..project import STATUSES, Claim, Event, Position, Project
from .i18n import N_, current_language, gettext
from .render import Md, text
from .sections import unique_slugs


class StatusInfo:
    """A status, with its label and meaning in the language being rendered."""

    def __init__(self, name: str, label: str, icon: str, meaning: str) -> None:
        self.name, self.icon = name, icon
        self._label, self._meaning = label, meaning

    @property
    def label(self) -> str:
        return gettext(self._label)

    @property
    def meaning(self) -> str:
        return gettext(self._meaning)


class _Levels(Mapping[str, tuple[str, str]]):
    """Reliability level -> (label, meaning), in the language being rendered."""

    def __init__(self, levels: dict[str, tuple[str, str]]) -> None:
        self._levels = levels

    def __getitem__(self, level: str) -> tuple[str, str]:
        label, meaning = self._levels[level]
        return gettext(label), gettext(meaning)

    def __iter__(self) -> Iterator[str]:
        return iter(self._levels)

    def __len__(self) -> int:
        return len(self._levels)


STATUS_INFO: dict[str, StatusInfo] = {
    s.name: s
    for s in (
        StatusInfo("accurate", N_("Accurate"), "\u2714",
                   N_("The record supports the claim as stated.")),
        StatusInfo("needs-context", N_("Needs context"), "\u26a0",
                   N_("Correct in part, or correct but missing context that changes how it"
                      " reads.")),
        StatusInfo("inaccurate", N_("Inaccurate"), "\u2716",
                   N_("The record contradicts the claim.")),
        StatusInfo("misleading", N_("Misleading"), "\u25d1",
                   N_("Built on facts, but framed so that it leaves a false impression.")),
        StatusInfo("unverified", N_("Unverified"), "?",
                   N_("No record was found that confirms or refutes the claim.")),
        StatusInfo("opinion", N_("Opinion"), "\u275d",
                   N_("A judgement or a view, not a fact that can be checked.")),
    )
}
assert tuple(STATUS_INFO) == STATUSES

RELIABILITY_INFO: Mapping[str, tuple[str, str]] = _Levels({
    "primary": (N_("Primary source"),
                N_("The original record: an official document, data set or transcript.")),
    "high": (N_("High reliability"),
             N_("A source with a strong record of accuracy and corrections.")),
    "mixed": (N_("Mixed reliability"),
              N_("Sometimes accurate, sometimes not: check its claims elsewhere.")),
    "low": (N_("Low reliability"), N_("Often inaccurate or one-sided: do not rely on it alone.")),
    "unrated": (N_("Not rated"), N_("Its reliability has not been assessed.")),
})


# Words the templates translate from a value: qualifiers and kinds of source.
WORDS = (N_("about"), N_("more than"), N_("less than"), N_("at least"), N_("up to"),
         N_("news article"), N_("opinion"), N_("government"), N_("transcript"), N_("dataset"),
         N_("research"), N_("video"), N_("reference"), N_("institution"))

PAGE_FILES = {
    "home": "index.md",
    "people": "people.md",
    "positions": "positions.md",
    "figures": "figures.md",
    "timeline": "timeline.md",
    "claims": "claims.md",
    "tags": "tags.md",
    "background": "background.md",
    "sources": "sources.md",
    "glossary": "glossary.md",
    "methodology": "methodology.md",
}
STYLESHEET = "assets/explainer.css"


def country_name(code: str) -> str:
    if current_language() != "en":
        name = Locale.parse(current_language()).territories.get(code)
        if name:
            return str(name)
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name if country else code


def official_page(official_id: str) -> str:
    return f"people/{official_id}.md"


def figure_page(figure_id: str) -> str:
    return f"figures/{figure_id}.md"


def chart_file(figure_id: str) -> str:
    return f"figures/{figure_id}.svg"


class Links:
    """Markdown links to every kind of entry, relative to the page `here`, with text that
    shows literally."""

    def __init__(self, project: Project, here: str = "index.md") -> None:
        self.project = project
        self.here = posixpath.dirname(here) or "."
        self.term_anchors = unique_slugs([g.term for g in project.data.glossary], "term-")

    def at(self, here: str) -> Links:
        """The same links as seen from the page `here` (cheaper than a new `Links`)."""
        other = copy.copy(self)
        other.here = posixpath.dirname(here) or "."
        return other

    def to(self, path: str, anchor: str = "") -> Md:
        """The address of `path` (from the docs folder) as seen from this page; paths and
        anchors are made of ids, so they need no escaping."""
        relative = _relative(path, self.here)
        return Md(f"{relative}#{anchor}" if anchor else relative)

    def page(self, name: str, anchor: str = "") -> Md:
        return self.to(PAGE_FILES[name], anchor)

    def _link(self, label: object, page: str, anchor: str) -> Md:
        return Md(f"[{text(label)}]({self.page(page, anchor)})")

    def official(self, official_id: str) -> Md:
        name = self.project.officials[official_id].name
        return Md(f"[{text(name)}]({self.to(official_page(official_id))})")

    def source(self, source_id: str) -> Md:
        return self._link(self.project.sources[source_id].title, "sources", source_id)

    def figure(self, figure_id: str) -> Md:
        label = self.project.figures[figure_id].label
        return Md(f"[{text(label)}]({self.to(figure_page(figure_id))})")

    def position(self, position_id: str) -> Md:
        return self._link(position_title(self.project, self.project.positions[position_id]),
                     "positions", position_id)

    def event(self, event_id: str) -> Md:
        return self._link(self.project.events[event_id].title, "timeline", event_id)

    def context(self, note_id: str) -> Md:
        return self._link(self.project.context[note_id].title, "background", note_id)

    def claim(self, claim: Claim) -> Md:
        return getattr(self, claim.kind)(claim.id)  # type: ignore[no-any-return]

    def entry(self, entry_id: str) -> Md:
        for kind, index in (("source", self.project.sources), ("official", self.project.officials),
                            ("position", self.project.positions), ("figure", self.project.figures),
                            ("event", self.project.events), ("context", self.project.context)):
            if entry_id in index:
                return getattr(self, kind)(entry_id)  # type: ignore[no-any-return]
        raise KeyError(entry_id)

    def cited(self, ref: tuple[str, str]) -> Md:
        name, key = ref
        if name == "explainer":
            label = text(gettext("the explainer's article"))
            return Md(f"[{label}]({self.page('home', 'the-article')})")
        kind, _, entry_id = key.partition(":")
        if kind == "glossary":
            return self._link(entry_id, "glossary", self.term_anchors[entry_id])
        singular = {"officials": "official", "positions": "position", "figures": "figure",
                    "events": "event", "context": "context"}[kind]
        return getattr(self, singular)(entry_id)  # type: ignore[no-any-return]

    def many(self, kind: str, ids: list[str], separator: str = "; ") -> Md:
        """Links to several entries of one kind, in order."""
        return Md(separator.join(getattr(self, kind)(entry_id) for entry_id in ids))

    def status(self, status: str, claim: str = "") -> Md:
        """A status badge; `claim` (a key of ids, see jsonld.py) ties it to its claim."""
        info = STATUS_INFO[status]
        data = f' data-claim="{html.escape(claim)}"' if claim else ""
        return Md(f'<span class="ex-status ex-status--{info.name}"{data}><span aria-hidden="true">'
                  f"{info.icon}</span> {info.label}</span>")

    def reliability(self, level: str) -> Md:
        return Md(f'<span class="ex-reliability ex-reliability--{level}">'
                  f"{RELIABILITY_INFO[level][0]}</span>")


@functools.lru_cache(maxsize=65536)
def _relative(path: str, folder: str) -> str:
    return posixpath.relpath(path, folder)


def cited_label(project: Project, ref: tuple[str, str]) -> str:
    """The plain text of `Links.cited`."""
    name, key = ref
    if name == "explainer":
        return gettext("the explainer's article")
    kind, _, entry_id = key.partition(":")
    if kind == "glossary":
        return entry_id
    if kind == "officials":
        return project.officials[entry_id].name
    if kind == "positions":
        return position_title(project, project.positions[entry_id])
    if kind == "figures":
        return project.figures[entry_id].label
    if kind == "events":
        return project.events[entry_id].title
    return project.context[entry_id].title


def position_title(project: Project, position: Position) -> str:
    return gettext("%(name)s on %(topic)s") % {"name": project.officials[position.actor].name,
                                               "topic": position.topic}


def claim_title(project: Project, claim: Claim) -> str:
    entry = claim.entry
    if isinstance(entry, Position):
        return position_title(project, entry)
    if isinstance(entry, Event):
        return entry.title
    return entry.label


def date_key(value: str) -> tuple[str, str, str]:
    parts = (value.split("-") + ["00", "00"])[:3]
    return (parts[0], parts[1], parts[2])
