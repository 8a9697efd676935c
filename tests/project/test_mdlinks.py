"""Links and images are judged on what Python-Markdown makes of a field, however written."""

import pytest

from generator.handout.content import markdown_blocks, markdown_html
from generator.project import link_problem
from generator.project.mdlinks import IMAGE, link_problems

REFUSED = {
    "> [r]: javascript:alert(1)\n\nSee [it][r].": "'javascript:alert(1)' is not an allowed link",
    "- item\n\n    [r]: javascript:x": "'javascript:x' is not an allowed link",
    "!!! note\n    [r]: vbscript:x": "'vbscript:x' is not an allowed link",
    "1. [r]: data:text/html,x": "'data:text/html,x' is not an allowed link",
    "[a](JaVaScRiPt:x)": "'JaVaScRiPt:x' is not an allowed link",
    "[a]( javascript:x )": "'javascript:x' is not an allowed link",
    "[a](<javascript:x>)": "'<javascript:x>' is not an allowed link",
    "[a](&#106;avascript:x)": "'&#106;avascript:x' is not an allowed link",
    "[a][b]\n\n[b]: #top": "the link '#top' points inside a page",
    "[a](page.md)": "'page.md' is not an allowed link",
    "Unused: [b]: file:///etc/passwd": None,  # not a definition: text
    "![x]": IMAGE,
    "A photo ![x][y]": IMAGE,
    "![x](https://example.org/a.png)": IMAGE,
}


@pytest.mark.parametrize("value", sorted(REFUSED))
def test_links_markdown_makes_are_judged(value: str) -> None:
    found = link_problems(value, link_problem)
    expected = REFUSED[value]
    if expected is None:
        assert found == []
    else:
        assert found and found[0].startswith(expected), found


@pytest.mark.parametrize("value", ["[a](https://example.org/a)", "mail [me](mailto:a@b.org)",
                                   "<javascript:x> stays text", "*bold* and `[x](javascript:y)`"])
def test_allowed_links_and_text_pass(value: str) -> None:
    assert link_problems(value, link_problem) == []


def test_the_handout_strips_what_validation_would_refuse() -> None:
    value = ("See [one][r] and [two](javascript:alert(2)), ![pic](https://example.org/p.png)"
             " and [fine](https://example.org/).\n\n> [r]: javascript:alert(1)")
    html = str(markdown_html(value))
    assert "javascript" not in html and "<img" not in html
    assert 'href="https://example.org/"' in html
    assert "one" in html and "two" in html and "pic" in html  # the words stay
    hrefs = [run.href for block in markdown_blocks(value) for run in block.runs if run.href]
    assert hrefs == ["https://example.org/"]


def _fresh_problems(value: str) -> list[str]:
    """What a Markdown converter made for this one field finds (the check reuses one)."""
    import markdown

    from generator.project.mdlinks import CHECK_EXTENSIONS, MARKDOWN_ESCAPES, SafeLinks

    check = SafeLinks(link_problem)
    markdown.markdown(value.translate(MARKDOWN_ESCAPES), extensions=[*CHECK_EXTENSIONS, check])
    found = ([IMAGE] if "![" in value else []) + check.found
    return list(dict.fromkeys(found))


def test_a_reused_converter_forgets_each_field_before_the_next() -> None:
    """A reference defined in one field must not make a link in the next, nor a refused
    link in one field be reported for the next; in any order, and asked twice."""
    from generator.project.mdlinks import _link_problems

    fields = [*sorted(REFUSED), "[r]: https://example.org/ok\n\n[a][r]", "[a][r]",
              "- list\n\n    [q]: javascript:x", "[b][q]", "!!! note\n    text", "| a |\n|---|\n| b |",
              "term\n:   definition [d](javascript:z)", "<div markdown>[x](javascript:w)</div>"]
    for order in (fields, list(reversed(fields))):
        _link_problems.cache_clear()  # each field converted, one after the other
        for value in order:
            assert link_problems(value, link_problem) == _fresh_problems(value), value
    assert link_problems("[a][r]", link_problem) == []  # kept, and still right
