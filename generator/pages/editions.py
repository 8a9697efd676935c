"""Where each language's edition lives, and how its pages find the other editions.

The first language is the site itself: pages in docs/, built by mkdocs.yml into site/.
Each other language LANG has its pages in docs-LANG/ and a configuration mkdocs.LANG.yml
that inherits mkdocs.yml (MkDocs' and Zensical's `INHERIT`) and builds into site/LANG/, so
plain `mkdocs build -f mkdocs.LANG.yml` (or `zensical build -f …`) builds it from the
committed pages, with no plugin. Every generated page names the other editions in its front
matter (`alternates`); the theme override turns that into the language switcher, a link
relative to the page, so it works on a server, under a sub-path and from file://.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .i18n import gettext, language_name


def edition_docs(root: Path, editions: list[str], lang: str) -> Path:
    return root / "docs" if lang == editions[0] else root / f"docs-{lang}"


def edition_prefix(editions: list[str], lang: str, target: str) -> str:
    """The path from the root of `lang`'s site to the root of `target`'s."""
    up = "" if lang == editions[0] else "../"
    return up + ("" if target == editions[0] else f"{target}/")


def front_matter_alternates(editions: list[str], lang: str) -> str:
    """Front-matter lines naming the other editions, or nothing for a one-language site."""
    if len(editions) < 2:
        return ""
    others = [{"lang": other, "name": language_name(other),
               "prefix": edition_prefix(editions, lang, other)}
              for other in editions if other != lang]
    return f"alternates: {json.dumps(others, ensure_ascii=False)}\n"


def _nav(items: Any) -> Any:
    """The English nav of mkdocs.yml with each title in the current language."""
    if isinstance(items, list):
        return [_nav(item) for item in items]
    if isinstance(items, dict):
        return {gettext(str(key)): _nav(value) for key, value in items.items()}
    return items


def edition_config(root: Path, title: str, editions: list[str], lang: str) -> str:
    """mkdocs.LANG.yml for one translated edition: the site's title in that language, its
    pages, theme language, search language and nav; everything else from mkdocs.yml."""
    from mkdocs.utils.yaml import yaml_load

    with (root / "mkdocs.yml").open("rb") as stream:
        base = yaml_load(stream)
    plugins: list[Any] = []
    for plugin in base.get("plugins") or ["search"]:
        name, options = (plugin, {}) if isinstance(plugin, str) else next(iter(plugin.items()))
        options = dict(options or {})
        if name == "search":
            options["lang"] = lang  # the language's stemmer, and only this edition's pages
        plugins.append({name: options} if options else name)
    config: dict[str, Any] = {
        "site_name": title,
        "docs_dir": f"docs-{lang}",
        "site_dir": f"site/{lang}",
        "theme": {"language": lang},
        "plugins": plugins,
    }
    if base.get("site_url"):
        config["site_url"] = str(base["site_url"]).rstrip("/") + f"/{lang}/"
    if base.get("nav"):
        config["nav"] = _nav(base["nav"])
    lines = [f"# The {language_name(lang)} ({lang}) edition, written by `explainer generate` from",
             "# mkdocs.yml, which it inherits: edit mkdocs.yml, not this file.",
             "INHERIT: mkdocs.yml"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in config.items()]
    return "\n".join(lines) + "\n"
