"""The search index learns the other spellings of its words (without accents, numbers with or
without separators) in fields that are indexed but never shown."""

import json
import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.site import searchindex
from generator.site.searchindex import fold, improve_index, improve_search_index, other_spellings


def test_words_lose_their_accents_and_curly_apostrophes() -> None:
    assert fold("López") == "Lopez"
    assert fold("Bárcena") == "Barcena"
    assert fold("Łódź Øresund Straße Æsir") == "Lodz Oresund Strasse AEsir"
    assert fold("river\u2019s") == "river's"
    assert fold("plain") == "plain"


def test_other_spellings_are_the_words_readers_may_type_instead() -> None:
    text = ("Andrés Manuel López Obrador said 181,059, not 181,509; López again. 12000 people,"
            " 3.14159, the year 2023, 7,5 and Sherwood-Randall.")
    assert other_spellings(text) == ["Andres", "Lopez", "181059", "181509", "12,000"]
    assert other_spellings("Nothing to add here, 2023.") == []
    assert other_spellings("1\u202f000\u202f000 and 10.000") == ["1000000", "10000"]


_TEXT = st.text(st.sampled_from(list("aeinoszAEZ019 ,.'-\u2019\u2018éñÜßæŁøı\u0301\u00a0\u202fﬁ²")),
                max_size=60)


def _every_word_folded(text: str) -> list[str]:
    """What `other_spellings` gives when every word of the text is folded."""
    found = [fold(m.group()) for m in searchindex._WORD.finditer(text) if fold(m.group()) != m.group()]
    found += [re.sub(r"\D", "", m.group()) for m in searchindex._GROUPED.finditer(text)]
    found += [f"{int(m.group()):,}" for m in searchindex._PLAIN_NUMBER.finditer(text)]
    return list(dict.fromkeys(found))


@settings(max_examples=300, deadline=None)
@given(_TEXT)
@example("plain ASCII words only, 12000 and 181,059")
@example("Jose\u0301 Lo\u0301pez, \ufb01nal x\u00b2 river\u2019s")
def test_words_in_ascii_need_no_folding(text: str) -> None:
    """Words in ASCII are not folded, for speed: the result is the same as folding every word."""
    assert other_spellings(text) == _every_word_folded(text)


def test_the_index_gets_hidden_fields_with_the_weight_of_title_and_text() -> None:
    index = {
        "config": {"lang": ["en"], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0},
                                              "tags": {"boost": 1e6}}},
        "docs": [
            {"location": "people/x/", "title": "Alicia B&aacute;rcena",
             "text": "<p>Counted 181,059 &amp; more</p>"},
            {"location": "people/x/#notes", "title": "Notes", "text": "<p>Nothing special</p>",
             "title_plain": "stale"},
        ],
    }
    improve_index(index)
    assert index["config"]["fields"]["title_plain"] == {"boost": 1000.0}
    assert index["config"]["fields"]["text_plain"] == {"boost": 1.0}
    first, second = index["docs"]
    assert first["title_plain"] == "Barcena"
    assert first["text_plain"] == "181059"
    assert first["title"] == "Alicia B&aacute;rcena"  # what readers see is unchanged
    assert "title_plain" not in second and "text_plain" not in second


def test_the_site_index_and_its_offline_script_are_rewritten(tmp_path: Path) -> None:
    assert improve_search_index(tmp_path) is False
    search = tmp_path / "search"
    search.mkdir()
    index = {"config": {"lang": ["en"], "fields": {}},
             "docs": [{"location": "", "title": "Jos\u00e9", "text": ""}]}
    (search / "search_index.json").write_text(json.dumps(index))
    (search / "search_index.js").write_text("var __index = {}")
    assert improve_search_index(tmp_path) is True
    rewritten = json.loads((search / "search_index.json").read_text())
    assert rewritten["docs"][0]["title_plain"] == "Jose"
    assert rewritten["config"]["fields"]["title_plain"] == {"boost": 1000.0}
    script = (search / "search_index.js").read_text()
    assert script == "var __index = " + (search / "search_index.json").read_text()


def test_the_preview_works_out_the_spellings_of_a_title_or_text_once(monkeypatch) -> None:
    from generator.site import searchindex

    seen: list[str] = []

    def counted(text: str) -> list[str]:
        seen.append(text)
        return other_spellings(text)

    monkeypatch.setattr(searchindex, "other_spellings", counted)
    spellings = searchindex.Spellings()
    docs = [{"location": "a/", "title": "José", "text": "<p>12,000 in Querétaro</p>"},
            {"location": "b/", "title": "Plain", "text": "Nothing else"}]
    first = spellings.entries(docs)
    assert first[0] == {**docs[0], "title_plain": "Jose", "text_plain": "Queretaro 12000"}
    assert first[1] == docs[1]
    assert "title_plain" not in docs[0], "the entries given are left as they are"
    assert len(seen) == 4
    edited = [docs[0], {**docs[1], "text": "Now in Córdoba"}]
    again = spellings.entries(edited)
    assert seen[4:] == ["Now in Córdoba"], "only the new text is worked out"
    assert again[0] == first[0]
    assert again[1]["text_plain"] == "Cordoba"
    # what the last index did not hold any more is forgotten
    assert set(spellings.known) == {"José", "<p>12,000 in Querétaro</p>", "Plain", "Now in Córdoba"}
