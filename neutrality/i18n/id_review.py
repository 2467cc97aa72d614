"""Indonesian messages: review (English template → Indonesian template).

The words follow the review commands (neutrality/review/texts.py) and the reports
(neutrality/report/labels.py): finding = temuan, disposition = keputusan, reviewer = peninjau,
case store = basis data kasus, case file = berkas kasus. Options, commands, file names, finding
ids and the codes of dispositions and reasons (confirm, dismiss, duplicate, ...) stay as typed.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # decisions (neutrality/review/decisions.py)
    'disposition "{disposition}" is not one of {choices}': (
        'keputusan "{disposition}" bukan salah satu dari {choices}'
    ),
    "reviewer name is required": "nama peninjau wajib diisi",
    "dismiss needs a reason code ({reasons})": "dismiss wajib disertai kode alasan ({reasons})",
    'reason "{reason}" is not one of {choices}': 'alasan "{reason}" bukan salah satu dari {choices}',
    "a reason code is given only with dismiss": "kode alasan hanya diisi untuk dismiss",
    "{disposition} needs a note": "{disposition} wajib disertai catatan",
    "finding {finding_id}: {problems}": "temuan {finding_id}: {problems}",
    "{reviewer} at {time}": "{reviewer} pada {time}",
    "finding {finding_id} is at version {version} ({status}); it never had version "
    "{expected}. Look again (neutrality review show {finding_id}) and decide again.": (
        "temuan {finding_id} berada pada versi {version} ({status}); temuan ini tidak pernah "
        "berversi {expected}. Periksa lagi (neutrality review show {finding_id}) lalu putuskan "
        "lagi."
    ),
    "conflict: finding {finding_id} was changed by {who}; it is now {status} "
    "(version {version}), you decided on version {expected}. "
    "Look again (neutrality review show {finding_id}) and decide again.": (
        "konflik: temuan {finding_id} telah diubah oleh {who}; statusnya kini {status} "
        "(versi {version}), sedangkan keputusan Anda didasarkan pada versi {expected}. "
        "Periksa kembali (neutrality review show {finding_id}) lalu putuskan ulang."
    ),
    "unknown finding id {finding_id}": "ID temuan {finding_id} tidak dikenal",
    " by {reviewer} at {time}": " oleh {reviewer} pada {time}",
    "; reopen it first": "; buka kembali (reopen) terlebih dahulu",
    "cannot {disposition} finding {finding_id}: it is {status}{by}{hint}": (
        "keputusan {disposition} tidak dapat diterapkan pada temuan {finding_id}: "
        "statusnya {status}{by}{hint}"
    ),
    # audit log (neutrality/review/auditlog.py)
    "the log ends at entry {last_id} but its head records entry {head_id}: "
    "entries were removed or added outside the tool": (
        "log berakhir pada entri {last_id}, tetapi kepala log mencatat entri {head_id}: "
        "ada entri yang dihapus atau ditambahkan di luar alat ini"
    ),
    "entries {first}-{last} are missing": "entri {first}-{last} hilang",
    "entry {entry_id}: does not link to the entry before it": (
        "entri {entry_id}: tidak tertaut ke entri sebelumnya"
    ),
    "entry {entry_id}: content was changed after it was written": (
        "entri {entry_id}: isinya diubah setelah ditulis"
    ),
    "finding {finding_id}: it is {status} (version {version}) but the log "
    "has no decision on it: changed outside the tool": (
        "temuan {finding_id}: berstatus {status} (versi {version}), tetapi log tidak mencatat "
        "keputusan atasnya: diubah di luar alat ini"
    ),
    'finding {finding_id}: {field} is "{value}" but its last log entry '
    '({entry_id}) says "{logged}": changed outside the tool': (
        'temuan {finding_id}: {field} bernilai "{value}", tetapi entri log terakhirnya '
        '({entry_id}) mencatat "{logged}": diubah di luar alat ini'
    ),
    "finding {finding_id}: its record (NIP, name, agency, evidence, ...) is not "
    "the one decided on in log entry {entry_id}: changed outside the tool": (
        "temuan {finding_id}: datanya (NIP, nama, instansi, bukti, ...) bukan data yang "
        "diputuskan pada entri log {entry_id}: diubah di luar alat ini"
    ),
    "finding {finding_id} (log entry {entry_id}) is no longer in the store: "
    "removed outside the tool": (
        "temuan {finding_id} (entri log {entry_id}) tidak ada lagi di basis data kasus: "
        "dihapus di luar alat ini"
    ),
    # loading an audit (neutrality/review/loader.py)
    "{path} not found: run the audit with --format including jsonl": (
        "{path} tidak ditemukan: jalankan audit dengan --format yang mencakup jsonl"
    ),
    "{path} not found: give the --out folder of an audit": (
        "{path} tidak ditemukan: berikan folder --out sebuah audit"
    ),
    "the file is not a case store (not a database)": (
        "berkas ini bukan berkas kasus (bukan basis data)"
    ),
    "{path}: not a readable summary.json ({error})": (
        "{path}: bukan summary.json yang dapat dibaca ({error})"
    ),
    "{path}: expected a JSON object": "{path}: seharusnya berisi objek JSON",
    "the case store did not return the new run's id": (
        "basis data kasus tidak mengembalikan ID run yang baru"
    ),
    "{place}: not a finding record ({kind}: {error})": (
        "{place}: bukan rekaman temuan ({kind}: {error})"
    ),
    "{place}: occurred_at has no UTC offset": "{place}: occurred_at tidak memiliki selisih UTC",
    # manual findings (neutrality/review/manual.py)
    '--rule "{rule_id}" is not a rule of SKB 2/2022 (SKB-A1..A7, SKB-B1..B13)': (
        '--rule "{rule_id}" bukan aturan SKB 2/2022 (SKB-A1..A7, SKB-B1..B13)'
    ),
    '--nip "{nip}": required': '--nip "{nip}": wajib diisi',
    "{option} is required": "{option} wajib diisi",
    '--url "{url}" must start with http:// or https://': (
        '--url "{url}" harus diawali dengan http:// atau https://'
    ),
    "this manual finding is already recorded as {finding_id}": (
        "temuan manual ini sudah tercatat sebagai {finding_id}"
    ),
    # writing workbooks (neutrality/review/recommendations.py, workbook.py)
    "cannot write {path}: {reason}": "tidak dapat menulis {path}: {reason}",
    # offline review in Excel (neutrality/review/workbook.py)
    "reason or note without a disposition": "alasan atau catatan diisi tanpa keputusan",
    "the finding id cell is empty": "sel ID temuan kosong",
    "finding {finding_id} is also decided in row {row}": (
        "temuan {finding_id} juga diputuskan pada baris {row}"
    ),
    "{path}: not a readable .xlsx workbook ({error})": (
        "{path}: bukan buku kerja .xlsx yang dapat dibaca ({error})"
    ),
    "{path}: row 1: missing columns {columns}: use a workbook made by "
    "neutrality review export-xlsx": (
        "{path}: baris 1: kolom {columns} tidak ada: gunakan buku kerja yang dibuat dengan "
        "neutrality review export-xlsx"
    ),
    "the Version cell is empty or changed; export the workbook again": (
        "sel Versi kosong atau telah diubah; ekspor ulang buku kerja"
    ),
    # the case store (neutrality/review/schema.py, store.py)
    "case store has schema version {version}; this tool knows up to {latest}: upgrade neutrality": (
        "basis data kasus memakai skema versi {version}, sedangkan alat ini hanya mengenal "
        "sampai versi {latest}: perbarui neutrality"
    ),
    '--case "{case}" is neither a file path nor a database URL': (
        '--case "{case}" bukan path berkas maupun URL basis data'
    ),
    '--case "{scheme}://...": use a SQLite file path or postgresql://user@host/db': (
        '--case "{scheme}://...": gunakan path berkas SQLite atau postgresql://user@host/db'
    ),
    "cannot open case store {case}: {error}": (
        "basis data kasus {case} tidak dapat dibuka: {error}"
    ),
    "case file {path} does not exist: load an audit first "
    "(neutrality audit ... --case FILE, or neutrality review load OUT_DIR --case FILE)": (
        "berkas kasus {path} tidak ada: muat hasil audit terlebih dahulu "
        "(neutrality audit ... --case FILE, atau neutrality review load OUT_DIR --case FILE)"
    ),
    "folder of case file {path} does not exist": "folder berkas kasus {path} tidak ada",
    "PostgreSQL case stores need psycopg 3: pip install 'psycopg[binary]>=3.1'": (
        "basis data kasus PostgreSQL memerlukan psycopg 3: pip install 'psycopg[binary]>=3.1'"
    ),
    # the review command line (neutrality/cli/review_cmd.py)
    '--lang "{lang}": use id or en': '--lang "{lang}": gunakan id atau en',
    '--status "{status}": use {statuses} or not_in_latest_run': (
        '--status "{status}": gunakan {statuses} atau not_in_latest_run'
    ),
    "database: {error}": "basis data: {error}",
}
