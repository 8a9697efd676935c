"""Building the site with MkDocs.

The build writes into a temporary folder beside `site/` and swaps it in only when MkDocs
succeeded, so a failed build leaves the previous site as it was. Every build also makes the
offline copy of the site (`offline.py`), improves the search index (`searchindex.py`), and
puts the classroom handout in downloads/ when the project has a handout.yaml (`generator.handout`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..files import project_lock
from . import offline
from .searchindex import improve_search_index


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


_NOT_IN_NAV = ('WARNING: The following pages exist in the docs directory, but are not included'
               ' in the "nav" configuration:')


def _page_title(page: Path) -> str:
    """The first heading of a Markdown page, to name it in a nav line."""
    try:
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].split(" {:")[0].strip().replace(":", " -")
    except (OSError, UnicodeDecodeError):
        pass
    return page.stem.replace("-", " ").capitalize()


def explain(messages: list[str], root: Path) -> list[str]:
    """MkDocs' warnings, with the one about pages missing from the nav told in the project's
    terms: which page, whether explainer writes it, and the nav line that fixes it."""
    from ..pages import read_manifest

    generated, _ = read_manifest(root / "docs")
    explained = []
    for message in messages:
        if not message.startswith(_NOT_IN_NAV):
            explained.append(message)
            continue
        for line in message.splitlines()[1:]:
            rel = line.strip().removeprefix("- ").strip()
            fix = (f'add the line "  - {_page_title(root / "docs" / rel)}: {rel}" to the nav of'
                   " mkdocs.yml, or list the page under not_in_nav to keep it out of the menu")
            if rel in generated:
                explained.append(f"mkdocs.yml: nav: explainer writes docs/{rel}, but the nav does"
                                 f" not list it, so no menu leads to it; {fix}")
            else:
                explained.append(f"mkdocs.yml: nav: docs/{rel} is not in the nav, so no menu"
                                 f" leads to it; {fix}")
    return explained


def config_path(root: Path) -> Path:
    path = root / "mkdocs.yml"
    if not path.is_file():
        raise UserError(f"{path}: no mkdocs.yml here; run the command in an explainer project"
                        " or pass -p/--project DIR (start one with `explainer new DIR`)")
    return path


@dataclass
class BuildReport:
    """What a build made: MkDocs' warnings, and the offline zip (None when it was not made)."""

    warnings: list[str]
    zip_path: Path | None = None
    zip_size: int = 0
    note: str = ""
    handout_notes: list[str] = field(default_factory=list)  # e.g. a summary cut to fit


def edition_configs(config_file: Path, languages: tuple[str, ...]) -> list[tuple[Path, str]]:
    """Each edition's MkDocs configuration and where it builds inside the site: mkdocs.yml
    into the site itself, then mkdocs.LANG.yml (written by `explainer generate`) into LANG/."""
    found = [(config_file, "")]
    for lang in languages[1:]:
        path = config_file.with_name(f"mkdocs.{lang}.yml")
        if not path.is_file():
            raise UserError(f"{path.name}: missing; run `explainer generate` to write the {lang}"
                            " edition's configuration")
        found.append((path, lang))
    return found


def _build_into(config_file: Path, site_dir: Path, offline_package: Path | None,
                languages: tuple[str, ...] = ()) -> None:
    """Strict MkDocs builds of every edition into `site_dir` (the first language) and
    `site_dir/LANG`; offline ones when given the iframe-worker package."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    for path, lang in edition_configs(config_file, languages):
        target = site_dir / lang if lang else site_dir
        config = load_config(config_file=str(path), strict=True, site_dir=str(target))
        if offline_package is not None:
            offline.configure(config)
        build(config)
        improve_search_index(target)
        if offline_package is not None:
            offline.finish(target, offline_package)


@dataclass
class _OfflineOutcome:
    """How the offline build went: MkDocs' warnings, and why it failed, if it did."""

    warnings: list[str]
    refused: str | None = None  # MkDocs refused to build (strict mode): the whole build fails
    unusable: str | None = None  # the site cannot go offline: it is built without the zip


def _offline_build(config_file: Path, site_dir: Path, package: Path,
                   languages: tuple[str, ...] = ()) -> _OfflineOutcome:
    """The offline build, in a process of its own beside the site's build."""
    from mkdocs.exceptions import MkDocsException

    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        _build_into(config_file, site_dir, package, languages)
    except UserError as exc:  # the site can be hosted even when it cannot go offline
        return _OfflineOutcome(handler.messages, unusable=exc.format_message().replace("\n", "; "))
    except MkDocsException as exc:
        return _OfflineOutcome(handler.messages, refused=exc.format_message())
    finally:
        logger.removeHandler(handler)
    return _OfflineOutcome(handler.messages)


def _cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _offline_child(connection: Any, config_file: Path, site_dir: Path, package: Path,
                   languages: tuple[str, ...]) -> None:
    """The other process: send back how the offline build went, or why it broke."""
    try:
        connection.send(_offline_build(config_file, site_dir, package, languages))
    except BaseException as exc:  # anything else is reported, not lost with the process
        connection.send(f"{type(exc).__name__}: {exc}")
    finally:
        connection.close()


class _Beside:
    """Runs the offline build while this process builds the site: in another process when
    the machine has more than one core (a large site builds in about half the time), here
    otherwise. Both builds read the same files and write to different folders; a theme
    plugin that keeps a cache folder (Material's privacy or social plugins) would share it."""

    def __init__(self, config_file: Path, site_dir: Path, package: Path,
                 languages: tuple[str, ...] = ()) -> None:
        self.args = (config_file, site_dir, package, languages)
        self.process: Any = None
        if _cores() > 1:
            context = multiprocessing.get_context("spawn")
            self.receiver, sender = context.Pipe(duplex=False)
            try:
                self.process = context.Process(target=_offline_child, args=(sender, *self.args),
                                               daemon=True)
                self.process.start()
            except OSError:  # no process to spare: build here, after the site
                self.process = None
            finally:
                sender.close()

    def result(self) -> _OfflineOutcome:
        if self.process is None:
            return _offline_build(*self.args)
        from multiprocessing.connection import wait

        wait([self.receiver, self.process.sentinel])
        try:
            answer = self.receiver.recv()
        except EOFError:  # the process ended without a word: killed, or out of memory
            self.process.join()
            raise UserError(f"the offline build stopped unexpectedly (exit code"
                            f" {self.process.exitcode}); run `explainer build` again") from None
        if isinstance(answer, str):
            raise UserError(f"the offline build failed: {answer}")
        outcome: _OfflineOutcome = answer
        return outcome

    def close(self) -> None:
        """Stop the other process, finished or not."""
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()
            self.receiver.close()


def handout_downloads(root: Path, notes: list[str] | None = None) -> dict[str, bytes]:
    """The classroom handout files for site/downloads/ (and site/LANG/downloads/ for each
    other language, as LANG/NAME); none when there is no handout.yaml."""
    if not (root / "data" / "handout.yaml").is_file():
        return {}
    from ..handout import site_files
    from ..pages import language
    from ..project import edition, load_project

    project = load_project(root)
    if project.data.handout is None:
        return {}
    editions = project.data.explainer.editions
    files: dict[str, bytes] = {}
    for lang in editions:
        with language(lang):
            made = site_files(edition(project, lang), notes)
        prefix = "" if lang == editions[0] else f"{lang}/"
        files.update({prefix + name: content for name, content in made.items()})
    return files


def write_downloads(site_dir: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        lang, _, rest = name.rpartition("/")
        folder = (site_dir / lang if lang else site_dir) / "downloads"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / rest).write_bytes(content)


def build_site(root: Path, *, offline_site: bool = False,
               languages: tuple[str, ...] = ()) -> BuildReport:
    """Build `root` into `root/site` with strict MkDocs builds, and its offline copy into
    `root/site-offline.zip` (also offered for download in the site).

    The site is the normal one, or with `offline_site` the offline one. Without the
    iframe-worker package a normal build makes no zip and says so in the report's note; an
    offline build fails.
    """

    with project_lock(root):
        return _build_site(root, offline_site, languages)


def _leftovers(root: Path) -> None:
    """Remove the temporary folders and files of builds that were stopped (killed) before
    they could clean up. Called with the project locked, so no other build is using them."""
    for path in root.iterdir():
        if not path.name.startswith((".site-", ".explainer-zip-")) or path.is_symlink():
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_file():
            path.unlink(missing_ok=True)


def _readable(path: Path, mode: int = 0o777) -> None:
    """Give a finished site or zip the permissions the user's umask asks for, as `mkdir` or
    `cp` would: mkdtemp and mkstemp make them private to their owner."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, mode & ~mask)


def _build_site(root: Path, offline_site: bool, languages: tuple[str, ...]) -> BuildReport:
    from mkdocs.exceptions import MkDocsException

    _leftovers(root)
    config_file = config_path(root)
    package = offline.find_iframe_worker(root)
    if offline_site and package is None:
        raise UserError(offline.missing_iframe_worker())
    target = root / "site"
    temp = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    scratch: Path | None = None
    no_zip = "" if package is not None else offline.missing_iframe_worker()
    handler = _Collect()
    handout_notes: list[str] = []
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    beside: _Beside | None = None
    try:
        if not offline_site and package is not None:
            scratch = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
            beside = _Beside(config_file, scratch, package, languages)
        _build_into(config_file, temp, package if offline_site else None, languages)
        handouts = handout_downloads(root, handout_notes)
        write_downloads(temp, handouts)
        archive: bytes | None = None
        if offline_site:
            archive = offline.make_zip(temp)
        elif beside is not None and scratch is not None:
            outcome = beside.result()
            handler.messages.extend(outcome.warnings)
            if outcome.refused is not None:
                raise MkDocsException(outcome.refused)
            if outcome.unusable is not None:
                no_zip = outcome.unusable
            else:
                write_downloads(scratch, handouts)
                archive = offline.make_zip(scratch)
        if archive is None:
            offline.without_download_link(temp)
        else:
            download = temp / offline.DOWNLOAD
            download.parent.mkdir(parents=True, exist_ok=True)
            download.write_bytes(archive)
    except MkDocsException as exc:
        shutil.rmtree(temp, ignore_errors=True)
        details = "\n".join(dict.fromkeys(explain(handler.messages, root)))
        raise UserError(f"{details}\nmkdocs.yml: the site was not built: {exc.format_message()}"
                        .strip()) from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    finally:
        logger.removeHandler(handler)
        if beside is not None:
            beside.close()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    _readable(temp)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=root))
        target.rename(old / "site")
    temp.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    report = BuildReport(list(dict.fromkeys(handler.messages)), handout_notes=handout_notes)
    if archive is None:
        report.note = f"{offline.ZIP_NAME} was not made: {no_zip}"
        return report
    zip_path = root / offline.ZIP_NAME
    handle, partial = tempfile.mkstemp(prefix=".explainer-zip-", dir=root)
    with os.fdopen(handle, "wb") as stream:
        stream.write(archive)
    _readable(Path(partial), 0o666)  # the zip is for sharing
    os.replace(partial, zip_path)
    report.zip_path, report.zip_size = zip_path, len(archive)
    return report
