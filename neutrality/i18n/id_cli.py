"""Indonesian messages: usage errors of the command line (neutrality/cli/usage.py)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "Error": "Galat",
    "Stopped.": "Dihentikan.",
    "no such option: {option}": "opsi tidak dikenal: {option}",
    " (options like it: {options})": " (opsi yang mirip: {options})",
    "argument {name} is missing": "argumen {name} wajib diisi",
    "option {name} is missing": "opsi {name} wajib diisi",
    "invalid value for {name}: {detail}": "nilai tidak sah untuk {name}: {detail}",
    "option {option} takes no value": "opsi {option} tidak menerima nilai",
    "option {option} needs a value": "opsi {option} memerlukan nilai",
    "unexpected extra argument: {values}": "argumen berlebih yang tidak dikenal: {values}",
    "no such command: {name}": "perintah tidak dikenal: {name}",
    " (did you mean {commands}?)": " (maksud Anda {commands}?)",
    "See '{command}' for help.": "Lihat '{command}' untuk bantuan.",
}
