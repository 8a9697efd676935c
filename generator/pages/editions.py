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

from .i18n import N_, gettext, language_name

# The titles of the nav that `explainer new` writes, for the interface catalogs: a nav title
# of mkdocs.yml is shown translated when the catalog has it.
NAV_TITLES = (N_("Home"), N_("How to read this article"), N_("Who's who"), N_("Positions"),
              N_("Figures"), N_("Timeline"), N_("Claims by status"), N_("Tags"),
              N_("Background"), N_("Sources"), N_("Glossary"), N_("Methodology"))


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


def _nav(items: Any, pages: set[str]) -> Any:
    """The nav of mkdocs.yml with each title in the current language, without the pages
    this edition does not have (a hand-written page not yet translated)."""
    if isinstance(items, list):
        kept = [_nav(item, pages) for item in items]
        return [item for item in kept if item not in (None, {}, [])]
    if isinstance(items, dict):
        titled = {gettext(str(key)): _nav(value, pages) for key, value in items.items()}
        return {key: value for key, value in titled.items() if value not in (None, {}, [])}
    if isinstance(items, str) and items.endswith(".md") and "://" not in items:
        return items if items in pages else None
    return items


def edition_config(root: Path, title: str, editions: list[str], lang: str,
                   pages: set[str]) -> str:
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
        config["nav"] = _nav(base["nav"], pages)
    lines = [f"# The {language_name(lang)} ({lang}) edition, written by `explainer generate` from",
             "# mkdocs.yml, which it inherits: edit mkdocs.yml, not this file.",
             "INHERIT: mkdocs.yml"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in config.items()]
    return "\n".join(lines) + "\n"


def edition_globals(editions: list[str], lang: str) -> dict[str, Any]:
    """What templates need to link across editions: `site_root`, the path from this
    edition's root to the site's (where the offline zip is), and `other_editions`, each with
    the link to its handout, written in its own language."""
    from .i18n import language
    from .render import Md

    others = []
    for other in editions:
        if other == lang:
            continue
        with language(other):
            link = gettext('The classroom handout in %(language)s:'
                           ' <a href="%(root)sdownloads/handout-letter.pdf">PDF, US Letter</a>,'
                           ' <a href="%(root)sdownloads/handout-a4.pdf">PDF, A4</a>,'
                           ' <a href="%(root)sdownloads/handout.docx">Word</a>.')
            name = language_name(other)
        others.append({"lang": other, "handout": Md(link % {
            "language": name, "root": edition_prefix(editions, lang, other)})})
    return {"site_root": edition_prefix(editions, lang, editions[0]) if lang else "",
            "other_editions": others}
