"""Load a rule-set YAML file into a validated RuleSet, or fail with every problem in it.

Loading runs in two passes so that one run shows the author all that is wrong:
1. shape: the whole file against the pydantic `RuleFile` model (unknown keys, types, missing keys);
2. meaning: per rule, what a model alone cannot see (duplicate ids, id vs row vs category, check
   kinds and their options, example columns). Rules that fail pass 1 are skipped in pass 2 so a
   typo is not reported twice.
Nothing falls back to defaults: a missing or broken file raises RuleFileError (exit 2).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from neutrality.errors import Problem, RuleFileError, YamlFileError
from neutrality.i18n import current_language, tr
from neutrality.io.columns import ACTIVITY_COLUMNS
from neutrality.io.messages import TIME_ERRORS
from neutrality.io.values import parse_times
from neutrality.rules.checks import CHECK_KINDS
from neutrality.rules.schema import Lexicons, Rule, RuleFile, When
from neutrality.yamlio import (
    PathKey,
    YamlDocument,
    load_yaml,
    pydantic_problems,
    translate_detail,
)

#: Columns an example record may use: the activity export's canonical columns.
EXAMPLE_COLUMNS: tuple[str, ...] = ACTIVITY_COLUMNS
STATUS_OF_TABLE = {"A": "bakal_calon", "B": "calon"}
CATEGORY_OF_TABLE = {"A": "ethics", "B": "discipline"}


@dataclass(frozen=True)
class RuleSet:
    """A loaded rule file: the validated model plus where it came from and its fingerprint."""

    path: Path
    sha256: str
    file: RuleFile
    _by_id: dict[str, Rule] = field(default_factory=dict, repr=False, compare=False)
    #: (rule id, match | no_match, 1-based number) -> the example's line in the file
    example_lines: dict[tuple[str, str, int], int] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(self.file.rules)

    @property
    def lexicons(self) -> Lexicons:
        return self.file.lexicons

    @property
    def detectable(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.file.rules if rule.detectable)

    def get(self, rule_id: str) -> Rule | None:
        """The rule with this id (case-insensitive), or None."""
        return self._by_id.get(rule_id.upper())


def load_rules(path: Path | str) -> RuleSet:
    """Read, validate and return the rule set at `path`; RuleFileError lists every problem."""
    path = Path(path)
    try:
        doc = load_yaml(path)
    except YamlFileError as exc:
        raise RuleFileError(exc.problems) from None
    except ValueError:
        # PyYAML builds an impossible unquoted date (2023-02-30) with a bare ValueError
        raise RuleFileError([bad_scalar_problem(path)]) from None
    rule_file = _validate(doc)
    by_id = {rule.id: rule for rule in rule_file.rules}
    # load_yaml read the file already; the second read only fingerprints the same bytes
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    lines = {
        (rule.id, kind, position + 1): line
        for index, rule in enumerate(rule_file.rules)
        for kind in ("match", "no_match")
        for position in range(len(getattr(rule.examples, kind)))
        if (line := doc.line_of(("rules", index, "examples", kind, position))) is not None
    }
    return RuleSet(path=path, sha256=digest, file=rule_file, _by_id=by_id, example_lines=lines)


def _validate(doc: YamlDocument) -> RuleFile:
    if not isinstance(doc.data, dict):
        message = tr("a rule file must be a YAML mapping")
        raise RuleFileError([Problem(doc.path, 1, None, message)])
    problems: list[Problem] = []
    rule_file: RuleFile | None = None
    try:
        rule_file = RuleFile.model_validate(doc.data)
    except ValidationError as exc:
        problems += pydantic_problems(doc, exc, RuleFile, _context_of(doc))
    problems += list(_meaning_problems(doc))
    if problems or rule_file is None:
        raise RuleFileError(sorted(set(problems), key=lambda p: (p.line or 0, p.message)))
    return rule_file


def _context_of(doc: YamlDocument) -> Any:
    """Names the rule a location is in ("rule SKB-B6"), for messages."""

    def context(loc: PathKey) -> str | None:
        if len(loc) < 2 or loc[0] != "rules" or not isinstance(loc[1], int):
            return None
        return _rule_label(doc, loc[1])

    return context


def _rule_label(doc: YamlDocument, index: int) -> str:
    rules = doc.data.get("rules")
    entry = rules[index] if isinstance(rules, list) and index < len(rules) else None
    rule_id = entry.get("id") if isinstance(entry, dict) else None
    if isinstance(rule_id, str):
        return tr("rule {id}", id=rule_id)
    return tr("rule #{number}", number=index + 1)


def _meaning_problems(doc: YamlDocument) -> Iterator[Problem]:
    raw_rules = doc.data.get("rules")
    if not isinstance(raw_rules, list):
        return
    yield from _duplicate_ids(doc, raw_rules)
    for index, raw in enumerate(raw_rules):
        label = _rule_label(doc, index)
        try:
            rule = Rule.model_validate(raw)
        except ValidationError:
            # the shape pass reported this rule; its check kinds are still worth naming now
            yield from _CheckChecker(doc, index, label, None).raw_checks(raw)
            continue
        yield from _RuleChecker(doc, index, rule).problems()


def _duplicate_ids(doc: YamlDocument, raw_rules: list[Any]) -> Iterator[Problem]:
    first_line: dict[str, int | None] = {}
    for index, raw in enumerate(raw_rules):
        rule_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(rule_id, str):
            continue
        line = doc.line_of(("rules", index, "id"))
        if rule_id in first_line:
            message = tr(
                "duplicate rule id {id} (first defined on line {line})",
                id=rule_id,
                line=first_line[rule_id],
            )
            yield Problem(doc.path, line, "id", message, tr("rule {id}", id=rule_id))
        else:
            first_line[rule_id] = line


class _CheckChecker:
    """Check kinds, their options and actions, for one rule; each problem at its line and key."""

    def __init__(self, doc: YamlDocument, index: int, label: str, allowed: set[str] | None) -> None:
        self.doc, self.index, self.label = doc, index, label
        self.allowed = allowed  # the rule's actions; None when its `applies` did not validate

    def problem(self, loc: PathKey, key: str, message: str) -> Problem:
        line = self.doc.line_of(("rules", self.index, *loc))
        return Problem(self.doc.path, line, key, message, self.label)

    def raw_checks(self, raw: Any) -> Iterator[Problem]:
        """Checks of a rule whose other keys are broken: each check that has a valid shape."""
        checks = raw.get("when") if isinstance(raw, dict) else None
        for position, item in enumerate(checks if isinstance(checks, list) else []):
            try:
                check = When.model_validate(item)
            except ValidationError:
                continue  # reported by the shape pass
            yield from self.check(position, check)

    def check(self, position: int, check: When) -> Iterator[Problem]:
        loc: PathKey = ("when", position)
        kind = CHECK_KINDS.get(check.type)
        if kind is None:
            valid = ", ".join(sorted(CHECK_KINDS)) or tr("none registered")
            message = tr(
                'unknown check kind "{kind}" (valid: {valid})', kind=check.type, valid=valid
            )
            yield self.problem((*loc, "type"), "type", message)
        else:
            yield from self._options(loc, kind.Options, check.options)
        for action in check.actions or ():
            if self.allowed is not None and action not in self.allowed:
                message = tr(
                    'action "{action}" is not in applies.actions ({actions})',
                    action=action,
                    actions=", ".join(sorted(self.allowed)),
                )
                yield self.problem((*loc, "actions"), "actions", message)

    def _options(
        self, loc: PathKey, model: type[BaseModel], options: dict[str, Any]
    ) -> Iterator[Problem]:
        try:
            model.model_validate(options)
        except ValidationError as exc:
            prefix: PathKey = ("rules", self.index, *loc, "options")
            view = _sub_document(self.doc, prefix, options)
            yield from pydantic_problems(view, exc, model, lambda _loc: self.label)


class _RuleChecker(_CheckChecker):
    """What one valid-shaped rule must satisfy beyond its shape."""

    def __init__(self, doc: YamlDocument, index: int, rule: Rule) -> None:
        allowed: set[str] = set(rule.applies.actions) if rule.applies else set()
        super().__init__(doc, index, tr("rule {id}", id=rule.id), allowed)
        self.rule = rule

    def problems(self) -> Iterator[Problem]:
        yield from self._identity()
        yield from self._detection()
        for kind in ("match", "no_match"):
            yield from self._example_columns(kind)
            yield from self._example_times(kind)

    def _identity(self) -> Iterator[Problem]:
        rule = self.rule
        if rule.lampiran_row != rule.id.removeprefix("SKB-"):
            message = tr(
                "{row} does not match the rule id (expected {expected})",
                row=rule.lampiran_row,
                expected=rule.id[4:],
            )
            yield self.problem(("lampiran_row",), "lampiran_row", message)
        expected = CATEGORY_OF_TABLE[rule.id[4]]
        if rule.category != expected:
            message = tr(
                '"{value}" is wrong for a table {table} row (expected {expected})',
                value=rule.category,
                table=rule.id[4],
                expected=expected,
            )
            yield self.problem(("category",), "category", message)

    def _detection(self) -> Iterator[Problem]:
        rule = self.rule
        if not rule.detectable:
            if rule.when is not None:
                message = tr("only a rule with `detectable: true` has checks")
                yield self.problem(("when",), "when", message)
            return
        for key in ("applies", "when"):
            if getattr(rule, key) is None:
                yield self.problem((), key, tr('a detectable rule needs "{key}"', key=key))
        if rule.applies is not None:
            expected = STATUS_OF_TABLE[rule.id[4]]
            if rule.applies.status != expected:
                message = tr(
                    '"{value}" is wrong for a table {table} row (expected {expected})',
                    value=rule.applies.status,
                    table=rule.id[4],
                    expected=expected,
                )
                yield self.problem(("applies", "status"), "status", message)
        for position, check in enumerate(rule.checks):
            yield from self.check(position, check)

    def _example_columns(self, kind: str) -> Iterator[Problem]:
        valid = ", ".join(EXAMPLE_COLUMNS)
        for position, example in enumerate(getattr(self.rule.examples, kind)):
            for column in example.record:
                if column not in EXAMPLE_COLUMNS:
                    message = tr(
                        'unknown column "{column}" (valid: {valid})', column=column, valid=valid
                    )
                    yield self.problem(
                        ("examples", kind, position, "record", column), column, message
                    )

    def _example_times(self, kind: str) -> Iterator[Problem]:
        """An example's time must be one the input reader accepts, or the example tests nothing."""
        examples = getattr(self.rule.examples, kind)
        values = [example.record.get("occurred_at", "") for example in examples]
        for position, error in enumerate(time_errors(values)):
            if error:
                reason = TIME_ERRORS[error][current_language()]
                message = tr(
                    '"{value}" is not a date and time ({reason})',
                    value=values[position],
                    reason=reason,
                )
                yield self.problem(
                    ("examples", kind, position, "record", "occurred_at"), "occurred_at", message
                )


def time_errors(values: list[str]) -> list[str]:
    """Error code per value ("" when fine), read exactly as the activity reader reads times."""
    if not values:
        return []
    _, errors = parse_times(pd.Series(values, dtype=object), "Asia/Jakarta")
    return [str(code) for code in errors]


def bad_scalar_problem(path: Path) -> Problem:
    """Find the first scalar (in the file's order) PyYAML cannot build, walking the composed
    nodes (each node once, so aliases cannot blow the walk up), and say where it is: its line
    and the keys that lead to it (`calon_from.date`)."""
    loader = yaml.SafeLoader(path.read_text(encoding="utf-8-sig"))
    try:
        stack: list[tuple[Node | None, tuple[str, ...]]] = [(loader.get_single_node(), ())]
        seen: set[int] = set()
        while stack:
            node, keys = stack.pop()
            if node is None or id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, ScalarNode):
                try:
                    loader.construct_object(node, deep=True)
                except ValueError as exc:
                    line = node.start_mark.line + 1
                    message = tr(
                        '"{value}" is not a valid value ({error})',
                        value=node.value,
                        error=translate_detail(str(exc)),
                    )
                    return Problem(str(path), line, ".".join(keys[-2:]) or None, message)
            elif isinstance(node, SequenceNode):  # reversed: the first item is taken first
                stack.extend((item, keys) for item in reversed(node.value))
            elif isinstance(node, MappingNode):
                for key, value in reversed(node.value):
                    name = str(key.value) if isinstance(key, ScalarNode) else ""
                    stack.append((value, (*keys, name)))
                    stack.append((key, keys))
    finally:
        loader.dispose()
    return Problem(str(path), None, None, tr("a value cannot be read"))


def _sub_document(doc: YamlDocument, prefix: PathKey, data: Any) -> YamlDocument:
    """A view of `doc` rooted at `prefix`, so a nested model's errors point at file lines."""
    size = len(prefix)
    lines = {loc[size:]: line for loc, line in doc.lines.items() if loc[:size] == prefix}
    return YamlDocument(doc.path, data, lines)
