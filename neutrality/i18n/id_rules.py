"""Indonesian messages: rules and YAML reading (English template → Indonesian template).

"file not found", "file is empty" and " or ", which yamlio.py also uses, are in id_io.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # yamlio.py: reading a YAML file safely
    "file larger than 20 MiB": "berkas lebih besar dari 20 MiB",
    "cannot read: {error}": "tidak dapat dibaca: {error}",
    "not UTF-8 (byte {position})": "bukan UTF-8 (bita pada posisi {position})",
    "too many YAML nodes (over {limit}); aliases expand too far": (
        "terlalu banyak simpul YAML (lebih dari {limit}); alias mengembang terlalu jauh"
    ),
    "nesting deeper than {limit} levels": "susunan bersarang lebih dalam dari {limit} tingkat",
    "tag {tag} is not allowed": "tag {tag} tidak diizinkan",
    "cannot read value: {problem}": "nilai tidak dapat dibaca: {problem}",
    "unsupported YAML node": "simpul YAML tidak didukung",
    "merge keys (<<) are not supported": "kunci gabungan (<<) tidak didukung",
    "a mapping key must be a plain value": "kunci pemetaan harus berupa nilai sederhana",
    "duplicate key (first defined on line {line})": (
        "kunci ganda (pertama kali didefinisikan pada baris {line})"
    ),
    "invalid YAML": "YAML tidak valid",
    "invalid YAML: {message}": "YAML tidak valid: {message}",
    " (use spaces, not tabs, to indent)": " (gunakan spasi, bukan tab, untuk indentasi)",
    # yamlio.py: PyYAML's own messages
    "mapping values are not allowed here": "nilai pemetaan tidak diperbolehkan di sini",
    "found unexpected end of stream": "berkas berakhir secara tidak terduga",
    "but found another document": (
        "ditemukan dokumen lain (berkas hanya boleh berisi satu dokumen YAML)"
    ),
    "expected {expected}, but found {found}": "diharapkan {expected}, tetapi ditemukan {found}",
    "expected {expected}, but got {found}": "diharapkan {expected}, tetapi didapati {found}",
    "found character {char} that cannot start any token": (
        "ditemukan karakter {char} yang tidak dapat mengawali token"
    ),
    "found undefined alias {name}": "alias {name} belum didefinisikan",
    "found unknown escape character {char}": "karakter escape {char} tidak dikenal",
    "could not find expected {expected}": "{expected} yang diharapkan tidak ditemukan",
    "did not find expected {expected}": "{expected} yang diharapkan tidak ditemukan",
    "could not determine a constructor for the tag {tag}": "tag {tag} tidak dikenal",
    # yamlio.py: pydantic's messages on a file's shape
    'unknown key "{key}"': 'kunci "{key}" tidak dikenal',
    " (valid: {valid})": " (yang valid: {valid})",
    'missing required key "{key}"': 'kunci wajib "{key}" tidak ada',
    "Input should be {expected}": "nilai harus {expected}",
    "Input should be a valid string": "nilai harus berupa teks",
    "Input should be a valid integer": "nilai harus berupa bilangan bulat",
    "Input should be a valid integer, unable to parse string as an integer": (
        "nilai harus berupa bilangan bulat; teks tersebut tidak dapat dibaca sebagai bilangan bulat"
    ),
    "Input should be a valid integer, got a number with a fractional part": (
        "nilai harus berupa bilangan bulat, bukan bilangan pecahan"
    ),
    "Input should be a valid number": "nilai harus berupa angka",
    "Input should be a valid number, unable to parse string as a number": (
        "nilai harus berupa angka; teks tersebut tidak dapat dibaca sebagai angka"
    ),
    "Input should be a valid boolean": "nilai harus berupa boolean (true atau false)",
    "Input should be a valid boolean, unable to interpret input": (
        "nilai harus berupa boolean (true atau false); masukan tidak dapat ditafsirkan"
    ),
    "Input should be a valid list": "nilai harus berupa daftar (list YAML)",
    "Input should be a valid dictionary": "nilai harus berupa pemetaan (mapping YAML)",
    "Input should be a valid date": "nilai harus berupa tanggal yang valid",
    "Input should be a valid date in the format YYYY-MM-DD, {error}": (
        "nilai harus berupa tanggal yang valid dengan format TTTT-BB-HH, {error}"
    ),
    "Input should be a valid date or datetime, {error}": (
        "nilai harus berupa tanggal atau tanggal dan waktu yang valid, {error}"
    ),
    "Datetimes provided to dates should have zero time - e.g. be exact dates": (
        "tanggal tidak boleh memuat jam; tuliskan tanggal saja (TTTT-BB-HH)"
    ),
    "String should have at least 1 character": "teks harus berisi paling sedikit 1 karakter",
    "String should have at least {min_length} characters": (
        "teks harus berisi paling sedikit {min_length} karakter"
    ),
    "String should have at most {max_length} characters": (
        "teks harus berisi paling banyak {max_length} karakter"
    ),
    "String should match pattern '{pattern}'": "teks harus sesuai dengan pola '{pattern}'",
    "List should have at least 1 item after validation, not {actual}": (
        "daftar harus berisi paling sedikit 1 butir, bukan {actual}"
    ),
    "List should have at least {min_length} items after validation, not {actual}": (
        "daftar harus berisi paling sedikit {min_length} butir, bukan {actual}"
    ),
    "Input should be greater than or equal to {bound}": (
        "nilai harus lebih besar dari atau sama dengan {bound}"
    ),
    "Input should be less than or equal to {bound}": (
        "nilai harus lebih kecil dari atau sama dengan {bound}"
    ),
    "Input should be greater than {bound}": "nilai harus lebih besar dari {bound}",
    "Input should be less than {bound}": "nilai harus lebih kecil dari {bound}",
    # yamlio.py: why a date is not a date (pydantic's date parser, Python's date)
    "input is too short": "masukan terlalu pendek",
    "input is too long": "masukan terlalu panjang",
    "invalid character in year": "karakter tidak valid pada bagian tahun",
    "invalid character in month": "karakter tidak valid pada bagian bulan",
    "invalid character in day": "karakter tidak valid pada bagian tanggal",
    "invalid date separator, expected `-`": "pemisah tanggal tidak valid, seharusnya `-`",
    "month value is outside expected range of 1-12": "nilai bulan di luar rentang 1-12",
    "day value is outside expected range": "nilai tanggal di luar rentang yang diharapkan",
    "unexpected extra characters at the end of the input": (
        "terdapat karakter tambahan yang tidak diharapkan di akhir masukan"
    ),
    "invalid datetime separator, expected `T`, `t`, `_` or space": (
        "pemisah tanggal dan waktu tidak valid, seharusnya `T`, `t`, `_` atau spasi"
    ),
    "day is out of range for month": "tanggal di luar rentang hari pada bulan tersebut",
    "month must be in 1..12": "bulan harus di antara 1..12",
    "year {year} is out of range": "tahun {year} di luar rentang",
    # rules/loader.py
    "a rule file must be a YAML mapping": "berkas aturan harus berupa pemetaan YAML (mapping)",
    "rule {id}": "aturan {id}",
    "rule #{number}": "aturan ke-{number}",
    "duplicate rule id {id} (first defined on line {line})": (
        "id aturan {id} ganda (pertama kali didefinisikan pada baris {line})"
    ),
    "none registered": "belum ada yang terdaftar",
    'unknown check kind "{kind}" (valid: {valid})': (
        'jenis pemeriksaan "{kind}" tidak dikenal (yang valid: {valid})'
    ),
    'action "{action}" is not in applies.actions ({actions})': (
        'tindakan "{action}" tidak terdapat dalam applies.actions ({actions})'
    ),
    "{row} does not match the rule id (expected {expected})": (
        "{row} tidak sesuai dengan id aturan (seharusnya {expected})"
    ),
    '"{value}" is wrong for a table {table} row (expected {expected})': (
        '"{value}" tidak tepat untuk baris tabel {table} (seharusnya {expected})'
    ),
    "only a rule with `detectable: true` has checks": (
        "hanya aturan dengan `detectable: true` yang boleh memiliki pemeriksaan"
    ),
    'a detectable rule needs "{key}"': 'aturan dengan `detectable: true` wajib memiliki "{key}"',
    'unknown column "{column}" (valid: {valid})': (
        'kolom "{column}" tidak dikenal (yang valid: {valid})'
    ),
    '"{value}" is not a date and time ({reason})': (
        '"{value}" bukan tanggal dan waktu yang valid ({reason})'
    ),
    '"{value}" is not a valid value ({error})': '"{value}" bukan nilai yang valid ({error})',
    "a value cannot be read": "terdapat nilai yang tidak dapat dibaca",
}
