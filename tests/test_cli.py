import subprocess
import sys
from pathlib import Path

from .conftest import REPO, write


def test_validate_reports_counts(run, example: Path) -> None:
    result = run("validate", "-p", str(example))
    assert result.exit_code == 0
    assert result.stdout == ("Valid: 3 sources, 2 officials, 2 positions, 2 figures, 3 events,"
                             " 5 checked claims.\n")  # the event that restates a figure is not counted
    assert result.stderr == ""  # every source of the example can be opened: no warning


def test_validate_lists_every_problem_on_stderr(run, example: Path) -> None:
    write(example, "data/glossary.yaml", "- term: A\n  definition: B\n  sauces: [x]\n- term: 3\n"
          "  definition: C\n")
    result = run("validate", "-p", str(example))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "data/glossary.yaml:3:3: glossary[0].sauces: unknown key 'sauces'; did you mean 'sources'?"
        " Allowed keys here: definition, sources, term.",
        "data/glossary.yaml:4:9: glossary[1].term: expected text, found the number 3; put it in"
        " quotes",
        "2 problems found; no file was changed.",
    ]


def test_generate_check_fails_on_stale_pages(run, example: Path) -> None:
    assert run("generate", "-p", str(example)).exit_code == 0
    assert run("generate", "--check", "-p", str(example)).stdout == "Generated pages are up to date.\n"
    glossary = example / "data/glossary.yaml"
    glossary.write_text(glossary.read_text().replace("a week", "a fortnight"))
    result = run("generate", "--check", "-p", str(example))
    assert result.exit_code == 1
    assert result.stderr == ("generated pages are out of date with data/: docs/glossary.md,"
                             " docs/.explainer-manifest.json; run `explainer generate` and commit"
                             " the result\n")


def test_usage_mistakes_exit_2(run, example: Path) -> None:
    for args in (["frobnicate"], ["validate", "--strict"], ["handout", "--format", "odt"]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "Usage:" in result.stderr


def test_a_missing_project_folder_is_a_clean_error(run, tmp_path: Path) -> None:
    result = run("validate", "-p", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "no such project folder" in result.stderr
    result = run("build", "-p", str(tmp_path))
    assert result.exit_code == 1
    assert "no mkdocs.yml here" in result.stderr
    result = run("validate", "-p", str(tmp_path))
    assert result.exit_code == 1
    assert "the data/ folder is missing" in result.stderr


def test_new_refuses_a_folder_that_is_not_empty(run, tmp_path: Path) -> None:
    write(tmp_path, "busy/file.txt", "x")
    result = run("new", str(tmp_path / "busy"))
    assert result.exit_code == 1
    assert "exists and is not empty" in result.stderr
    assert sorted(p.name for p in (tmp_path / "busy").iterdir()) == ["file.txt"]


def test_new_scaffolds_a_valid_project(run, tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    result = run("new", str(target))
    assert result.exit_code == 0, result.output
    assert (target / "docs/index.md").is_file()
    assert run("validate", "-p", str(target)).exit_code == 0
    assert run("generate", "--check", "-p", str(target)).exit_code == 0


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "--help"], capture_output=True,
                            text=True, cwd=REPO, check=False)
    assert result.returncode == 0
    for command in ("validate", "generate", "build", "serve", "handout", "new"):
        assert command in result.stdout


def test_every_command_has_help(run) -> None:
    for command in ("validate", "generate", "build", "serve", "handout", "new"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert len(result.stdout.split("\n\n")[1].strip()) > 20, command
