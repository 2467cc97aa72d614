"""Every message written through `tr` (or listed with `N_`) has an Indonesian text that takes
the same fields."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from neutrality.i18n import decimal, grouped, language, tr
from neutrality.i18n.catalogue import INDONESIAN

PACKAGE = Path(__file__).resolve().parents[1] / "neutrality"


def _calls() -> list[tuple[str, int, ast.Call]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and (node.func.id in ("tr", "N_"))
            ):
                found.append((str(path.relative_to(PACKAGE.parent)), node.lineno, node))
    return found


CALLS = _calls()


def _template(call: ast.Call) -> str | None:
    first = call.args[0] if call.args else None
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_package_uses_tr() -> None:
    assert len(CALLS) > 50  # the scan finds the calls (a broken scan would pass everything)


@pytest.mark.parametrize(("where", "line", "call"), CALLS, ids=lambda v: str(v)[:60])
def test_each_call_has_a_literal_template_with_an_indonesian_text(
    where: str, line: int, call: ast.Call
) -> None:
    template = _template(call)
    assert template is not None, f"{where}:{line}: tr() needs a literal template"
    assert template in INDONESIAN, f"{where}:{line}: no Indonesian text for {template!r}"
    if isinstance(call.func, ast.Name) and call.func.id == "N_":
        return  # filled where it is used, by tr_known; see test_marked_patterns_give_their_fields
    given = {k.arg for k in call.keywords if k.arg}
    assert _fields(template) == given, f"{where}:{line}: fields {given} for {template!r}"


def test_catalogue_entries_are_used_and_take_the_same_fields() -> None:
    used = {_template(call) for _, _, call in CALLS}
    unused = sorted(set(INDONESIAN) - used)
    assert not unused, f"catalogue entries no tr() call uses: {unused}"
    for english, indonesian in INDONESIAN.items():
        assert _fields(english) == _fields(indonesian), english
        assert indonesian != english or not any(c.isalpha() for c in english), english


def test_marked_patterns_give_their_fields() -> None:
    """A library message read by a pattern fills the template's fields from its named groups."""
    from neutrality.yamlio import _DETAILS_PATTERNS, translate_detail

    for pattern, template in _DETAILS_PATTERNS:
        assert set(pattern.groupindex) == _fields(template), template
    with language("id"):
        assert translate_detail("found undefined alias x") == "alias x belum didefinisikan"
        assert translate_detail("input is too short") == "masukan terlalu pendek"
        assert translate_detail("something else") == "something else"


def test_language_switches_and_is_restored() -> None:
    assert tr("file not found") == "file not found"
    with language("id"):
        assert tr("file not found") == "berkas tidak ditemukan"
        assert tr('required column "{name}" is missing', name="nip") == (
            'kolom wajib "nip" tidak ada'
        )
    assert tr("file not found") == "file not found"
    with pytest.raises(ValueError), language("fr"):
        pass


def test_counts_are_grouped_as_each_language_writes_them() -> None:
    assert grouped(1_234_567, "id") == "1.234.567"
    assert grouped(1_234_567, "en") == "1,234,567"
    assert grouped(999, "id") == "999" and grouped(0, "en") == "0"
    assert grouped(695_565.4, "id") == "695.565"  # a rate is shown whole
    assert grouped(-12_000, "id") == "-12.000"
    with language("id"):
        assert grouped(2000) == "2.000"  # the current language when none is given
    with language("en"):
        assert grouped(2000) == "2,000"


def test_decimals_use_each_languages_mark() -> None:
    assert decimal(96.3, "id") == "96,3" and decimal(96.3, "en") == "96.3"
    assert decimal(1234.5, "id") == "1.234,5" and decimal(1234.5, "en") == "1,234.5"
    assert decimal(100, "id") == "100,0" and decimal(7.25, "en", places=2) == "7.25"
