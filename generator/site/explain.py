"""MkDocs' warnings told in the project's terms."""

from __future__ import annotations

from pathlib import Path

_NOT_IN_NAV = ('WARNING: The following pages exist in the docs directory, but are not included'
               ' in the "nav" configuration:')


def _page_title(page: Path) -> str:
    """The first heading of a Markdown page, to name it in a nav line."""
    try:
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].split(" {:")[0].strip().replace(":", " -")
    except (OSError, UnicodeDecodeError):
        pass
    return page.stem.replace("-", " ").capitalize()


def explain(messages: list[str], root: Path) -> list[str]:
    """MkDocs' warnings, with the one about pages missing from the nav told in the project's
    terms: which page, whether explainer writes it, and the nav line that fixes it."""
    from ..pages import read_manifest

    generated, _ = read_manifest(root / "docs")
    explained = []
    for message in messages:
        if not message.startswith(_NOT_IN_NAV):
            explained.append(message)
            continue
        for line in message.splitlines()[1:]:
            rel = line.strip().removeprefix("- ").strip()
            fix = (f'add the line "  - {_page_title(root / "docs" / rel)}: {rel}" to the nav of'
                   " mkdocs.yml, or list the page under not_in_nav to keep it out of the menu")
            if rel in generated:
                explained.append(f"mkdocs.yml: nav: explainer writes docs/{rel}, but the nav does"
                                 f" not list it, so no menu leads to it; {fix}")
            else:
                explained.append(f"mkdocs.yml: nav: docs/{rel} is not in the nav, so no menu"
                                 f" leads to it; {fix}")
    return explained
