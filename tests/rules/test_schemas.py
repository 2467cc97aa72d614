"""The committed JSON Schemas are what the models generate; regenerate with
`neutrality rules schema --out neutrality/schemas/rules.schema.json` and
`neutrality registry schema --out neutrality/schemas/registry.schema.json`."""

from __future__ import annotations

import json

import pytest

from neutrality.schemas import committed_path, json_schema, schema_text


@pytest.mark.parametrize("name", ["rules", "registry"])
def test_committed_schema_is_up_to_date(name: str) -> None:
    committed = committed_path(name).read_text(encoding="utf-8")  # type: ignore[arg-type]
    assert committed == schema_text(name), (  # type: ignore[arg-type]
        f"neutrality/schemas/{name}.schema.json is stale: run "
        f"`neutrality {name} schema --out neutrality/schemas/{name}.schema.json`"
    )


def test_rule_schema_forbids_unknown_keys_and_names_the_check_list() -> None:
    schema = json_schema("rules")
    assert schema["additionalProperties"] is False
    rule = schema["$defs"]["Rule"]
    assert rule["additionalProperties"] is False
    assert rule["properties"]["when"]["anyOf"][0]["type"] == "array"
    assert (
        json.loads(committed_path("rules").read_text(encoding="utf-8"))["$id"]
        == "rules.schema.json"
    )
