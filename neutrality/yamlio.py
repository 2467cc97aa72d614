"""Safe YAML reading that keeps line numbers, for rule, registry and mapping files.

PyYAML's SafeLoader already refuses `!!python/...` tags. On top of it this module:
- rejects duplicate keys (PyYAML silently keeps the last one);
- bounds alias expansion and nesting depth (billion-laughs and deep-nesting inputs);
- returns, beside the data, the line of every key path so schema errors can point at a line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from neutrality.errors import Problem, YamlFileError

MAX_NODES = 200_000
MAX_DEPTH = 64
MAX_BYTES = 20 * 1024 * 1024

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

PathKey = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """Parsed data plus `lines[path] = 1-based line` for every mapping key and list item."""

    path: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, loc: PathKey) -> int | None:
        """The line of `loc`, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


class _Builder:
    def __init__(self, path: str, loader: yaml.SafeLoader) -> None:
        self.path = path
        self.loader = loader
        self.nodes_seen = 0
        self.lines: dict[PathKey, int] = {}

    def fail(self, node: Node, message: str, key: str | None = None) -> YamlFileError:
        return YamlFileError([Problem(self.path, node.start_mark.line + 1, key, message)])

    def build(self, node: Node, loc: PathKey, depth: int) -> Any:
        self.nodes_seen += 1
        if self.nodes_seen > MAX_NODES:
            raise self.fail(node, f"too many YAML nodes (over {MAX_NODES}); aliases expand too far")
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nesting deeper than {MAX_DEPTH} levels")
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                raise self.fail(node, f"tag {node.tag!r} is not allowed")
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, ScalarNode):
            try:
                return self.loader.construct_object(node, deep=True)
            except yaml.constructor.ConstructorError as exc:
                raise self.fail(node, f"cannot read value: {exc.problem}") from None
        raise self.fail(node, "unsupported YAML node")

    def _mapping(self, node: MappingNode, loc: PathKey, depth: int) -> dict[Any, Any]:
        if node.tag != _MAP_TAG:
            raise self.fail(node, f"tag {node.tag!r} is not allowed")
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, "merge keys (<<) are not supported")
            key = self.build(key_node, loc, depth + 1)
            if not isinstance(key, str | int | bool) and key is not None:
                raise self.fail(key_node, "a mapping key must be a plain value")
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                first = self.lines.get((*loc, key))
                raise self.fail(key_node, f"duplicate key (first defined on line {first})", key)
            self.lines[(*loc, key)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, (*loc, key), depth + 1)
        return result


def load_yaml(path: str | Path, text: str | None = None) -> YamlDocument:
    """Read one YAML document from `path` (or from `text`, with `path` used in messages)."""
    name = str(path)
    if text is None:
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            raise YamlFileError([Problem(name, None, None, "file not found")]) from None
        except OSError as exc:
            raise YamlFileError(
                [Problem(name, None, None, f"cannot read: {exc.strerror}")]
            ) from None
        if len(raw) > MAX_BYTES:
            raise YamlFileError([Problem(name, None, None, "file larger than 20 MiB")])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise YamlFileError(
                [Problem(name, None, None, f"not UTF-8 (byte {exc.start})")]
            ) from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlFileError([Problem(name, 1, None, "file is empty")])
        builder = _Builder(name, loader)
        data = builder.build(node, (), 0)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = exc.problem or exc.context or "invalid YAML"
        if "\t" in message or "tab" in str(message):
            message = f"{message} (use spaces, not tabs, to indent)"
        raise YamlFileError([Problem(name, line, None, f"invalid YAML: {message}")]) from None
    except yaml.YAMLError as exc:
        raise YamlFileError([Problem(name, None, None, f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    return YamlDocument(name, data, builder.lines)


def _model_at(model: type[BaseModel], loc: PathKey) -> type[BaseModel] | None:
    """The pydantic model class that holds the key at `loc` (loc's last element is the key)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap_model(annotation: Any) -> Any:
    """Find the model class inside list[M], dict[str, M], M | None and the like."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _unwrap_model(arg)
        if found is not None:
            return found
    return None


def pydantic_problems(
    doc: YamlDocument,
    error: ValidationError,
    model: type[BaseModel],
    context_of: Callable[[PathKey], str | None] | None = None,
) -> list[Problem]:
    """Turn a pydantic `ValidationError` on `model` into problems located at lines of `doc`.

    `context_of(loc)` may name the object a location belongs to (e.g. "rule SKB-B6").
    """
    problems = []
    for err in error.errors():
        loc: PathKey = tuple(p for p in err["loc"] if isinstance(p, str | int))
        message = err["msg"]
        key = next((str(p) for p in reversed(loc) if isinstance(p, str)), None)
        if err["type"] == "extra_forbidden":
            message = f'unknown key "{key}"'
            holder = _model_at(model, loc)
            if holder is not None:
                message += f" (valid: {', '.join(holder.model_fields)})"
        elif err["type"] == "missing":
            message = f'missing required key "{key}"'
        elif err["type"] == "value_error":
            message = str(err.get("ctx", {}).get("error", message))
        context = context_of(loc) if context_of else None
        problems.append(Problem(doc.path, doc.line_of(loc), key, message, context))
    return sorted(problems, key=lambda p: (p.line or 0, p.message))
