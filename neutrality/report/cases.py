"""Case sheets: out/cases/<NIP>.html, one print-ready page per employee with every finding.

A file name comes from the NIP only when the NIP is 18 digits (or a pseudonym): anything else
from the input (`../x`, `a/b`, `CON`) gets a name derived from its hash, and every path is
checked to sit directly inside out/cases/ before it is written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from neutrality.report.labels import labels
from neutrality.report.source import employee_key, iter_findings, sanction_rank
from neutrality.report.views import environment, finding_view, static_text

CASES_DIR = "cases"
INDEX_FILE = "index.html"
HR_FIELDS = ("unit", "position", "employment")
_SAFE_STEM = re.compile(r"\d{18}|P-[0-9a-f]{16}")

HrLookup = Callable[[str], Mapping[str, str]]


def case_file_name(nip: str) -> str:
    """`<NIP>.html` for a well-formed NIP or pseudonym, else `id-<hash>.html`."""
    if _SAFE_STEM.fullmatch(nip):
        return f"{nip}.html"
    return f"id-{hashlib.sha256(nip.encode()).hexdigest()[:16]}.html"


def confined(folder: Path, name: str) -> Path:
    """The path of `name` in `folder`, refusing anything that would land elsewhere."""
    path = (folder / name).resolve()
    if path.parent != folder.resolve() or name in ("", ".", ".."):
        raise ValueError(f"case sheet name {name!r} leaves {folder}")
    return path


def write_cases(
    out: Path,
    summary: Mapping[str, Any],
    lang: str,
    *,
    bawaslu_pack: bool = False,
    hr: HrLookup | None = None,
) -> list[Path]:
    """One sheet per employee with findings, and cases/index.html listing them."""
    text = labels(lang)
    folder = out / CASES_DIR
    folder.mkdir(exist_ok=True)
    # a re-run must not leave sheets of an earlier run: its index goes first (a run that fails
    # part-way leaves no index pointing at a mix of sheets), its other sheets not written again
    # are removed at the end. Sheets are rewritten in place, not removed first: creating
    # thousands of files just after removing their namesakes waits on the file system (3.6 s
    # for 5,000 on ext4). A link in the folder is removed, never written through.
    (folder / INDEX_FILE).unlink(missing_ok=True)
    earlier = {path.name for path in folder.glob("*.html")}
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in iter_findings(out):
        groups.setdefault(employee_key(record), []).append(record)
    template = environment().get_template("case.html.j2")
    style = Markup(static_text("style.css"))  # safe: the package's own CSS
    common = {"lang": lang, "t": text, "style": style, "summary": summary}
    written, entries = [], []
    for key, records in sorted(groups.items()):
        nip = "" if key.startswith("?") else key
        name = case_file_name(key)
        identity = _identity(nip, records[0], hr, bawaslu_pack, text)
        views = [finding_view(record, text) for record in records]
        if (folder / name).is_symlink():
            (folder / name).unlink()
        path = confined(folder, name)
        path.write_text(
            template.render(**common, identity=identity, findings=views, bawaslu_pack=bawaslu_pack),
            encoding="utf-8",
        )
        written.append(path)
        entries.append({"href": name, "identity": identity, "findings": len(records),
                        "heaviest": _heaviest(records)})  # fmt: skip
    index = confined(folder, INDEX_FILE)
    index.write_text(
        environment().get_template("cases_index.html.j2").render(**common, entries=entries),
        encoding="utf-8",
    )
    for stale in earlier - {path.name for path in (*written, index)}:
        (folder / stale).unlink(missing_ok=True)  # the listed entry itself, a link included
    return [*written, index]


def _identity(
    nip: str,
    record: Mapping[str, Any],
    hr: HrLookup | None,
    bawaslu_pack: bool,
    text: Mapping[str, str],
) -> list[tuple[str, str]]:
    """Name, NIP, agency; unit, position and employment too, except in the Bawaslu pack."""
    rows = [
        (text["nip"], nip or text["unknown"]),
        (text["employee_name"], str(record.get("employee_name") or "")),
        (text["agency"], str(record.get("agency") or "")),
    ]
    if not bawaslu_pack and hr is not None and nip:
        fields = hr(nip)
        rows += [(text[field], str(fields.get(field) or "")) for field in HR_FIELDS]
    return rows


def _heaviest(records: list[dict[str, Any]]) -> str:
    best = max(
        records,
        key=lambda r: sanction_rank(str(r.get("category", "")), str(r.get("sanction", ""))),
    )
    return f"{best.get('rule_id', '')}: {best.get('sanction', '')}"


def roster_lookup(employees: Any, pseudonym: Callable[[str], str] | None = None) -> HrLookup:
    """HR fields by the NIP the outputs show, from the roster's employees frame (index: NIP).
    With pseudonyms the outputs show `P-…`, so the roster's NIPs are keyed by theirs."""
    shown = [pseudonym(str(nip)) if pseudonym else str(nip) for nip in employees.index]
    # the fields as plain lists, read by position: a row lookup in the frame per sheet cost
    # more than rendering the sheet
    columns = {
        field: [str(value or "") for value in employees[field].fillna("").tolist()]
        if field in employees
        else [""] * len(shown)
        for field in HR_FIELDS
    }
    at = {nip: position for position, nip in enumerate(shown)}

    def lookup(nip: str) -> Mapping[str, str]:
        position = at.get(nip)
        if position is None:
            return {}
        return {field: columns[field][position] for field in HR_FIELDS}

    return lookup
