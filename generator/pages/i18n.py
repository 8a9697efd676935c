"""The tool's own words in each language: gettext catalogs shipped with the tool.

`generator/locales/LANG/LC_MESSAGES/messages.po` holds every interface text (template
strings, status and reliability labels, chart and handout text) for one language, with the
English as msgid; `make messages` extracts them (pybabel, `babel.cfg`) and updates every
catalog. Adding a language is adding a catalog. A catalog is compiled in memory when first
used, so the PO file is the only copy.

The language being rendered is set with `language(LANG)`; `gettext` and the templates'
`_()` and `{% trans %}` (Jinja2's i18n extension) then answer in it, English when a text
has no translation.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import functools
import gettext as _gettext
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"


@functools.cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of `lang`; English (no translation) when there is none."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return _gettext.NullTranslations()
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def shipped_languages() -> list[str]:
    """The languages the tool has an interface catalog for."""
    return sorted(p.name for p in LOCALE_DIR.iterdir()
                  if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())


_current: contextvars.ContextVar[str] = contextvars.ContextVar("language", default="en")


@contextlib.contextmanager
def language(lang: str) -> Iterator[None]:
    """Render in `lang` within this block."""
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def current_language() -> str:
    return _current.get()


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(_current.get()).pgettext(context, message)


_ = gettext


def install_gettext(env: Any) -> None:
    """Give a Jinja2 environment `_()`, `ngettext()`, `pgettext()` and `{% trans %}` in the
    language being rendered."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True, pgettext=pgettext)


def N_(message: str) -> str:  # noqa: N802 - the usual name of gettext's no-op marker
    """Marks a text for the catalog where it is defined; it is translated where shown."""
    return message


def language_name(lang: str) -> str:
    """The language's own name for itself, such as "Español"."""
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def language_in_current(lang: str) -> str:
    """The name of `lang` in the language being rendered, such as "Spanish" or "inglés"."""
    return str(Locale.parse(lang).get_display_name(_current.get()) or lang)


def format_partial_date(value: str) -> str:
    """A date written YYYY, YYYY-MM or YYYY-MM-DD, in words of the current language."""
    return _partial_date(value, _current.get())


@functools.lru_cache(maxsize=4096)
def _partial_date(value: str, lang: str) -> str:
    """`format_partial_date` in `lang` (kept: Babel reads the locale's patterns each time)."""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    day = datetime.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else 1)
    if len(parts) == 2:
        return str(format_skeleton("yMMMM", day, locale=lang))
    return str(format_date(day, format="long", locale=lang))
