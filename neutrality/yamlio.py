"""Safe YAML reading that keeps line numbers, for rule, registry and mapping files.

PyYAML's SafeLoader already refuses `!!python/...` tags. On top of it this module:
- rejects duplicate keys (PyYAML silently keeps the last one);
- bounds alias expansion and nesting depth (billion-laughs and deep-nesting inputs);
- returns, beside the data, the line of every key path so schema errors can point at a line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from neutrality.errors import Problem, YamlFileError
from neutrality.i18n import N_, os_error, tr, tr_known

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
    def __init__(self, path: str, loader: Any) -> None:
        self.path = path
        self.loader = loader
        self.nodes_seen = 0
        self.lines: dict[PathKey, int] = {}

    def fail(self, node: Node, message: str, key: str | None = None) -> YamlFileError:
        return YamlFileError([Problem(self.path, node.start_mark.line + 1, key, message)])

    def build(self, node: Node, loc: PathKey, depth: int) -> Any:
        self.nodes_seen += 1
        if self.nodes_seen > MAX_NODES:
            raise self.fail(
                node,
                tr("too many YAML nodes (over {limit}); aliases expand too far", limit=MAX_NODES),
            )
        if depth > MAX_DEPTH:
            raise self.fail(node, tr("nesting deeper than {limit} levels", limit=MAX_DEPTH))
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                raise self.fail(node, tr("tag {tag} is not allowed", tag=repr(node.tag)))
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, ScalarNode):
            try:
                return self.loader.construct_object(node, deep=True)
            except yaml.constructor.ConstructorError as exc:
                problem = translate_detail(str(exc.problem))
                raise self.fail(node, tr("cannot read value: {problem}", problem=problem)) from None
        raise self.fail(node, tr("unsupported YAML node"))

    def _mapping(self, node: MappingNode, loc: PathKey, depth: int) -> dict[Any, Any]:
        if node.tag != _MAP_TAG:
            raise self.fail(node, tr("tag {tag} is not allowed", tag=repr(node.tag)))
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, tr("merge keys (<<) are not supported"))
            key = self.build(key_node, loc, depth + 1)
            if not isinstance(key, str | int | bool) and key is not None:
                raise self.fail(key_node, tr("a mapping key must be a plain value"))
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                first = self.lines.get((*loc, key))
                message = tr("duplicate key (first defined on line {line})", line=first)
                raise self.fail(key_node, message, key)
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
            raise YamlFileError([Problem(name, None, None, tr("file not found"))]) from None
        except OSError as exc:
            message = tr("cannot read: {error}", error=os_error(exc))
            raise YamlFileError([Problem(name, None, None, message)]) from None
        if len(raw) > MAX_BYTES:
            raise YamlFileError([Problem(name, None, None, tr("file larger than 20 MiB"))])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            message = tr("not UTF-8 (byte {position})", position=exc.start)
            raise YamlFileError([Problem(name, None, None, message)]) from None
    try:  # libyaml's parser when PyYAML has it (several times faster), else the same in Python
        return _load(name, text, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except YamlFileError:
        # libyaml words its errors differently; the Python parser's messages are the ones
        # translated and tested, so a file with a problem is read again to report it
        return _load(name, text, yaml.SafeLoader)


def _load(name: str, text: str, loader_class: type[Any]) -> YamlDocument:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlFileError([Problem(name, 1, None, tr("file is empty"))])
        builder = _Builder(name, loader)
        data = builder.build(node, (), 0)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raw_message = exc.problem or exc.context
        message = translate_detail(raw_message) if raw_message else tr("invalid YAML")
        if raw_message and ("\t" in raw_message or "\\t" in raw_message or "tab" in raw_message):
            message += tr(" (use spaces, not tabs, to indent)")
        message = tr("invalid YAML: {message}", message=message)
        raise YamlFileError([Problem(name, line, None, message)]) from None
    except yaml.YAMLError as exc:
        message = tr("invalid YAML: {message}", message=exc)
        raise YamlFileError([Problem(name, None, None, message)]) from None
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

    `context_of(loc)` may name the object a location belongs to (e.g. "rule SKB-B6"). Messages
    are in the current language; pydantic's own English stays only for error types not mapped.
    """
    problems = []
    for err in error.errors():
        loc: PathKey = tuple(p for p in err["loc"] if isinstance(p, str | int))
        key = next((str(p) for p in reversed(loc) if isinstance(p, str)), None)
        message = _pydantic_message(err, key, model, loc)
        context = context_of(loc) if context_of else None
        problems.append(Problem(doc.path, doc.line_of(loc), key, message, context))
    return sorted(problems, key=lambda p: (p.line or 0, p.message))


def _pydantic_message(
    err: ErrorDetails, key: str | None, model: type[BaseModel], loc: PathKey
) -> str:
    """One pydantic error as a message in the current language. The English templates repeat
    pydantic's own wording, so English output is what pydantic says."""
    kind = err["type"]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    if kind == "extra_forbidden":
        message = tr('unknown key "{key}"', key=key)
        holder = _model_at(model, loc)
        if holder is not None:
            message += tr(" (valid: {valid})", valid=", ".join(holder.model_fields))
        return message
    if kind == "missing":
        return tr('missing required key "{key}"', key=key)
    if kind == "value_error":
        # our validators raise ValueError with a message already made by tr
        return str(ctx.get("error", err["msg"]))
    fixed = _PYDANTIC_FIXED.get(kind)
    if fixed is not None:
        return fixed()
    if kind in ("literal_error", "enum"):
        return tr("Input should be {expected}", expected=_choices(str(ctx.get("expected", ""))))
    if kind in ("date_parsing", "date_from_datetime_parsing"):
        detail = translate_detail(str(ctx.get("error", "")))
        if kind == "date_parsing":
            return tr(
                "Input should be a valid date in the format YYYY-MM-DD, {error}", error=detail
            )
        return tr("Input should be a valid date or datetime, {error}", error=detail)
    if kind == "string_too_short" and "min_length" in ctx:
        if ctx["min_length"] == 1:
            return tr("String should have at least 1 character")
        return tr(
            "String should have at least {min_length} characters", min_length=ctx["min_length"]
        )
    if kind == "string_too_long" and "max_length" in ctx:
        return tr(
            "String should have at most {max_length} characters", max_length=ctx["max_length"]
        )
    if kind == "string_pattern_mismatch" and "pattern" in ctx:
        return tr("String should match pattern '{pattern}'", pattern=ctx["pattern"])
    if kind == "too_short" and ctx.get("field_type") == "List":
        actual = ctx.get("actual_length")
        if ctx.get("min_length") == 1:
            return tr(
                "List should have at least 1 item after validation, not {actual}", actual=actual
            )
        return tr(
            "List should have at least {min_length} items after validation, not {actual}",
            min_length=ctx.get("min_length"),
            actual=actual,
        )
    bound = _PYDANTIC_BOUNDS.get(kind)
    if bound is not None and bound[0] in ctx:
        return bound[1](_number(ctx[bound[0]]))
    return err["msg"]


def pydantic_error_text(err: ErrorDetails) -> str:
    """One pydantic error as a message in the current language, with no key or model around
    it (a command-line value that typer validated with pydantic)."""
    return _pydantic_message(err, None, BaseModel, ())


#: pydantic error types whose message has no values, in the current language.
_PYDANTIC_FIXED: dict[str, Callable[[], str]] = {
    "string_type": lambda: tr("Input should be a valid string"),
    "int_type": lambda: tr("Input should be a valid integer"),
    "int_parsing": lambda: tr(
        "Input should be a valid integer, unable to parse string as an integer"
    ),
    "int_from_float": lambda: tr(
        "Input should be a valid integer, got a number with a fractional part"
    ),
    "float_type": lambda: tr("Input should be a valid number"),
    "float_parsing": lambda: tr(
        "Input should be a valid number, unable to parse string as a number"
    ),
    "bool_type": lambda: tr("Input should be a valid boolean"),
    "bool_parsing": lambda: tr("Input should be a valid boolean, unable to interpret input"),
    "list_type": lambda: tr("Input should be a valid list"),
    "dict_type": lambda: tr("Input should be a valid dictionary"),
    "date_type": lambda: tr("Input should be a valid date"),
    "date_from_datetime_inexact": lambda: tr(
        "Datetimes provided to dates should have zero time - e.g. be exact dates"
    ),
}

#: pydantic bound errors: the ctx field holding the bound, and the message.
_PYDANTIC_BOUNDS: dict[str, tuple[str, Callable[[str], str]]] = {
    "greater_than_equal": (
        "ge",
        lambda bound: tr("Input should be greater than or equal to {bound}", bound=bound),
    ),
    "less_than_equal": (
        "le",
        lambda bound: tr("Input should be less than or equal to {bound}", bound=bound),
    ),
    "greater_than": ("gt", lambda bound: tr("Input should be greater than {bound}", bound=bound)),
    "less_than": ("lt", lambda bound: tr("Input should be less than {bound}", bound=bound)),
}


def _number(value: object) -> str:
    """A bound as pydantic shows it: 80.0 as 80."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" with the last "or" in the current language."""
    head, sep, last = expected.rpartition(" or ")
    return f"{head}{tr(' or ')}{last}" if sep else expected


# --- messages of PyYAML, pydantic's date parser and Python's date, in the current language -----

_DETAILS_FIXED = frozenset(
    {
        # PyYAML
        N_("mapping values are not allowed here"),
        N_("found unexpected end of stream"),
        N_("but found another document"),
        # pydantic (speedate) date errors
        N_("input is too short"),
        N_("input is too long"),
        N_("invalid character in year"),
        N_("invalid character in month"),
        N_("invalid character in day"),
        N_("invalid date separator, expected `-`"),
        N_("month value is outside expected range of 1-12"),
        N_("day value is outside expected range"),
        N_("unexpected extra characters at the end of the input"),
        N_("invalid datetime separator, expected `T`, `t`, `_` or space"),
        # Python's datetime.date
        N_("day is out of range for month"),
        N_("month must be in 1..12"),
    }
)

#: (what the library writes, our template): the pattern's named groups are the template's fields
_DETAILS_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"expected (?P<expected>.+), but found (?P<found>.+)"),
     N_("expected {expected}, but found {found}")),
    (re.compile(r"expected (?P<expected>.+), but got (?P<found>.+)"),
     N_("expected {expected}, but got {found}")),
    (re.compile(r"found character (?P<char>.+) that cannot start any token"),
     N_("found character {char} that cannot start any token")),
    (re.compile(r"found undefined alias (?P<name>.+)"), N_("found undefined alias {name}")),
    (re.compile(r"found unknown escape character (?P<char>.+)"),
     N_("found unknown escape character {char}")),
    (re.compile(r"could not find expected (?P<expected>.+)"),
     N_("could not find expected {expected}")),
    (re.compile(r"did not find expected (?P<expected>.+)"),
     N_("did not find expected {expected}")),
    (re.compile(r"could not determine a constructor for the tag (?P<tag>.+)"),
     N_("could not determine a constructor for the tag {tag}")),
    (re.compile(r"year (?P<year>-?[0-9]+) is out of range"), N_("year {year} is out of range")),
]  # fmt: skip


def translate_detail(text: str) -> str:
    """A message of PyYAML, pydantic's date parser or Python's `date` in the current language;
    a message not known here stays as it is (English)."""
    if text in _DETAILS_FIXED:
        return tr_known(text)
    for pattern, template in _DETAILS_PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            return tr_known(template, **found.groupdict())
    return text
