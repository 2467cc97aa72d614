"""Indonesian messages: registry (English template → Indonesian template)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # registry/loader.py
    "no registry file given": "tidak ada berkas registri yang diberikan",
    "a registry file must be a YAML mapping": (
        "berkas registri harus berupa pemetaan YAML (mapping)"
    ),
    "participant {id}": "peserta {id}",
    "non-participant {id}": "entri bukan peserta {id}",
    "participant #{number}": "peserta ke-{number}",
    "non-participant #{number}": "entri bukan peserta ke-{number}",
    "election {id} is also defined in {file}:{line}": (
        "pemilihan {id} juga didefinisikan di {file}:{line}"
    ),
    "duplicate participant id {id} (first defined on line {line})": (
        "id peserta {id} ganda (pertama kali didefinisikan pada baris {line})"
    ),
    "duplicate participant id {id} (first defined on {file}:{line})": (
        "id peserta {id} ganda (pertama kali didefinisikan di {file}:{line})"
    ),
    (
        "account {platform}:{handle} is also listed for {other} ({file}:{line}); a handle must "
        "name one entry"
    ): (
        "akun {platform}:{handle} juga tercantum untuk {other} ({file}:{line}); satu handle "
        "hanya boleh merujuk ke satu entri"
    ),
    '"{ref}" is not a participant': '"{ref}" bukan peserta',
    " (it is defined in {file}: give that registry file too)": (
        " (didefinisikan di {file}: sertakan juga berkas registri tersebut)"
    ),
    "supports goes round in a circle through {id}": (
        "rujukan supports membentuk lingkaran melalui {id}"
    ),
    # registry/schema.py
    "a fact needs `source` or `unverified: true` with a `note`": (
        "setiap fakta memerlukan `source`, atau `unverified: true` disertai `note`"
    ),
    "an unverified fact needs a `note` saying why": (
        "fakta yang belum terverifikasi memerlukan `note` yang menjelaskan alasannya"
    ),
    "stage {id}: end {end} is before start {start}": (
        "tahapan {id}: tanggal akhir {end} lebih awal daripada tanggal mulai {start}"
    ),
    "unknown time zone {timezone}": "zona waktu {timezone} tidak dikenal",
    "a {kind} needs `supports` (the participant it campaigns for)": (
        "peserta berjenis {kind} memerlukan `supports` (peserta yang dikampanyekannya)"
    ),
    "a {kind} needs `calon_from`": "peserta berjenis {kind} memerlukan `calon_from`",
    "`bakal_calon_from` is after `calon_from`": "`bakal_calon_from` jatuh setelah `calon_from`",
}
