"""The parts of a build that can run in either process (`worker.Worker`): MkDocs builds of
editions, the handouts, and the rewrite of pages for the offline copy. Each returns what
the build needs from it, warnings included, so that it can be sent between processes."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserError
from . import derive, offline, stream
from .searchindex import improve_search_index

if TYPE_CHECKING:
    from ..project import Project


class Collect(logging.Handler):
    """MkDocs' warnings, as the build reports them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


@dataclass
class Built:
    """How MkDocs builds of editions went: their warnings, why they failed if they did,
    and each edition's pages (for the offline copy)."""

    warnings: list[str]
    refused: str | None = None  # MkDocs refused to build (strict mode): the whole build fails
    unusable: str | None = None  # an offline build that cannot go offline: no zip
    unsure: str | None = None  # why the offline copy cannot be derived from these editions
    editions: list[derive.Edition] = field(default_factory=list)


def build_editions(editions: list[tuple[Path, str]], site_dir: Path,
                   package: Path | None = None, copy: bool = True,
                   progress: Path | None = None) -> Built:
    """Strict MkDocs builds of `editions` (configuration, language) into `site_dir`
    (the first language, "") and `site_dir/LANG`; offline ones when given the iframe-worker
    package. A refusal is reported, not raised; so is an offline site that would load
    remote files, when it is an offline `copy` (for the web site built offline, it is
    raised). With `progress`, the first edition's pages are listed there as they are
    finished (`stream.plugin`)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    handler = Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    made: list[derive.Edition] = []
    unsure: str | None = None
    try:
        for path, lang in editions:
            target = site_dir / lang if lang else site_dir
            config = load_config(config_file=str(path), strict=True, site_dir=str(target))
            if package is not None:
                offline.configure(config)
            if progress is not None and not lang:
                config.plugins["explainer/progress"] = stream.plugin(progress)
            build(config)
            improve_search_index(target)
            if package is not None:
                offline.finish(target, package)
            else:
                try:
                    made.append(derive.edition(config, f"{lang}/" if lang else ""))
                except derive.Unsure as exc:
                    unsure = str(exc)
    except UserError as exc:  # the site can be hosted even when it cannot go offline
        if not copy:
            raise
        return Built(handler.messages, unusable=exc.format_message().replace("\n", "; "))
    except MkDocsException as exc:
        return Built(handler.messages, refused=exc.format_message())
    finally:
        logger.removeHandler(handler)
    return Built(handler.messages, editions=made, unsure=unsure)


def unsure(editions: list[tuple[Path, str]], root: Path) -> str | None:
    """Why the offline copy of these editions cannot be derived from their site, if not."""
    from mkdocs.config import load_config

    for path, _ in editions:
        handler = Collect()  # loading twice would repeat the configuration's warnings
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        logger.propagate, propagate = False, logger.propagate
        try:
            config = load_config(config_file=str(path))
            reason = derive.unsure(config, root)
        except Exception as exc:  # the real build says what is wrong
            reason = f"{type(exc).__name__}"
        finally:
            logger.removeHandler(handler)
            logger.propagate = propagate
        if reason is not None:
            return f"{path.name}: {reason}"
    return None


def edition_job(editions: list[tuple[Path, str]], site_dir: Path, package: Path | None,
                root: Path, langs: tuple[str, ...]) -> tuple[Built, dict[str, bytes], list[str]]:
    """The other process's part of a site in several languages: its editions, then their
    handouts (not made when an edition failed)."""
    built = build_editions(editions, site_dir, package, package is None)
    if built.refused is not None:
        return built, {}, []
    notes: list[str] = []
    return built, handout_downloads(root, notes, langs), notes


def handout_downloads(root: Path, notes: list[str] | None = None,
                      only: tuple[str, ...] | None = None,
                      project: Project | None = None) -> dict[str, bytes]:
    """The classroom handout files for site/downloads/ (and site/LANG/downloads/ for each
    other language, as LANG/NAME), of every language or `only` those; none when there is
    no handout.yaml. The project is loaded, unless it is given (loaded and checked)."""
    if not (root / "data" / "handout.yaml").is_file():
        return {}
    from ..handout import site_files
    from ..pages import language
    from ..project import edition, load_project

    project = project if project is not None else load_project(root)
    if project.data.handout is None:
        return {}
    editions = project.data.explainer.editions
    files: dict[str, bytes] = {}
    for lang in editions:
        if only is not None and lang not in only:
            continue
        with language(lang):
            made = site_files(edition(project, lang), notes)
        prefix = "" if lang == editions[0] else f"{lang}/"
        files.update({prefix + name: content for name, content in made.items()})
    return files


def handouts(root: Path, only: tuple[str, ...] | None,
             project: Project | None = None) -> tuple[dict[str, bytes], list[str]]:
    """The handout files for the site's downloads/, and the notes on them."""
    notes: list[str] = []
    files = handout_downloads(root, notes, only, project)
    return files, notes


def handouts_and_pages(root: Path, config_file: Path, hosted: Path, target: Path,
                       progress: Path) -> tuple[tuple[dict[str, bytes], list[str]], stream.Streamed]:
    """The other process's part of a site in one language: the handouts, then the pages of
    the offline copy that MkDocs has built by then, and those it builds until it is done
    (`stream.follow`)."""
    return handouts(root, None), stream.follow(config_file, hosted, target, progress)


def offline_pages(hosted: Path, target: Path, editions: list[derive.Edition],
                  chosen: list[derive.Job]) -> dict[derive.Job, list[str]] | str:
    """Rewrite some pages for the offline copy (`derive.write_pages`), or say why not."""
    try:
        return derive.write_pages(hosted, target, editions, chosen)
    except derive.Unsure as exc:
        return str(exc)
