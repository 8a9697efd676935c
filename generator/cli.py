"""The `explainer` command line: thin wrappers that call the pipeline and report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import UserError
from .pages import WriteReport
from .pipeline import generate, validate


def _project_dir(value: str) -> Path:
    root = Path(value)
    if not root.is_dir():
        raise UserError(f"{value}: no such project folder; pass -p/--project with an explainer"
                        " project's folder (start one with `explainer new DIR`)")
    return root.resolve()


def project_option(func: Any) -> Any:
    return click.option(
        "-p", "--project", "project", default=".", show_default=True, metavar="DIR",
        help="The explainer project folder.",
    )(func)


def _report(report: WriteReport) -> str:
    return (f"{len(report.written)} file(s) written, {len(report.removed)} removed,"
            f" {len(report.unchanged)} unchanged.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="explainer")
def cli() -> None:
    """Turn an explainer project's YAML data into a MkDocs site."""


@cli.command("validate")
@project_option
def validate_command(project: str) -> None:
    """Check every file under data/ and every quote against seeds/."""
    root = _project_dir(project)
    loaded = validate(root)
    data = loaded.data
    for warning in sorted(loaded.warnings):
        click.echo(warning.format(), err=True)
    click.echo(f"Valid: {len(data.sources)} sources, {len(data.officials)} officials,"
               f" {len(data.positions)} positions, {len(data.figures)} figures,"
               f" {len(data.events)} events, {len(loaded.claims)} checked claims.")


@cli.command("generate")
@project_option
@click.option("--check", is_flag=True, help="Write nothing; fail if any generated page is out of date.")
def generate_command(project: str, check: bool) -> None:
    """Write the generated pages under docs/ (only files whose content changed)."""
    root = _project_dir(project)
    report = generate(root, check=check)
    if check:
        if report.changed:
            names = ", ".join(f"docs/{n}" for n in report.written + report.removed)
            raise UserError(f"generated pages are out of date with data/: {names};"
                            " run `explainer generate` and commit the result")
        click.echo("Generated pages are up to date.")
        return
    click.echo(_report(report))


@cli.command("build")
@project_option
@click.option("--offline", is_flag=True,
              help="Build site/ to work opened from file://, search included, with no network.")
def build_command(project: str, offline: bool) -> None:
    """Validate, generate, then build the site into site/ with a strict MkDocs build, and its
    offline copy into site-offline.zip."""
    from .site import build_site, config_path, describe_size

    root = _project_dir(project)
    config_path(root)
    report = generate(root)
    click.echo(_report(report))
    built = build_site(root, offline_site=offline)
    click.echo(f"Site built in {root / 'site'}{' for offline use' if offline else ''}")
    if built.zip_path is not None:
        click.echo(f"Offline copy: {built.zip_path}, {describe_size(built.zip_size)}")
    else:
        click.echo(f"warning: {built.note}", err=True)


@cli.command("serve")
@project_option
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on (default 127.0.0.1:8000).")
def serve_command(project: str, dev_addr: str | None) -> None:
    """Preview the site; editing data/ regenerates the pages and reloads the browser."""
    from .site import config_path
    from .site.serve import serve

    root = _project_dir(project)
    config_path(root)
    generate(root)

    def regenerate() -> None:
        try:
            click.echo(f"data changed: {_report(generate(root))}", err=True)
        except UserError as exc:
            click.echo(exc.format_message(), err=True)

    serve(root, dev_addr, regenerate, announce=lambda message: click.echo(message, err=True))


@cli.command("handout")
@project_option
@click.option("--format", "fmt", type=click.Choice(["pdf", "html", "md", "docx"]), default="pdf",
              show_default=True, help="The handout's file format.")
@click.option("--paper", type=click.Choice(["letter", "a4"]), default="letter", show_default=True,
              help="Paper size.")
@click.option("-o", "--output", metavar="FILE", help="Where to write the handout.")
def handout_command(project: str, fmt: str, paper: str, output: str | None) -> None:
    """Make the classroom handout: two pages at most, from data/handout.yaml and the rest of data/.

    The default file is handout-PAPER.FORMAT in the current folder.
    """
    from .handout import default_name, make_handout, save

    root = _project_dir(project)
    target = Path(output) if output else Path.cwd() / default_name(fmt, paper)
    if target.is_dir():
        raise UserError(f"{target}: is a folder; give -o a file name such as"
                        f" {default_name(fmt, paper)}")
    if not target.parent.is_dir():
        raise UserError(f"{target.parent}: no such folder; create it or choose another -o FILE")
    handout = make_handout(validate(root), paper)
    save(target, handout.render(fmt))
    content = handout.content
    click.echo(f"Handout written to {target} ({handout.pages} page(s) on {paper} paper).")
    if content.left_out:
        click.echo(f"Left out for space: {content.left_out_text}.", err=True)
    if content.reading.above:
        click.echo(f"warning: the student text reads at grade {content.reading.grade:.1f}"
                   f" (Flesch-Kincaid), above grades {content.reading.target}.", err=True)


@cli.command("schema")
@project_option
@click.option("-o", "--output", metavar="DIR", help="Folder for the schema files (default: schema/"
              " in the project).")
def schema_command(project: str, output: str | None) -> None:
    """Write the JSON Schema of every data file, for editors that check YAML as you type."""
    from .project import SCHEMA_DIR, write_schemas

    folder = Path(output) if output else _project_dir(project) / SCHEMA_DIR
    changed = write_schemas(folder)
    click.echo(f"{len(changed)} schema file(s) written to {folder}.")


@cli.command("new")
@click.argument("directory", metavar="DIR")
def new_command(directory: str) -> None:
    """Start a new explainer project in DIR, with a small example that builds as it is."""
    from .scaffold import create_project

    target = Path(directory)
    create_project(target)
    generate(target.resolve())
    click.echo(f"Created a new explainer in {target}. Next: cd {target} && explainer build")


def main() -> None:
    cli(prog_name="explainer")
