import random
from pathlib import Path

from generator.pipeline import load_project
from generator.project.textmatch import closest_passage, contains, normalize, occurs

from ..conftest import problems_of, write


def test_normalize_ignores_space_quotes_and_dashes_only() -> None:
    assert normalize("It can\u2019t\u2014it\u2019s  a\n\u201ctwo-way\u201d") == "It can't-it's a \"two-way\""
    assert contains("the  relationship\nis \u201carguably\u201d", 'relationship is "arguably"')
    assert not contains("the relationship", "the relationships")
    assert not contains("Blinken said", "blinken said")


def test_closest_passage_points_at_the_near_miss() -> None:
    seed = "Border Patrol has made 181,509 arrests at the Mexican border throughout August."
    assert closest_passage(seed, "made 181,059 arrests at") == "made 181,509 arrests at"


def test_closest_passage_finds_a_long_misquote_in_a_large_seed() -> None:
    rng = random.Random(7)
    vocabulary = "the council said bridge repairs cost more than planned and residents asked".split()
    words = [f"{rng.choice(vocabulary)}{rng.randint(0, 9)}" for _ in range(150_000)]  # ~1 MB
    seed = " ".join(words)
    for size in (30, 100):
        start = 100_000 + size
        passage = words[start:start + size]
        wrong = [*passage]
        wrong[0], wrong[size // 3], wrong[size // 2] = "zebra", "zebra", "zebra"
        assert closest_passage(seed, " ".join(wrong)) == " ".join(passage)


def test_closest_passage_of_a_very_long_quote_is_still_a_run_of_the_seed() -> None:
    seed = " ".join(f"word{n}" for n in range(200_000))
    quote = " ".join(f"word{n}" for n in range(50_000, 70_000)) + " not in it"
    found = closest_passage(seed, quote)
    assert found.startswith("word50000 word50001") and found in seed


def test_dangling_references_suggest_the_closest_id(example: Path) -> None:
    text = (example / "data/figures.yaml").read_text().replace(
        "sources: [council-minutes]", "sources: [council-minute]")
    write(example, "data/figures.yaml", text)
    assert problems_of(example) == [
        "data/figures.yaml:11:15: figures[0].check.sources[0]: there is no source with the id"
        " 'council-minute' in data/sources.yaml; did you mean 'council-minutes'?"
    ]


def test_duplicate_ids_name_the_first(example: Path) -> None:
    text = (example / "data/events.yaml").read_text().replace("id: closure-starts", "id: council-vote")
    write(example, "data/events.yaml", text)
    assert problems_of(example) == [
        "data/events.yaml:15:7: events[1].id: duplicate id 'council-vote' (first used at line 2);"
        " give each entry its own id"
    ]


def test_a_quote_not_in_its_seed_shows_the_closest_passage(example: Path) -> None:
    text = (example / "data/positions.yaml").read_text().replace(
        "cannot wait another winter", "can not wait another winter")
    write(example, "data/positions.yaml", text)
    (problem,) = problems_of(example)
    assert problem.startswith("data/positions.yaml:7:13: positions[0].quotes[0].text: this text is"
                              " not in seeds/millbrook-gazette.txt (source 'gazette');")
    assert 'the closest passage there is: ""cannot wait another winter" and"' in problem


def test_missing_seed_file_and_paths_outside_seeds(example: Path) -> None:
    (example / "seeds/millbrook-gazette.txt").unlink()
    assert problems_of(example) == [
        "data/sources.yaml:7:9: sources[0].file: the file 'seeds/millbrook-gazette.txt' does not"
        " exist; put a plain-text copy of the source there or fix the path"
    ]
    text = (example / "data/sources.yaml").read_text().replace(
        "seeds/millbrook-gazette.txt", "../etc/passwd")
    write(example, "data/sources.yaml", text)
    assert "must be a path inside seeds/" in problems_of(example)[0]


def test_non_utf8_seed_is_reported(example: Path) -> None:
    (example / "seeds/millbrook-gazette.txt").write_bytes(b"caf\xe9\n")
    (problem,) = problems_of(example)
    assert problem.startswith("seeds/millbrook-gazette.txt:1:4: (file): byte 0xe9 is not valid UTF-8")


def test_related_may_name_any_entry(example: Path) -> None:
    write(example, "data/context.yaml",
          "- id: c\n  title: T\n  body: B\n  related: [vote, gazette, dana-okafor, nope]\n")
    assert problems_of(example) == [
        "data/context.yaml:4:41: context[0].related[3]: no entry has the id 'nope'; fix the id or"
        " remove it"
    ]


def test_backreferences(riverside: Path) -> None:
    project = load_project(riverside)
    assert [c.id for c in project.checked_by["gauges"]] == ["flow-cut", "brenner-no-overuse"]
    assert ("figures", "figures:flow-cut") in project.cited_by["talk-show"]
    assert ("explainer", "article") in project.cited_by["courier"]


def test_a_glossary_term_defined_twice(example: Path) -> None:
    write(example, "data/glossary.yaml",
          "- term: Traffic count\n  definition: A\n- term: traffic COUNT\n  definition: B\n")
    assert problems_of(example) == [
        "data/glossary.yaml:3:9: glossary[1].term: the term 'traffic COUNT' is already defined at"
        " line 1; merge the two definitions"
    ]


def test_a_quote_not_in_its_seed_is_told_where_it_parts_from_it() -> None:
    from generator.project.textmatch import first_difference, normalize

    seed = normalize("Shop owners say trade fell 70 percent after the bridge closed.")
    assert first_difference(seed, "trade fell 70% after the bridge closed") == (
        'at character 14: "70%" where the source has "70 percent"')
    assert first_difference(seed, "Shop owners say trade rose") == (
        'at character 23: "rose" where the source has "fell"')
    assert first_difference(seed, "the bridge closed. And more") == (
        'at character 19: the source ends where the quote goes on: "And more"')
    assert first_difference(seed, "Nothing like it") is None  # not even the first word


def test_a_quote_is_looked_for_again_in_a_seed_edited_since_the_last_load(example: Path) -> None:
    """The texts found in a seed are remembered between loads (for the live preview) by the
    seed's own words: an edit of the seed is seen at once, and so is its undoing."""
    seed = example / "seeds/millbrook-gazette.txt"
    original = seed.read_text()
    load_project(example)
    write(example, "seeds/millbrook-gazette.txt",
          original.replace("cannot wait another winter", "can wait another winter"))
    problems = problems_of(example)
    assert any("positions[0].quotes[0].text: this text is not in seeds/millbrook-gazette.txt"
               in problem for problem in problems), problems
    write(example, "seeds/millbrook-gazette.txt", original)
    load_project(example)


def test_occurs_is_normalize_then_in() -> None:
    haystack = normalize("the bridge \u201ccannot wait\u201d another\nwinter")
    assert occurs("\u201ccannot  wait\u201d", haystack)
    assert occurs('wait" another winter', haystack)
    assert not occurs("cannot wait another", haystack)
    assert not occurs("\u201ccannot  wait\u201d", normalize("the bridge can wait"))
