from pathlib import Path

from generator.pipeline import load_project

from ..conftest import problems_of, write


def test_example_is_valid(example: Path) -> None:
    project = load_project(example)
    assert [s.id for s in project.data.sources] == ["gazette", "council-minutes", "traffic-count"]
    assert {c.kind for c in project.claims} == {"figure", "position", "event"}


def test_unknown_key_suggests_the_closest(example: Path) -> None:
    write(example, "data/glossary.yaml", "- term: A\n  defintion: B\n")
    assert problems_of(example) == [
        "data/glossary.yaml:1:3: glossary[0].definition: the required key 'definition' is"
        " missing; add it",
        "data/glossary.yaml:2:3: glossary[0].defintion: unknown key 'defintion'; did you mean"
        " 'definition'? Allowed keys here: definition, sources, term.",
    ]


def test_enumerations_list_the_allowed_values(example: Path) -> None:
    text = (example / "data/figures.yaml").read_text().replace("status: accurate", "status: acurate")
    write(example, "data/figures.yaml", text)
    (problem,) = problems_of(example)
    assert problem.startswith("data/figures.yaml:9:13: figures[0].check.status: the text 'acurate'"
                              " is not allowed here; use one of: accurate, needs-context,")
    assert problem.endswith("(did you mean 'accurate'?)")


def test_every_problem_in_every_file_is_reported_at_once(example: Path) -> None:
    write(example, "data/events.yaml", "- id: Bad_Id\n  date: 2023-13-01\n  title: 5\n")
    write(example, "data/officials.yaml", "- id: x\n  name: X\n  role: R\n  country: XX\n")
    found = problems_of(example)
    assert found == [
        "data/events.yaml:1:7: events[0].id: 'Bad_Id' is not a valid id: use lowercase letters,"
        " digits and single hyphens; did you mean 'bad-id'?",
        "data/events.yaml:2:9: events[0].date: '2023-13-01' has no month 13; write a date as"
        " YYYY-MM-DD, YYYY-MM or YYYY, such as 2023-10-05",
        "data/events.yaml:3:10: events[0].title: expected text, found the number 5; put it in quotes",
        "data/officials.yaml:4:12: officials[0].country: 'XX' is not an ISO 3166-1 alpha-2 country"
        " code; use two capital letters such as US or MX",
    ]


def test_check_needs_sources_unless_unverified_or_opinion(example: Path) -> None:
    text = (example / "data/figures.yaml").read_text().replace(
        "    sources: [council-minutes]\n", "")
    write(example, "data/figures.yaml", text)
    assert problems_of(example) == [
        "data/figures.yaml:9:5: figures[0].check: a check with status 'accurate' needs 'sources':"
        " list the ids of the sources it rests on"
    ]


def test_summary_length_and_caveat_rules(example: Path) -> None:
    text = (example / "data/sources.yaml").read_text().replace("  caveat: >-\n    A small weekly"
                                                                " paper: it reports council"
                                                                " meetings closely but rarely"
                                                                " links its sources.\n", "")
    write(example, "data/sources.yaml", text)
    (problem,) = problems_of(example)
    assert problem == ("data/sources.yaml:2:3: sources[0]: a source with reliability 'mixed' needs"
                       " a 'caveat': say why and how to read it with care")


def test_links_must_be_web_or_mail(example: Path) -> None:
    write(example, "data/context.yaml",
          "- id: c\n  title: T\n  body: 'see [this](javascript:alert(1))'\n")
    (problem,) = problems_of(example)
    assert "a link must start with http://, https:// or mailto:" in problem
    assert problem.startswith("data/context.yaml:3:9: context[0].body:")


def test_wrong_top_level_shape_and_empty_file(example: Path) -> None:
    write(example, "data/glossary.yaml", "term: A\n")
    write(example, "data/events.yaml", "")
    assert problems_of(example) == [
        "data/events.yaml:1:1: events: the file is empty; it must hold a list of entries"
        " (write [] for none)",
        "data/glossary.yaml:1:1: glossary: the file must hold a list of entries, each starting"
        " with '- '; found a mapping of keys",
    ]


def test_unknown_and_missing_data_files(example: Path) -> None:
    write(example, "data/figure.yaml", "[]\n")
    (example / "data/sources.yaml").unlink()
    found = problems_of(example)
    assert found[0].startswith("data/figure.yaml:1:1: (file): unknown data file; did you mean"
                               " figures.yaml?")
    assert found[1] == ("data/sources.yaml:1:1: (file): this required file is missing; create it"
                        " (see `explainer new`)")


def test_numbers_written_as_text_get_a_fix(example: Path) -> None:
    text = (example / "data/figures.yaml").read_text().replace("value: 12000", "value: '12,000'")
    write(example, "data/figures.yaml", text)
    (problem,) = problems_of(example)
    assert problem.endswith("figures[1].value: write the number without quotes or separators,"
                            " such as 12000")


def test_a_folder_where_a_data_file_belongs(example: Path) -> None:
    (example / "data/sources.yaml").unlink()
    (example / "data/sources.yaml").mkdir()
    assert problems_of(example) == [
        "data/sources.yaml:1:1: (file): this is a folder, not a file; put a plain UTF-8 file here"
    ]


def test_an_invalid_id_suggests_the_id_it_probably_meant() -> None:
    from generator.project.fields import suggest_id

    assert suggest_id("Tom Reese") == "tom-reese"
    assert suggest_id("  José  María_López ") == "jose-maria-lopez"
    assert suggest_id("Vote--2023") == "vote-2023"
    assert suggest_id("***") is None
