"""What `explainer build` must know of a project before it builds, kept by `generate`.

A build refuses to publish entries marked as drafts and languages whose translations are
missing or out of date, and builds one site per edition. Those three facts (the editions,
the draft entries, each translated language's translation problems) follow from the inputs
alone, as the rest of the checks do. `explainer generate` finds them while it has the
project loaded and keeps them in its record of the run (`generator.unchanged`); a build
that finds the record matching its inputs (the same data, locales, templates, tool and
pages as then, so the same checks would pass and find the same) takes them from there and
starts MkDocs without loading the project again. Anything else (no record, another
version, a record whose facts are not of the expected shape) means the project is loaded
and checked, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem, UserError

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True)
class Facts:
    editions: tuple[str, ...]  # the first is the site's own language
    drafts: tuple[tuple[str, str], ...]  # (file, id) of each draft entry, in data order
    translations: dict[str, tuple[Problem, ...]]  # by translated language, sorted

    def translation_problems(self, drafts: tuple[str, ...] = ()) -> list[Problem]:
        """The missing or out-of-date translations of the languages not in `drafts`, sorted."""
        return sorted(p for lang, found in self.translations.items() if lang not in drafts
                      for p in found)

    def check_translations(self, drafts: tuple[str, ...], doing: str,
                           warn: Callable[[str], None]) -> None:
        """Refuse (`UserError`) a language with missing or out-of-date translations unless
        it is in `drafts`, whose problems are given to `warn` instead; `doing` says what
        was not done."""
        unknown = [lang for lang in drafts if lang not in self.editions[1:]]
        if unknown:
            raise UserError(f"--draft-languages {','.join(unknown)}: not a translated language"
                            " of this explainer; data/explainer.yaml lists languages:"
                            f" {', '.join(self.editions)}")
        for problem in self.translation_problems() if drafts else []:
            if any(f" {lang} translation" in problem.message for lang in drafts):
                warn(f"warning: {problem.format()}")  # a draft language: reported
        problems = self.translation_problems(drafts)
        if problems:
            raise UserError("\n".join(p.format() for p in problems) + f"\n{len(problems)}"
                            f" translation(s) missing or out of date; {doing}. Translate them in"
                            " the catalog named (see `explainer translate`), or pass"
                            " --draft-languages to publish the language as a draft.")

    def as_record(self) -> dict[str, Any]:
        return {"editions": list(self.editions), "drafts": [list(d) for d in self.drafts],
                "translations": {lang: [[p.file, p.line, p.column, p.path, p.message]
                                        for p in found]
                                 for lang, found in self.translations.items()}}


def facts_of(project: Project) -> Facts:
    """The facts of a loaded, checked project."""
    from .project import check_catalog, draft_entries

    editions = tuple(project.data.explainer.editions)
    return Facts(editions, tuple(draft_entries(project)),
                 {lang: tuple(sorted(check_catalog(project.root, project.data, lang)[1]))
                  for lang in editions[1:]})


def from_record(value: Any) -> Facts | None:
    """The facts as a record holds them; None unless every part has the expected shape."""
    if not isinstance(value, dict) or set(value) != {"editions", "drafts", "translations"}:
        return None
    editions, drafts, translations = value["editions"], value["drafts"], value["translations"]
    if not (isinstance(editions, list) and editions and all(_text(e) for e in editions)
            and isinstance(drafts, list) and isinstance(translations, dict)
            and list(translations) == editions[1:]):
        return None
    if not all(isinstance(d, list) and len(d) == 2 and all(_text(p) for p in d) for d in drafts):
        return None
    found: dict[str, tuple[Problem, ...]] = {}
    for lang, problems in translations.items():
        if not isinstance(problems, list):
            return None
        kept = []
        for p in problems:
            if not (isinstance(p, list) and len(p) == 5 and _text(p[0]) and _number(p[1])
                    and _number(p[2]) and _text(p[3]) and _text(p[4])):
                return None
            kept.append(Problem(p[0], p[1], p[2], p[3], p[4]))
        found[lang] = tuple(kept)
    return Facts(tuple(editions), tuple((d[0], d[1]) for d in drafts), found)


def recall_facts(root: Path) -> Facts | None:
    """The facts the last generation kept, if its record matches the project as it is now."""
    from .unchanged import recall_record

    record = recall_record(root)
    return from_record(record.get("facts")) if record is not None else None


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
