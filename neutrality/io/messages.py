"""Per-row messages of rejected rows in Indonesian (default) and English.

Parsers return language-neutral codes; messages are composed here, vectorised, from a template
whose `{placeholders}` take either one text or a Series of per-row values.
"""

from __future__ import annotations

import string

import numpy as np
import pandas as pd

LANGS = ("id", "en")

TIME_ERRORS: dict[str, dict[str, str]] = {
    "empty": {"id": "kosong", "en": "empty"},
    "format": {
        "id": "format waktu tidak dikenal (contoh: 2024-11-27 14:05 WITA atau 27/11/2024 14:05)",
        "en": "unrecognised time format (use e.g. 2024-11-27 14:05 WITA or 27/11/2024 14:05)",
    },
    "zone": {
        "id": "zona waktu tidak dikenal (gunakan WIB, WITA, WIT atau selisih seperti +07:00)",
        "en": "unknown time zone (use WIB, WITA, WIT or an offset like +07:00)",
    },
    "no_time": {
        "id": "tanggal tanpa jam (perlu HH:MM)",
        "en": "date without a time of day (HH:MM needed)",
    },
    "not_a_date": {
        "id": "bukan tanggal atau jam yang ada di kalender",
        "en": "not a real calendar date or time",
    },
    "not_in_zone": {
        "id": "jam ini tidak ada atau terjadi dua kali di zona --tz (pergantian jam musim panas); "
        "tulis zonanya, mis. +01:00",
        "en": "this local time does not exist or happens twice in the --tz zone (a daylight "
        "saving change); write its offset, e.g. +01:00",
    },
    "before_1990": {"id": "waktu sebelum 1990", "en": "time is before 1990"},
    "future": {"id": "waktu di masa depan", "en": "time is in the future"},
}

NIP_ERRORS: dict[str, dict[str, str]] = {
    "shape": {"id": "harus 18 angka", "en": "must be 18 digits"},
    "birth": {
        "id": "tanggal lahir (angka 1-8) bukan tanggal yang ada",
        "en": "birth date (digits 1-8) is not a real date",
    },
    "tmt_month": {
        "id": "bulan TMT CPNS (angka 13-14) harus 01-12",
        "en": "TMT CPNS month (digits 13-14) must be 01-12",
    },
    "birth_range": {
        "id": "tanggal lahir (angka 1-8) di luar rentang yang mungkin (1900 sampai hari ini)",
        "en": "birth date (digits 1-8) is outside what is possible (1900 to today)",
    },
    "tmt_future": {
        "id": "TMT CPNS (angka 9-14) lebih dari setahun ke depan",
        "en": "TMT CPNS (digits 9-14) is more than a year ahead",
    },
    "tmt_before_birth": {
        "id": "TMT CPNS (angka 9-14) sebelum tanggal lahir",
        "en": "TMT CPNS (digits 9-14) is before the birth date",
    },
    "sex": {"id": "angka jenis kelamin (angka 15) harus 1 atau 2", "en": "sex digit (digit 15) must be 1 or 2"},
    "serial": {"id": "nomor urut (angka 16-18) harus 001-999", "en": "serial (digits 16-18) must be 001-999"},
    "excel_number": {
        "id": "tersimpan sebagai angka oleh Excel, yang hanya menyimpan 15 digit: format kolom "
        "NIP sebagai Teks lalu ekspor ulang",
        "en": "stored as a number by Excel, which keeps only 15 digits: format the NIP column as "
        "Text and export again",
    },
}  # fmt: skip

REJECTIONS: dict[str, dict[str, str]] = {
    "row_ragged": {
        "id": "baris berisi {fields} kolom, sedangkan tajuk berisi {width} kolom",
        "en": "{fields} fields where the header has {width}",
    },
    "row_unreadable": {"id": "baris tidak terbaca: {detail}", "en": "unreadable row: {detail}"},
    "missing_value": {"id": 'kolom wajib "{column}" kosong', "en": 'required column "{column}" is empty'},
    "platform_unknown": {
        "id": 'platform "{value}" tidak dikenal (yang sah: {valid})',
        "en": 'platform "{value}" is not known (valid: {valid})',
    },
    "action_unknown": {
        "id": 'action "{value}" tidak dikenal (yang sah: {valid})',
        "en": 'action "{value}" is not known (valid: {valid})',
    },
    "time_invalid": {"id": 'occurred_at "{value}": {detail}', "en": 'occurred_at "{value}": {detail}'},
    "actor_missing": {
        "id": "nip maupun actor_account tidak diisi",
        "en": "neither nip nor actor_account is given",
    },
    "nip_invalid": {"id": 'nip "{value}": {detail}', "en": 'nip "{value}": {detail}'},
    "actor_ambiguous": {
        "id": 'akun "{value}" tercatat untuk lebih dari satu pegawai di daftar pegawai',
        "en": 'account "{value}" is listed for more than one employee in the roster',
    },
    "actor_not_in_roster": {
        "id": "tidak ada pegawai di daftar pegawai dengan nip ini atau akun {platform} ini",
        "en": "no employee in the roster with this nip or {platform} handle",
    },
    "target_missing": {
        "id": "target_account dan target_name kosong untuk aksi {action}",
        "en": "target_account and target_name are both empty for {action}",
    },
    "group_missing": {"id": "group_name kosong untuk join_group", "en": "group_name is empty for join_group"},
    "duplicate_record_id": {
        "id": 'record_id "{value}" sudah dipakai baris sebelumnya dalam audit ini (di berkas ini '
        "atau berkas masukan sebelumnya); record_id harus unik di seluruh audit",
        "en": 'record_id "{value}" was already used by an earlier row of this audit (in this file '
        "or an earlier input file); record ids must be unique across the audit",
    },
}  # fmt: skip

ROSTER_ROW: dict[str, str] = {"id": "baris {row}: {detail}", "en": "row {row}: {detail}"}


def render(template: str, index: pd.Index, **parts: pd.Series | str) -> pd.Series:
    """Fill `template` per row; each placeholder takes one text or a Series of the rows of
    `index`, in its order. One format per row: the rows are the few a check rejects."""
    layout: list[str] = []
    columns: list[list[str]] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        layout.append(literal.replace("{", "{{").replace("}", "}}"))
        if name:
            value = parts[name]
            if isinstance(value, pd.Series):
                if len(value) != len(index):
                    raise ValueError(f"{name}: {len(value)} values for {len(index)} rows")
                layout.append(f"{{{len(columns)}}}")
                columns.append(value.astype(str).tolist())
            else:
                layout.append(value.replace("{", "{{").replace("}", "}}"))
    shape = "".join(layout)
    if columns:
        texts = [shape.format(*row) for row in zip(*columns, strict=True)]
    else:
        texts = [shape.format()] * len(index)
    return pd.Series(texts, index=index, dtype=object)


def detail_text(codes: pd.Series, catalogue: dict[str, dict[str, str]], lang: str) -> pd.Series:
    """Codes (e.g. from parse_times) to text in `lang`; "" (and a code with no text) stays "".
    A lookup per coded row (most rows of a roster have none; a check gives only its rows)."""
    texts = {code: text[lang] for code, text in catalogue.items()}
    values = codes.to_numpy(dtype=object)
    found = np.full(len(values), "", dtype=object)
    coded = np.flatnonzero(values != "")
    found[coded] = [texts.get(code, "") for code in values[coded].tolist()]
    return pd.Series(found, index=codes.index, dtype=object)
