"""Claims with an identity: who said it apart from whether it is true, one verdict per claim,
the article's own claims apart from the rest, and sources a reader can open."""

from pathlib import Path

from generator.pipeline import load_project
from generator.project import attribution

from ..conftest import FIXTURE, problems_of, write


def _attribution(root: Path, position_id: str) -> list[str]:
    project = load_project(root)
    position = project.positions[position_id]
    return [attribution(project.sources, project.article.id, position, q).text for q in position.quotes]


def test_attribution_is_derived_from_where_the_words_were_found() -> None:
    # only in the article under review (rated low): unconfirmed
    assert _attribution(FIXTURE, "varga-treaty-outdated") == ["attribution unconfirmed"]
    # also in a video (a record kind) through an appearance of the same words
    assert _attribution(FIXTURE, "brenner-no-overuse") == ["in the record"]


def test_a_news_report_gives_as_reported_by_its_publisher(riverside: Path) -> None:
    text = (riverside / "data/sources.yaml").read_text(encoding="utf-8")
    write(riverside, "data/sources.yaml", text + (
        '- id: wire\n  title: "Wire story"\n  publisher: "Wire Agency"\n  kind: news-article\n'
        '  url: "https://example.org/wire"\n  reliability: high\n'))
    positions = (riverside / "data/positions.yaml").read_text(encoding="utf-8")
    write(riverside, "data/positions.yaml", positions.replace(
        '    - source: talk-show\n      as_stated: "Brenner: Sudavia',
        '    - source: wire\n      as_stated: "Brenner: Sudavia'))
    assert _attribution(riverside, "brenner-no-overuse") == ["as reported by Wire Agency"]
    # a mixed or low source confirms nothing, even of a record kind
    write(riverside, "data/sources.yaml", text.replace(
        '  kind: video\n', '  kind: video\n  reliability: low\n  caveat: "Unsourced clips."\n'))
    write(riverside, "data/positions.yaml", positions)
    assert _attribution(riverside, "brenner-no-overuse") == ["attribution unconfirmed"]


def test_a_restatement_shares_the_verdict_and_is_not_counted_again() -> None:
    project = load_project(FIXTURE)
    ids = [(c.kind, c.id) for c in project.claims]
    assert ("position", "brenner-dams") not in ids
    assert len(ids) == len(set(ids)) == 5
    shared = project.verdict("position", "brenner-dams")
    assert shared is not None and (shared.kind, shared.id) == ("figure", "flow-cut")
    assert project.verdict("figure", "flow-cut") is shared


def test_two_checks_of_the_same_words_are_refused(riverside: Path) -> None:
    positions = (riverside / "data/positions.yaml").read_text(encoding="utf-8")
    write(riverside, "data/positions.yaml", positions.replace(
        "    same_as: flow-cut\n",
        '    status: accurate\n    summary: "Dams did it."\n    sources: [gauges]\n'))
    (problem,) = problems_of(riverside)
    assert problem.startswith("data/positions.yaml:")
    assert "positions[3].quotes[0].text: these words are already checked by 'flow-cut'" in problem
    assert "'check: {same_as: flow-cut}'" in problem


def test_the_articles_claims_are_those_whose_words_are_in_its_copy() -> None:
    project = load_project(FIXTURE)
    made = {c.id for c in project.claims if project.in_article(c)}
    # figures and quotes from the article, and the event whose appearance quotes it
    assert made == {"flow-cut", "farms", "varga-treaty-outdated", "brenner-no-overuse", "talks-open"}


def test_an_event_without_words_from_the_article_is_a_further_claim(riverside: Path) -> None:
    events = (riverside / "data/events.yaml").read_text(encoding="utf-8")
    write(riverside, "data/events.yaml", events.replace(
        '  appearances:\n    - source: courier\n      as_stated: "met in Port Vessel on June 3"\n', ""))
    project = load_project(riverside)
    assert not project.in_article(next(c for c in project.claims if c.id == "talks-open"))


def test_sources_a_reader_cannot_open_are_warned_about(riverside: Path) -> None:
    project = load_project(riverside)
    assert project.warnings == []  # every primary, high or checked source has a link
    text = (riverside / "data/sources.yaml").read_text(encoding="utf-8")
    write(riverside, "data/sources.yaml", text.replace(
        '  url: "https://example.org/treaty?lang=en&v=2"\n', "").replace(
        '  url: "https://example.org/census"\n', ""))
    warnings = [w.format() for w in load_project(riverside).warnings]
    assert warnings == [
        "data/sources.yaml:17:7: sources[1]: warning: 'treaty' is a 'primary' source but has neither"
        " 'url' nor 'archive_url'; add a link so that readers can open it",
        "data/sources.yaml:31:7: sources[3]: warning: 'farm-census' is a source that a check rests on"
        " but has neither 'url' nor 'archive_url'; add a link so that readers can open it",
    ]


def test_one_sentence_may_state_two_numbers_but_not_the_same_number_twice(riverside: Path) -> None:
    figures = (riverside / "data/figures.yaml").read_text(encoding="utf-8")
    second = (
        '- id: flow-cut-again\n  label: "The same fall, counted again"\n  value: VALUE\n'
        '  unit: "percent"\n  as_stated: "upstream dams had cut the river’s flow by 40 percent"\n'
        '  source: courier\n  check:\n    status: unverified\n    summary: "Not checked."\n')
    write(riverside, "data/figures.yaml", figures + second.replace("VALUE", "18"))
    project = load_project(riverside)  # another number in the same words: another claim
    assert {"flow-cut", "flow-cut-again"} <= {c.id for c in project.claims}
    write(riverside, "data/figures.yaml", figures + second.replace("VALUE", "40"))
    (problem,) = problems_of(riverside)
    assert "these words are already checked by 'flow-cut'" in problem
