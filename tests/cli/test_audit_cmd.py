"""`neutrality audit` as a user meets it: outputs, exit codes, accounting, messages."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from neutrality.cli import app

ROSTER = (
    "nip,name,agency,unit,position,employment,x,instagram\n"
    "198609262015051001,Budi Santoso,Dinas Pendidikan,Sekretariat,Guru,PNS,budi_s,budi.s\n"
    "199001012015012002,Siti Rahma,Dinas Kesehatan,UPTD,Perawat,PPPK,siti_r,\n"
)
HEADER = "record_id,nip,actor_account,platform,action,occurred_at,target_account,target_name,content_text\n"
ROWS = [
    "r1,198609262015051001,,x,suka,2023-12-01 10:00 WIB,@prabowo,Prabowo Subianto,",
    "r2,,@siti_r,x,like,2023-12-01 10:00 WIB,https://x.com/KPU_ID/status/1,KPU RI,",
    "r3,198609262015051001,,x,nge-like,2023-12-01 10:00 WIB,@prabowo,,",
    "r4,198609262015051001,,x,post,01/12/2023 10:00 WIB,,,Selamat pagi rekan-rekan",
]

runner = CliRunner()


def write(tmp_path: Path, rows: list[str], header: str = HEADER) -> tuple[Path, Path]:
    activity = tmp_path / "activity.csv"
    activity.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    return activity, roster


def audit(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["audit", *args])
    return result.exit_code, result.stdout, result.stderr


def test_audit_writes_outputs_and_accounts_for_every_row(tmp_path: Path) -> None:
    activity, roster = write(tmp_path, ROWS)
    out = tmp_path / "out"
    code, stdout, _ = audit(
        str(activity), "--roster", str(roster), "--out", str(out), "--format", "csv,jsonl"
    )
    assert code == 1, stdout
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["rows_read"], summary["rows_evaluated"], summary["rows_rejected"]) == (4, 3, 1)
    [file_summary] = summary["inputs"]
    assert (
        file_summary["rows_read"] == file_summary["rows_evaluated"] + file_summary["rows_rejected"]
    )
    # the input's bytes as they are on disk (hashed in a thread of their own while the run goes)
    assert file_summary["sha256"] == hashlib.sha256(activity.read_bytes()).hexdigest()
    with (out / "findings.csv").open(encoding="utf-8-sig") as handle:
        findings = list(csv.DictReader(handle))
    assert [(f["record_id"], f["rule_id"]) for f in findings] == [("r1", "SKB-B6")]
    assert findings[0]["occurred_at_local"] == "2023-12-01 10:00:00 WIB"
    with (out / "rejected.csv").open(encoding="utf-8-sig") as handle:
        rejected = list(csv.DictReader(handle))
    assert [(r["source_row"], r["record_id"], r["reason"]) for r in rejected] == [
        ("3", "r3", "action_unknown")
    ]
    assert summary["findings"] == 1 and summary["employees_flagged"] == 1
    assert summary["findings_by_rule"] == {"SKB-B6": 1}
    # the shipped rule set and registry are named even when not given on the command line
    assert summary["rules"]["path"].endswith("skb-2-2022.yaml")
    assert summary["rules"]["id"] == "skb-2-2022" and len(summary["rules"]["sha256"]) == 64
    assert [Path(p).name for p in summary["registries"]] == ["pemilu-2024.yaml"]
    assert "Ringkasan audit" in stdout


def test_clean_audit_exits_zero(tmp_path: Path) -> None:
    activity, roster = write(tmp_path, [ROWS[1], ROWS[3]])
    code, stdout, _ = audit(
        str(activity), "--roster", str(roster), "--out", str(tmp_path / "o"), "--lang", "en"
    )
    assert code == 0, stdout
    assert "Audit summary" in stdout


def test_missing_column_names_file_and_closest_header(tmp_path: Path) -> None:
    activity, roster = write(tmp_path, ["1,198609262015051001,x,like,2023-12-01 10:00,@a"],
                             header="record_id,nip,platfrom,action,occurred_at,target_account\n")  # fmt: skip
    code, _, stderr = audit(str(activity), "--roster", str(roster), "--out", str(tmp_path / "o"))
    assert code == 2
    assert (  # Indonesian by default
        f'{activity}:1: kunci "platform": kolom wajib "platform" tidak ada; judul kolom yang paling '
        'mirip: "platfrom" (petakan dengan --mapping)'
    ) in stderr
    code, _, stderr = audit(
        str(activity), "--roster", str(roster), "--out", str(tmp_path / "o"), "--lang", "en"
    )
    assert code == 2
    assert (
        f'{activity}:1: key "platform": required column "platform" is missing; closest header: "platfrom"'
        in stderr
    )


def test_mapping_file_maps_other_headers(tmp_path: Path) -> None:
    activity, roster = write(tmp_path, ["r1,198609262015051001,X,suka,2023-12-01 10:00 WIB,@prabowo"],
                             header="ID,NIP Pegawai,Media,Aksi,Waktu,Akun Tujuan\n")  # fmt: skip
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "columns:\n  record_id: ID\n  nip: NIP Pegawai\n  platform: Media\n  action: Aksi\n"
        "  occurred_at: Waktu\n  target_account: Akun Tujuan\n", encoding="utf-8")  # fmt: skip
    out = tmp_path / "o"
    code, stdout, stderr = audit(
        str(activity), "--roster", str(roster), "--out", str(out), "--mapping", str(mapping)
    )
    assert code == 1, stdout + stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("columns:\n  nip: NIP Pegawai\n  platfrom: Media\n", encoding="utf-8")
    code, _, stderr = audit(
        str(activity), "--roster", str(roster), "--out", str(out), "--mapping", str(bad)
    )
    assert code == 2
    assert f'{bad}:3: kunci "platfrom": "platfrom" bukan nama kolom' in stderr
    valid = stderr.split("yang valid: ", 1)[1].split(")", 1)[0].split(", ")
    assert len(valid) == len(set(valid)), valid  # each column once (nip, agency were twice)
    # two columns cannot be one header; the line of the second is named
    twice = tmp_path / "twice.yaml"
    twice.write_text(
        "columns:\n  nip: NIP Pegawai\n  actor_account: NIP Pegawai\n", encoding="utf-8"
    )
    code, _, stderr = audit(
        str(activity), "--roster", str(roster), "--out", str(out), "--mapping", str(twice)
    )
    assert code == 2
    assert (
        f'{twice}:3: kunci "actor_account": "actor_account" dan "nip" sama-sama menunjuk' in stderr
    )
    # a header the mapping names but the file does not have: said so, not "column missing" alone
    missing = tmp_path / "missing.yaml"
    missing.write_text(
        "columns:\n  record_id: ID\n  nip: NIP Pegawai\n  platform: Media\n  action: Aksi\n"
        "  occurred_at: Tanggal Aksi\n  target_account: Akun Tujuan\n", encoding="utf-8")  # fmt: skip
    code, _, stderr = audit(
        str(activity), "--roster", str(roster), "--out", str(out), "--mapping", str(missing)
    )
    assert code == 2
    assert 'pemetaan menunjuk judul "Tanggal Aksi" untuk "occurred_at", tetapi berkas ini' in stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--tz", "Mars/Olympus"], '--tz "Mars/Olympus" bukan zona waktu'),
     (["--tz", "Mars/Olympus", "--lang", "en"], '--tz "Mars/Olympus" is not a time zone'),
     (["--lang", "fr"], '--lang "fr"'),
     (["--format", "pdf"], "--format pdf"),
     (["--engine", "spark"], '--engine "spark"'),
     (["--engine", "dask", "--workers", "2"], "--workers hanya berlaku untuk --engine local")],
)  # fmt: skip
def test_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    activity, roster = write(tmp_path, ROWS)
    code, _, stderr = audit(
        str(activity), "--roster", str(roster), "--out", str(tmp_path / "o"), *args
    )
    assert code == 2
    assert message in stderr


def test_out_pointing_at_a_file_is_refused(tmp_path: Path) -> None:
    activity, roster = write(tmp_path, ROWS)
    code, _, stderr = audit(str(activity), "--roster", str(roster), "--out", str(activity))
    assert code == 2
    assert "--out sudah ada dan bukan folder" in stderr


def test_missing_activity_file(tmp_path: Path) -> None:
    _, roster = write(tmp_path, ROWS)
    code, _, stderr = audit(
        str(tmp_path / "nope.csv"), "--roster", str(roster), "--out", str(tmp_path / "o")
    )
    assert code == 2
    assert "nope.csv: berkas tidak ditemukan" in stderr


def test_semicolon_cp1252_excel_export(tmp_path: Path) -> None:
    activity = tmp_path / "excel.csv"
    text = HEADER.replace(",", ";") + "\n".join(r.replace(",", ";") for r in ROWS) + "\n"
    activity.write_bytes(text.replace("Selamat pagi", "Caf\u00e9 pagi").encode("cp1252"))
    _, roster = write(tmp_path, [])
    out = tmp_path / "o"
    code, stdout, _ = audit(str(activity), "--roster", str(roster), "--out", str(out))
    assert code == 1
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["inputs"][0]["encoding"] == "cp1252"
    assert summary["inputs"][0]["delimiter"] == ";"
    warning = "berkas bukan UTF-8; dibaca sebagai Windows-1252 (cp1252)"  # in the run's language
    assert summary["inputs"][0]["warnings"] == [warning]
    assert f"Peringatan: {activity}: {warning}" in stdout
    code, stdout, _ = audit(
        str(activity), "--roster", str(roster), "--out", str(out), "--lang", "en"
    )
    assert "Warning: " in stdout and "file is not UTF-8; read as Windows-1252 (cp1252)" in stdout


def test_progress_estimates_rows_of_csv_inputs_only(tmp_path: Path) -> None:
    from neutrality.cli.audit_cmd import _estimated_rows

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("h1,h2\n1,2\n3,4\n", encoding="utf-8")
    second.write_text("h1,h2\n5,6\n", encoding="utf-8")
    assert _estimated_rows([first, second]) == 3.0
    assert _estimated_rows([first, tmp_path / "c.xlsx"]) is None


def test_the_runs_scratch_folder_is_removed(tmp_path: Path) -> None:
    activity, roster = write(tmp_path, ROWS)
    out = tmp_path / "o"
    code, _, _ = audit(str(activity), "--roster", str(roster), "--out", str(out))
    assert code in (0, 1)
    assert not list(out.glob(".neutrality-run-*"))
    assert (out / "summary.json").exists()


def test_a_time_the_tz_zone_skips_is_a_rejected_row_not_a_stopped_audit(tmp_path: Path) -> None:
    """--tz with daylight saving: the hour it skips (and the one it repeats) cannot be read in
    that zone; such a row is rejected with its reason and the rest of the run goes on."""
    rows = [
        "d1,198609262015051001,,x,like,2024-03-31 02:30,@prabowo,Prabowo Subianto,",
        "d2,198609262015051001,,x,like,2024-01-10 10:00,@prabowo,Prabowo Subianto,",
        "d3,198609262015051001,,x,like,2024-10-27 02:30,@prabowo,Prabowo Subianto,",
    ]
    activity, roster = write(tmp_path, rows)
    out = tmp_path / "out"
    code, stdout, stderr = audit(str(activity), "--roster", str(roster), "--out", str(out),
                                 "--tz", "Europe/Berlin", "--lang", "en")  # fmt: skip
    assert code == 1, stdout + stderr
    with (out / "rejected.csv").open(encoding="utf-8-sig") as handle:
        rejected = {row["record_id"]: row for row in csv.DictReader(handle)}
    assert sorted(rejected) == ["d1", "d3"]
    assert rejected["d1"]["reason"] == "time_invalid"
    assert "does not exist or happens twice in the --tz zone" in rejected["d1"]["message"]
    with (out / "findings.csv").open(encoding="utf-8-sig") as handle:
        assert [row["record_id"] for row in csv.DictReader(handle)] == ["d2"]


@pytest.mark.parametrize(("lang", "done", "rate"), [("id", "225.000", "695.565 baris/s"),
                                                    ("en", "225,000", "695,565 rows/s")])  # fmt: skip
def test_progress_groups_digits_as_the_language_writes_them(
    lang: str, done: str, rate: str
) -> None:
    from rich.progress import Progress

    from neutrality.cli.audit_cmd import TEXT, _row_columns

    text = TEXT[lang]
    with Progress(auto_refresh=False, disable=True) as progress:
        task_id = progress.add_task(text["progress"], total=1_000_000)
        progress.update(task_id, completed=225_000)
        task = progress.tasks[0]
        task.finished_speed = 695_565.4
        rendered = [str(column.render(task)) for column in _row_columns(text, lang)]
    assert rendered == [f"{text['progress']}: {done}", f"({rate})"]


def test_summary_groups_digits_as_the_language_writes_them(tmp_path: Path) -> None:
    rows = [
        f"g{i},198609262015051001,,x,like,2023-12-01 10:00 WIB,@kpu_ri,KPU RI," for i in range(1200)
    ]
    activity, roster = write(tmp_path, rows)
    for lang, shown in (("id", "1.200"), ("en", "1,200")):
        code, stdout, _ = audit(
            str(activity), "--roster", str(roster), "--out", str(tmp_path / lang),
            "--format", "csv", "--lang", lang,
        )  # fmt: skip
        assert code == 0, stdout
        assert f"│ {shown} " in stdout, stdout


def test_a_rerun_leaves_no_file_of_the_earlier_run(tmp_path: Path) -> None:
    """A second run into the same --out with fewer formats: only its own files are there (so
    `review load` cannot read one run's summary with another's findings); the user's own files
    stay."""
    activity, roster = write(tmp_path, ROWS)
    out = tmp_path / "out"
    common = (str(activity), "--roster", str(roster), "--out", str(out))
    code, stdout, _ = audit(*common, "--format", "csv,jsonl,xlsx,html")
    assert code == 1, stdout
    assert {"findings.jsonl", "findings.xlsx", "report.html", "cases"} <= {
        p.name for p in out.iterdir()
    }
    (out / "catatan.txt").write_text("milik pengguna", encoding="utf-8")
    code, stdout, _ = audit(*common, "--format", "csv")
    assert code == 1, stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "catatan.txt", "findings.csv", "rejected.csv", "summary.json"
    ]  # fmt: skip
    (out / "cases").mkdir()
    (out / "cases" / "memo.docx").write_text("x", encoding="utf-8")
    (out / "cases" / "198609262015051001.html").write_text("old", encoding="utf-8")
    (out / "cases" / "catatan-rapat.html").write_text("milik pengguna", encoding="utf-8")
    audit(*common, "--format", "csv")
    assert sorted(p.name for p in (out / "cases").iterdir()) == ["catatan-rapat.html", "memo.docx"]


def test_roster_rows_left_out_are_shown_and_reported(tmp_path: Path) -> None:
    """An employee whose roster row cannot be used is not known to the audit: the console, the
    HTML report and the workbook say which rows and why, not only summary.json."""
    from openpyxl import load_workbook

    activity, roster = write(tmp_path, ROWS)
    roster.write_text(ROSTER + "199001012015012003,Joko,Dinas A,U,P,Honorer,,\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, _ = audit(
        str(activity), "--roster", str(roster), "--out", str(out), "--format", "csv,xlsx,html"
    )
    assert code == 1, stdout
    assert "1 baris daftar pegawai tidak dipakai" in stdout
    assert 'kunci "employment": baris 3: employment harus PNS, CPNS atau PPPK' in stdout
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "1 baris daftar pegawai tidak dipakai" in html and "baris 3: employment" in html
    sheet = load_workbook(out / "findings.xlsx").worksheets[0]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("baris 3: employment harus" in cell for cell in cells)


@pytest.mark.parametrize(("given", "zone"), [("WITA", "Asia/Makassar"), ("wit", "Asia/Jayapura"),
                                             ("WIB", "Asia/Jakarta")])  # fmt: skip
def test_tz_takes_the_abbreviations_officers_use(tmp_path: Path, given: str, zone: str) -> None:
    activity, roster = write(tmp_path, ROWS)
    out = tmp_path / "out"
    code, stdout, _ = audit(
        str(activity), "--roster", str(roster), "--out", str(out), "--tz", given
    )
    assert code in (0, 1), stdout
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["timezone"] == zone


def test_an_empty_format_is_refused(tmp_path: Path) -> None:
    activity, roster = write(tmp_path, ROWS)
    code, _, stderr = audit(str(activity), "--roster", str(roster), "--out", str(tmp_path / "o"),
                            "--format", " , ")  # fmt: skip
    assert (
        code == 2 and "--format kosong: pilih satu atau lebih dari csv, jsonl, xlsx, html" in stderr
    )


def test_run_times_in_the_reports_are_wib(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    activity, roster = write(tmp_path, ROWS)
    out = tmp_path / "out"
    audit(str(activity), "--roster", str(roster), "--out", str(out), "--format", "csv,xlsx,html")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert re.search(r"Mulai: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d WIB", html), html[:2000]
    assert re.search(r"pada \d{4}-\d\d-\d\d \d\d:\d\d:\d\d WIB", html)
    cells = [c.value for row in load_workbook(out / "findings.xlsx").worksheets[0].iter_rows()
             for c in row]  # fmt: skip
    assert any(
        isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d WIB", v) for v in cells
    )


def test_excerpt_keeps_whole_words_around_the_match() -> None:
    from neutrality.findings import excerpt

    text = "satu dua  tiga\nempat LIMA enam tujuh delapan"
    at = text.index("LIMA")
    whole, span = excerpt(text, (at, at + 4), reach=100)
    assert whole == "satu dua tiga empat LIMA enam tujuh delapan" and whole[slice(*span)] == "LIMA"
    cut, span = excerpt(text, (at, at + 4), reach=8)
    assert cut == "…empat LIMA enam…" and cut[slice(*span)] == "LIMA"
    assert excerpt(text, None) == ("", None)


POST = (
    "Pagi ini rapat koordinasi dinas berjalan lancar dan semua hadir tepat waktu. Saya Budi "
    "Santoso mengajak semua: ayo coblos nomor 2 Prabowo Gibran pada 14 Februari nanti, jangan "
    "lupa datang ke TPS dan ajak keluarga. Terima kasih rekan-rekan semua atas kerja kerasnya "
    "selama ini di kantor, semoga sehat selalu dan sampai jumpa di rapat bulan depan."
)


def test_a_text_finding_carries_the_words_around_the_match(tmp_path: Path) -> None:
    """A reviewer tells support from news by the post around the campaign words: the evidence
    carries an excerpt (findings.jsonl, report.html), and a pseudonymised run scrubs the
    employee's name and NIP from it."""
    header = "record_id,nip,platform,action,occurred_at,content_text\n"
    activity, roster = write(
        tmp_path, [f'c1,198609262015051001,x,post,2024-01-10 09:00 WIB,"{POST}"'], header=header
    )
    out = tmp_path / "out"
    code, stdout, _ = audit(str(activity), "--roster", str(roster), "--out", str(out),
                            "--format", "jsonl,html")  # fmt: skip
    assert code == 1, stdout
    [line] = [
        json.loads(x) for x in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    context = line["evidence"]["context"]
    assert "ayo coblos nomor 2 Prabowo Gibran" in context and context.endswith("…")
    assert len(context) < len(POST) and "Budi Santoso" in context
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Kutipan teks" in html and "<mark>coblos nomor 2</mark>" in html
    key = tmp_path / "kunci.bin"
    key.write_bytes(b"k" * 32)
    hidden = tmp_path / "samaran"
    audit(str(activity), "--roster", str(roster), "--out", str(hidden), "--format", "jsonl",
          "--pseudonymize-key", str(key))  # fmt: skip
    text = (hidden / "findings.jsonl").read_text(encoding="utf-8")
    assert "Budi Santoso" not in text and "198609262015051001" not in text
    evidence = json.loads(text)["evidence"]
    assert "Saya N-" in evidence["context"]
    assert evidence["context"][slice(*evidence["context_span"])] == evidence["matched_text"]


def test_the_excerpt_marks_the_mention_that_matched_and_hides_the_name_in_any_case(
    tmp_path: Path,
) -> None:
    """The same name twice (a news line, then the campaign call): the mark is on the match's
    own span, and a pseudonymised excerpt hides the employee's name however it is written."""
    post = ("Prabowo Gibran hadir di acara kemarin, kata budi  SANTOSO. Lalu saya bilang: ayo "
            "coblos nomor 2 Prabowo Gibran!")  # fmt: skip
    header = "record_id,nip,platform,action,occurred_at,content_text\n"
    activity, roster = write(
        tmp_path, [f'c1,198609262015051001,x,post,2024-01-10 09:00 WIB,"{post}"'], header=header
    )
    out = tmp_path / "out"
    audit(str(activity), "--roster", str(roster), "--out", str(out), "--format", "jsonl,html")
    [line] = [
        json.loads(x) for x in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    evidence = line["evidence"]
    assert evidence["context"][slice(*evidence["context_span"])] == evidence["matched_text"]
    assert evidence["context_span"][0] > post.index("Lalu")  # the call, not the news line
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"<mark>{evidence['matched_text']}</mark>" in html
    key = tmp_path / "kunci.bin"
    key.write_bytes(b"k" * 32)
    hidden = tmp_path / "samaran"
    audit(str(activity), "--roster", str(roster), "--out", str(hidden), "--format", "jsonl",
          "--pseudonymize-key", str(key))  # fmt: skip
    scrubbed = json.loads((hidden / "findings.jsonl").read_text(encoding="utf-8"))["evidence"]
    assert "budi" not in scrubbed["context"].lower() and "kata N-" in scrubbed["context"]
    assert scrubbed["context"][slice(*scrubbed["context_span"])] == scrubbed["matched_text"]


def test_a_pseudonymised_run_quotes_no_nip_of_the_roster_rows_left_out(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    activity, roster = write(tmp_path, ROWS)
    roster.write_text(ROSTER + "19900101201501100X,Joko,Dinas A,U,P,PNS,,\n"
                      "199013012020011001,Tono,Dinas A,U,P,PNS,,\n", encoding="utf-8")  # fmt: skip
    key = tmp_path / "kunci.bin"
    key.write_bytes(b"k" * 32)
    out = tmp_path / "out"
    code, stdout, _ = audit(str(activity), "--roster", str(roster), "--out", str(out),
                            "--format", "csv,xlsx,html", "--pseudonymize-key", str(key))  # fmt: skip
    assert code == 1, stdout
    cells = " ".join(str(c.value) for s in load_workbook(out / "findings.xlsx").worksheets
                     for row in s.iter_rows() for c in row if c.value is not None)  # fmt: skip
    for text in (stdout, (out / "report.html").read_text(encoding="utf-8"), cells,
                 (out / "summary.json").read_text(encoding="utf-8")):  # fmt: skip
        assert "19900101201501100X" not in text and "199013012020011001" not in text
    assert "2 baris daftar pegawai tidak dipakai" in stdout and 'nip "P-' in stdout
