"""Stage 5, render: fill Jinja2 template files with project data, as safe Markdown.

Templates escape by default: every value printed with `{{ }}` is plain text unless it is
`Md` (Markdown already made safe here). So a data value shows literally wherever it lands
and never becomes HTML, a Markdown construct, an attribute list or template syntax.
Markdown fields go through `md`, which keeps inline Markdown but turns raw HTML, entities
and attribute lists into text.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from ..errors import Problem, ProjectError

TEMPLATE_DIR = Path(__file__).parent / "templates"
PROJECT_TEMPLATE_DIR = "templates"

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


class Md(markupsafe.Markup):
    """Markdown that may be written out as it is.

    It subclasses `Markup` so that Jinja's autoescaping treats it, and the output of
    macros built from it, as final; every other value is escaped by `_finalize`.
    """

    __slots__ = ()


_TEXT_ESCAPES = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]<>&#|!~^=:$\""}
_LEADING = re.compile(r"^(\d+)([.)])")
_WS = re.compile(r"\s+")


# Characters that must not reach a page as they are: control characters (line breaks and
# tabs aside), lone surrogates, the two non-characters XML refuses, and the controls that
# reverse the direction of text, which could make a text read otherwise than it is written.
# Other invisible characters (no-break and thin spaces, soft hyphens, the joiners of emoji)
# are text and stay.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
                     "\u202a-\u202e\u2066-\u2069]")


def visible(value: str) -> str:
    """`value` with U+FFFD for each character in `_HIDDEN`."""
    return _HIDDEN.sub("\ufffd", value)


def text(value: object) -> Md:
    """Plain text as Markdown that shows exactly these characters, on one line."""
    if isinstance(value, Md):
        return value
    if type(value) is str:  # the same names and titles come up on many pages
        return _text(value)
    return _text(str(value))


@functools.lru_cache(maxsize=65536)
def _text(value: str) -> Md:
    raw = _WS.sub(" ", value).strip()
    raw = visible(raw)
    escaped = raw.translate(_TEXT_ESCAPES)
    escaped = _LEADING.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", escaped)
    if escaped[:1] in ("-", "+", "."):
        escaped = f"&#{ord(escaped[0])};{escaped[1:]}"
    return Md(escaped)


_MD_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord("{"): "&#123;", ord("}"): "&#125;"}


def markdown(value: str | None) -> Md:
    """A Markdown field: Markdown syntax works; HTML, entities and attribute lists do not."""
    if value is None:
        return Md("")
    cleaned = visible(value)
    return Md(cleaned.strip().translate(_MD_ESCAPES))


def markdown_indent(value: str | None, width: int = 4) -> Md:
    """A Markdown field indented to sit inside an admonition or list item."""
    pad = " " * width
    lines = markdown(value).split("\n")
    return Md("\n".join((pad + line) if line.strip() else "" for line in lines).lstrip())


def human_date(value: str | None) -> Md:
    if not value:
        return Md("")
    parts = value.split("-")
    year = parts[0]
    if len(parts) == 1:
        return Md(year)
    month = _MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return Md(f"{month} {year}")
    return Md(f"{month} {int(parts[2])}, {year}")


def number(value: int | float) -> Md:
    if isinstance(value, float) and not value.is_integer():
        return Md(f"{value:,}")
    return Md(f"{int(value):,}")


def ordinal(value: int | float) -> str:
    """A whole number as an English ordinal: 1st, 2nd, 3rd, 4th, 11th, 21st, 112th."""
    if isinstance(value, float) and not value.is_integer():
        return str(number(value))
    whole = int(value)
    last_two = abs(whole) % 100
    suffix = "th" if 11 <= last_two <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(last_two % 10, "th")
    return f"{whole:,}{suffix}"


def amount(figure: Any) -> str:
    """A figure's number as a reader says it: its qualifier, the number in its `form` and its
    unit ("more than 220,000 vehicles a day", "1st among the towns of the county")."""
    qualifier = f"{figure.qualifier.replace('-', ' ')} " if figure.qualifier else ""
    value = ordinal(figure.value) if getattr(figure, "form", None) == "ordinal" else number(figure.value)
    return f"{qualifier}{value} {figure.unit}"


def count(value: int, singular: str, plural: str | None = None) -> str:
    """A number and the noun it counts, singular for one: "1 figure", "2 figures"."""
    return f"{value:,} {singular if value == 1 else plural or singular + 's'}"


_URL_UNSAFE = {ord(c): f"%{ord(c):02X}" for c in " \"'<>()[]\\`{}|^"}


def url(value: str) -> Md:
    """A checked URL, made safe to stand inside a Markdown link's parentheses."""
    return Md(value.translate(_URL_UNSAFE))


def meta(value: str) -> Md:
    """Plain text as a front-matter value. MkDocs themes print some of these values into
    HTML without escaping them, so the text is HTML-escaped first; JSON quoting then makes
    it a valid YAML string whatever it contains."""
    one_line = _WS.sub(" ", value).strip()
    return Md(json.dumps(html.escape(one_line, quote=True), ensure_ascii=False))


def _finalize(value: Any) -> Any:
    if value is None:
        return Md("")
    if isinstance(value, markupsafe.Markup):
        return value  # Md, or the output of a macro made of escaped parts
    if isinstance(value, int | float):
        return Md(str(value))
    return text(value)


def make_environment(project_root: Path | None, globals_: dict[str, Any],
                     tool_dirs: tuple[Path, ...] = (TEMPLATE_DIR,)) -> jinja2.Environment:
    """Templates from the project's own `templates/` folder first, then the tool's."""
    search = list(tool_dirs)
    if project_root is not None and (project_root / PROJECT_TEMPLATE_DIR).is_dir():
        search.insert(0, project_root / PROJECT_TEMPLATE_DIR)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    filters: dict[str, Callable[..., Any]] = {
        "md": markdown,
        "md_indent": markdown_indent,
        "date": human_date,
        "num": number,
        "amount": amount,
        "count": count,
        "text": text,
        "url": url,
        "meta": meta,
    }
    env.filters.update(filters)
    env.globals.update(globals_)
    return env


def template_problem(root: Path, env: jinja2.Environment, name: str,
                      exc: jinja2.TemplateError) -> Exception:
    """A user error when a project's own template is broken; the original error otherwise."""
    own = (root / PROJECT_TEMPLATE_DIR).resolve()
    filename = getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None) or 1
    if filename is None:
        try:
            filename = env.get_template(name).filename
        except jinja2.TemplateError:
            filename = None
    if filename is None or not Path(filename).resolve().is_relative_to(own):
        return exc
    rel = Path(filename).resolve().relative_to(root.resolve()).as_posix()
    reason = (exc.message or "").rstrip(".")
    return ProjectError([Problem(rel, line, 1, "(template)",
                                 f"the template failed: {reason}; fix this template or delete it"
                                 " to use the built-in one")])
