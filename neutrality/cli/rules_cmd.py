"""`neutrality rules ...`: validate, list, explain, test and cover the rule set; export its schema.

Human output is Indonesian by default and English with `--lang en`; `--json` is for scripts.
Errors go to stderr one per line as `file:line: ...` (never wrapped, so editors and CI can jump
to the line) and exit 2; `rules test` exits 1 when an example fails.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from neutrality.errors import NeutralityError, Problem, UsageError
from neutrality.i18n import os_error, set_language, tr
from neutrality.rules import RuleSet, load_rules
from neutrality.rules.schema import Example, Rule

if TYPE_CHECKING:
    from neutrality.findings import Finding

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    no_args_is_help=True,
    help="Aturan SKB 2/2022: periksa, daftar, jelaskan, uji / The SKB 2/2022 rule set.",
)

#: What each check kind reads from an export; `rules coverage` uses it to say which checks the
#: columns of a given export can feed. Any one column of a tuple is enough.
CHECK_COLUMNS: dict[str, tuple[str, ...]] = {
    "account_interaction": ("target_account", "target_name"),
    "group_membership": ("group_name", "target_name"),
    "campaign_content": ("content_text",),
    "photo_with_participant": ("photo_labels",),
}
BASE_COLUMNS: tuple[str, ...] = ("platform", "action", "occurred_at")

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "valid": "{path}: sah — {rules} aturan ({detectable} terdeteksi dari data aktivitas, {manual} dicatat manual oleh peninjau)",
        "problems": "{count} masalah; berkas tidak dimuat.",
        "unknown_rule": 'aturan "{rule}" tidak ada (yang ada: {valid})',
        "bad_lang": '--lang "{lang}": gunakan id atau en',
        "col_id": "ID",
        "col_title": "Judul",
        "col_category": "Kategori",
        "col_sanction": "Sanksi",
        "col_detect": "Deteksi",
        "col_checks": "Pemeriksaan",
        "col_columns": "Kolom yang diperlukan",
        "col_fed": "Terisi oleh ekspor",
        "auto": "otomatis",
        "manual": "manual",
        "yes": "ya",
        "no": "tidak",
        "ethics": "etik",
        "discipline": "disiplin",
        "list_title": "Aturan {id}: {title}",
        "coverage_title": "Cakupan Lampiran II SKB 2/2022",
        "checks_title": "Pemeriksaan dan kolom ekspor",
        "coverage_summary": "{detectable} dari {rules} bentuk pelanggaran terdeteksi dari data aktivitas; {manual} perlu temuan manual.",
        "export_missing": "Ekspor {path} tidak punya kolom wajib: {columns}",
        "pass": "LULUS",
        "fail": "GAGAL",
        "test_summary": "{passed} lulus, {failed} gagal dari {total} contoh.",
        "no_finding": "tidak ada temuan {rule}",
        "wrong_participant": "temuan {rule} menyebut {found}, seharusnya {expected}",
        "unexpected": "temuan {rule} tidak diharapkan ({found})",
        "rejected": "baris contoh ditolak: {reason}",
        "no_engine": "mesin pendeteksi (neutrality.engine) belum tersedia: {error}",
        "written": "Skema ditulis ke {path}",
        "must_match": "Harus cocok",
        "must_not_match": "Tidak boleh cocok",
        "expected": "peserta yang diharapkan",
        "legal_basis": "Dasar hukum",
        "notes": "Catatan",
        "sources": "Sumber",
    },
    "en": {
        "valid": "{path}: valid — {rules} rules ({detectable} detected from activity data, {manual} recorded by hand by a reviewer)",
        "problems": "{count} problem(s); the file was not loaded.",
        "unknown_rule": 'no rule "{rule}" (there are: {valid})',
        "bad_lang": '--lang "{lang}": use id or en',
        "col_id": "ID",
        "col_title": "Title",
        "col_category": "Category",
        "col_sanction": "Sanction",
        "col_detect": "Detection",
        "col_checks": "Checks",
        "col_columns": "Columns needed",
        "col_fed": "Fed by the export",
        "auto": "automatic",
        "manual": "manual",
        "yes": "yes",
        "no": "no",
        "ethics": "ethics",
        "discipline": "discipline",
        "list_title": "Rules {id}: {title}",
        "coverage_title": "Coverage of SKB 2/2022 Lampiran II",
        "checks_title": "Checks and export columns",
        "coverage_summary": "{detectable} of {rules} forms of violation are detected from activity data; {manual} need manual findings.",
        "export_missing": "Export {path} lacks required columns: {columns}",
        "pass": "PASS",
        "fail": "FAIL",
        "test_summary": "{passed} passed, {failed} failed of {total} examples.",
        "no_finding": "no {rule} finding",
        "wrong_participant": "the {rule} finding names {found}, expected {expected}",
        "unexpected": "unexpected {rule} finding ({found})",
        "rejected": "example record rejected: {reason}",
        "no_engine": "the detection engine (neutrality.engine) is not available: {error}",
        "written": "Schema written to {path}",
        "must_match": "Must match",
        "must_not_match": "Must not match",
        "expected": "expected participant",
        "legal_basis": "Legal basis",
        "notes": "Notes",
        "sources": "Sources",
    },
}

FileArg = Annotated[
    Path | None,
    typer.Argument(help="Berkas aturan YAML (bawaan: aturan yang dikirim bersama paket)."),
]
RulesOpt = Annotated[
    Path | None, typer.Option("--rules", help="Berkas aturan YAML (bawaan: paket).")
]
LangOpt = Annotated[str, typer.Option("--lang", help="Bahasa / language: id atau en.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Keluaran JSON untuk skrip.")]
RegistryOpt = Annotated[
    list[Path] | None,
    typer.Option("--registry", help="Registri peserta YAML (boleh berulang; bawaan: Pemilu 2024)."),
]


# --- shared by the rules and registry command groups -------------------------------------------


def texts(lang: str) -> dict[str, str]:
    """The message catalogue of `lang`; an unknown language is a usage error (exit 2)."""
    if lang not in TEXT:
        fail([Problem("", message=TEXT["id"]["bad_lang"].format(lang=lang))], TEXT["id"])
    return TEXT[lang]


def fail(problems: Sequence[Problem], text: dict[str, str]) -> NoReturn:
    """Print each problem as `file:line: ...` on stderr, then stop with exit code 2."""
    for problem in problems:
        typer.echo(str(problem) if problem.file else problem.message, err=True)
    if len(problems) > 1 or any(p.file for p in problems):
        typer.echo(text["problems"].format(count=len(problems)), err=True)
    raise typer.Exit(EXIT_ERROR)


@contextmanager
def reporting(text: dict[str, str]) -> Iterator[None]:
    """Known errors (rule, registry, input, usage) become messages and exit code 2."""
    try:
        yield
    except NeutralityError as exc:
        fail(exc.problems, text)


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


#: a sanction level in a table cell (the rule's own text says it in full; --json keeps codes)
SANCTION_WORDS = {
    "id": {"tertutup_atau_terbuka": "moral (tertutup/terbuka)", "ringan": "disiplin ringan",
           "sedang": "disiplin sedang", "berat": "disiplin berat", "ptdh": "PTDH",
           "satgas": "diputus Satgas"},
    "en": {"tertutup_atau_terbuka": "moral (closed/open)", "ringan": "light discipline",
           "sedang": "moderate discipline", "berat": "severe discipline", "ptdh": "PTDH",
           "satgas": "Task Force decides"},
}  # fmt: skip


def write_schema(name: str, out: Path | None, text: dict[str, str]) -> None:
    from neutrality.schemas import schema_text

    content = schema_text("rules" if name == "rules" else "registry")
    if out is None:
        typer.echo(content, nl=False)
        return
    try:
        out.write_text(content, encoding="utf-8")
    except OSError as exc:  # no such folder, a folder given, no permission
        problem = Problem(str(out), message=tr("cannot write: {error}", error=os_error(exc)))
        typer.echo(str(problem), err=True)
        raise typer.Exit(EXIT_ERROR) from None
    typer.echo(text["written"].format(path=out))


def _load(path: Path | None) -> RuleSet:
    from neutrality.resources import default_rules_path

    return load_rules(path or default_rules_path())


def _category(rule: Rule, text: dict[str, str]) -> str:
    return text[rule.category]


# --- validate ----------------------------------------------------------------------------------


@app.command("validate")
def validate(file: FileArg = None, lang: LangOpt = "id") -> None:
    """Periksa berkas aturan; semua masalah dengan file:baris / Validate a rule file."""
    text = texts(lang)
    set_language(lang)  # problems raised while loading come out in `lang`
    with reporting(text):
        rules = _load(file)
    manual = len(rules.rules) - len(rules.detectable)
    typer.echo(
        text["valid"].format(
            path=rules.path, rules=len(rules.rules), detectable=len(rules.detectable), manual=manual
        )
    )


# --- list --------------------------------------------------------------------------------------


def rule_summary(rule: Rule, lang: str) -> dict[str, Any]:
    """One rule as `rules list --json` prints it."""
    return {
        "id": rule.id,
        "lampiran_row": rule.lampiran_row,
        "title": getattr(rule.title, lang),
        "category": rule.category,
        "legal_basis": rule.legal_basis_text(),
        "sanction": getattr(rule.sanction.text, lang),
        "sanction_kind": rule.sanction.kind,
        "sanction_level": rule.sanction.level,
        "detectable": rule.detectable,
        "status": rule.applies.status if rule.applies else None,
        "checks": [check.type for check in rule.checks],
    }


@app.command("list")
def list_rules(rules: RulesOpt = None, as_json: JsonOpt = False, lang: LangOpt = "id") -> None:
    """Daftar semua aturan / List every rule."""
    text = texts(lang)
    set_language(lang)  # problems raised while loading come out in `lang`
    with reporting(text):
        loaded = _load(rules)
    if as_json:
        print_json([rule_summary(rule, lang) for rule in loaded.rules])
        return
    title = getattr(loaded.file.title, lang)
    table = Table(title=text["list_title"].format(id=loaded.file.id, title=title))
    for key in ("col_id", "col_title", "col_category", "col_sanction", "col_detect"):
        table.add_column(text[key], overflow="fold")
    for rule in loaded.rules:
        detect = ", ".join(c.type for c in rule.checks) if rule.detectable else text["manual"]
        table.add_row(
            rule.id,
            getattr(rule.title, lang),
            _category(rule, text),
            SANCTION_WORDS[lang if lang in SANCTION_WORDS else "id"].get(
                rule.sanction.level, rule.sanction.level
            ),
            detect,
        )
    Console(width=160).print(table)


# --- explain -----------------------------------------------------------------------------------


def _find_rule(rules: RuleSet, rule_id: str, text: dict[str, str]) -> Rule:
    rule = rules.get(rule_id)
    if rule is None:
        valid = ", ".join(r.id for r in rules.rules)
        raise UsageError(text["unknown_rule"].format(rule=rule_id, valid=valid))
    return rule


@app.command("explain")
def explain(
    rule_id: Annotated[str, typer.Argument(help="Id aturan, mis. SKB-B6.")],
    rules: RulesOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Semua tentang satu aturan, termasuk contohnya / Everything about one rule."""
    text = texts(lang)
    set_language(lang)  # problems raised while loading come out in `lang`
    with reporting(text):
        rule = _find_rule(_load(rules), rule_id, text)
    if as_json:
        print_json(rule.model_dump(mode="json"))
        return
    for line in explain_lines(rule, lang, text):
        typer.echo(line)


def explain_lines(rule: Rule, lang: str, text: dict[str, str]) -> list[str]:
    """The plain-text explanation of one rule, in the order a reviewer reads it."""
    other = "en" if lang == "id" else "id"
    lines = [
        f"{rule.id} — {getattr(rule.title, lang)}",
        f"  ({getattr(rule.title, other)})",
        "",
        getattr(rule.description, lang),
        "",
        f"{text['col_category']}: {_category(rule, text)}",
        f"{text['legal_basis']}: {rule.legal_basis_text()}",
        f"{text['col_sanction']}: {getattr(rule.sanction.text, lang)} [{rule.sanction.level}]",
    ]
    if rule.sanction.articles:
        lines.append(f"  {'; '.join(rule.sanction.articles)}")
    lines += _detection_lines(rule, text)
    if rule.notes:
        lines += ["", f"{text['notes']}: {rule.notes}"]
    lines += ["", f"{text['sources']}:", *(f"  {url}" for url in rule.sources)]
    return lines


def _detection_lines(rule: Rule, text: dict[str, str]) -> list[str]:
    if not rule.detectable or rule.applies is None:
        return [f"{text['col_detect']}: {text['manual']}"]
    lines = [f"{text['col_detect']}: {text['auto']} (status {rule.applies.status})"]
    for check in rule.checks:
        options = f" {json.dumps(check.options, ensure_ascii=False)}" if check.options else ""
        lines.append(f"  - {check.type}: {', '.join(rule.check_actions(check))}{options}")
    for label, examples in (
        (text["must_match"], rule.examples.match),
        (text["must_not_match"], rule.examples.no_match),
    ):
        lines += ["", f"{label}:"]
        lines += [_example_line(example, text) for example in examples]
    return lines


def _example_line(example: Example, text: dict[str, str]) -> str:
    fields = ", ".join(f"{key}={value!r}" for key, value in example.record.items())
    line = f"  - {fields}"
    if example.participant:
        line += f" -> {text['expected']}: {example.participant}"
    if example.note:
        line += f"  # {example.note}"
    return line


# --- test --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExampleOutcome:
    """The result of running one rule example through the engine."""

    rule_id: str
    kind: str  # match | no_match
    number: int  # 1-based within its kind
    passed: bool
    detail: str = ""

    @property
    def label(self) -> str:
        return f"{self.rule_id}/{self.kind}/{self.number}"


def example_rows(rules: Sequence[Rule]) -> list[tuple[Rule, str, int, Example]]:
    """Every example of every rule, in file order, with its kind and 1-based number."""
    rows = []
    for rule in rules:
        for kind in ("match", "no_match"):
            for number, example in enumerate(getattr(rule.examples, kind), start=1):
                rows.append((rule, kind, number, example))
    return rows


def run_examples(
    rules: RuleSet, registry_paths: Sequence[Path], lang: str = "id"
) -> list[ExampleOutcome]:
    """Build each example's record as the pipeline does and run the real engine over all of them."""
    from neutrality.io.records import records_from_dicts
    from neutrality.registry import load_registry

    text = texts(lang)
    engine = _engine(rules, load_registry(list(registry_paths)), text)
    rows = example_rows(rules.rules)
    dicts = [{**ex.record, "record_id": f"{r.id}/{k}/{n}"} for r, k, n, ex in rows]
    records, rejected = records_from_dicts(dicts, source_file=str(rules.path), lang=lang)
    findings = engine.evaluate(records) if len(records) else []
    reasons = dict(zip(rejected["record_id"], rejected["message"], strict=True))
    return [
        _outcome(rule, kind, number, example, findings, reasons, text)
        for rule, kind, number, example in rows
    ]


def _engine(rules: RuleSet, registry: Any, text: dict[str, str]) -> Any:
    try:
        from neutrality.engine import Engine
    except ImportError as exc:
        raise UsageError(text["no_engine"].format(error=exc)) from None
    return Engine(rules, registry)


def _outcome(
    rule: Rule,
    kind: str,
    number: int,
    example: Example,
    findings: Sequence[Finding],
    reasons: dict[str, str],
    text: dict[str, str],
) -> ExampleOutcome:
    record_id = f"{rule.id}/{kind}/{number}"

    def result(passed: bool, detail: str = "") -> ExampleOutcome:
        return ExampleOutcome(rule.id, kind, number, passed, detail)

    if record_id in reasons:
        return result(False, text["rejected"].format(reason=reasons[record_id]))
    found = [f for f in findings if f.record_id == record_id and f.rule_id == rule.id]
    names = ", ".join(sorted({f.participant_id for f in found}))
    if kind == "no_match":
        return result(not found, text["unexpected"].format(rule=rule.id, found=names))
    if not found:
        return result(False, text["no_finding"].format(rule=rule.id))
    if example.participant and example.participant not in {f.participant_id for f in found}:
        detail = text["wrong_participant"].format(
            rule=rule.id, found=names, expected=example.participant
        )
        return result(False, detail)
    return result(True)


@app.command("test")
def test_rules(
    file: FileArg = None,
    registry: RegistryOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Jalankan setiap contoh aturan lewat mesin pendeteksi / Run every rule example."""
    from neutrality.resources import default_registry_paths

    text = texts(lang)
    set_language(lang)  # problems raised while loading come out in `lang`
    with reporting(text):
        rules = _load(file)
        outcomes = run_examples(rules, registry or default_registry_paths(), lang)
    failed = [o for o in outcomes if not o.passed]
    if as_json:
        print_json([{"example": o.label, **asdict(o),
                     "line": rules.example_lines.get((o.rule_id, o.kind, o.number))}
                    for o in outcomes])  # fmt: skip
    else:
        for outcome in outcomes:
            status = text["pass"] if outcome.passed else text["fail"]
            detail = f": {outcome.detail}" if not outcome.passed else ""
            line = rules.example_lines.get((outcome.rule_id, outcome.kind, outcome.number))
            place = f" ({rules.path}:{line})" if not outcome.passed and line else ""
            typer.echo(f"{status} {outcome.label}{place}{detail}")
        summary = text["test_summary"].format(
            passed=len(outcomes) - len(failed), failed=len(failed), total=len(outcomes)
        )
        typer.echo(summary)
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


# --- coverage ----------------------------------------------------------------------------------


def export_columns(path: Path, mapping: Path | None) -> set[str]:
    """Canonical columns present in the header of an export (CSV or XLSX)."""
    from neutrality.io.columns import ACTIVITY_COLUMNS, load_mapping, resolve_columns
    from neutrality.io.tables import open_table

    table = open_table(path)
    known = load_mapping(mapping, ACTIVITY_COLUMNS) if mapping else None
    return set(resolve_columns(table.header, str(path), ACTIVITY_COLUMNS, known))


def check_fed(check_type: str, columns: set[str] | None) -> bool | None:
    """Whether an export with `columns` can feed a check; None when no export was given."""
    if columns is None:
        return None
    needed = CHECK_COLUMNS.get(check_type, ())
    return all(c in columns for c in BASE_COLUMNS) and any(c in columns for c in needed)


def coverage_data(rules: RuleSet, columns: set[str] | None, lang: str) -> dict[str, Any]:
    """What `rules coverage --json` prints: per Lampiran II row, and per check kind."""
    kinds = sorted({check.type for rule in rules.rules for check in rule.checks})
    return {
        "rows": [
            {
                "id": rule.id,
                "lampiran_row": rule.lampiran_row,
                "title": getattr(rule.title, lang),
                "detectable": rule.detectable,
                "checks": [check.type for check in rule.checks],
                "fed_by_export": _rule_fed(rule, columns),
            }
            for rule in rules.rules
        ],
        "checks": [
            {
                "type": kind,
                "columns": list(CHECK_COLUMNS.get(kind, ())),
                "fed": check_fed(kind, columns),
            }
            for kind in kinds
        ],
        "export_columns": sorted(columns) if columns is not None else None,
    }


def _rule_fed(rule: Rule, columns: set[str] | None) -> bool | None:
    if columns is None or not rule.detectable:
        return None
    return any(check_fed(check.type, columns) for check in rule.checks)


@app.command("coverage")
def coverage(
    columns_from: Annotated[
        Path | None,
        typer.Option("--columns-from", help="Ekspor aktivitas (CSV/XLSX) yang kolomnya diperiksa."),
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="Pemetaan kolom YAML untuk ekspor itu.")
    ] = None,
    rules: RulesOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Baris Lampiran II yang terdeteksi dan yang perlu temuan manual / Coverage of Lampiran II."""
    text = texts(lang)
    set_language(lang)  # problems raised while loading come out in `lang`
    with reporting(text):
        loaded = _load(rules)
        columns = export_columns(columns_from, mapping) if columns_from else None
    data = coverage_data(loaded, columns, lang)
    if as_json:
        print_json(data)
        return
    _print_coverage(loaded, data, text, columns_from)


def _yes_no(value: bool | None, text: dict[str, str]) -> str:
    return "—" if value is None else text["yes" if value else "no"]


def _print_coverage(
    rules: RuleSet, data: dict[str, Any], text: dict[str, str], export: Path | None
) -> None:
    console = Console(width=160)
    rows = Table(title=text["coverage_title"])
    for key in ("col_id", "col_title", "col_detect", "col_checks", "col_fed"):
        rows.add_column(text[key], overflow="fold")
    for row in data["rows"]:
        detect = text["auto"] if row["detectable"] else text["manual"]
        fed = _yes_no(row["fed_by_export"], text)
        rows.add_row(row["id"], row["title"], detect, ", ".join(row["checks"]), fed)
    console.print(rows)
    checks = Table(title=text["checks_title"])
    for key in ("col_checks", "col_columns", "col_fed"):
        checks.add_column(text[key])
    for check in data["checks"]:
        needed = " / ".join(check["columns"])
        checks.add_row(check["type"], needed, _yes_no(check["fed"], text))
    console.print(checks)
    detectable = len(rules.detectable)
    console.print(
        text["coverage_summary"].format(
            detectable=detectable, rules=len(rules.rules), manual=len(rules.rules) - detectable
        ),
        highlight=False,
    )
    _warn_missing_base(data, text, export)


def _warn_missing_base(data: dict[str, Any], text: dict[str, str], export: Path | None) -> None:
    columns = data["export_columns"]
    if export is None or columns is None:
        return
    missing = [c for c in BASE_COLUMNS if c not in columns]
    if missing:
        typer.echo(text["export_missing"].format(path=export, columns=", ".join(missing)), err=True)


# --- schema ------------------------------------------------------------------------------------


@app.command("schema")
def schema(
    out: Annotated[Path | None, typer.Option("--out", help="Tulis ke berkas ini.")] = None,
    lang: LangOpt = "id",
) -> None:
    """JSON Schema berkas aturan / JSON Schema of a rule file."""
    text = texts(lang)
    set_language(lang)
    write_schema("rules", out, text)
