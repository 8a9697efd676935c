from generator.project.loader import MAX_FILE_BYTES, Position, load_yaml


def load(text: str | bytes):
    raw = text.encode() if isinstance(text, str) else text
    return load_yaml(raw, "data/figures.yaml")


def test_values_keep_their_line_and_column() -> None:
    loaded, problems = load("- id: a\n  label: x\n  check:\n    status: accurate\n")
    assert problems == []
    assert loaded.data == [{"id": "a", "label": "x", "check": {"status": "accurate"}}]
    assert loaded.position((0, "label")) == Position(2, 10)
    assert loaded.position((0, "check", "status"), key=True) == Position(4, 5)
    assert loaded.position((0, "check", "status")) == Position(4, 13)
    assert loaded.position((0, "check", "missing")) == Position(4, 5)


def test_dates_stay_text_and_numbers_stay_numbers() -> None:
    loaded, _ = load("- date: 2023-10-05\n  value: 181059\n  share: 15.7\n  flag: yes\n")
    assert loaded.data == [{"date": "2023-10-05", "value": 181059, "share": 15.7, "flag": True}]


def test_duplicate_keys_are_reported_not_overwritten() -> None:
    _, problems = load("- id: a\n  label: one\n  label: two\n")
    assert [p.format() for p in problems] == [
        "data/figures.yaml:3:3: figures[0].label: duplicate key 'label' (first at line 2);"
        " keep only one"
    ]


def test_tags_are_refused() -> None:
    _, problems = load("- id: !!python/object:os.system a\n  x: !custom 1\n")
    messages = [p.message for p in problems]
    assert messages == [
        "the YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed; remove it",
        "the YAML tag '!custom' is not allowed; remove it",
    ]


def test_tab_indentation_is_named() -> None:
    _, problems = load("- id: a\n\tlabel: x\n")
    assert [(p.line, p.column) for p in problems] == [(2, 1)]
    assert "tab" in problems[0].message


def test_syntax_error_has_position() -> None:
    _, problems = load("- id: a\n  label: 'unclosed\n")
    assert len(problems) == 1
    assert problems[0].message.startswith("YAML syntax error")
    assert problems[0].line == 3


def test_non_utf8_bytes_are_located() -> None:
    _, problems = load(b"- id: a\n  label: caf\xe9\n")
    assert [(p.line, p.column) for p in problems] == [(2, 13)]
    assert "UTF-8" in problems[0].message


def test_alias_expansion_is_bounded() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for n in "bcdefgh":
        prev = chr(ord(n) - 1)
        bomb += f"{n}: &{n} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
    _, problems = load(bomb)
    assert len(problems) == 1
    assert "aliases" in problems[0].message


def test_oversized_file_is_refused() -> None:
    _, problems = load(b"#" * (MAX_FILE_BYTES + 1))
    assert "more than" in problems[0].message


def test_merge_keys_are_refused() -> None:
    _, problems = load("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert "merge keys" in problems[0].message


def test_empty_file_has_no_data() -> None:
    loaded, problems = load("# only a comment\n")
    assert loaded.data is None and problems == []


def test_control_characters_are_located() -> None:
    _, problems = load("- id: a\n  label: b\x00c\n")
    assert [p.format() for p in problems] == [
        "data/figures.yaml:2:11: (file): the control character U+0000 is not allowed in YAML;"
        " delete it"
    ]
