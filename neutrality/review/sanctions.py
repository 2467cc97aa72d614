"""Sanction levels of SKB 2/2022 Lampiran II, ordered so the heaviest one can be recommended.

The finding's own sanction text (from the rule pack) decides the level when it names one; the
table below (DOMAIN.md section 1) is the fallback, and gives manual findings their sanction.
Ethics rows carry sanksi moral; discipline rows ringan/sedang/berat; B5 (party membership) PTDH;
B13 is decided case by case by the Satgas, still a discipline matter and so above sanksi moral.
"""

from __future__ import annotations

import re

#: lightest first; discipline levels all rank above the ethics level
LEVELS = ("moral", "satgas", "ringan", "sedang", "berat", "ptdh")
RULE_ID = re.compile(r"^SKB-(A[1-7]|B(?:1[0-3]|[1-9]))$")

LEVEL_BY_ROW = {
    **{f"A{n}": "moral" for n in range(1, 8)},
    "B1": "berat", "B2": "berat", "B3": "sedang", "B4": "berat", "B5": "ptdh", "B6": "berat",
    "B7": "berat", "B8": "berat", "B9": "sedang", "B10": "berat", "B11": "berat", "B12": "berat",
    "B13": "satgas",
}  # fmt: skip

LEVEL_TEXT = {
    "id": {
        "moral": "sanksi moral (pernyataan secara tertutup atau terbuka, Ps 15 PP 42/2004)",
        "satgas": "dibahas dan diputus oleh Satgas Netralitas ASN",
        "ringan": "hukuman disiplin ringan (PP 94/2021)",
        "sedang": "hukuman disiplin sedang (PP 94/2021)",
        "berat": "hukuman disiplin berat (PP 94/2021)",
        "ptdh": "pemberhentian tidak dengan hormat (PTDH)",
    },
    "en": {
        "moral": "moral sanction (closed or open statement, Art. 15 PP 42/2004)",
        "satgas": "discussed and decided by the ASN Neutrality Task Force",
        "ringan": "light disciplinary penalty (PP 94/2021)",
        "sedang": "moderate disciplinary penalty (PP 94/2021)",
        "berat": "severe disciplinary penalty (PP 94/2021)",
        "ptdh": "dishonourable dismissal (PTDH)",
    },
}


def valid_rule_id(rule_id: str) -> bool:
    return bool(RULE_ID.fullmatch(rule_id))


def category_of(rule_id: str) -> str:
    return "ethics" if rule_id.startswith("SKB-A") else "discipline"


def level_of(rule_id: str, sanction_text: str = "") -> str:
    text = sanction_text.lower()
    if "ptdh" in text or "tidak dengan hormat" in text:
        return "ptdh"
    for level in ("berat", "sedang", "ringan", "moral", "satgas"):
        if re.search(rf"\b{level}\b", text):
            return level
    row = rule_id.removeprefix("SKB-")
    return LEVEL_BY_ROW.get(row, "moral" if row.startswith("A") else "satgas")


def rank(level: str) -> int:
    return LEVELS.index(level)


def legal_basis_of(rule_id: str) -> str:
    """Legal basis written on manual findings (the rule pack gives it on detected ones)."""
    row = rule_id.removeprefix("SKB-")
    item = f"SKB 2/2022 Lampiran II huruf {row[0]} angka {row[1:]}"
    if row == "B5":
        return f"{item}; Ps 87 ayat (4) huruf c UU 5/2014 jo. Ps 52 ayat (3) huruf j UU 20/2023"
    if row.startswith("A"):
        return f"{item}; Ps 11 huruf c PP 42/2004"
    return f"{item}; Ps 9 ayat (2) UU 5/2014; Ps 5 huruf n PP 94/2021"
