"""Indonesian messages: reading inputs, the audit pipeline and its command line."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # errors.Problem
    'key "{key}"': 'kunci "{key}"',
    # io/tables.py: opening and reading activity and roster files
    "file not found": "berkas tidak ditemukan",
    "{path}: the run's file of record ids is shorter than written": (
        "{path}: berkas record_id milik proses ini lebih pendek daripada yang ditulis"
    ),
    "is a folder, not a file": "ini folder, bukan berkas",
    "file is empty": "berkas kosong",
    "--sheet applies only to XLSX files": "--sheet hanya berlaku untuk berkas XLSX",
    "file is UTF-16; read as UTF-16": "berkas berenkode UTF-16; dibaca sebagai UTF-16",
    "looks like UTF-16 without a byte-order mark": (
        "tampaknya UTF-16 tanpa penanda urutan bita (BOM)"
    ),
    "file is not UTF-8; read as Windows-1252 (cp1252)": (
        "berkas bukan UTF-8; dibaca sebagai Windows-1252 (cp1252)"
    ),
    "not a text table (binary content)": "bukan tabel teks (isinya biner)",
    "no header row": "tidak ada baris judul kolom",
    "{count} columns; at most {limit}": "{count} kolom; paling banyak {limit}",
    "not a readable XLSX workbook ({error})": "bukan buku kerja XLSX yang dapat dibaca ({error})",
    "workbook has no sheets": "buku kerja tidak memiliki lembar",
    'no sheet "{sheet}" (sheets: {sheets})': 'tidak ada lembar "{sheet}" (lembar yang ada: {sheets})',
    'sheet "{sheet}" is empty': 'lembar "{sheet}" kosong',
    "not a readable XLSX workbook (bad ZIP)": "bukan buku kerja XLSX yang dapat dibaca (ZIP rusak)",
    "a ZIP archive, not an XLSX workbook": "arsip ZIP, bukan buku kerja XLSX",
    "workbook expands to {size} bytes; refused as unsafe": (
        "buku kerja mengembang menjadi {size} bita; ditolak karena tidak aman"
    ),
    (
        'record {number}, column "{column}": the field holds {count} line(s) shaped like whole '
        'records; a quote (") is probably not closed, so those lines were read as text of this '
        "record"
    ): (
        'rekaman {number}, kolom "{column}": isian ini memuat {count} baris yang berbentuk '
        'rekaman utuh; kemungkinan ada tanda kutip (") yang tidak ditutup, sehingga baris-baris '
        "itu terbaca sebagai teks rekaman ini"
    ),
    "{count} byte(s) not valid in {encoding} were replaced by U+FFFD": (
        "{count} bita yang tidak valid dalam {encoding} diganti dengan U+FFFD"
    ),
    # io/columns.py: headers and --mapping
    '"{name}" is not a column name (valid: {valid})': (
        '"{name}" bukan nama kolom (yang valid: {valid})'
    ),
    'column "{name}" appears twice: "{first}" (column {first_at}) and "{second}" (column '
    "{second_at})": (
        'kolom "{name}" muncul dua kali: "{first}" (kolom ke-{first_at}) dan "{second}" '
        "(kolom ke-{second_at})"
    ),
    " or ": " atau ",
    'required column "{name}" is missing': 'kolom wajib "{name}" tidak ada',
    '; closest header: "{header}" (use --mapping to map it)': (
        '; judul kolom yang paling mirip: "{header}" (petakan dengan --mapping)'
    ),
    '; the header is one column "{header}": is the separator , ; tab or |?': (
        '; baris judul hanya satu kolom "{header}": apakah pemisahnya , ; tab atau |?'
    ),
    '"{name}" and "{first}" both name the header "{header}"; a header is one column': (
        '"{name}" dan "{first}" sama-sama menunjuk judul kolom "{header}"; satu judul hanya '
        "untuk satu kolom"
    ),
    '; the mapping names the header "{header}" for "{name}", which this file does not have': (
        '; pemetaan menunjuk judul "{header}" untuk "{name}", tetapi berkas ini tidak memilikinya'
    ),
    '; sheet "{sheet}" was read (sheets: {sheets}): choose the data sheet with --sheet': (
        '; lembar yang dibaca "{sheet}" (lembar: {sheets}): pilih lembar data dengan --sheet'
    ),
    # io/roster.py
    "roster has a header but no rows": "daftar pegawai memiliki judul kolom tetapi tanpa baris",
    # report/pseudonym.py
    "a pseudonym key needs at least {count} bytes": "kunci pseudonim memerlukan paling sedikit {count} bita",
    "--pseudonymize-key: cannot read the key file ({error})": (
        "--pseudonymize-key: berkas kunci tidak dapat dibaca ({error})"
    ),
    (
        "--pseudonymize-key: the key holds {count} bytes, at least {needed} are needed "
        "(e.g. `head -c 32 /dev/urandom | base64 > key.txt`)"
    ): (
        "--pseudonymize-key: kunci berisi {count} bita, paling sedikit {needed} diperlukan "
        "(misalnya `head -c 32 /dev/urandom | base64 > key.txt`)"
    ),
    # pipeline.py and cli/audit_cmd.py
    '--tz "{tz}" is not a time zone (e.g. Asia/Jakarta, Asia/Makassar)': (
        '--tz "{tz}" bukan zona waktu (misalnya Asia/Jakarta, Asia/Makassar)'
    ),
    "--out exists and is not a folder": "--out sudah ada dan bukan folder",
    "cannot create --out: {error}": "--out tidak dapat dibuat: {error}",
    # what an OSError says (neutrality.i18n.os_error)
    "no such file or folder": "berkas atau folder tidak ada",
    "permission denied": "tidak ada izin",
    "is a folder": "berupa folder",
    "a part of the path is not a folder": "salah satu bagian jalurnya bukan folder",
    "already exists": "sudah ada",
    "no space left on the disk": "disk penuh",
    "read-only file system": "sistem berkas hanya-baca",
    "cannot write: {error}": "tidak dapat ditulis: {error}",
    "cannot write to this folder: {error}": "tidak dapat menulis ke folder ini: {error}",
    "--out is not writable": "--out tidak dapat ditulisi",
    '--lang "{lang}": use id or en': '--lang "{lang}": gunakan id atau en',
    '--engine "{engine}": use local or dask': '--engine "{engine}": gunakan local atau dask',
    "--scheduler needs --engine dask": "--scheduler memerlukan --engine dask",
    "--format {formats}: valid are {valid}": "--format {formats}: yang valid adalah {valid}",
    "--format is empty: use one or more of {valid}": (
        "--format kosong: pilih satu atau lebih dari {valid}"
    ),
    '--csv-separator "{separator}": use , or ;': '--csv-separator "{separator}": gunakan , atau ;',
    "--workers applies to --engine local": "--workers hanya berlaku untuk --engine local",
    # workers.py
    (
        "a worker process stopped unexpectedly (out of memory?); run again with fewer --workers "
        "or a smaller --chunk-rows"
    ): (
        "sebuah proses pekerja berhenti tiba-tiba (kehabisan memori?); jalankan lagi dengan "
        "--workers lebih sedikit atau --chunk-rows lebih kecil"
    ),
    # distributed.py
    '--engine dask needs Dask: pip install "neutrality[dask]"': (
        '--engine dask memerlukan Dask: pip install "neutrality[dask]"'
    ),
    '--scheduler "{address}": cannot connect ({error})': (
        '--scheduler "{address}": tidak dapat tersambung ({error})'
    ),
}
