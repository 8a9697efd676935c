from html.parser import HTMLParser

import markdown as python_markdown
import pytest

from generator.pages.render import human_date, markdown, markdown_indent, number, text, url

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]


def to_html(source: str) -> str:
    return python_markdown.markdown(source, extensions=EXTENSIONS)


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert(1)</script>",
        "*not emphasis* and _not_ either",
        "[not a link](https://example.org)",
        "{{ 7*7 }} {% if x %}",
        "a | b | c",
        "# not a heading",
        "1. not a list",
        "- not a list",
        "`not code`",
        "&amp; stays &amp;",
        "back\\slash",
        "{: onclick=alert(1) }",
        ":smile:",
    ],
)
def test_plain_text_shows_literally(value: str) -> None:
    html = to_html(f"Before {text(value)} after\n\n{text(value)}\n\n| a |\n| - |\n| {text(value)} |")
    tags = Tags()
    tags.feed(html)
    assert tags.found == {"p", "table", "thead", "tbody", "tr", "th", "td"}
    assert tags.attributes == []
    assert html.count("<td>") == 1
    assert tags.text.count(value.strip()) == 3


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.add(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text += data


def test_plain_text_is_one_line() -> None:
    assert text("two\nlines  and\tspaces ") == "two lines and spaces"


def test_markdown_fields_keep_markdown_but_not_html() -> None:
    html = to_html(markdown("**bold** [link](https://example.org) <b>raw</b> &amp; {: #x }"))
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org">link</a>' in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html
    assert "&amp;amp;" in html
    assert 'id="x"' not in html


def test_markdown_indent_keeps_paragraphs_inside_an_admonition() -> None:
    body = str(markdown_indent("one\n\ntwo"))
    source = f'!!! note "N"\n\n    {body}\n\nafter\n'
    html = to_html(source)
    assert html.index("two") < html.index("</div>") < html.index("after")


def test_numbers_dates_and_urls() -> None:
    assert number(181059) == "181,059"
    assert number(15.7) == "15.7"
    assert number(70601.0) == "70,601"
    assert human_date("2023-10-05") == "October 5, 2023"
    assert human_date("2023-03") == "March 2023"
    assert human_date("2021") == "2021"
    assert url("https://example.org/a (b)") == "https://example.org/a%20%28b%29"


def test_invisible_characters_that_are_text_stay_and_controls_go() -> None:
    kept = "Dev \U0001f469\u200d\U0001f4bb co\u00adoperation"  # a joined emoji, a soft hyphen
    assert text(kept) == kept
    assert text("bell\x07 and \u202eflipped") == "bell\ufffd and \ufffdflipped"
    assert markdown("line\nnext\tcell\x01") == "line\nnext\tcell\ufffd"


def test_ordinals_counts_and_amounts_read_as_words() -> None:
    from types import SimpleNamespace

    from generator.pages.render import amount, count, ordinal

    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 1002)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th",
        "1,002nd"]
    assert ordinal(2.5) == "2.5"
    assert count(1, "figure") == "1 figure" and count(2, "figure") == "2 figures"
    assert count(0, "event") == "0 events"
    assert count(1, "official or institution", "officials and institutions") == "1 official or institution"
    rank = SimpleNamespace(value=1, unit="among U.S. trading partners", qualifier=None, form="ordinal")
    assert amount(rank) == "1st among U.S. trading partners"
    more = SimpleNamespace(value=220000, unit="encounters", qualifier="more-than", form=None)
    assert amount(more) == "more than 220,000 encounters"
