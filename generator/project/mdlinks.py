"""Links in Markdown fields, judged on what Python-Markdown makes of them.

A regular expression over the source misses links that Markdown still makes (a reference
defined inside a quote or a list item, a short image reference `![x]`). So a Markdown field
is converted with Python-Markdown, and a tree processor (`SafeLinks`) looks at every
`href` and `src` of the tree it built, however the link was written; every reference
definition is looked at too, used or not, since a definition in one field can serve a link
in another field of the same page.

The same processor, told to `strip`, makes every bad link plain text and drops every image
in what the handout converts, so that no output format can carry one.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# The characters a Markdown field cannot use as they are, so that HTML, entities and
# attribute lists show as text (pages.render.markdown applies them to every field).
MARKDOWN_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord("{"): "&#123;", ord("}"): "&#125;"}
# The extensions the site's Markdown is read with (the scaffold's mkdocs.yml), for the check.
CHECK_EXTENSIONS = ("admonition", "attr_list", "def_list", "md_in_html", "tables")
IMAGE = "images are not allowed in Markdown fields; link to the image instead"


class _Links(Treeprocessor):
    def __init__(self, md: markdown.Markdown, judge: Callable[[str], str | None],
                 strip: bool) -> None:
        super().__init__(md)
        self.judge = judge
        self.strip = strip
        self.found: list[str] = []

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                self._look(parent, child)
        for _label, (url, _title) in sorted(self.md.references.items()):
            problem = self._judge(url)
            if problem is not None:
                self.found.append(problem)

    def _judge(self, target: str) -> str | None:
        """Why `target` is refused, said with the field's own characters."""
        problem = self.judge(target)
        if problem is None:
            return None
        return self.judge(_unescape(target)) or problem

    def _look(self, parent: etree.Element, element: etree.Element) -> None:
        if element.tag == "img" or element.get("src") is not None:
            self.found.append(IMAGE)
            if self.strip:
                index = list(parent).index(element)
                tail = element.tail or ""
                parent.remove(element)
                _add_text(parent, index, element.get("alt", "") + tail)
            return
        href = element.get("href")
        if href is None:
            return
        problem = self._judge(href)
        if problem is not None:
            self.found.append(problem)
            if self.strip:  # the words stay, as text
                element.tag = "span"
                element.attrib.clear()


_UNESCAPES = {escaped: chr(code) for code, escaped in MARKDOWN_ESCAPES.items()}


def _unescape(target: str) -> str:
    for escaped, character in _UNESCAPES.items():
        target = target.replace(escaped, character)
    return target


def _add_text(parent: etree.Element, index: int, text: str) -> None:
    """Put `text` where the child at `index` was."""
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        before = parent[index - 1]
        before.tail = (before.tail or "") + text


class SafeLinks(Extension):
    """Finds (and with `strip`, takes out) every link that `judge` refuses, and every image.

    `judge` returns None for an allowed address, or why it is not allowed. Run after the
    inline patterns (priority 20), which make the links."""

    def __init__(self, judge: Callable[[str], str | None], *, strip: bool = False,
                 **kwargs: Any) -> None:
        self.judge = judge
        self.strip = strip
        self.processor: _Links | None = None
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's name
        self.processor = _Links(md, self.judge, self.strip)
        md.treeprocessors.register(self.processor, "explainer_safe_links", 1)

    @property
    def found(self) -> list[str]:
        return self.processor.found if self.processor is not None else []


# The start of an image. `![x]` alone is text unless a reference definition `[x]: ...` is on
# the same page, perhaps in another field: that cannot be seen from one field, so the start
# of an image is refused wherever it is, escaped or not.
_IMAGE_START = re.compile(r"!\[")


def link_problems(value: str, judge: Callable[[str], str | None]) -> list[str]:
    """Why each link or image that Markdown makes of the field `value` is not allowed.

    `judge` must give the same answer for the same address every time (the results are
    kept by field text, since the same text is met again in every edition and on every
    regenerate of a long-lived preview)."""
    return list(_link_problems(value, judge))


@lru_cache(maxsize=1 << 16)
def _link_problems(value: str, judge: Callable[[str], str | None]) -> tuple[str, ...]:
    with _converter_lock:
        md, check = _converter(judge)
        try:
            md.convert(value.translate(MARKDOWN_ESCAPES))
            found = list(check.found)
        finally:
            md.reset()
            if check.processor is not None:
                check.processor.found = []
    if _IMAGE_START.search(value):
        found.insert(0, IMAGE)
    return tuple(dict.fromkeys(found))


# One converter per judge, reset after each field: building a Markdown instance (its
# parsers and patterns) costs more than converting a short field with it.
_converters: dict[Callable[[str], str | None], tuple[markdown.Markdown, SafeLinks]] = {}
_converter_lock = threading.Lock()


def _converter(judge: Callable[[str], str | None]) -> tuple[markdown.Markdown, SafeLinks]:
    if judge not in _converters:
        check = SafeLinks(judge)
        _converters[judge] = (markdown.Markdown(extensions=[*CHECK_EXTENSIONS, check]), check)
    return _converters[judge]
