"""The whole run in order: load and check everything first, then write.

load (YAML with positions) -> validate (models) -> link (references, seeds)
-> plan (pages) -> render (templates) -> write (only changed files).
Nothing here prints; the command line reports.
"""

from __future__ import annotations

import functools
import html
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment

from .errors import Problem, ProjectError, UserError
from .facts import facts_of
from .files import kind_of, project_lock
from .pages import (
    MANIFEST,
    Links,
    Page,
    WriteReport,
    apply_writes,
    count,
    edition_config,
    edition_docs,
    front_matter_alternates,
    keep_compiled,
    language,
    make_environment,
    manifest_bytes,
    page_digests,
    pending,
    plan,
    plan_writes,
    previous_output,
    read_manifest,
    recover,
    template_globals,
    template_problem,
)
from .project import Project, edition, load_project, translated_data
from .unchanged import Kept, forget, inputs_digest, page_files, recall, remember


def render_site(project: Project, lang: str | None = None) -> dict[str, bytes]:
    """Every generated file of one edition (the first language's under docs/), by path,
    rendered in memory in that edition's language."""
    lang = lang or project.data.explainer.language
    with language(lang):
        return _render(edition(project, lang), lang)


def _render(project: Project, lang: str) -> dict[str, bytes]:
    env = keep_compiled(make_environment(project.root, template_globals(project)))
    docs = edition_docs(project.root, project.data.explainer.editions, lang)
    alternates = front_matter_alternates(project.data.explainer.editions, lang)
    previous, _damaged = read_manifest(docs)  # a damaged manifest is reported when writing
    every_page = env.globals["links"]  # seen from each page in turn below
    assert isinstance(every_page, Links)
    return {page.path: (page.make(previous_output(docs, previous, page.path))
                        if page.make is not None else  # a chart: drawn, not templated
                        render_page(project, env, every_page, page, alternates))
            for page in plan(project)}


def render_page(project: Project, env: Environment, every_page: Links, page: Page,
                alternates: str) -> bytes:
    """The bytes of one templated page (or copied file, such as the style sheet)."""
    try:
        if page.template.endswith(".j2"):
            links = every_page.at(page.path)
            content = env.get_template(page.template).render(links=links, **page.context)
            if page.template.endswith(".md.j2"):  # every page ends with "Report an error"
                content += env.get_template("_footer.md.j2").render(links=links)
        else:
            assert env.loader is not None
            content = env.loader.get_source(env, page.template)[0]
    except (UserError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - a project's own template: a user's error
        problem = template_problem(project.root, env, page.template, exc)
        if problem is exc:
            raise
        raise problem from None
    if alternates and content.startswith("---\n"):
        content = f"---\n{alternates}{content[4:]}"
    elif alternates and page.path.endswith(".md"):
        content = f"---\n{alternates}---\n\n{content}"
    return content.encode("utf-8")


def docs_folder(root: Path, name: str = "docs") -> Path:
    """The project's docs/ folder (or an edition's docs-LANG/), once it is known to be a
    folder of the project (or absent)."""
    docs = root / name
    if not os.path.lexists(docs):
        return docs
    what = kind_of(docs)
    if what != "a folder":
        raise ProjectError([Problem(name, 1, 1, "(folder)", f"{what or 'a file'} stands where"
                                    f" the {name}/ folder goes; move it away so that explainer can"
                                    " write its pages there")])
    if not Path(os.path.realpath(docs)).is_relative_to(os.path.realpath(root)):
        raise ProjectError([Problem(name, 1, 1, "(folder)", f"{name} is a symbolic link to a"
                                    " folder outside the project; explainer writes only inside"
                                    " the project: make"
                                    f" {name}/ a folder of its own")])
    return docs


def generate(root: Path, *, check: bool = False) -> WriteReport:
    """Write the generated pages of every edition; with `check`, write nothing and report
    what would change. Paths in the report are relative to docs/, except those of the
    other editions (docs-LANG/...) and their configurations (mkdocs.LANG.yml).

    When the record of the last run (`generator.unchanged`) shows that nothing it read or
    wrote has changed since, the same report is given without doing the work again."""
    with project_lock(root):
        unchanged = recall(root)
    if unchanged is not None:
        return WriteReport(unchanged=unchanged)
    return regenerate(root, check=check)


def regenerate(root: Path, *, check: bool = False,
               render: Callable[[Project, str], dict[str, bytes]] = render_site,
               facts: bool = True, kept: Kept | None = None,
               later: Callable[[Callable[[], None]], None] | None = None) -> WriteReport:
    """`generate` without looking at the record of the last run first: every edition's
    pages as `render` gives them (the project and a language in, its files out, as
    `render_site` does), written as `generate` writes them. With `facts`, the record of
    the run also keeps what a build must know of the project (`generator.facts`). With
    `kept` (a long-lived process's), the record of the run is kept there too, and the
    files the record kept there vouches for are known unchanged without being read. With
    `later`, the record is not written at once: `later` is given the function that writes
    it (which looks at the files as they stand then, and writes no record if they are not
    as this run left them)."""
    inputs = None if check else inputs_digest(root)  # before anything is read
    files_before = None if check else page_files(root)
    project = load_project(root)
    found = facts_of(project).as_record() if facts and not check else None
    editions = project.data.explainer.editions
    rendered = {lang: render(project, lang) for lang in editions}
    total = WriteReport()
    written: dict[str, bytes] = {}  # every file this run leaves, by path from the root
    digests: dict[str, str] = {}  # the digests of some of them (`page_digests`)
    with project_lock(root):
        for lang, outputs in rendered.items():
            docs = docs_folder(root, edition_docs(root, editions, lang).name)
            if lang != editions[0]:
                with language(lang):
                    title = html.escape(_title(project, lang), quote=False)
                    present = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
                    config = edition_config(root, title, editions, lang, present | set(outputs))
                _write_config(root, lang, config, check, total)
                written[f"mkdocs.{lang}.yml"] = config.encode("utf-8")
            if check and pending(docs):
                raise UserError(f"{docs.name}/: an interrupted generation has not been finished;"
                                " run `explainer generate`")
            if not check:
                recover(docs)  # first finish or discard an interrupted generation
            page_digest = page_digests(outputs)
            manifest = manifest_bytes(outputs, page_digest)
            held = kept.holding(root, docs, page_digest) if kept is not None and not check else None
            report, problems = plan_writes(docs, outputs, manifest, held)
            if problems:
                raise ProjectError(problems)
            if not check:
                apply_writes(docs, outputs, report, manifest)
            folder = "" if lang == editions[0] else f"{docs.name}/"  # under docs/, or beside it
            total.written += [folder + n for n in report.written]
            total.removed += [folder + n for n in report.removed]
            total.unchanged += report.unchanged
            written.update({f"{docs.name}/{n}": c for n, c in outputs.items()})
            digests.update({f"{docs.name}/{n}": d for n, d in page_digest.items()})
            written[f"{docs.name}/{MANIFEST}"] = manifest
        _remove_dropped_editions(root, editions, check, total)
        if not check:
            # Pages are rendered knowing which files docs/ holds (a translated edition's
            # nav and its hand-written pages): a run that added or removed one is followed
            # by a full run, which then finds the same files and can be remembered
            # (`remember` compares them with those it finds).
            if files_before is not None:
                again = [name for lang in editions for name in sorted(rendered[lang])]
                record = functools.partial(remember, root, inputs, again, written, digests,
                                           found, files=files_before, kept=kept)
                if later is None:
                    record()
                else:
                    later(functools.partial(_locked, root, record))
            else:
                forget(root)
                if kept is not None:
                    kept.take(root)
    return total


def _locked(root: Path, work: Callable[[], None]) -> None:
    """`work` (the writing of a run's record) with the project held; not done while another
    command holds it, which leaves a record of its own or none."""
    try:
        with project_lock(root):
            work()
    except UserError:  # held by another command: `remember` itself raises none
        pass


def _title(project: Project, lang: str) -> str:
    """The site's title in `lang`: that of `edition(project, lang)`, whose pages are
    rendered by now, without linking the translated data again."""
    data, problems = translated_data(project.root, project.data, lang)
    if problems:
        raise ProjectError(problems)
    return data.explainer.title


def _remove_dropped_editions(root: Path, editions: list[str], check: bool,
                             total: WriteReport) -> None:
    """The generated pages and configuration of a language no longer in `languages`: its
    hand-written pages stay, the folder too if any are left."""
    for docs in sorted(root.glob("docs-*")):
        lang = docs.name.removeprefix("docs-")
        if lang in editions or not (docs / ".explainer-manifest.json").is_file():
            continue
        report, problems = plan_writes(docs, {})
        if problems:
            raise ProjectError(problems)
        if not check:
            apply_writes(docs, {}, report)
            left = [p for p in docs.rglob("*") if p.is_file() and p.name != ".explainer-manifest.json"]
            if not left:  # nothing hand-written: the folder goes too
                shutil.rmtree(docs)
        total.removed += [f"{docs.name}/{n}" for n in report.removed]
        config = root / f"mkdocs.{lang}.yml"
        if config.is_file() and config.read_text(encoding="utf-8").startswith("# The "):
            total.removed.append(config.name)
            if not check:
                config.unlink()


def _write_config(root: Path, lang: str, config: str, check: bool, report: WriteReport) -> None:
    """mkdocs.LANG.yml, the MkDocs configuration of one translated edition."""
    path = root / f"mkdocs.{lang}.yml"
    if path.is_file() and path.read_text(encoding="utf-8") == config:
        return
    report.written.append(path.name)
    if not check:
        path.write_text(config, encoding="utf-8")


def describe(report: WriteReport) -> str:
    """The line `explainer generate` prints."""
    return (f"{count(len(report.written), 'file')} written, {len(report.removed)} removed,"
            f" {len(report.unchanged)} unchanged.")


def validate(root: Path) -> Project:
    return load_project(root)


__all__ = ["Problem", "describe", "docs_folder", "generate", "load_project", "project_lock",
           "regenerate", "render_page", "render_site", "validate"]
