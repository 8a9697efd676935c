"""Building the site with MkDocs.

The build writes into a temporary folder beside `site/` and swaps it in only when MkDocs
succeeded, so a failed build leaves the previous site as it was. Every build also makes the
offline copy of the site (`offline.py`), improves the search index (`searchindex.py`), and
puts the classroom handout in downloads/ when the project has a handout.yaml (`generator.handout`).

The parts run in two processes (`worker.py`) on a machine with more than one core: the
other editions are built beside the first (each in a folder of its own, moved into LANG/
when both are done), or, for a site in one language, the handouts are made beside it and
then the offline copy's pages, each as soon as MkDocs has written it (`stream.py`). The
offline copy is derived from the built site (`derive.py`), the pages left shared between
both processes; when it cannot be derived with certainty, it is built by MkDocs with the
offline plugin, in the other process while this one builds the site.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UserError
from ..files import project_lock
from . import derive, jobs, offline, stream
from .explain import explain
from .jobs import Built, Collect, build_editions, edition_job, handouts, unsure
from .worker import Worker, cores

if TYPE_CHECKING:
    from ..project import Project


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


def _offline_build(config_file: Path, site_dir: Path, package: Path,
                   languages: tuple[str, ...] = ()) -> Built:
    """The offline copy built by MkDocs with Material's offline plugin, every edition."""
    return build_editions(edition_configs(config_file, languages), site_dir, package)


def _cores() -> int:
    return cores()


_BATCH = 64  # pages rewritten at a time for the offline copy


def write_downloads(site_dir: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        lang, _, rest = name.rpartition("/")
        folder = (site_dir / lang if lang else site_dir) / "downloads"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / rest).write_bytes(content)


def build_site(root: Path, *, offline_site: bool = False, languages: tuple[str, ...] = (),
               project: Project | None = None) -> BuildReport:
    """Build `root` into `root/site` with strict MkDocs builds, and its offline copy into
    `root/site-offline.zip` (also offered for download in the site).

    The site is the normal one, or with `offline_site` the offline one. Without the
    iframe-worker package a normal build makes no zip and says so in the report's note; an
    offline build fails. `project`, when given, is the project as loaded and checked just
    before, for the handouts made in this process.
    """

    with project_lock(root):
        return _build_site(root, offline_site, languages, project)


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


class _Build:
    """One build of a project: the site in a temporary folder beside `site/`, with scratch
    folders for the other editions and the offline copy, and the worker process that builds
    while this one does (`worker.py`)."""

    def __init__(self, root: Path, offline_site: bool, languages: tuple[str, ...],
                 project: Project | None = None) -> None:
        self.root = root
        self.project = project
        self.config_file = config_path(root)
        self.editions = edition_configs(self.config_file, languages)
        self.languages = languages
        self.package = offline.find_iframe_worker(root)
        if offline_site and self.package is None:
            raise UserError(offline.missing_iframe_worker())
        self.offline_site = offline_site
        self.handler = Collect()
        self.handout_notes: list[str] = []
        self.no_zip = "" if self.package is not None else offline.missing_iframe_worker()
        self.folders: list[Path] = []
        self.worker: Worker | None = None
        self.handouts: tuple[dict[str, bytes], list[str]] | None = None  # from the worker
        self.streaming = False  # whether the worker rewrites pages during the build
        self.streamed: stream.Streamed | None = None  # what it rewrote (`stream.py`)
        self.stream_target: Path | None = None
        # the first edition's pages rewritten while the other process built the others
        self.early: tuple[stream.Streamed, Path] | None = None

    def folder(self) -> Path:
        path = Path(tempfile.mkdtemp(prefix=".site-", dir=self.root))
        self.folders.append(path)
        return path

    def check(self, built: Built) -> Built:
        from mkdocs.exceptions import MkDocsException

        self.handler.messages.extend(built.warnings)
        if built.refused is not None:
            raise MkDocsException(built.refused)
        return built

    def run(self, temp: Path) -> bytes | None:
        """Build the site into `temp`; the offline zip, or None."""
        worker = self.worker = Worker(_cores())
        first, others = self.editions[:1], self.editions[1:]
        package = self.package if self.offline_site else None
        spare = self.folder()
        langs = tuple(lang or self.languages[0] for _, lang in others) if others else ()
        # The other editions and their handouts, or the handouts, are made beside the first
        # edition; the offline copy is derived from the site, or built beside it when the
        # derivation cannot be sure.
        reason = unsure(self.editions, self.root) if package is None and self.package else None
        progress: Path | None = None  # where the build lists its pages, when followed
        if reason is not None:
            worker.submit(_offline_build, self.config_file, spare, self.package, self.languages)
            first, others, mine = self.editions, [], None
        elif others:
            worker.submit(edition_job, others, spare, package, self.root, langs)
            mine = tuple(lang for lang in self.languages if lang not in langs)
        else:
            mine = ()
            self.streaming = (reason is None and package is None and self.package is not None
                              and worker.process is not None)
            if self.streaming:  # and the offline copy's pages as MkDocs writes them
                self.stream_target, progress = self.folder(), self.folder() / "pages-built"
                worker.submit(jobs.handouts_and_pages, self.root, self.config_file, temp,
                              self.stream_target, progress)
            else:
                # made here when there is no other process: with the project loaded already
                here = self.project if worker.process is None else None
                worker.submit(handouts, self.root, None, here)
        try:
            built = self.check(build_editions(first, temp, package, package is None, progress))
        finally:
            if progress is not None:
                stream.end(progress)
        files = (jobs.handout_downloads(self.root, self.handout_notes, mine, self.project)
                 if mine != () else {})
        if others:
            if self.package is not None and package is None and reason is None \
                    and built.unsure is None:  # the offline copy will be derived: start on it
                early = self.folder()
                self.early = (stream.while_others_build(temp, early, built.editions, others,
                                                        lambda: not worker.ready()), early)
            rest, made, notes = worker.result()
            self.check(rest)
            files.update(made)
            self.handout_notes.extend(notes)
            built.editions += rest.editions
            built.unsure = built.unsure or rest.unsure
            for _, lang in others:
                (spare / lang).rename(temp / lang)
        copy: Path | None = None
        if self.offline_site:
            copy = temp
        elif self.package is not None and reason is None:
            reason = built.unsure
            if reason is None:
                try:
                    copy = self.derived(temp, built.editions)
                except derive.Unsure as exc:
                    reason = str(exc)
            if reason is not None:  # when in doubt, build
                self.collect_handouts()
                worker.submit(_offline_build, self.config_file, spare, self.package,
                              self.languages)
        if reason is not None and self.package is not None and not self.offline_site:
            outcome = self.check(worker.result())
            if outcome.unusable is None:
                copy = spare
            else:
                self.no_zip = outcome.unusable
        if mine == ():
            self.collect_handouts()
        if self.handouts is not None:
            files.update(self.handouts[0])
            self.handout_notes.extend(self.handouts[1])
        write_downloads(temp, files)
        if copy is None:
            return None
        if copy != temp:
            write_downloads(copy, files)
        return offline.make_zip(copy)

    def collect_handouts(self) -> None:
        """Wait for the handouts made in the other process, if they are being made there."""
        assert self.worker is not None
        if self.handouts is None and self.worker.busy():
            self._first(self.worker.result())

    def _first(self, answer: Any) -> None:
        """The worker's first answer: the handouts, and the pages it rewrote if it did."""
        if self.streaming:
            self.handouts, self.streamed = answer
        else:
            self.handouts = answer

    def derived(self, temp: Path, editions: list[derive.Edition]) -> Path | None:
        """The offline copy made from the built site in `temp`, or None when it cannot go
        offline (then `no_zip` says why). Raises derive.Unsure when a page is not as
        expected. The pages are rewritten in batches, here and in the other process when
        it is free (it may still be making the handouts)."""
        worker = self.worker
        assert worker is not None and self.package is not None
        target = self.stream_target or self.folder()
        pages = derive.jobs(editions)
        todo = list(pages)
        remote: dict[derive.Job, list[str]] = {}
        waiting = False  # for a batch of pages from the other process
        failed: str | None = None

        def accept(streamed: stream.Streamed) -> None:
            """Keep the pages rewritten during the build, if for these very editions."""
            nonlocal target, todo
            if streamed.unsure is None and streamed.editions == editions:
                remote.update(streamed.remote)
                todo = [job for job in todo if job not in remote]
            else:  # start again, in a folder of its own
                target = self.folder()
                remote.clear()
                todo = list(pages)

        def take() -> None:
            nonlocal waiting, failed
            answer = worker.result()
            if not waiting:  # the handouts, made while this process built the site
                self._first(answer)
                if self.streamed is not None:
                    accept(self.streamed)
            elif isinstance(answer, str):
                failed = answer
            else:
                remote.update(answer)
            waiting = False

        if self.early is not None:  # the first edition's pages, rewritten already
            target = self.early[1]
            accept(self.early[0])
        try:
            while failed is None:
                if worker.busy() and worker.ready():
                    take()
                if not todo:
                    if not worker.busy():
                        break
                    take()  # its pages, or pages it leaves to be rewritten here
                    continue
                if not worker.busy() and len(todo) > _BATCH:
                    worker.submit(jobs.offline_pages, temp, target, editions, todo[:_BATCH])
                    todo, waiting = todo[_BATCH:], True
                chosen, todo = todo[-_BATCH:], todo[:-_BATCH]
                remote.update(derive.write_pages(temp, target, editions, chosen))
        finally:
            while worker.busy():
                take()
        if failed is not None:
            raise derive.Unsure(failed)
        derive.copy_files(temp, target, editions)
        derive.write_indexes(target, editions)
        scanned = {f"{e.prefix}{new}" for e in editions for new in e.pages.values()}
        scanned |= {f"{e.prefix}404.html" for e in editions}
        try:
            offline.finish_editions(target, self.package, [e.prefix for e in editions],
                                    scanned, derive.found(editions, remote))
        except UserError as exc:
            self.no_zip = exc.format_message().replace("\n", "; ")
            return None
        return target

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
        for path in self.folders:
            shutil.rmtree(path, ignore_errors=True)


def _build_site(root: Path, offline_site: bool, languages: tuple[str, ...],
                project: Project | None) -> BuildReport:
    from mkdocs.exceptions import MkDocsException

    _leftovers(root)
    work = _Build(root, offline_site, languages, project)
    target = root / "site"
    temp = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(work.handler)
    try:
        archive = work.run(temp)
        if archive is None:
            offline.without_download_link(temp)
        else:
            download = temp / offline.DOWNLOAD
            download.parent.mkdir(parents=True, exist_ok=True)
            download.write_bytes(archive)
    except MkDocsException as exc:
        shutil.rmtree(temp, ignore_errors=True)
        details = "\n".join(dict.fromkeys(explain(work.handler.messages, root)))
        raise UserError(f"{details}\nmkdocs.yml: the site was not built: {exc.format_message()}"
                        .strip()) from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    finally:
        logger.removeHandler(work.handler)
        work.close()
    _readable(temp)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=root))
        target.rename(old / "site")
    temp.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    report = BuildReport(list(dict.fromkeys(work.handler.messages)),
                         handout_notes=work.handout_notes)
    if archive is None:
        report.note = f"{offline.ZIP_NAME} was not made: {work.no_zip}"
        return report
    zip_path = root / offline.ZIP_NAME
    handle, partial = tempfile.mkstemp(prefix=".explainer-zip-", dir=root)
    with os.fdopen(handle, "wb") as stream:
        stream.write(archive)
    _readable(Path(partial), 0o666)  # the zip is for sharing
    os.replace(partial, zip_path)
    report.zip_path, report.zip_size = zip_path, len(archive)
    return report
