"""The hard cases of drafting, one by one: what `make_draft` makes of short passages."""

from __future__ import annotations

from typing import Any

from generator.extract import DRAFT_CHECK, ArticleInfo, make_draft


def draft(text: str, date: str | None = "2024-03-14") -> dict[str, Any]:
    return make_draft(text, ArticleInfo("seeds/a.txt", date=date)).data


def quotes_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    names = {o["id"]: o["name"] for o in data["officials"]}
    return [(q["text"], names[p["actor"]]) for p in data["positions"] for q in p["quotes"]]


def figures_of(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(f["value"], f["unit"], f.get("qualifier"), f.get("period")) for f in data["figures"]]


def test_a_quote_split_by_he_said_is_two_quotes_of_one_speaker_in_one_position() -> None:
    data = draft('Trade Minister Paul Okoro spoke first.\n\n"We will sign," he said, "but not this'
                 ' week."\n')
    assert quotes_of(data) == [("We will sign", "Paul Okoro"), ("but not this week", "Paul Okoro")]
    assert len(data["positions"]) == 1


def test_a_quote_over_two_paragraphs_keeps_its_speaker_for_both_parts() -> None:
    text = ('Mayor Ines Duarte spoke at the hall.\n\n“The river came in the night. We lost the'
            ' school.\n\n“We will build it again,” Duarte said.\n')
    assert quotes_of(draft(text)) == [("The river came in the night. We lost the school", "Ines Duarte"),
                                      ("We will build it again", "Ines Duarte")]


def test_nested_single_quotes_stay_inside_the_quote() -> None:
    text = 'Nurse Ada Lin said: "He told me, \'Go home,\' and I stayed." She left at noon.\n'
    assert quotes_of(draft(text)) == [("He told me, 'Go home,' and I stayed", "Ada Lin")]


def test_reporting_phrases_before_and_after_and_in_spanish() -> None:
    text = ('Canadian Foreign Minister Mélanie Arbour told reporters the deal was "a good start."\n'
            '“Not yet,” said Sen. Harold Brink.\n'
            'Analyst Rita Gómez called it "a gamble."\n'
            '"Es un paso adelante", dijo el canciller Raúl Ibáñez.\n'
            'El gobernador de Oaxaca, Ernesto Villalba, afirmó que "faltan dosis".\n'
            '"It will pass," the ministry said.\n')
    assert quotes_of(draft(text)) == [
        ("a good start", "Mélanie Arbour"), ("Not yet", "Harold Brink"), ("a gamble", "Rita Gómez"),
        ("Es un paso adelante", "Raúl Ibáñez"), ("faltan dosis", "Ernesto Villalba"),
        ("It will pass", "ministry")]
    arbour = next(o for o in draft(text)["officials"] if o["name"] == "Mélanie Arbour")
    assert arbour["role"] == "Canadian Foreign Minister"
    assert arbour["country"] == "CA"
    assert "guess" in arbour["note"] and "canadian" in arbour["note"]


def test_an_unattributed_quote_gets_a_speaker_marked_as_not_identified() -> None:
    data = draft('The sign read "closed for good" on Monday.\n')
    assert quotes_of(data) == [("closed for good", "Speaker not identified")]


def test_numbers_in_digits_words_money_and_percent_with_qualifiers_and_periods() -> None:
    text = ("Imports reached $475.6 billion in 2023, up 37 percent from 2022. Nearly 50 boats and"
            " at least a hundred trucks crossed. Police made 181,509 arrests throughout August."
            " The drug is 50 times more potent than heroin. Three ministers came.\n")
    assert figures_of(draft(text)) == [
        (475600000000, "dollars", None, "in 2023"), (37, "percent", None, "from 2022"),
        (50, "boats", "less-than", None), (100, "trucks", "at-least", None),
        (181509, "arrests", None, "throughout August"),
        (50, "times more potent than heroin", None, None), (3, "ministers", None, None)]


def test_page_furniture_is_not_a_figure() -> None:
    text = ("By Ana Soto, Staff Writer\nOct. 21, 2024 at 7:30 p.m.\n\nThe talks on Oct. 5 drew"
            " voters aged 18 to 49 and those 65 and older, said Tom Ruiz, 71, in a 24-hour vigil"
            " since 1999 over COVID-19. One of them left.\n\nRelated stories:\nFire kills 3 in"
            " Ohio\n")
    assert draft(text)["figures"] == []


def test_each_figure_is_a_draft_with_a_check_that_says_so_and_words_from_the_article() -> None:
    text = "According to figures released by the Census Bureau, exports rose by 12 percent.\n"
    [figure] = draft(text)["figures"]
    assert figure["draft"] is True
    assert figure["check"] == {"status": "unverified", "summary": DRAFT_CHECK}
    assert figure["as_stated"] in text
    assert figure["credited_to"] == "census-bureau"
    sources = {s["id"]: s for s in draft(text)["sources"]}
    assert sources["census-bureau"]["kind"] == "government" and sources["census-bureau"]["draft"]


def test_dates_resolve_against_the_articles_date() -> None:
    text = ("Leaders met on Tuesday in Lima. They had met on Dec. 30 and again in January. A vote"
            " is due on Feb. 9.\n")
    dates = [e["date"] for e in draft(text, "2024-01-04")["events"]]  # a Thursday
    assert dates == ["2024-01-02", "2023-12-30", "2024-01", "2024-02-09"]
    assert [e["date"] for e in draft(text, None)["events"]] == []  # no date to read them against


def test_the_sources_an_article_lists_are_drafted() -> None:
    text = "Exports rose.\n\nMore text.\n\nAnd more.\n\nSources include:\nExample.gov\nDaily Planet\n"
    titles = [(s["title"], s["kind"]) for s in draft(text)["sources"][1:]]
    assert titles == [("Example.gov", "government"), ("Daily Planet", "news-article")]


def test_news_agencies_named_in_the_dateline_or_as_listeners_are_credited() -> None:
    text = ("GENEVA (AP) — Talks resumed.\n\nThe envoy Ana Ruiz told Reuters the talks would go on."
            " Data from the World Health Organization show 12 cases.\n")
    sources = draft(text)["sources"]
    assert [(s["title"], s["draft"]) for s in sources[1:]] == [
        ("AP", True), ("Reuters", True), ("World Health Organization", True)]
    assert draft(text)["figures"][0]["credited_to"] == "world-health-organization"
