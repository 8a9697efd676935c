"""The whole run in order: load and check everything first, then write.

load (YAML with positions) -> validate (models) -> link (references, seeds)
-> plan (pages) -> render (templates) -> write (only changed files).
Nothing here prints; the command line reports.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Problem, ProjectError, UserError
from .files import kind_of, project_lock
from .pages import (
    Links,
    WriteReport,
    apply_writes,
    make_environment,
    pending,
    plan,
    plan_writes,
    previous_output,
    read_manifest,
    recover,
    template_globals,
    template_problem,
)
from .project import Project, load_project


def render_site(project: Project) -> dict[str, bytes]:
    """Every generated file under docs/, by path, rendered in memory."""
    env = make_environment(project.root, template_globals(project))
    docs = project.root / "docs"
    previous, _damaged = read_manifest(docs)  # a damaged manifest is reported when writing
    outputs: dict[str, bytes] = {}
    every_page = env.globals["links"]  # seen from each page in turn below
    assert isinstance(every_page, Links)
    for page in plan(project):
        if page.make is not None:  # a chart: drawn, not templated
            outputs[page.path] = page.make(previous_output(docs, previous, page.path))
            continue
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
        outputs[page.path] = content.encode("utf-8")
    return outputs


def docs_folder(root: Path) -> Path:
    """The project's docs/ folder, once it is known to be a folder of the project (or absent)."""
    docs = root / "docs"
    if not os.path.lexists(docs):
        return docs
    what = kind_of(docs)
    if what != "a folder":
        raise ProjectError([Problem("docs", 1, 1, "(folder)", f"{what or 'a file'} stands where"
                                    " the docs/ folder goes; move it away so that explainer can"
                                    " write its pages there")])
    if not Path(os.path.realpath(docs)).is_relative_to(os.path.realpath(root)):
        raise ProjectError([Problem("docs", 1, 1, "(folder)", "docs is a symbolic link to a"
                                    " folder outside the project; explainer writes only inside"
                                    " the project: make docs/ a folder of its own")])
    return docs


def generate(root: Path, *, check: bool = False) -> WriteReport:
    """Write the generated pages; with `check`, write nothing and report what would change."""
    project = load_project(root)
    outputs = render_site(project)
    with project_lock(root):
        docs = docs_folder(root)
        if check and pending(docs):
            raise UserError("docs/: an interrupted generation has not been finished; run"
                            " `explainer generate`")
        if not check:
            recover(docs)  # first finish or discard an interrupted generation
        report, problems = plan_writes(docs, outputs)
        if problems:
            raise ProjectError(problems)
        if not check:
            apply_writes(docs, outputs, report)
    return report


def validate(root: Path) -> Project:
    return load_project(root)


__all__ = ["Problem", "docs_folder", "generate", "load_project", "project_lock", "render_site",
           "validate"]
