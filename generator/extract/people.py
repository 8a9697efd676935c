"""People and institutions named in the article: names, the role words before or after them,
and a guess at the country they act for.

A name is a run of capitalised words; the title words at its start ("Canadian Foreign
Minister", "Secretary of State") are its role. No list of names ships with the tool: what
is a person is read from the words around them, so every result is a draft to review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pycountry

# Words that make up titles and the names of offices, not people's names.
TITLE_WORDS = frozenset(
    "president vice prime minister secretary foreign defense defence interior finance attorney"
    " general homeland security advisor adviser assistant deputy undersecretary under senator"
    " sen. rep. representative gov. governor mayor director chief spokesman spokeswoman"
    " spokesperson ambassador commissioner chairman chairwoman chair judge justice speaker"
    " leader majority minority premier chancellor king queen pope gen. admiral adm. col. lt."
    " sgt. officer inspector superintendent dr. mr. mrs. ms. professor prof. economist analyst"
    " councillor councilor member ceo executive state white house national affairs department"
    " ministry office hemisphere western international narcotics law enforcement health public"
    " trade commerce economy economic energy environment justice transport transportation"
    " agriculture education labor labour immigration patrol border customs protection police"
    " army navy air force federal central bank senior top acting former interim special envoy"
    " nurse doctor coach pastor rev. lawyer farmer teacher student witness"
    " councilman councilwoman councilmember alderman alderwoman resident"
    " presidente ministro ministra secretario secretaria canciller gobernador gobernadora"
    " alcalde alcaldesa portavoz vocero vocera director directora jefe jefa fiscal"
    " relaciones exteriores seguridad gobernación salud hacienda".split())
# Capitalised words that start sentences or name no one.
_NOT_NAMES = frozenset(
    "the a an but and or so yet in on at for of by from with during after before while when"
    " according despite however although amid other many some both all most this that these"
    " those he she they we it his her their its our i you there here early late mid last next"
    " monday tuesday wednesday thursday friday saturday sunday january february march april may"
    " june july august september october november december jan feb mar apr aug sep sept oct nov"
    " dec el la los las un una según pero y en".split())
_DEMONYMS = {  # the adjective an article puts before a title, to its country
    "american": "US", "u.s.": "US", "us": "US", "white house": "US", "mexican": "MX",
    "canadian": "CA", "british": "GB", "u.k.": "GB", "french": "FR", "german": "DE",
    "spanish": "ES", "italian": "IT", "chinese": "CN", "japanese": "JP", "indian": "IN",
    "brazilian": "BR", "argentine": "AR", "argentinian": "AR", "colombian": "CO",
    "chilean": "CL", "peruvian": "PE", "venezuelan": "VE", "cuban": "CU", "guatemalan": "GT",
    "honduran": "HN", "salvadoran": "SV", "panamanian": "PA", "russian": "RU",
    "ukrainian": "UA", "israeli": "IL", "palestinian": "PS", "turkish": "TR", "iranian": "IR",
    "egyptian": "EG", "nigerian": "NG", "kenyan": "KE", "south african": "ZA",
    "australian": "AU", "irish": "IE", "dutch": "NL", "polish": "PL", "swedish": "SE",
    "korean": "KR", "south korean": "KR", "mexicano": "MX", "mexicana": "MX",
    "estadounidense": "US", "canadiense": "CA", "colombiano": "CO", "colombiana": "CO",
}
_CAP = r"(?:[A-ZÁÉÍÓÚÑÄÖÜÇ](?:\.|[\w'’]*(?:-[A-ZÁÉÍÓÚÑa-z][\w'’]*)*\.?))"
_RUN = re.compile(rf"{_CAP}(?:(?:\s+(?:of|for|on|de|del|la|van|von|da|bin|al)\s+|\s+){_CAP})*")
_APPOSITIVE = re.compile(r",\s+(?:the|a|an|el|la)\s+((?:[\w.'’-]+\s+){0,8}?[\w.'’-]+)"
                         r"(?=[,.;]|\s+(?:said|told|says)\b)")


@dataclass
class Person:
    name: str
    role: str = ""
    country: str | None = None
    country_from: str = ""  # the words the country was guessed from
    institution: bool = False
    mentions: list[int] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


ORGANIZATION = re.compile(
    r"\b(?:Institute|University|Department|Ministry|Agency|Bureau|Office|Commission|Council"
    r"|Bank|Fund|Times|Post|News|Press|Journal|Center|Centre|Organization|Organisation|Party"
    r"|Administration|Committee|Court|Senate|Congress|Parliament|Instituto|Secretaría|Gobierno"
    r"|Association|Union|Company|Corporation|Group|Foundation|Network|Channel|Radio|Television)\b")


def _clean(token: str) -> str:
    token = re.sub(r"['’]s$", "", token)
    if token.endswith(".") and len(token) > 2 and token.lower() not in TITLE_WORDS:
        token = token[:-1]  # a full stop, not an initial such as "A."
    return token


def split_run(run: str) -> tuple[str, str]:
    """(role, name) of a capitalised run such as "Canadian Foreign Minister Mélanie Joly"."""
    tokens = run.split()
    name: list[str] = []
    for token in reversed(tokens):
        low = token.lower()
        titled = all(part in TITLE_WORDS for part in low.split("-")) or low.rstrip(".") in TITLE_WORDS
        if titled or low in TITLE_WORDS or low in _DEMONYMS or \
                low in ("of", "for", "on") or len(name) == 4:
            break
        name.insert(0, token)
    role = " ".join(tokens[: len(tokens) - len(name)])
    return role, " ".join(name)


def person_part(run: str) -> str:
    """"Economist Ana Ruiz of Lakeview University" -> "Economist Ana Ruiz"."""
    parts = re.split(r"\s+(?:of|for|at|de|del)\s+", run, maxsplit=1)
    if len(parts) == 2 and ORGANIZATION.search(parts[1]) and not ORGANIZATION.search(parts[0]):
        role, name = split_run(parts[0])
        if name and len(name.split()) > 1:
            return parts[0]
    return run


def guess_country(words: str) -> tuple[str | None, str]:
    low = words.lower()
    for demonym, code in sorted(_DEMONYMS.items(), key=lambda item: -len(item[0])):
        if re.search(rf"(?<![\w.]){re.escape(demonym)}(?![\w])", low):
            return code, demonym
    for match in re.finditer(r"\b(?:of|de)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)|([A-Z][a-z]+)['’]s\b", words):
        place = match.group(1) or match.group(2)
        try:
            found = pycountry.countries.lookup(place)
        except LookupError:
            continue
        return str(found.alpha_2), place
    return None, ""


def name_runs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Capitalised runs in text[start:end], without sentence-start words or possessives."""
    found = []
    for match in _RUN.finditer(text, start, len(text) if end is None else end):
        words = match.group(0).split()
        offset = match.start()
        while words and words[0].lower().rstrip(",") in _NOT_NAMES:
            offset = text.index(words[0], offset) + len(words[0])
            words = words[1:]
        while words and words[-1].lower() in _NOT_NAMES | {"of", "for", "on", "de", "del", "la"}:
            words = words[:-1]
        if not words:
            continue
        possessive = re.search(r"['’]s$", words[-1]) is not None
        words[-1] = _clean(words[-1])
        run = " ".join(words)
        begin = text.index(words[0], offset)
        found.append((begin, begin + len(run) + (2 if possessive else 0), run))
    return found


class People:
    """The people an article names, each once, found again by full name or surname."""

    def __init__(self) -> None:
        self.people: list[Person] = []

    def find(self, name: str) -> Person | None:
        for person in self.people:
            if person.name == name or person.surname == name or name in person.name.split():
                return person
            if len(name.split()) > 1 and name.split()[-1] == person.surname and \
                    name.split()[0] == person.name.split()[0]:
                return person
        return None

    def add(self, run: str, at: int, context_after: str = "") -> Person | None:
        role, name = split_run(run)
        if not name or len(name) < 3 or name.isupper() and len(name) <= 4 and not role:
            return None
        known = self.find(name)
        if known is None:
            known = Person(name)
            self.people.append(known)
        elif len(name) > len(known.name):
            known.name = name
        apposition = _APPOSITIVE.match(context_after)
        if not role and apposition:
            role = apposition.group(1)
        if role and (not known.role or len(role) > len(known.role)):
            known.role = role
            code, source = guess_country(role)
            if code:
                known.country, known.country_from = code, source
        known.mentions.append(at)
        return known

    def add_institution(self, run: str, at: int) -> Person | None:
        """A speaker named by office alone: "the Foreign Ministry said"."""
        if len(run) < 3 or run.lower() in TITLE_WORDS and len(run.split()) == 1 and run.lower() in (
                "mr.", "mrs.", "ms.", "dr."):
            return None
        known = next((p for p in self.people if p.name == run), None)
        if known is None:
            code, source = guess_country(run)
            known = Person(run, role=run, country=code, country_from=source, institution=True)
            self.people.append(known)
        known.mentions.append(at)
        return known

    def last_before(self, pos: int) -> Person | None:
        best: tuple[int, Person] | None = None
        for person in self.people:
            if person.institution:
                continue
            for at in person.mentions:
                if at < pos and (best is None or at > best[0]):
                    best = (at, person)
        return best[1] if best else None


__all__ = ["ORGANIZATION", "TITLE_WORDS", "People", "Person", "guess_country", "name_runs", "person_part",
           "split_run"]
