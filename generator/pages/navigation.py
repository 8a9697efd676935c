"""The hand-written pages of a project's nav, for the home page's list of what to read.

mkdocs.yml is read as MkDocs reads it (`!ENV` gives a variable's value); other tags
(`!!python/name:...`, used by some Markdown extensions) stand for nothing, since only the
nav is wanted. A mkdocs.yml that cannot be read gives no pages: the MkDocs build reports it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml


class _ConfigLoader(yaml.SafeLoader):
    """A safe loader that accepts every tag MkDocs configurations use."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    if isinstance(node, yaml.SequenceNode):
        names = [str(v) for v in loader.construct_sequence(node)]
        for name in names[:-1] if len(names) > 1 else names:
            if name in os.environ:
                return os.environ[name]
        return names[-1] if len(names) > 1 else None
    return None


_PAGE_FILE = re.compile(r"(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*\.md")
_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(path: Path) -> Any:
    """mkdocs.yml as MkDocs reads it, `!ENV` included, any other tag read as nothing; it
    raises yaml.YAMLError, UnicodeDecodeError or OSError when the file cannot be read."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506


def hand_written_pages(root: Path | None, generated: set[str]) -> list[tuple[str, str]]:
    """(title, file) of each top-level page of the nav that explainer does not write, in the
    nav's order: the pages an editor added, such as "How to read this article"."""
    path = root / "mkdocs.yml" if root is not None else None
    if path is None or not path.is_file():
        return []
    try:
        config = read_config(path)
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return []
    nav = config.get("nav") if isinstance(config, dict) else None
    pages = []
    for item in nav if isinstance(nav, list) else []:
        if not isinstance(item, dict) or len(item) != 1:
            continue
        (title, file), = item.items()
        if (isinstance(title, str) and isinstance(file, str) and _PAGE_FILE.fullmatch(file)
                and file not in generated and file != "index.md"):
            pages.append((title, file))
    return pages
