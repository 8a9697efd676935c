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
import jinja2.sandbox
import markupsafe

from ..errors import Problem, ProjectError
from ..files import Outside, inside, kind_of
from ..project import MARKDOWN_ESCAPES
from . import i18n

TEMPLATE_DIR = Path(__file__).parent / "templates"
PROJECT_TEMPLATE_DIR = "templates"

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


_MD_ESCAPES = MARKDOWN_ESCAPES  # the same as the link check reads fields with


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
    """A date in words, in the language being rendered ("October 5, 2023")."""
    if not value:
        return Md("")
    return Md(i18n.format_partial_date(value))


def number(value: int | float) -> Md:
    if isinstance(value, float) and not value.is_integer():
        return Md(f"{value:,}")
    return Md(f"{int(value):,}")


def ordinal(value: int | float) -> str:
    """A whole number as an ordinal of the language being rendered: in English 1st, 2nd, 3rd,
    4th, 11th, 21st, 112th; in a catalog's language as its translation of the pattern says
    (Spanish "1.º")."""
    if isinstance(value, float) and not value.is_integer():
        return str(number(value))
    whole = int(value)
    last_two = abs(whole) % 100
    suffix = "th" if 11 <= last_two <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(last_two % 10, "th")
    # TRANSLATORS: an ordinal number; %(suffix)s is the English st/nd/rd/th.
    pattern = i18n.pgettext("ordinal", "%(number)s%(suffix)s")
    return pattern % {"number": f"{whole:,}", "suffix": suffix}


def amount(figure: Any) -> str:
    """A figure's number as a reader says it: its qualifier, the number in its `form` and its
    unit ("more than 220,000 vehicles a day", "1st among the towns of the county")."""
    qualifier = f"{i18n.gettext(figure.qualifier.replace('-', ' '))} " if figure.qualifier else ""
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


def project_templates(root: Path) -> Path | None:
    """The project's own templates/ folder, once every file in it is known to be a UTF-8
    text file of the project (a link out of it, a pipe or bad bytes is a positioned error);
    None when the project has none."""
    folder = root / PROJECT_TEMPLATE_DIR
    if not folder.is_dir():
        return None
    problems = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(root).as_posix()
        what = kind_of(path)
        if what == "a folder" and not path.is_symlink():
            continue
        try:
            inside(folder, path.relative_to(folder).as_posix())
        except Outside:
            problems.append(Problem(rel, 1, 1, "(template)", "a symbolic link that leads out of"
                                    " templates/; put the template itself here"))
            continue
        if what is not None:
            problems.append(Problem(rel, 1, 1, "(template)", f"this is {what}, not a template"
                                    " file; remove it"))
            continue
        raw = path.read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = raw[: exc.start]
            column = len(before) - (before.rfind(b"\n") + 1) + 1
            problems.append(Problem(rel, before.count(b"\n") + 1, column, "(template)",
                                    f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the"
                                    " template as UTF-8"))
    if problems:
        raise ProjectError(problems)
    return folder


def template_environment(own: Path | None, **options: Any) -> jinja2.Environment:
    """A Jinja2 environment; sandboxed when a project's own templates are in it, since a
    cloned project's templates are not to be trusted (no attribute of Python's internals,
    no unsafe call)."""
    env = (jinja2.Environment(**options) if own is None
           else jinja2.sandbox.ImmutableSandboxedEnvironment(**options))
    # `_()` and `{% trans %}` answer in the language being rendered (`i18n.language`); what
    # they print is template text, and the values put into it are escaped as usual.
    i18n.install_gettext(env)
    return env


def make_environment(project_root: Path | None, globals_: dict[str, Any],
                     tool_dirs: tuple[Path, ...] = (TEMPLATE_DIR,)) -> jinja2.Environment:
    """Templates from the project's own `templates/` folder first, then the tool's."""
    search = list(tool_dirs)
    own = project_templates(project_root) if project_root is not None else None
    if own is not None:
        search.insert(0, own)
    env = template_environment(
        own,
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
    filters["language_label"] = i18n.language_in_current
    env.filters.update(filters)
    env.globals["edition_lang"] = i18n.current_language()
    env.globals.update(globals_)
    return env


def _own_frame(own: Path, exc: BaseException) -> tuple[str, int] | None:
    """The last place in the project's own templates that the error passed through."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or "/templates/" in filename:
            path = Path(filename)
            if path.is_absolute() and path.resolve().is_relative_to(own):
                found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def template_problem(root: Path, env: jinja2.Environment, name: str,
                     exc: Exception) -> Exception:
    """A user error when a project's own template is broken (a template error, or any error
    while it runs: a division by zero, a template that includes itself, a macro of an older
    _macros.md.j2); the original error otherwise."""
    own = (root / PROJECT_TEMPLATE_DIR).resolve()
    if not own.is_dir():
        return exc
    reason = (exc.message if isinstance(exc, jinja2.TemplateError) else None) or str(exc)
    if isinstance(exc, RecursionError):
        reason = "it includes or extends itself, directly or through another template"
    elif not isinstance(exc, jinja2.TemplateError):
        reason = f"{type(exc).__name__}: {reason}"
    reason = reason.rstrip(".")
    filename = getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None) or 1
    if filename is None or not Path(filename).resolve().is_relative_to(own):
        frame = _own_frame(own, exc)
        filename, line = frame if frame is not None else (None, 1)
    if filename is None:
        # The error is in a built-in template, and names a template of the project's (a
        # macro missing from an older _macros.md.j2, say): that one is to be updated.
        named = [p for p in sorted(own.rglob("*")) if p.is_file() and p.name in reason]
        if not named and isinstance(exc, TypeError | jinja2.UndefinedError):
            named = [p for p in [own / "_macros.md.j2"] if p.is_file()]
        if not named:
            return exc
        rel = named[0].relative_to(root.resolve()).as_posix()
        return ProjectError([Problem(rel, 1, 1, "(template)", f"the template {name} failed with"
                                     f" your templates: {reason}; a template in templates/ may be"
                                     " older than this version of explainer: update it from the"
                                     " tool's templates or delete it")])
    rel = Path(filename).resolve().relative_to(root.resolve()).as_posix()
    return ProjectError([Problem(rel, line, 1, "(template)",
                                 f"the template failed: {reason}; fix this template or delete it"
                                 " to use the built-in one")])
