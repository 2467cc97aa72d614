"""Indonesian messages: usage errors of the command line (neutrality/cli/usage.py)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "Error": "Galat",
    "Aborted.": "Dibatalkan.",
    "no such option: {option}": "opsi tidak dikenal: {option}",
    " (options like it: {options})": " (opsi yang mirip: {options})",
    "argument {name} is missing": "argumen {name} wajib diisi",
    "option {name} is missing": "opsi {name} wajib diisi",
    "invalid value for {name}: {detail}": "nilai tidak sah untuk {name}: {detail}",
    "a whole number from {low} to {high} is needed": (
        "nilai harus bilangan bulat dari {low} sampai {high}"
    ),
    "option {option} takes no value": "opsi {option} tidak menerima nilai",
    "option {option} needs a value": "opsi {option} memerlukan nilai",
    "unexpected extra argument: {values}": "argumen tambahan yang tidak diharapkan: {values}",
    "unexpected extra arguments: {values}": "argumen tambahan yang tidak diharapkan: {values}",
    "no such command: {name}": "perintah tidak dikenal: {name}",
    " (did you mean {commands}?)": " (maksud Anda {commands}?)",
    "a command is missing": "perintah belum diberikan",
    "See '{command}' for help.": "Lihat '{command}' untuk bantuan.",
}
