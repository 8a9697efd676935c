"""The `explainer` command line: thin wrappers that call the pipeline and report. Each command
imports the models and templates when it runs (a generate with nothing to do needs neither)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import UserError
from .files import project_lock

if TYPE_CHECKING:
    from .facts import Facts


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="explainer")
def cli() -> None:
    """Turn an explainer project's YAML data into a MkDocs site."""


def draft_languages_option(func: Any) -> Any:
    return click.option(
        "--draft-languages", "draft_languages", default="", metavar="LANG,...",
        help="Languages to publish even with missing or out-of-date translations (the English"
             " shows in their place).")(func)


def _languages(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _check_translations(facts: Facts, drafts: tuple[str, ...], doing: str) -> None:
    facts.check_translations(drafts, doing, lambda line: click.echo(line, err=True))


def _warn_without_interface(languages: tuple[str, ...] | list[str]) -> None:
    from .pages import shipped_languages
    for lang in languages:
        if lang not in shipped_languages():
            click.echo(f"warning: explainer has no interface catalog for '{lang}' (it has"
                       f" {', '.join(shipped_languages())}): the {lang} pages show its own words"
                       " in English until generator/locales/" + lang + " is added", err=True)


@cli.command("validate")
@project_option
@draft_languages_option
def validate_command(project: str, draft_languages: str) -> None:
    """Check every file under data/, every quote against seeds/ and every translation."""
    from .facts import facts_of
    from .pages import count
    from .pipeline import validate
    from .project import describe_drafts
    root = _project_dir(project)
    loaded = validate(root)
    facts = facts_of(loaded)
    _check_translations(facts, _languages(draft_languages), "see each line above")
    data = loaded.data
    for warning in sorted(loaded.warnings):
        click.echo(warning.format(), err=True)
    click.echo(f"Valid: {count(len(data.sources), 'source')}, {count(len(data.officials), 'official')},"
               f" {count(len(data.positions), 'position')}, {count(len(data.figures), 'figure')},"
               f" {count(len(data.events), 'event')}, {count(len(loaded.claims), 'checked claim')}.")
    drafts = list(facts.drafts)
    if drafts:
        click.echo(f"{describe_drafts(drafts)}: review each, check it and remove its"
                   " `draft: true`.")


@cli.command("generate")
@project_option
@click.option("--check", is_flag=True, help="Write nothing; fail if any generated page is out of date.")
def generate_command(project: str, check: bool) -> None:
    """Write the generated pages under docs/ (only files whose content changed)."""
    from .unchanged import answer
    root = _project_dir(project)
    if (said := answer(root, check)) is not None:  # as the last run left them, from the same inputs
        return click.echo(said)
    from .pipeline import describe, generate
    report = generate(root, check=check)
    if check:
        if report.changed:
            names = ", ".join(n if n.startswith(("docs-", "mkdocs.")) else f"docs/{n}"
                              for n in report.written + report.removed)
            raise UserError(f"generated pages are out of date with data/: {names};"
                            " run `explainer generate` and commit the result")
        return click.echo("Generated pages are up to date.")
    click.echo(describe(report))


@cli.command("build")
@project_option
@click.option("--offline", is_flag=True,
              help="Build site/ to work opened from file://, search included, with no network.")
@click.option("--drafts", is_flag=True,
              help="Build even with entries marked `draft: true` (shown as not yet checked).")
@draft_languages_option
def build_command(project: str, offline: bool, drafts: bool, draft_languages: str) -> None:
    """Validate, generate, then build the site into site/ with a strict MkDocs build, and its
    offline copy into site-offline.zip. Refuses to build while entries are drafts, unless
    --drafts is given."""
    from .facts import facts_of, recall_facts
    from .pipeline import describe, generate, validate
    from .project import describe_drafts
    from .site import build_site, config_path, describe_size
    root = _project_dir(project)
    config_path(root)
    with project_lock(root):
        facts = recall_facts(root)  # the project as the last generate checked it, unchanged
    loaded = None
    if facts is None:
        loaded = validate(root)
        facts = facts_of(loaded)
    _check_translations(facts, _languages(draft_languages), "nothing was built")
    pending = list(facts.drafts)
    if pending and not drafts:
        first = ", ".join(f"data/{name}.yaml {entry}" for name, entry in pending[:3])
        raise UserError(f"{describe_drafts(pending)}, not yet checked: {first}"
                        f"{' and more' if len(pending) > 3 else ''}. Check each one and remove its"
                        " `draft: true`, or pass --drafts to build a preview that marks them."
                        " Nothing was built.")
    with project_lock(root):  # one build at a time: pages and site/ from the same data
        report = generate(root)
        click.echo(describe(report))
        built = build_site(root, offline_site=offline, languages=facts.editions, project=loaded)
    for note in built.handout_notes:
        click.echo(f"note: {note}", err=True)
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
    from .live import Live, describe
    from .site import config_path
    from .site.serve import serve
    config_path(root := _project_dir(project))
    live = Live()  # keeps the pages between regenerations: renders again only what changed

    def regenerate() -> None:
        try:  # the record of the run, which no page needs, is written once the browsers have them
            click.echo(f"data changed: {describe(live.generate(root, settle_later=True))}", err=True)
        except UserError as exc:
            click.echo(exc.format_message(), err=True)

    live.generate(root)
    serve(root, dev_addr, regenerate, lambda message: click.echo(message, err=True), live.settle)


@cli.command("handout")
@project_option
@click.option("--format", "fmt", type=click.Choice(["pdf", "html", "md", "docx"]), default="pdf",
              show_default=True, help="The handout's file format.")
@click.option("--paper", type=click.Choice(["letter", "a4"]), default="letter", show_default=True,
              help="Paper size.")
@click.option("-o", "--output", metavar="FILE",
              help="Where to write the handout; - writes it to standard output.")
@click.option("--teacher", is_flag=True, help="Add the teacher's page (objectives, reading level,"
              " answer guide, timing) after the two student pages.")
@click.option("--language", "lang", metavar="LANG",
              help="The edition to make it from, such as es (default: the data's own language).")
def handout_command(project: str, fmt: str, paper: str, output: str | None, teacher: bool,
                    lang: str | None) -> None:
    """Make the classroom handout: two pages at most, from data/handout.yaml and the rest of data/.

    The default file is handout-PAPER.FORMAT in the current folder.
    """
    from .handout import default_name, make_handout, save, writable
    from .pages import count, language
    from .pipeline import validate
    from .project import edition
    root = _project_dir(project)
    to_stdout = output == "-"
    target = Path(output) if output and not to_stdout else Path.cwd() / default_name(fmt, paper)
    if not to_stdout:
        if target.is_dir():
            raise UserError(f"{target}: is a folder; give -o a file name such as"
                            f" {default_name(fmt, paper)}")
        refused = writable(target)
        if refused is not None:
            raise UserError(refused)
        if not target.parent.is_dir():
            raise UserError(f"{target.parent}: no such folder; create it or choose another -o FILE")
    loaded = validate(root)
    lang = lang or loaded.data.explainer.language
    if lang not in loaded.data.explainer.editions:
        raise UserError(f"--language {lang}: not a language of this explainer; data/explainer.yaml"
                        f" lists languages: {', '.join(loaded.data.explainer.editions)}")
    with language(lang):
        handout = make_handout(edition(loaded, lang), paper)
        data = handout.render(fmt, teacher)
    where = "standard output" if to_stdout else str(target)
    if to_stdout:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        save(target, data)
    content = handout.content
    if handout.note:
        click.echo(f"note: {handout.note}", err=True)
    if fmt == "pdf":  # the pages WeasyPrint laid out; the other formats are laid out elsewhere
        teacher_pages = count(handout.teacher_pages, "teacher's page")
        extra = f", then {teacher_pages}" if teacher else ""
        click.echo(f"Handout written to {where} ({count(handout.pages, 'page')} on {paper} paper"
                   f"{extra}).", err=to_stdout)
    else:
        click.echo(f"Handout written to {where}.", err=to_stdout)
    if content.left_out:
        click.echo(f"Left out for space: {content.left_out_text}.", err=True)
    if content.reading.above:
        click.echo(f"warning: the student text reads at grade {content.reading.grade:.1f}"
                   f" ({content.reading.formula}), above grades {content.reading.target}.", err=True)


@cli.command("schema")
@project_option
@click.option("-o", "--output", metavar="DIR", help="Folder for the schema files (default: schema/"
              " in the project).")
def schema_command(project: str, output: str | None) -> None:
    """Write the JSON Schema of every data file, for editors that check YAML as you type."""
    from .pages import count
    from .project import SCHEMA_DIR, write_schemas
    if output:
        folder = Path(output)
    else:
        root = _project_dir(project)
        folder = root / SCHEMA_DIR
        if not Path(os.path.realpath(folder)).is_relative_to(root):
            raise UserError(f"{SCHEMA_DIR}: is a symbolic link to a folder outside the project;"
                            " make it a folder of its own, or choose one with -o DIR")
    changed = write_schemas(folder)
    click.echo(f"{count(len(changed), 'schema file')} written to {folder}.")


@cli.command("translate")
@project_option
@click.option("--statistics", is_flag=True,
              help="Write nothing; print how complete each language is.")
def translate_command(project: str, statistics: bool) -> None:
    """Write or update locales/LANG/data.po for each translated language in
    data/explainer.yaml: new texts are added empty, changed ones marked fuzzy (to review),
    and each language's completeness is printed."""
    from .pipeline import validate
    from .project import check_catalog, update_catalog
    root = _project_dir(project)
    loaded = validate(root)
    editions = loaded.data.explainer.editions
    if len(editions) < 2:
        raise UserError("data/explainer.yaml: the explainer has one language; add, for example,"
                        f" `languages: [{editions[0]}, es]` to translate it")
    _warn_without_interface(editions[1:])
    for lang in editions[1:]:
        if not statistics:
            path, counts = update_catalog(root, loaded.data, lang)
            click.echo(f"{path.relative_to(root).as_posix()}: {counts['new']} new,"
                       f" {counts['fuzzy']} fuzzy, {counts['obsolete']} obsolete.")
        stats, _problems = check_catalog(root, loaded.data, lang)
        share = 100 * stats.translated // stats.total if stats.total else 100
        click.echo(f"{lang}: {stats.translated} translated, {stats.fuzzy} fuzzy,"
                   f" {stats.untranslated} untranslated messages ({share}% complete"
                   f"{'' if stats.complete else '; run `explainer validate` to list the rest'}).")


@cli.command("new")
@click.argument("directory", metavar="DIR")
@click.option("--empty", is_flag=True, help="Empty data files to fill in, instead of the example.")
@click.option("--languages", default="", metavar="en,LANG,...",
              help="Editions of the site, such as en,es: the example and its Spanish edition.")
def new_command(directory: str, empty: bool, languages: str) -> None:
    """Start a new explainer project in DIR, with a small example that builds as it is (or,
    with --empty, data files that hold only what to replace)."""
    from .facts import facts_of
    from .pipeline import generate, validate
    from .project import update_catalog
    from .scaffold import create_project, next_step
    target = Path(directory)
    wanted = _languages(languages)
    create_project(target, wanted, empty=empty)
    if len(wanted) > 1:
        loaded = validate(target.resolve())
        for lang in wanted[1:]:
            update_catalog(target.resolve(), loaded.data, lang)
    generate(target.resolve())
    click.echo(f"Created a new explainer in {target}. Next: {next_step(target)}")
    _warn_without_interface(wanted[1:])
    missing = (facts_of(validate(target.resolve())).translation_problems() if len(wanted) > 1
               else [])
    if missing:
        click.echo(f"{len(missing)} texts are not translated yet: write them in locales/LANG/"
                   "data.po (see `explainer translate --statistics`), or build a preview with"
                   " --draft-languages.")



@cli.command("extract")
@click.argument("article", metavar="ARTICLE.txt")
@click.option("-o", "--output", metavar="DIR", help="A new (or empty) folder for the draft project.")
@click.option("--into", "into", metavar="PROJECT",
              help="Add to this existing project only the entries it does not have yet.")
@click.option("--title", help="The article's title (default: its first line).")
@click.option("--publisher", help="Who published the article.")
@click.option("--date", "date", metavar="YYYY-MM-DD", help="When it was published; dates such as"
              " \"on Tuesday\" are read against it.")
@click.option("--url", help="Where the article can be read.")
def extract_command(article: str, output: str | None, into: str | None, title: str | None,
                    publisher: str | None, date: str | None, url: str | None) -> None:
    """Draft an explainer from ARTICLE.txt: its numbers, quotes and speakers, people, dated
    events and credited sources, each marked `draft: true` until someone checks it."""
    from .extract import ArticleInfo, add_into, make_draft, read_article_file, safe_file_name, summary_of
    from .extract import write_new as write_draft
    from .pipeline import generate
    from .project import check_url
    from .scaffold import check_new_folder, create_empty_project
    if (output is None) == (into is None):
        raise click.UsageError("give either -o DIR (a new project) or --into PROJECT (an existing one)")
    _check_option("--date", date, _check_date)
    _check_option("--url", url, check_url)
    source = Path(article)
    seed, text = read_article_file(source)
    name = safe_file_name(source.name)
    info = ArticleInfo(f"seeds/{name}", title, publisher, date, url)
    if into is not None:
        root = _project_dir(into)
        click.echo(summary_of(add_into(root, text, seed, name, info)))
        click.echo(f"Review each one, check it and remove its `draft: true`; then run"
                   f" `explainer generate -p {into}`.")
        return
    assert output is not None
    target = Path(output)
    check_new_folder(target)
    draft = make_draft(text, info)
    create_empty_project(target, draft.data["explainer"]["title"])
    write_draft(target, draft, seed, info)
    generate(target.resolve())
    data = draft.data
    click.echo(f"Drafted {len(data['figures'])} figures, {len(data['positions'])} positions"
               f" ({sum(len(p['quotes']) for p in data['positions'])} quotes),"
               f" {len(data['officials'])} officials, {len(data['events'])} events and"
               f" {len(data['sources']) - 1} credited sources in {target}.")
    click.echo(f"Every entry is marked `draft: true`. Next: review each one, check it and remove"
               f" `draft: true`; preview with `explainer build --drafts -p {target}`.")


def _check_date(value: str) -> None:
    import datetime

    for pattern in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            datetime.datetime.strptime(value, pattern)
            if len(value) in (4, 7, 10):
                return
        except ValueError:
            continue
    raise ValueError(f"'{value}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY, such as 2023-10-05")


def _check_option(option: str, value: str | None, check: Any) -> None:
    if value is None:
        return
    try:
        check(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None


def main() -> None:
    cli(prog_name="explainer")
