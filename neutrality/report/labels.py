"""Every label a report shows, in Indonesian (the default) and English.

Writers ask `labels(lang)` for one flat catalogue, so a new language is one more dict here and
no writer changes. Keys are the column names of findings.csv where a label names a column.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGS = ("id", "en")

_ID: dict[str, str] = {
    "lang": "id",  # the catalogue's own language: digit grouping (1.000) follows it
    # sheets
    "sheet_summary": "Ringkasan",
    "sheet_findings": "Temuan",
    "sheet_employees": "Per Pegawai",
    "sheet_agencies": "Per Instansi",
    "sheet_rejected": "Ditolak",
    # titles and the review notice every output carries
    "title": "Laporan dugaan pelanggaran netralitas ASN",
    "case_title": "Lembar kasus pegawai",
    "alleged": "dugaan pelanggaran",
    "review_notice": (
        "Setiap temuan adalah dugaan pelanggaran, bukan putusan: setiap temuan wajib ditinjau oleh "
        "petugas (manusia) sebelum ditindaklanjuti."
    ),
    "case_notice": "dugaan pelanggaran — perlu ditinjau",
    "bawaslu_pack": "Paket Bawaslu: data kepegawaian dibatasi pada nama, NIP dan instansi.",
    # findings.csv columns
    "finding_id": "ID temuan",
    "rule_id": "Aturan",
    "category": "Kategori",
    "record_id": "ID rekaman",
    "source_file": "Berkas sumber",
    "source_row": "Baris sumber",
    "nip": "NIP",
    "employee_name": "Nama",
    "agency": "Instansi",
    "platform": "Platform",
    "action": "Tindakan",
    "occurred_at": "Waktu",
    "zone": "Zona",
    "occurred_at_local": "Waktu (teks)",
    "target_account": "Akun sasaran",
    "participant_id": "ID peserta",
    "participant_name": "Peserta",
    "match_method": "Metode",
    "matched_text": "Teks cocok",
    "score": "Skor",
    "confidence": "Keyakinan",
    "legal_basis": "Dasar hukum",
    "sanction": "Sanksi",
    "url": "Tautan bukti",
    # further evidence columns
    "lampiran_row": "Baris Lampiran II",
    "participant_status": "Status peserta",
    "election_id": "Pemilihan",
    "matched_field": "Kolom cocok",
    "registry_entry": "Entri registri",
    "explanation": "Penjelasan",
    "cues": "Petunjuk lain",
    "span": "Posisi teks",
    # per employee / agency
    "findings": "Temuan",
    "ethics": "Etik",
    "discipline": "Disiplin",
    "heaviest_sanction": "Sanksi terberat",
    "employees_flagged": "Pegawai terkait",
    "high_confidence": "Keyakinan tinggi",
    "unit": "Unit kerja",
    "position": "Jabatan",
    "employment": "Status kepegawaian",
    "first_seen": "Pertama",
    "last_seen": "Terakhir",
    # summary
    "counts": "Jumlah",
    "rows_read": "Baris dibaca",
    "rows_evaluated": "Baris dievaluasi",
    "rows_rejected": "Baris ditolak",
    "by_rule": "Temuan per aturan",
    "by_confidence": "Temuan per tingkat keyakinan",
    "by_agency": "Temuan per instansi",
    "over_time": "Temuan per hari",
    "charts": "Grafik",
    "inputs": "Berkas masukan",
    "path": "Berkas",
    "sha256": "SHA-256",
    "format": "Format",
    "rules": "Aturan (rule set)",
    "registries": "Registri peserta",
    "roster": "Daftar pegawai",
    "roster_employees": "Pegawai yang dipakai",
    "roster_left_out": "Baris daftar pegawai yang tidak dipakai",
    "roster_left_out_note": (
        "{count} baris daftar pegawai tidak dipakai; aktivitas pegawai pada baris itu ditolak "
        "sebagai pegawai yang tidak ada di daftar (actor_not_in_roster)"
    ),
    "version": "Versi alat",
    "timezone": "Zona waktu",
    "started_at": "Mulai",
    "finished_at": "Selesai",
    "value": "Nilai",
    "item": "Butir",
    "reason": "Alasan",
    "rejected_reasons": "Baris ditolak per alasan",
    "rows_capped": (
        "Lembar ini dipotong pada batas baris Excel: {shown} dari {total} baris ditampilkan; "
        "semua baris ada di {file}."
    ),
    "html_capped": (
        "Tabel ini menampilkan {shown} dari {total} temuan; semua temuan ada di findings.xlsx "
        "dan findings.csv."
    ),
    # html
    "filter_text": "Cari",
    "filter_placeholder": "NIP, nama, instansi, peserta, teks…",
    "all_rules": "Semua aturan",
    "all_confidence": "Semua tingkat keyakinan",
    "shown": "ditampilkan",
    "of": "dari",
    "evidence": "Bukti",
    "method": "Metode",
    "link": "Tautan",
    "time": "Waktu",
    "no_findings": "Tidak ada temuan.",
    "stages": "Tahapan pemilihan",
    "case_sheet": "lembar kasus",
    "identity": "Identitas",
    "finding_n": "Temuan {n}",
    "reviewed_by": "Ditinjau oleh",
    "review_date": "Tanggal",
    "review_decision": "Keputusan (konfirmasi / tolak dengan alasan / eskalasi)",
    "generated": "Dibuat oleh neutrality {version} pada {finished}",
    "cases_index": "Lembar kasus per pegawai",
    "unknown": "(tidak diketahui)",
    "high": "tinggi",
    "medium": "sedang",
    "low": "rendah",
    "bakal_calon": "bakal calon",
    "calon": "calon",
}

_EN: dict[str, str] = {
    "lang": "en",
    "sheet_summary": "Summary",
    "sheet_findings": "Findings",
    "sheet_employees": "Per Employee",
    "sheet_agencies": "Per Agency",
    "sheet_rejected": "Rejected",
    "title": "Report of alleged ASN neutrality violations",
    "case_title": "Employee case sheet",
    "alleged": "alleged violation",
    "review_notice": (
        "Every finding is an alleged violation (dugaan pelanggaran), not a verdict: each one "
        "requires review by a person before any follow-up."
    ),
    "case_notice": "alleged violation — requires review",
    "bawaslu_pack": "Bawaslu pack: personnel data limited to name, NIP and agency.",
    "finding_id": "Finding id",
    "rule_id": "Rule",
    "category": "Category",
    "record_id": "Record id",
    "source_file": "Source file",
    "source_row": "Source row",
    "nip": "NIP",
    "employee_name": "Name",
    "agency": "Agency",
    "platform": "Platform",
    "action": "Action",
    "occurred_at": "Time",
    "zone": "Zone",
    "occurred_at_local": "Time (text)",
    "target_account": "Target account",
    "participant_id": "Participant id",
    "participant_name": "Participant",
    "match_method": "Method",
    "matched_text": "Matched text",
    "score": "Score",
    "confidence": "Confidence",
    "legal_basis": "Legal basis",
    "sanction": "Sanction",
    "url": "Evidence link",
    "lampiran_row": "Lampiran II row",
    "participant_status": "Participant status",
    "election_id": "Election",
    "matched_field": "Matched field",
    "registry_entry": "Registry entry",
    "explanation": "Explanation",
    "cues": "Other cues",
    "span": "Text position",
    "findings": "Findings",
    "ethics": "Ethics",
    "discipline": "Discipline",
    "heaviest_sanction": "Heaviest sanction",
    "employees_flagged": "Employees involved",
    "high_confidence": "High confidence",
    "unit": "Unit",
    "position": "Position",
    "employment": "Employment",
    "first_seen": "First",
    "last_seen": "Last",
    "counts": "Counts",
    "rows_read": "Rows read",
    "rows_evaluated": "Rows evaluated",
    "rows_rejected": "Rows rejected",
    "by_rule": "Findings by rule",
    "by_confidence": "Findings by confidence",
    "by_agency": "Findings by agency",
    "over_time": "Findings per day",
    "charts": "Charts",
    "inputs": "Input files",
    "path": "File",
    "sha256": "SHA-256",
    "format": "Format",
    "rules": "Rule set",
    "registries": "Participant registries",
    "roster": "Roster",
    "roster_employees": "Employees used",
    "roster_left_out": "Roster rows left out",
    "roster_left_out_note": (
        "{count} roster rows were left out; activity of the employees on those rows is rejected "
        "as not in the roster (actor_not_in_roster)"
    ),
    "version": "Tool version",
    "timezone": "Time zone",
    "started_at": "Started",
    "finished_at": "Finished",
    "value": "Value",
    "item": "Item",
    "reason": "Reason",
    "rejected_reasons": "Rejected rows by reason",
    "rows_capped": (
        "This sheet stops at Excel's row limit: {shown} of {total} rows are shown; every row is "
        "in {file}."
    ),
    "html_capped": (
        "This table shows {shown} of {total} findings; every finding is in findings.xlsx and "
        "findings.csv."
    ),
    "filter_text": "Search",
    "filter_placeholder": "NIP, name, agency, participant, text…",
    "all_rules": "All rules",
    "all_confidence": "All confidence levels",
    "shown": "shown",
    "of": "of",
    "evidence": "Evidence",
    "method": "Method",
    "link": "Link",
    "time": "Time",
    "no_findings": "No findings.",
    "stages": "Election stages",
    "case_sheet": "case sheet",
    "identity": "Identity",
    "finding_n": "Finding {n}",
    "reviewed_by": "Reviewed by",
    "review_date": "Date",
    "review_decision": "Decision (confirm / dismiss with reason / escalate)",
    "generated": "Generated by neutrality {version} at {finished}",
    "cases_index": "Case sheets per employee",
    "unknown": "(unknown)",
    "high": "high",
    "medium": "medium",
    "low": "low",
    "bakal_calon": "prospective candidate (bakal calon)",
    "calon": "candidate (calon)",
}

CATALOGUE: dict[str, dict[str, str]] = {"id": _ID, "en": _EN}


def labels(lang: str) -> Mapping[str, str]:
    """The catalogue of `lang`; an unknown language falls back to Indonesian, the product's own."""
    return CATALOGUE.get(lang, _ID)
