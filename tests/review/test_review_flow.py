"""The whole review flow on SQLite and on PostgreSQL: load -> decide -> re-run -> Excel -> forward."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from neutrality.review import Decision, ManualFinding, add_manual, decide, load_run, open_store
from neutrality.review.auditlog import read_log, verify_chain
from neutrality.review.queries import list_findings
from neutrality.review.recommendations import write_recommendations
from neutrality.review.workbook import export_xlsx, import_xlsx

BUDI, SITI, AGUS = "198609262015051001", "199001012019032002", "198512312010011003"


def statuses(store: Any) -> dict[str, tuple[str, str]]:
    with store.begin() as conn:
        return {r["finding_id"]: (r["status"], r["marker"]) for r in list_findings(conn)}


def fill(path: Path, decisions: dict[str, tuple[str, str, str]]) -> None:
    """What an officer does in Excel: disposition, reason and note in the unlocked columns."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = [str(c.value) for c in sheet[1]]
    col = {key: header.index(next(h for h in header if h.endswith(f"[{key}]"))) + 1
           for key in ("finding_id", "disposition", "reason", "note")}  # fmt: skip
    for row in range(2, sheet.max_row + 1):
        finding_id = sheet.cell(row, col["finding_id"]).value
        if finding_id in decisions:
            for key, value in zip(
                ("disposition", "reason", "note"), decisions[finding_id], strict=True
            ):
                sheet.cell(row, col[key], value or None)
    book.save(path)


def test_whole_flow(case: str, tmp_path: Path, make_finding: Any, write_audit: Any) -> None:
    b6_budi, a4_siti, b6_siti, b2_agus = (
        make_finding("SKB-B6", 2, BUDI), make_finding("SKB-A4", 3, SITI),
        make_finding("SKB-B6", 4, SITI), make_finding("SKB-B2", 5, AGUS),
    )  # fmt: skip
    with open_store(case) as store:
        first = load_run(
            store, write_audit(tmp_path / "run1", [b6_budi, a4_siti, b6_siti, b2_agus], 1)
        )
        assert (first["findings_in_run"], first["new_findings"]) == (4, 4)
        decide(store, Decision(b6_budi.finding_id, "confirm", "Alice"))
        decide(store, Decision(b2_agus.finding_id, "dismiss", "Bob", "neutral_content", "berita"))

        # the second run no longer produces A4 for Siti and adds two findings
        new_one, new_two = make_finding("SKB-B7", 6, BUDI), make_finding("SKB-A2", 7, AGUS)
        run2 = [b6_budi, b6_siti, b2_agus, new_one, new_two]
        second = load_run(store, write_audit(tmp_path / "run2", run2, 2))
        assert second["new_findings"] == 2
        assert second["decided_findings_kept"] == 2
        assert second["not_in_latest_run"] == 1
        assert load_run(store, tmp_path / "run2")["already_loaded"] is True

        now = statuses(store)
        assert len(now) == 6  # merged by finding_id: no duplicates
        assert now[b6_budi.finding_id] == ("confirmed", "")
        assert now[b2_agus.finding_id] == ("dismissed", "")
        assert now[b6_siti.finding_id] == ("open", "")  # undecided and seen before
        assert now[a4_siti.finding_id] == ("new", "not_in_latest_run")  # kept, never deleted
        assert now[new_one.finding_id] == ("new", "") and now[new_two.finding_id] == ("new", "")

        workbook = tmp_path / "review.xlsx"
        assert export_xlsx(store, workbook) == 6
        # what the officer decides on is in the workbook (locked): target, match, explanation,
        # legal basis, sanction and the evidence link
        sheet = load_workbook(workbook).worksheets[0]
        header = [str(c.value) for c in sheet[1]]
        row = {
            h.rsplit("[", 1)[1].rstrip("]"): c.value for h, c in zip(header, sheet[2], strict=True)
        }
        assert row["target_account"] == "@prabowo" and row["matched_text"] == "@prabowo"
        assert row["explanation"] == "liked a post" and row["url"].startswith(
            "https://instagram.com/p/"
        )
        assert row["legal_basis"] == "Ps 5 huruf n PP 94/2021" and row["sanction"]
        explanation = sheet.cell(2, header.index("Penjelasan [explanation]") + 1)
        assert explanation.protection.locked  # only the decision columns are editable
        fill(workbook, {
            b6_siti.finding_id: ("confirm", "", ""),
            new_two.finding_id: ("dismiss", "outside_period", "sebelum masa bakal calon"),
            new_one.finding_id: ("escalate", "", "diteruskan ke BKN"),
        })  # fmt: skip
        assert import_xlsx(store, workbook, "Citra") == {"applied": 3}

        manual = add_manual(store, ManualFinding(
            "SKB-B5", AGUS, "Agus Salim", "Inspektorat", "2024-01-10 09:00", "SK pengurus partai",
            "Dewi", url="https://example.org/sk",
        ))  # fmt: skip
        decide(store, Decision(manual["finding_id"], "confirm", "Dewi"))

        employees = write_recommendations(store, tmp_path / "rekomendasi.xlsx")
        by_nip = {e["nip"]: e for e in employees}
        assert (
            by_nip[AGUS]["sanction_level"] == "ptdh" and by_nip[AGUS]["heaviest_rule"] == "SKB-B5"
        )
        assert by_nip[BUDI]["sanction_level"] == "berat" and by_nip[BUDI]["findings"] == 2
        assert by_nip[SITI]["heaviest_rule"] == "SKB-B6"
        sheet = load_workbook(tmp_path / "rekomendasi.xlsx")["Rekomendasi"]
        assert sheet.max_row == 4
        cells = {c.value for row in sheet.iter_rows(min_row=2) for c in row}
        assert cells & {"Disiplin", "Etik"} and not cells & {"discipline", "ethics"}
        found = load_workbook(tmp_path / "rekomendasi.xlsx")["Temuan"]
        shown = {c.value for c in next(found.iter_cols(min_col=2, max_col=2, min_row=2))}
        assert shown <= {"dikonfirmasi", "diteruskan ke BKN"} and shown

        with store.begin() as conn:
            actions = [(e["action"], e["reviewer"]) for e in read_log(conn)]
            assert verify_chain(conn).ok
        assert actions[:3] == [("load_run", "system"), ("confirm", "Alice"), ("dismiss", "Bob")]
        assert actions[3] == ("load_run", "system")
        assert sorted(actions[4:7]) == [
            ("confirm", "Citra"),
            ("dismiss", "Citra"),
            ("escalate", "Citra"),
        ]
        assert actions[7:] == [("add_manual", "Dewi"), ("confirm", "Dewi")]


def test_rerun_refreshes_undecided_evidence_but_keeps_decided(
    case: str, tmp_path: Path, make_finding: Any, write_audit: Any
) -> None:
    decided, undecided = make_finding("SKB-B6", 2, BUDI), make_finding("SKB-B6", 3, SITI)
    with open_store(case) as store:
        load_run(store, write_audit(tmp_path / "r1", [decided, undecided], 1))
        decide(store, Decision(decided.finding_id, "confirm", "Alice"))
        heavier = [
            make_finding("SKB-B6", 2, BUDI, "changed"),
            make_finding("SKB-B6", 3, SITI, "changed"),
        ]
        load_run(store, write_audit(tmp_path / "r2", heavier, 2))
        with store.begin() as conn:
            rows = {r["finding_id"]: r for r in list_findings(conn)}
        from neutrality.review.queries import get_finding

        with store.begin() as conn:
            assert get_finding(conn, decided.finding_id)["sanction"] == "hukuman disiplin berat"
            assert get_finding(conn, undecided.finding_id)["sanction"] == "changed"
        assert (
            rows[decided.finding_id]["version"] == 2 and rows[undecided.finding_id]["version"] == 1
        )


def test_times_are_stored_utc_and_shown_in_wib(
    case: str, tmp_path: Path, make_finding: Any, write_audit: Any
) -> None:
    finding = make_finding("SKB-B6", 2, BUDI)
    with open_store(case) as store:
        load_run(store, write_audit(tmp_path / "r1", [finding], 1))
        with store.begin() as conn:
            [row] = list_findings(conn)
    assert row["occurred_at"] == "2023-12-01T02:02:00+00:00"
    assert row["occurred_at_wib"] == "2023-12-01 09:02:00 WIB"
    assert row["occurred_at_local"] == "2023-12-01 09:02:00 WIB"  # a Pemilu finding: WIB


def test_an_act_is_shown_in_its_elections_zone_everywhere_in_review(
    case: str, tmp_path: Path, make_finding: Any, write_audit: Any
) -> None:
    """A Pilkada finding in NTB (WITA) reads 10:02 WITA in the audit's reports; the queue, the
    offline workbook, `review show` and the recommendations must say the same, not 09:02 WIB."""
    import dataclasses

    from typer.testing import CliRunner

    from neutrality.cli import app

    finding = dataclasses.replace(make_finding("SKB-B6", 2, BUDI), timezone="Asia/Makassar")
    with open_store(case) as store:
        load_run(store, write_audit(tmp_path / "r1", [finding], 1))
        with store.begin() as conn:
            [row] = list_findings(conn)
        export_xlsx(store, tmp_path / "antrean.xlsx")
        decide(store, Decision(finding.finding_id, "confirm", "Alice"))
        write_recommendations(store, tmp_path / "rekomendasi.xlsx")
    assert row["occurred_at_local"] == "2023-12-01 10:02:00 WITA"
    for name in ("antrean.xlsx", "rekomendasi.xlsx"):
        cells = {
            str(c.value)
            for sheet in load_workbook(tmp_path / name).worksheets
            for r in sheet.iter_rows()
            for c in r
        }
        assert "2023-12-01 10:02:00 WITA" in cells and "2023-12-01 09:02:00 WIB" not in cells, name
    shown = CliRunner().invoke(app, ["review", "show", finding.finding_id, "--case", case])
    assert "Waktu: 2023-12-01 10:02:00 WITA" in shown.output, shown.output
    listed = CliRunner().invoke(app, ["review", "list", "--case", case])
    assert "10:02:00 WITA" in listed.output, listed.output
    logged = CliRunner().invoke(app, ["review", "log", "--case", case])
    assert f"confirm {finding.finding_id}" in logged.output, logged.output


def test_store_migrations_are_recorded_and_idempotent(case: str) -> None:
    from sqlalchemy import select

    from neutrality.review.schema import LATEST_VERSION, schema_version

    for _ in range(2):
        with open_store(case) as store, store.begin() as conn:
            versions = conn.execute(select(schema_version.c.version)).scalars().all()
    assert versions == list(range(1, LATEST_VERSION + 1))
