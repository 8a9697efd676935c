"""The whole run in order: load and check everything first, then write.

load (YAML with positions) -> validate (models) -> link (references, seeds)
-> plan (pages) -> render (templates) -> write (only changed files).
Nothing here prints; the command line reports.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from .errors import Problem, ProjectError, UserError
from .pages import (
    PROJECT_TEMPLATE_DIR,
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
        except jinja2.TemplateError as exc:
            raise template_problem(project.root, env, page.template, exc) from None
        except TypeError as exc:
            # A built-in template calling a macro of the project's own, older _macros.md.j2.
            own = project.root / PROJECT_TEMPLATE_DIR
            if not own.is_dir():
                raise
            rel = f"{PROJECT_TEMPLATE_DIR}/_macros.md.j2"
            raise ProjectError([Problem(
                rel if (project.root / rel).is_file() else PROJECT_TEMPLATE_DIR, 1, 1,
                "(template)", f"the template {page.template} failed with your templates: {exc};"
                " a template in templates/ may be older than this version of explainer: update"
                " it from the tool's templates or delete it")]) from None
        outputs[page.path] = content.encode("utf-8")
    return outputs


def generate(root: Path, *, check: bool = False) -> WriteReport:
    """Write the generated pages; with `check`, write nothing and report what would change."""
    project = load_project(root)
    outputs = render_site(project)
    docs = root / "docs"
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


__all__ = ["Problem", "generate", "load_project", "render_site", "validate"]
