"""Words of the review commands: Indonesian by default, English with --lang en."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "error": "Galat",
        "new": "baru",
        "open": "terbuka",
        "confirmed": "dikonfirmasi",
        "dismissed": "ditolak",
        "escalated": "diteruskan ke BKN",
        "not_in_latest_run": "tidak ada di run terakhir",
        "queue": "Antrean tinjauan (dugaan pelanggaran)",
        "col_id": "ID temuan",
        "col_status": "Status",
        "col_rule": "Aturan",
        "col_nip": "NIP",
        "col_name": "Nama",
        "col_agency": "Instansi",
        "col_time": "Waktu",
        "col_mark": "Run terakhir",
        "none": "Tidak ada temuan.",
        "loaded": "Run {run_id} dimuat ke {case}: {findings_in_run} temuan, {new_findings} baru, "
        "{decided_findings_kept} keputusan dipertahankan, {not_in_latest_run} tidak ada di run "
        "terakhir.",
        "already": "Run ini sudah dimuat sebagai run {run_id} di {case}.",
        "decided": "Temuan {finding_id}: {status} (versi {version}) oleh {decided_by}.",
        "added": "Temuan manual {finding_id} dicatat (status {status}).",
        "chain_ok": "Log audit utuh: {entries} entri, hash terakhir {head_hash}.",
        "chain_bad": "Log audit RUSAK ({entries} entri):",
        "exported": "{count} temuan diekspor ke {out}.",
        "imported": "{applied} keputusan diterapkan dari {path}.",
        "recommended": "{count} pegawai dengan temuan terkonfirmasi; rekomendasi ditulis ke {out}.",
        "log_title": "Log audit",
        "col_at": "Waktu (WIB)",
        "col_reviewer": "Peninjau",
        "col_action": "Tindakan",
        "col_change": "Perubahan",
        "col_note": "Catatan",
        "field_evidence": "Bukti",
        "field_history": "Riwayat",
    },
    "en": {
        "error": "Error",
        "new": "new",
        "open": "open",
        "confirmed": "confirmed",
        "dismissed": "dismissed",
        "escalated": "escalated to BKN",
        "not_in_latest_run": "not in latest run",
        "queue": "Review queue (alleged violations)",
        "col_id": "Finding id",
        "col_status": "Status",
        "col_rule": "Rule",
        "col_nip": "NIP",
        "col_name": "Name",
        "col_agency": "Agency",
        "col_time": "Time",
        "col_mark": "Latest run",
        "none": "No findings.",
        "loaded": "Run {run_id} loaded into {case}: {findings_in_run} findings, "
        "{new_findings} new, {decided_findings_kept} decisions kept, "
        "{not_in_latest_run} not in the latest run.",
        "already": "This run is already loaded as run {run_id} in {case}.",
        "decided": "Finding {finding_id}: {status} (version {version}) by {decided_by}.",
        "added": "Manual finding {finding_id} recorded (status {status}).",
        "chain_ok": "Audit log intact: {entries} entries, last hash {head_hash}.",
        "chain_bad": "Audit log BROKEN ({entries} entries):",
        "exported": "{count} findings exported to {out}.",
        "imported": "{applied} decisions applied from {path}.",
        "recommended": "{count} employees with confirmed findings; "
        "recommendations written to {out}.",
        "log_title": "Audit log",
        "col_at": "Time (WIB)",
        "col_reviewer": "Reviewer",
        "col_action": "Action",
        "col_change": "Change",
        "col_note": "Note",
        "field_evidence": "Evidence",
        "field_history": "History",
    },
}

#: the fields `review show` prints, as officers read them
FIELDS: dict[str, dict[str, str]] = {
    "id": {
        "finding_id": "ID temuan", "status": "Status", "version": "Versi", "rule_id": "Aturan",
        "category": "Kategori", "nip": "NIP", "employee_name": "Nama", "agency": "Instansi",
        "platform": "Platform", "action": "Tindakan", "occurred_at_local": "Waktu",
        "target_account": "Akun sasaran", "participant_name": "Peserta",
        "match_method": "Metode", "matched_text": "Teks cocok", "confidence": "Keyakinan",
        "legal_basis": "Dasar hukum", "sanction": "Sanksi", "url": "Tautan bukti",
        "decided_by": "Diputus oleh", "decided_at_wib": "Diputus pada", "reason_code": "Alasan",
        "note": "Catatan", "marker": "Run terakhir",
    },
    "en": {
        "finding_id": "Finding id", "status": "Status", "version": "Version", "rule_id": "Rule",
        "category": "Category", "nip": "NIP", "employee_name": "Name", "agency": "Agency",
        "platform": "Platform", "action": "Action", "occurred_at_local": "Time",
        "target_account": "Target account", "participant_name": "Participant",
        "match_method": "Method", "matched_text": "Matched text", "confidence": "Confidence",
        "legal_basis": "Legal basis", "sanction": "Sanction", "url": "Evidence link",
        "decided_by": "Decided by", "decided_at_wib": "Decided at", "reason_code": "Reason",
        "note": "Note", "marker": "Latest run",
    },
}  # fmt: skip


def words(lang: str) -> dict[str, str]:
    return TEXT.get(lang, TEXT["id"])
