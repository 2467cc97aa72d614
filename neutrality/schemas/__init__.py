"""JSON Schemas of the YAML files users write, generated from the pydantic models.

The committed copies (`rules.schema.json`, `registry.schema.json`) let an editor with the YAML
language server check a file while it is typed (see the `$schema` comment on the first line of
each shipped YAML file). `neutrality rules schema --out ...` and `neutrality registry schema --out
...` regenerate them; tests/rules/test_schemas.py fails when a committed copy is stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

SchemaName = Literal["rules", "registry"]
SCHEMA_DIR = Path(__file__).resolve().parent
_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _model(name: SchemaName) -> type[BaseModel]:
    # imported here so that the rules commands do not pay for the registry models and back
    if name == "rules":
        from neutrality.rules.schema import RuleFile

        return RuleFile
    from neutrality.registry.schema import RegistryFile

    return RegistryFile


def json_schema(name: SchemaName) -> dict[str, Any]:
    """The JSON Schema of one YAML file kind, with the draft it follows."""
    schema = _model(name).model_json_schema()
    if name == "rules":
        _add_check_kinds(schema)
    return {"$schema": _DRAFT, "$id": f"{name}.schema.json", **schema}


def _add_check_kinds(schema: dict[str, Any]) -> None:
    """Let an editor check `when[].type` and each kind's `options` as the loader does.

    The pydantic model cannot say this itself because the kinds are registered at run time in
    CHECK_KINDS; so the committed schema changes when a kind or its options change, and the
    staleness test asks for a regeneration then.
    """
    from neutrality.rules.checks import CHECK_KINDS

    if not CHECK_KINDS:
        return
    defs: dict[str, Any] = schema["$defs"]
    when = defs["When"]
    when["properties"]["type"]["enum"] = sorted(CHECK_KINDS)
    branches = []
    for kind_name in sorted(CHECK_KINDS):
        options = CHECK_KINDS[kind_name].Options.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(options.pop("$defs", {}))
        ref = f"Options_{kind_name}"
        defs[ref] = options
        branches.append(
            {
                "if": {"properties": {"type": {"const": kind_name}}, "required": ["type"]},
                "then": {"properties": {"options": {"$ref": f"#/$defs/{ref}"}}},
            }
        )
    when["allOf"] = branches


def schema_text(name: SchemaName) -> str:
    """The schema as the committed file holds it: sorted keys would hide the field order."""
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"


def committed_path(name: SchemaName) -> Path:
    return SCHEMA_DIR / f"{name}.schema.json"
