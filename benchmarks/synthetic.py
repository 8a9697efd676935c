"""Synthetic explainer projects of any size, valid under the format, for benchmarks.

`write_project(root, scale)` writes a project whose every list is `scale` times the size of
scale 1 (a small explainer: 5 sources, 10 officials, 10 positions, 8 figures, 12 events,
6 background notes, 15 glossary terms).

With `languages=("en", "es")` the project has a Spanish edition too (`languages: [en, es]`
in data/explainer.yaml) and a `locales/es/data.po` written as `explainer translate` writes
it, with a share `translated` of its texts translated (every text when 1.0). The texts left
untranslated show in English, as in a draft edition: build such a project with
`explainer build --draft-languages es`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

EXAMPLE = Path(__file__).resolve().parent.parent / "generator" / "example"
COUNTRIES = ("US", "MX", "CA")
TOPICS = ("Trade", "Health", "Security", "Migration", "Energy", "Water")
STATUSES = ("accurate", "needs-context", "inaccurate", "misleading", "unverified", "opinion")


def _dump(path: Path, value: object) -> None:
    path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _check(n: int) -> dict[str, object]:
    status = STATUSES[n % len(STATUSES)]
    check: dict[str, object] = {"status": status, "summary": f"Verdict number {n} in one line.",
                                "note": f"The record for claim {n} says *more*, with a [link](https://example.org/{n})."}
    if status not in ("unverified", "opinion"):
        check["sources"] = [f"source-{n % 4 + 1}"]
    return check


# A few words of the synthetic texts in Spanish, so that a translation reads as one (accents
# included, which the search index folds).
_SPANISH = {"Verdict": "Veredicto", "number": "número", "in one line": "en una línea",
            "The record for claim": "El registro de la afirmación", "says": "dice",
            "more": "más", "with a": "con un", "link": "enlace", "Position": "Posición",
            "in neutral words": "en palabras neutrales", "Minister of task": "Ministro de la tarea",
            "Things counted in case": "Cosas contadas en el caso", "things": "cosas",
            "Event": "Evento", "What happened at event": "Lo que pasó en el evento",
            "A city": "Una ciudad", "Background note": "Nota de contexto", "Some": "Algo de",
            "background": "contexto", "Term": "Término", "What term": "Lo que el término",
            "means": "significa", "Year": "Año", "A synthetic explainer at scale":
            "Un explicador sintético a escala", "Made up for measuring": "Inventado para medir",
            "Each claim was checked": "Cada afirmación fue comprobada",
            "What would you check first?": "¿Qué comprobarías primero?"}
_WORDS = re.compile("|".join(re.escape(w) for w in sorted(_SPANISH, key=len, reverse=True)))


def _translate(text: str) -> str:
    return _WORDS.sub(lambda m: _SPANISH[m.group(0)], text)


def write_catalog(root: Path, language: str, translated: float) -> None:
    """`locales/LANG/data.po` for the project at `root`, as `explainer translate` writes it,
    with every n-th text translated so that the share `translated` of them is."""
    from babel.messages.pofile import read_po, write_po

    from generator.project import check_data, update_catalog

    data, problems = check_data(root)
    if data is None:
        raise SystemExit("the synthetic project is not valid:\n"
                         + "\n".join(p.format() for p in problems))
    path, _counts = update_catalog(root, data, language)
    with path.open("rb") as stream:
        catalog = read_po(stream)
    share = max(0.0, min(1.0, translated))
    # A quote's words and the optional names stay empty, as they mostly do.
    texts = [m for m in catalog if m.id and not any("optional" in c for c in m.auto_comments)]
    for n, message in enumerate(texts):
        if int((n + 1) * share) > int(n * share):
            message.string = _translate(str(message.id))
    with path.open("wb") as stream:
        write_po(stream, catalog, width=0, omit_header=False, include_previous=True,
                 sort_output=False)


def write_project(root: Path, scale: int, languages: tuple[str, ...] = ("en",),
                  translated: float = 1.0) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "data").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "docs").mkdir()
    config = (EXAMPLE / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - About this example: about.md\n", "")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    if (EXAMPLE / "overrides").is_dir():  # theme overrides are project configuration too
        shutil.copytree(EXAMPLE / "overrides", root / "overrides")
    sentences = []
    officials = [{"id": f"official-{n}", "name": f"Official Number {n}", "role": f"Minister of task {n}",
                  "country": COUNTRIES[n % len(COUNTRIES)], "sources": ["article"]}
                 for n in range(10 * scale)]
    positions = []
    for n in range(10 * scale):
        quote = f"We will act on matter {n} together."
        sentences.append(quote)
        positions.append({"id": f"position-{n}", "actor": f"official-{n}", "topic": TOPICS[n % len(TOPICS)],
                          "summary": f"Position {n} in neutral words.",
                          "quotes": [{"text": quote, "source": "article", "date": "2023-10-05"}],
                          "check": _check(n)})
    figures = []
    for n in range(8 * scale):
        stated = f"about {1000 + n} things were counted in case {n}"
        sentences.append(stated)
        figures.append({"id": f"figure-{n}", "label": f"Things counted in case {n}", "value": 1000 + n,
                        "unit": "things", "qualifier": "about", "period": "2023", "as_stated": stated,
                        "source": "article", "check": _check(n),
                        "compare": [{"label": f"Year {y}", "value": 900 + n + y, "source": "source-1"}
                                    for y in range(3)]})
    events = [{"id": f"event-{n}", "date": f"{2020 + n % 4}-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
               "title": f"Event number {n}", "place": "A city", "summary": f"What happened at event {n}.",
               "participants": [f"official-{n % (10 * scale)}"], "sources": ["source-2"],
               **({"check": _check(n)} if n % 3 == 0 else {})}
              for n in range(12 * scale)]
    context = [{"id": f"note-{n}", "title": f"Background note {n}", "body": f"Some *background* {n}.",
                "sources": ["source-3"], "related": [f"figure-{n % (8 * scale)}"]} for n in range(6 * scale)]
    glossary = [{"term": f"Term {n}", "definition": f"What term {n} means.", "sources": ["source-1"]}
                for n in range(15 * scale)]
    sources = [{"id": "article", "title": "The article", "publisher": "A paper", "kind": "news-article",
                "date": "2023-10", "file": "seeds/article.txt", "reliability": "low",
                "caveat": "Read with care."}]
    sources += [{"id": f"source-{n}", "title": f"Record number {n}", "publisher": "An agency",
                 "kind": "government", "reliability": "primary", "url": f"https://example.org/record/{n}"}
                for n in range(1, 5 * scale)]
    (root / "seeds/article.txt").write_text("\n".join(sentences) + "\n", encoding="utf-8")
    explainer: dict[str, object] = {"title": f"A synthetic explainer at scale {scale}",
                                    "summary": "Made up for measuring.", "article": "article",
                                    "method": "Each claim was checked."}
    if len(languages) > 1:
        explainer.update({"language": languages[0], "languages": list(languages)})
    _dump(root / "data/explainer.yaml", explainer)
    _dump(root / "data/sources.yaml", sources)
    _dump(root / "data/officials.yaml", officials)
    _dump(root / "data/positions.yaml", positions)
    _dump(root / "data/figures.yaml", figures)
    _dump(root / "data/events.yaml", events)
    _dump(root / "data/context.yaml", context)
    _dump(root / "data/glossary.yaml", glossary)
    _dump(root / "data/handout.yaml", {"discussion_questions": ["What would you check first?"]})
    for language in languages[1:]:
        write_catalog(root, language, translated)
