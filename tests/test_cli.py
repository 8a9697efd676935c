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


def test_new_empty_gives_empty_data_files_that_validate_and_build(run, tmp_path: Path) -> None:
    import yaml

    target = tmp_path / "mine"
    result = run("new", "--empty", str(target))
    assert result.exit_code == 0, result.output
    for name in ("officials", "positions", "figures", "events", "context", "glossary"):
        assert yaml.safe_load((target / f"data/{name}.yaml").read_text()) == [], name
    assert not (target / "data/handout.yaml").exists() and not list((target / "seeds").iterdir())
    assert "Replace" in (target / "data/explainer.yaml").read_text()
    validated = run("validate", "-p", str(target))
    assert validated.exit_code == 0, validated.output
    assert validated.stdout == ("Valid: 1 source, 0 officials, 0 positions, 0 figures, 0 events,"
                                " 0 checked claims.\n")
    assert run("build", "-p", str(target)).exit_code == 0
    home = (target / "docs/index.md").read_text()
    for empty in ("people.md", "figures.md", "timeline.md", "glossary.md", "claims.md", "tags.md"):
        assert f"]({empty})" not in home, empty  # an empty section is not offered
    assert "](sources.md): 1 source and" in home and "0 claims" in home


def test_new_says_what_to_replace_and_ignores_what_is_built(run, tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    assert run("new", str(target)).exit_code == 0
    ignored = (target / ".gitignore").read_text().split()
    for built in ("/site/", "/site-offline.zip", "handout-*.pdf", "handout-*.docx",
                  "/.explainer-cache.json"):
        assert built in ignored
    config = (target / "mkdocs.yml").read_text()
    assert "# REPLACE: your explainer's title" in config and "site_url: !ENV [SITE_URL" in config
    about = (target / "docs/about.md").read_text()
    for part in ("seeds/", "data/explainer.yaml", "site_name", "site_url", "nav"):
        assert part in about, part


def test_the_next_hint_of_new_runs_as_printed(tmp_path: Path) -> None:
    """Run from a shell whose PATH does not hold explainer, the hint names the program itself."""
    import os
    import shlex

    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    made = subprocess.run([sys.executable, "-m", "generator", "new", "fresh"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    hint = made.stdout.strip().split("Next: ", 1)[1]
    assert hint.startswith("cd fresh && ") and "explainer" in hint
    program = shlex.split(hint.split(" && ", 1)[1])[0]
    assert Path(program).is_absolute()
    built = subprocess.run(hint, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True,
                           check=False)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "fresh/site/index.html").is_file()


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
