import json
from pathlib import Path

import jsonschema
import yaml

from generator.project.loader import load_yaml
from generator.project.schema import json_schemas, modeline

from ..conftest import REPO


def test_the_committed_schema_files_match_the_models() -> None:
    committed = {p.name: p.read_text(encoding="utf-8") for p in sorted((REPO / "schema").glob("*.json"))}
    assert committed == json_schemas(), "run `explainer schema` and commit schema/"


def test_valid_data_passes_the_schema_and_a_mistake_fails_it() -> None:
    schemas = {name: json.loads(text) for name, text in json_schemas().items()}
    for path in sorted((REPO / "data").glob("*.yaml")):
        # Editors read an unquoted date as text, as explainer does.
        loaded, problems = load_yaml(path.read_bytes(), path.name)
        assert problems == []
        jsonschema.validate(loaded.data, schemas[f"{path.stem}.schema.json"])
    figure = yaml.safe_load((REPO / "data/figures.yaml").read_text(encoding="utf-8"))[0]
    figure["check"]["stauts"] = figure["check"].pop("status")
    errors = list(jsonschema.Draft202012Validator(schemas["figures.schema.json"]).iter_errors([figure]))
    # a check is either a verdict or `same_as`: the editor explains why each alternative fails
    messages = " ".join(m.message for e in errors for m in (e, *e.context))
    assert "'stauts' was unexpected" in messages and "'status' is a required property" in messages


def test_new_projects_point_editors_at_their_schema(run, tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    assert run("new", str(target)).exit_code == 0
    for path in sorted((target / "data").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == modeline(path.stem)
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file()
    result = run("schema", "-p", str(target))
    assert result.stdout.startswith("0 schema files written")
