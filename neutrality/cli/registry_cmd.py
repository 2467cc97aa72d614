"""`neutrality registry ...`: validate the participant registries, show participants, schema.

Same conventions as `neutrality rules`: Indonesian by default, `--lang en`, `--json` for scripts,
errors on stderr as `file:line: ...` with exit code 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from neutrality.cli.rules_cmd import JsonOpt, LangOpt, print_json, reporting, texts, write_schema
from neutrality.errors import UsageError
from neutrality.i18n import set_language
from neutrality.registry.schema import Participant, Sourced

if TYPE_CHECKING:
    from neutrality.registry import Registry

app = typer.Typer(
    no_args_is_help=True,
    help="Registri peserta pemilu: periksa, tampilkan / The election participant registry.",
)

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "valid": "sah — {files} berkas, {elections} pemilihan, {participants} peserta, {non} bukan peserta",
        "unknown": 'peserta "{pid}" tidak ada (yang ada: {valid})',
        "unverified": "belum terverifikasi",
        "title": "Peserta dalam registri",
        "name": "Nama",
        "kind": "Jenis",
        "number": "No. urut",
        "bakal_calon_from": "Bakal calon sejak",
        "calon_from": "Calon sejak",
        "accounts": "Akun",
        "aliases": "Alias",
        "member_of": "Anggota dari",
        "parties": "Partai",
        "supports": "Mendukung",
        "groups": "Grup",
        "hashtags": "Tagar",
        "slogans": "Slogan",
        "hand_signs": "Salam jari",
        "sources": "Sumber",
        "note": "Catatan",
    },
    "en": {
        "valid": "valid — {files} file(s), {elections} election(s), {participants} participants, {non} non-participants",
        "unknown": 'no participant "{pid}" (there are: {valid})',
        "unverified": "unverified",
        "title": "Participants in the registry",
        "name": "Name",
        "kind": "Kind",
        "number": "Ballot no.",
        "bakal_calon_from": "Bakal calon from",
        "calon_from": "Calon from",
        "accounts": "Accounts",
        "aliases": "Aliases",
        "member_of": "Member of",
        "parties": "Parties",
        "supports": "Supports",
        "groups": "Groups",
        "hashtags": "Hashtags",
        "slogans": "Slogans",
        "hand_signs": "Hand signs",
        "sources": "Sources",
        "note": "Note",
    },
}

FilesArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Berkas registri YAML (bawaan: semua registri yang dikirim)."),
]
RegistryOpt = Annotated[
    list[Path] | None,
    typer.Option("--registry", help="Berkas registri YAML (boleh berulang; bawaan: semua)."),
]


def _text(lang: str) -> dict[str, str]:
    return {**texts(lang), **TEXT[lang]}


def _load(paths: Sequence[Path] | None) -> Registry:
    from neutrality.registry import load_registry
    from neutrality.resources import shipped_registry_paths

    return load_registry(list(paths or shipped_registry_paths()))


@app.command("validate")
def validate(files: FilesArg = None, lang: LangOpt = "id") -> None:
    """Periksa berkas registri; semua masalah dengan file:baris / Validate registry files."""
    from neutrality.resources import shipped_registry_paths

    text = _text(lang)
    set_language(lang)  # problems raised while loading come out in `lang`
    paths = list(files or shipped_registry_paths())
    with reporting(text):
        registry = _load(paths)
    counts = {
        "files": len(paths),
        "elections": len(registry.elections),
        "participants": len(registry.participants),
        "non": len(registry.non_participants),
    }
    typer.echo(f"{', '.join(str(p) for p in paths)}: {text['valid'].format(**counts)}")


@app.command("show")
def show(
    participant: Annotated[
        str | None, typer.Argument(help="Id peserta, mis. prabowo-subianto.")
    ] = None,
    registry: RegistryOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Daftar peserta, atau satu peserta dengan akun, tanggal dan sumber / Show participants."""
    text = _text(lang)
    set_language(lang)  # problems raised while loading come out in `lang`
    with reporting(text):
        loaded = _load(registry)
        chosen = _find(loaded, participant, text) if participant else None
    if chosen is not None:
        _show_one(chosen, as_json, text)
        return
    people = sorted(loaded.participants.values(), key=lambda p: (p.kind, p.id))
    if as_json:
        print_json([participant_summary(p) for p in people])
        return
    _print_table(people, text)


def _find(registry: Registry, pid: str, text: dict[str, str]) -> Participant:
    found = registry.participants.get(pid)
    if found is None:
        valid = ", ".join(sorted(registry.participants))
        raise UsageError(text["unknown"].format(pid=pid, valid=valid))
    return found


def participant_summary(p: Participant) -> dict[str, Any]:
    """One participant as `registry show --json` lists it."""
    return {
        "id": p.id,
        "kind": p.kind,
        "name": p.name,
        "ballot_number": p.ballot_number,
        "bakal_calon_from": str(p.bakal_calon_from.date) if p.bakal_calon_from else None,
        "calon_from": str(p.calon_from.date) if p.calon_from else None,
        "accounts": [f"{a.platform}:{a.handle}" for a in p.accounts],
    }


def _print_table(people: Sequence[Participant], text: dict[str, str]) -> None:
    table = Table(title=text["title"])
    for key in ("id", "name", "kind", "number", "bakal_calon_from", "calon_from", "accounts"):
        table.add_column("ID" if key == "id" else text[key], overflow="fold")
    for p in people:
        row = participant_summary(p)
        table.add_row(
            p.id,
            p.name,
            p.kind,
            str(p.ballot_number or ""),
            row["bakal_calon_from"] or "",
            row["calon_from"] or "",
            ", ".join(row["accounts"]),
        )
    Console(width=180).print(table)


def _show_one(p: Participant, as_json: bool, text: dict[str, str]) -> None:
    if as_json:
        print_json(p.model_dump(mode="json", exclude_none=True))
        return
    for line in participant_lines(p, text):
        typer.echo(line)


def _fact(label: str, fact: Sourced, text: dict[str, str]) -> str:
    """A fact with its source, or marked unverified with the reason."""
    if fact.unverified:
        return f"{label} [{text['unverified']}: {fact.note}]"
    return f"{label} <{fact.source}>"


def participant_lines(p: Participant, text: dict[str, str]) -> list[str]:
    """Everything the registry holds about one participant, facts with their sources."""
    lines = [f"{p.id} — {p.name} ({p.kind}{', ' + p.role if p.role else ''})"]
    if p.ballot_number is not None:
        lines.append(f"{text['number']}: {p.ballot_number}")
    for key in ("aliases", "member_of", "parties", "supports"):
        values: list[str] = getattr(p, key)
        if values:
            lines.append(f"{text[key]}: {', '.join(values)}")
    for key in ("bakal_calon_from", "calon_from"):
        dated = getattr(p, key)
        if dated is not None:
            lines.append(_fact(f"{text[key]}: {dated.date}", dated, text))
    facts: list[tuple[str, list[tuple[str, Sourced]]]] = [
        ("accounts", [(f"{a.platform}:{a.handle}", a) for a in p.accounts]),
        ("groups", [(g.name, g) for g in p.groups]),
        ("hashtags", [(f"#{h.tag}", h) for h in p.hashtags]),
        ("slogans", [(s.text, s) for s in p.slogans]),
        ("hand_signs", [(s.sign, s) for s in p.hand_signs]),
    ]
    for key, items in facts:
        if items:
            lines.append(f"{text[key]}:")
            lines += [f"  - {_fact(label, fact, text)}" for label, fact in items]
    lines += [f"{text['sources']}:", *(f"  {url}" for url in p.sources)]
    if p.note:
        lines.append(f"{text['note']}: {p.note}")
    return lines


@app.command("schema")
def schema(
    out: Annotated[Path | None, typer.Option("--out", help="Tulis ke berkas ini.")] = None,
    lang: LangOpt = "id",
) -> None:
    """JSON Schema berkas registri / JSON Schema of a registry file."""
    text = _text(lang)
    set_language(lang)
    write_schema("registry", out, text)
