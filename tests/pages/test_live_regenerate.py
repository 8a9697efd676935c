"""The live preview's regeneration (`generator.live`) renders again only the pages an edit can
change, and leaves after every edit exactly the files a fresh full generate writes."""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import generator.live
import generator.pages.write
import generator.unchanged
from generator.errors import ProjectError
from generator.live import Live
from generator.pages import TEMPLATE_DIR, Unsure
from generator.pipeline import regenerate
from generator.unchanged import recall

from ..conftest import REPO, copy_project, generated_files

Edit = Callable[[Path], None]


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    """What a `Live` sets aside from the collector is given back after each test."""
    yield
    gc.unfreeze()


def replace(name: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name}: no {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def append(name: str, added: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(text + added, encoding="utf-8")
    return edit


def own_template(name: str, old: str, new: str) -> Edit:
    """The tool's template `name`, copied into the project's templates/ with one change."""
    def edit(root: Path) -> None:
        text = (TEMPLATE_DIR / name).read_text(encoding="utf-8")
        assert old in text, f"{name}: no {old!r}"
        (root / "templates").mkdir(exist_ok=True)
        (root / "templates" / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def follow(live_root: Path, fresh_root: Path, edits: list[tuple[str, Edit]],
           ) -> dict[str, tuple[int, int]]:
    """Make each edit in both copies: regenerate `live_root` through one `Live`, and
    `fresh_root` in full; after each, both hold the same files. Returns the pages rendered
    and reused by each edit."""
    live = Live()
    live.generate(live_root)
    regenerate(fresh_root)
    assert generated_files(live_root) == generated_files(fresh_root)
    counts = {}
    for name, edit in edits:
        edit(live_root)
        edit(fresh_root)
        before = generated_files(live_root)
        try:
            expected = regenerate(fresh_root)
        except ProjectError as exc:  # the same problems, and nothing written
            with pytest.raises(ProjectError) as caught:
                live.generate(live_root)
            assert caught.value.format_message() == exc.format_message(), name
            assert generated_files(live_root) == before, name
            counts[name] = (live.rendered, live.reused)
            continue
        report = live.generate(live_root)
        assert (report.written, report.removed) == (expected.written, expected.removed), name
        assert generated_files(live_root) == generated_files(fresh_root), name
        counts[name] = (live.rendered, live.reused)
    return counts


@pytest.fixture
def repository(tmp_path: Path) -> tuple[Path, Path]:
    return copy_project(REPO, tmp_path / "live"), copy_project(REPO, tmp_path / "fresh")


def test_every_kind_of_edit_of_this_explainer_gives_the_pages_of_a_full_run(
        repository: tuple[Path, Path]) -> None:
    glossary = "data/glossary.yaml"
    counts = follow(*repository, [
        ("definition", replace(glossary, "A synthetic opioid used in medicine",
                               "A synthetic opioid, used in medicine,")),
        ("claim", replace("data/figures.yaml", "70,601 is NIDA's count", "70,601 is the NIDA count")),
        ("name", replace("data/officials.yaml", "name: Antony J. Blinken", "name: Antony John Blinken")),
        ("added", append(glossary, "\n- term: Zebra crossing\n  definition: A made-up term.\n")),
        ("removed", replace(glossary, "\n- term: Zebra crossing\n  definition: A made-up term.\n", "")),
        ("invalid", replace(glossary, "  definition: >-\n    A synth", "  definitio: >-\n    A synth")),
        ("fixed", replace(glossary, "  definitio: >-\n    A synth", "  definition: >-\n    A synth")),
        ("template", own_template("glossary.md.j2", "\n", "\n<!-- the project's own glossary -->\n")),
        ("after the template", replace(glossary, "A synthetic opioid, used", "A synthetic opioid used")),
    ])
    rendered, reused = counts["definition"]
    assert 0 < rendered <= 4 and reused > 40, counts  # the glossary page of each edition, and few others
    assert counts["claim"][1] > 20 and counts["name"][1] > 0, counts
    assert counts["invalid"] == (0, 0), counts


def _synthetic(root: Path, scale: int) -> Path:
    """A synthetic project in two languages."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from synthetic import write_project
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    write_project(root, scale, ("en", "es"))
    return root


def test_edits_of_a_synthetic_project_give_the_pages_of_a_full_run(tmp_path: Path) -> None:
    live, fresh = _synthetic(tmp_path / "live", 3), _synthetic(tmp_path / "fresh", 3)
    glossary, catalog = "data/glossary.yaml", "locales/es/data.po"
    counts = follow(live, fresh, [
        ("definition", replace(glossary, "What term 1 means.", "What term 1 meant.")),
        ("again", replace(glossary, "What term 1 meant.", "What term 1 signifies.")),
        ("term", replace(glossary, "term: Term 1\n", "term: Word 1\n")),
        ("nothing", lambda root: None),
        ("name", replace("data/officials.yaml", "Official Number 2\n", "Official Number Two\n")),
        ("label", replace("data/figures.yaml", "Things counted in case 1\n", "Things seen in case 1\n")),
        ("seed", append("seeds/article.txt", "One more sentence.\n")),
        ("mkdocs.yml", append("mkdocs.yml", "\n# a comment\n")),
        ("hand-written page", append("docs/notes.md", "# Notes\n\nMore notes.\n")),
        ("translation", replace(catalog, 'msgstr "Nota de contexto 0"', 'msgstr "Nota de fondo 0"')),
        ("quote", replace(catalog, 'act on matter 0 together."\nmsgstr ""',
                          'act on matter 0 together."\nmsgstr "Actuaremos juntos."')),
        ("untranslated", replace(catalog, 'msgstr "Nota de fondo 0"', 'msgstr ""')),
        ("after the catalog", replace(glossary, "What term 1 signifies.", "What term 1 means.")),
    ])
    assert counts["definition"][0] <= 2 and counts["definition"][1] > 20, counts
    assert counts["again"][0] <= 2 and counts["nothing"][0] == 0, counts
    assert counts["seed"][1] == 0, counts  # what every page can reach changed: all rendered


def test_data_it_cannot_tell_apart_is_rendered_in_full(repository: tuple[Path, Path],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    live_root, fresh_root = repository
    live = Live()
    live.generate(live_root)

    def unsure(*args: object) -> None:
        raise Unsure("a test")

    monkeypatch.setattr(generator.live, "entry_keys", unsure)
    edit = replace("data/glossary.yaml", "A synthetic opioid used", "A synthetic opioid, used")
    edit(live_root)
    edit(fresh_root)
    live.generate(live_root)
    regenerate(fresh_root)
    assert generated_files(live_root) == generated_files(fresh_root)
    assert live.reused == 0 and not live.kept


def test_the_record_of_a_run_reads_only_the_files_it_cannot_vouch_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _synthetic(tmp_path / "project", 2)
    live = Live()
    live.generate(root)
    live.generate(root)  # the first wrote every page; the second finds them and records them
    monkeypatch.setattr(generator.unchanged, "RACY_NS", 0)  # every time tells a change
    opened: list[str] = []
    real_open = open

    def spy(path: Path, *args: object, **kwargs: object) -> object:
        if Path(path).is_relative_to(root):
            opened.append(Path(path).relative_to(root).as_posix())
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(generator.unchanged, "open", spy, raising=False)
    replace("data/glossary.yaml", "What term 1 means.", "What term 1 meant.")(root)
    report = live.generate(root)
    read = [name for name in opened if name.startswith(("docs/", "docs-", "mkdocs."))
            and name != "mkdocs.yml"]
    assert "docs/glossary.md" in read and "docs-es/glossary.md" in read
    assert len(read) <= len(report.written) + 1 < 10, read  # not every page
    monkeypatch.undo()
    assert recall(root) is not None  # the record vouches for the pages as they are
    (root / "docs/glossary.md").write_bytes(b"edited by hand")
    assert recall(root) is None


def test_pages_vouched_for_by_the_last_record_are_not_read_yet_hand_edits_are_seen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    live, fresh = _synthetic(tmp_path / "live", 2), _synthetic(tmp_path / "fresh", 2)
    monkeypatch.setattr(generator.unchanged, "RACY_NS", 0)  # every time tells a change
    looked: list[str] = []
    real_in_the_way = generator.pages.write._in_the_way

    def spy(docs: Path, name: str, *args: object) -> object:
        if docs.is_relative_to(live):
            looked.append(f"{docs.name}/{name}")
        return real_in_the_way(docs, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(generator.pages.write, "_in_the_way", spy)
    glossary = "data/glossary.yaml"
    regenerating = Live()
    regenerating.generate(live)
    regenerating.generate(live)  # the first wrote every page; the second records them
    regenerate(fresh)

    def delete(name: str) -> Edit:
        return lambda root: (root / name).unlink()

    def link_out(root: Path) -> None:
        (root / "docs/people").rename(root.parent / f"{root.name}-people")
        (root / "docs/people").symlink_to(root.parent / f"{root.name}-people")

    looks = {}
    for name, edit in [
        ("definition", replace(glossary, "What term 1 means.", "What term 1 meant.")),
        ("nothing", lambda root: None),
        ("edited by hand", append("docs/timeline.md", "An edit by hand.\n")),
        ("edited by hand, same size", replace("docs/index.md", "#", "!")),
        ("deleted", delete("docs/people.md")),
        ("translated page deleted", delete("docs-es/glossary.md")),
        ("bad YAML", replace(glossary, "- term: Term 1\n", "- term: Term 1\n   bad: [\n")),
        ("fixed", replace(glossary, "- term: Term 1\n   bad: [\n", "- term: Term 1\n")),
        ("folder made a link out of docs/", link_out),
    ]:
        time.sleep(0.02)  # past the file system's clock tick of the last write
        edit(live)
        edit(fresh)
        looked.clear()
        before = generated_files(live)
        try:
            expected = regenerate(fresh)
        except ProjectError as exc:  # the same problems, and nothing written
            with pytest.raises(ProjectError) as caught:
                regenerating.generate(live)
            assert caught.value.format_message() == exc.format_message(), name
            assert generated_files(live) == before, name
            looks[name] = list(looked)
            continue
        report = regenerating.generate(live)
        assert (report.written, report.removed) == (expected.written, expected.removed), name
        assert generated_files(live) == generated_files(fresh), name
        looks[name] = list(looked)
    assert looks["nothing"] == [], looks["nothing"]  # every page vouched for
    assert looks["edited by hand"] == ["docs/timeline.md"]
    assert looks["edited by hand, same size"] == ["docs/index.md"]
    assert "docs/people.md" in looks["deleted"] and "docs-es/glossary.md" in looks[
        "translated page deleted"]
    assert "docs/people/official-0.md" in looks["folder made a link out of docs/"]


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_later_run_collects_only_what_is_new_and_every_so_often_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import weakref
    monkeypatch.setattr(generator.live, "FULL_COLLECTION_EVERY", 3)
    root = _synthetic(tmp_path / "project", 1)
    live = Live()
    old = _Cycle()
    gone_old = weakref.ref(old)
    live.generate(root)
    assert gc.get_freeze_count() > 0  # what the first run left is set aside
    del old
    new = _Cycle()
    gone_new = weakref.ref(new)
    del new
    live.generate(root)
    assert gone_new() is None  # made since: collected
    assert gone_old() is not None  # set aside: left until the next full pass
    live.generate(root)
    live.generate(root)  # the third run after the first: a full pass
    assert gone_old() is None


def test_a_run_that_settles_later_writes_its_record_and_collects_only_when_settled(
        tmp_path: Path) -> None:
    root = _synthetic(tmp_path / "project", 1)
    live = Live()
    live.generate(root)
    live.generate(root)  # the first wrote every page; the second finds them and records them
    assert recall(root) is not None
    replace("data/glossary.yaml", "What term 1 means.", "What term 1 meant.")(root)
    live.collected = -1.0  # the seconds its collection took, once it has run
    report = live.generate(root, settle_later=True)
    assert "glossary.md" in report.written
    assert "meant" in (root / "docs/glossary.md").read_text(encoding="utf-8")
    assert recall(root) is None  # the record of the run before, for other data: not trusted
    assert live.collected == -1.0 and len(live.pending) == 2
    live.settle()
    assert live.collected >= 0 and not live.pending
    assert recall(root) is not None  # this run's record, which vouches for the pages as they are

    # Pages changed by hand before the record is written: no record vouches for them.
    replace("data/glossary.yaml", "What term 1 meant.", "What term 1 means.")(root)
    live.generate(root, settle_later=True)
    (root / "docs/glossary.md").write_text("edited by hand\n", encoding="utf-8")
    live.settle()
    assert recall(root) is None

    # A run that settles later settles the one before first.
    replace("data/glossary.yaml", "What term 1 means.", "What term 1 meant.")(root)
    live.generate(root, settle_later=True)
    live.generate(root, settle_later=True)
    assert len(live.pending) == 2  # its own record and collection; the last run's are done
    live.settle()
    assert recall(root) is not None


def test_a_record_left_for_later_is_not_written_while_another_command_holds_the_project(
        tmp_path: Path) -> None:
    import subprocess
    root = _synthetic(tmp_path / "project", 1)
    live = Live()
    live.generate(root)
    live.generate(root)
    replace("data/glossary.yaml", "What term 1 means.", "What term 1 meant.")(root)
    live.generate(root, settle_later=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys; h = os.open(sys.argv[1], os.O_RDONLY);"
         " fcntl.flock(h, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()", str(root)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        live.settle()  # no error: the other command leaves its own record, or none
    finally:
        holder.communicate("")
    assert not live.pending
    assert recall(root) is None  # the record on disk is the last run's, for other data
