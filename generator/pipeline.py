"""The whole run in order: load and check everything first, then write.

load (YAML with positions) -> validate (models) -> link (references, seeds)
-> plan (pages) -> render (templates) -> write (only changed files).
Nothing here prints; the command line reports.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from .errors import Problem, ProjectError
from .link import Project, link
from .plan import Links, plan, template_globals
from .render import PROJECT_TEMPLATE_DIR, make_environment
from .validate import check_data
from .write import WriteReport, apply_writes, plan_writes


def load_project(root: Path) -> Project:
    """Load, check and link a project's data; raise `ProjectError` listing every problem."""
    data, problems = check_data(root)
    if data is None:
        raise ProjectError(problems)
    project, problems = link(root, data)
    if project is None:
        raise ProjectError(problems)
    return project


def render_site(project: Project) -> dict[str, bytes]:
    """Every generated file under docs/, by path, rendered in memory."""
    env = make_environment(project.root, template_globals(project))
    outputs: dict[str, bytes] = {}
    for page in plan(project):
        try:
            if page.template.endswith(".j2"):
                links = Links(project, page.path)
                content = env.get_template(page.template).render(links=links, **page.context)
            else:
                assert env.loader is not None
                content = env.loader.get_source(env, page.template)[0]
        except jinja2.TemplateError as exc:
            raise _template_problem(project.root, env, page.template, exc) from None
        outputs[page.path] = content.encode("utf-8")
    return outputs


def _template_problem(root: Path, env: jinja2.Environment, name: str,
                      exc: jinja2.TemplateError) -> Exception:
    """A user error when a project's own template is broken; the original error otherwise."""
    own = (root / PROJECT_TEMPLATE_DIR).resolve()
    filename = getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None) or 1
    if filename is None:
        try:
            filename = env.get_template(name).filename
        except jinja2.TemplateError:
            filename = None
    if filename is None or not Path(filename).resolve().is_relative_to(own):
        return exc
    rel = Path(filename).resolve().relative_to(root.resolve()).as_posix()
    return ProjectError([Problem(rel, line, 1, "(template)",
                                 f"the template failed: {exc.message}; fix this template or"
                                 " delete it to use the built-in one")])


def generate(root: Path, *, check: bool = False) -> WriteReport:
    """Write the generated pages; with `check`, write nothing and report what would change."""
    project = load_project(root)
    outputs = render_site(project)
    docs = root / "docs"
    report, problems = plan_writes(docs, outputs)
    if problems:
        raise ProjectError(problems)
    if not check:
        apply_writes(docs, outputs, report)
    return report


def validate(root: Path) -> Project:
    return load_project(root)


__all__ = ["Problem", "generate", "load_project", "render_site", "validate"]
