"""Synthetic activity exports with ground truth, for the demo, tests and benchmarks.

Deterministic per seed and vectorised (numpy/pandas, no per-row Python loop), so a million rows
take seconds. All text here is written for this project. Proportions follow DOMAIN.md §6:
most rows are innocent; a few percent touch participants; some of those fall outside the
participant's period (no finding); a small share of rows is broken and must be rejected.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from neutrality.registry import Registry

FIRST_NAMES = [
    "Budi", "Siti", "Agus", "Dewi", "Rina", "Andi", "Putu", "Made", "Wayan", "Nurul", "Fitri",
    "Hendra", "Yuni", "Bambang", "Sri", "Ahmad", "Lestari", "Joko", "Ratna", "Eko", "Wulan",
    "Dian", "Rudi", "Maya", "Ketut", "Lalu", "Baiq", "Teguh", "Indah", "Fajar",
]  # fmt: skip
LAST_NAMES = [
    "Santoso", "Rahmawati", "Saputra", "Lestari", "Wibowo", "Hidayat", "Kusuma", "Pratama",
    "Nugroho", "Sari", "Susanto", "Handayani", "Setiawan", "Maharani", "Firmansyah", "Anggraini",
]  # fmt: skip
AGENCIES = [
    ("Dinas Pendidikan Kota Mataram", "Asia/Makassar"),
    ("Dinas Kesehatan Kabupaten Lombok Barat", "Asia/Makassar"),
    ("Badan Kepegawaian Daerah Provinsi NTB", "Asia/Makassar"),
    ("Dinas Perhubungan Kota Bandung", "Asia/Jakarta"),
    ("Sekretariat Daerah Kabupaten Sleman", "Asia/Jakarta"),
    ("Dinas Sosial Kota Surabaya", "Asia/Jakarta"),
    ("Inspektorat Kabupaten Bogor", "Asia/Jakarta"),
    ("Dinas Pertanian Kabupaten Jayapura", "Asia/Jayapura"),
]
UNITS = ["Sekretariat", "Bidang Program", "Bidang Pelayanan", "UPTD", "Subbagian Umum"]
POSITIONS = ["Analis Kebijakan", "Guru Ahli Pertama", "Perawat Terampil", "Pranata Komputer",
             "Kepala Seksi", "Pengadministrasi Umum", "Arsiparis"]  # fmt: skip
PLATFORMS = np.array(["instagram", "facebook", "x", "tiktok", "youtube", "threads"])

#: Accounts an employee may innocently interact with: friends, news, shops, election bodies.
NEUTRAL_TARGETS = [
    ("kompascom", "Kompas.com"), ("detikcom", "detikcom"), ("KPU_ID", "KPU RI"),
    ("bawaslu_ri", "Bawaslu RI"), ("kemenkes_ri", "Kementerian Kesehatan RI"),
    ("humas_ntb", "Humas Pemprov NTB"), ("warung_bu_siti", "Warung Bu Siti"),
    ("infobandung", "Info Bandung"), ("resepmasakan.id", "Resep Masakan Nusantara"),
    ("jokowi", "Joko Widodo"), ("toko_ganjar_jaya", "Toko Ganjar Jaya"),
    ("prabowo_santoso88", "Prabowo Santoso"), ("aniessalon", "Anies Salon & Spa"),
]  # fmt: skip
NEUTRAL_TEXTS = [
    "Selamat pagi rekan-rekan, jangan lupa apel pagi hari ini",
    "Alhamdulillah kegiatan posyandu berjalan lancar 🙏",
    "Mantap, jalan desa sudah diperbaiki. Terima kasih pak kades",
    "Hujan deras di Mataram sore ini, hati-hati di jalan ya",
    "Debat capres malam ini disiarkan di televisi nasional",
    "KPU menetapkan jadwal kampanye, cek situs resmi KPU",
    "Siapa yang nonton bola semalam? Seru bangeeet ⚽",
    "Resep sambal matah ala rumahan, cobain deh",
    "Info lowongan: pelatihan kewirausahaan gratis di balai desa",
    "Selamat hari guru untuk semua pendidik di Indonesia 🇮🇩",
]  # fmt: skip
SUPPORT_TEMPLATES = [
    ("Ayo dukung {name}! Pilihan terbaik untuk Indonesia 🔥", "{name}"),
    ("Mantap {name}, lanjutkan! #{tag}", "{name}"),
    ("Coblos nomor {num} ya gaes, jangan sampai salah pilih", ""),
    ("Pokoknya all in {name} 💪💪 #{tag}", "{name}"),
    ("Menangkan {name} satu putaran!", "{name}"),
]  # fmt: skip
PHOTO_INNOCENT = ["person:Keluarga", "gesture:two_fingers;text:Liburan Bali",
                  "logo:Korpri;person:Rekan kerja", "text:Hari Guru Nasional"]  # fmt: skip
BROKEN = [
    ("action", "nge-like"), ("occurred_at", "kemarin sore"), ("nip", "19860926ABC5051001"),
    ("platform", ""), ("occurred_at", "2023-02-30 10:00"),
]  # fmt: skip
TIME_START = pd.Timestamp("2022-06-01", tz="UTC")
TIME_END = pd.Timestamp("2024-12-31", tz="UTC")


@dataclass(frozen=True)
class Target:
    """A registry participant a sample row can touch, with the facts the row needs."""

    participant_id: str
    platform: str
    handle: str
    name: str
    tag: str
    number: int | None
    kind: str


def generate(
    registry: Registry, rows: int, employees: int, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(activity, roster, truth) frames. Same arguments, same output."""
    rng = np.random.default_rng(seed)
    roster = _roster(rng, employees)
    targets = _targets(registry)
    kind = rng.choice(
        ["neutral_like", "neutral_post", "neutral_photo", "violation_account", "violation_text",
         "violation_photo", "out_of_period", "broken"],
        size=rows, p=[0.56, 0.25, 0.12, 0.025, 0.012, 0.006, 0.012, 0.015],
    )  # fmt: skip
    frame = _base(rng, roster, rows)
    _fill_neutral(rng, frame, kind)
    truth = _fill_violations(rng, frame, kind, targets, registry)
    _break_rows(rng, frame, kind)
    frame["occurred_at"] = _format_times(rng, frame.pop("_time"), frame.pop("_zone"))
    return frame, roster, truth


def _roster(rng: np.random.Generator, count: int) -> pd.DataFrame:
    birth = pd.to_datetime("1965-01-01") + pd.to_timedelta(rng.integers(0, 12_000, count), "D")
    tmt_year = np.minimum(birth.year + rng.integers(22, 35, count), 2023)
    tmt_month = rng.integers(1, 13, count)
    sex = rng.integers(1, 3, count)
    serial = (np.arange(count) % 999) + 1
    nip = (
        pd.Series(birth.strftime("%Y%m%d")) + pd.Series(tmt_year).astype(str)
        + pd.Series(tmt_month).astype(str).str.zfill(2) + pd.Series(sex).astype(str)
        + pd.Series(serial).astype(str).str.zfill(3)
    )  # fmt: skip
    first = np.array(FIRST_NAMES)[rng.integers(0, len(FIRST_NAMES), count)]
    last = np.array(LAST_NAMES)[rng.integers(0, len(LAST_NAMES), count)]
    agency = rng.integers(0, len(AGENCIES), count)
    handle = (
        pd.Series(first).str.lower()
        + "_"
        + pd.Series(last).str.lower()
        + pd.Series(np.arange(count)).astype(str)
    )
    roster = pd.DataFrame(
        {
            "nip": nip, "name": pd.Series(first) + " " + pd.Series(last),
            "agency": [AGENCIES[i][0] for i in agency],
            "unit": np.array(UNITS)[rng.integers(0, len(UNITS), count)],
            "position": np.array(POSITIONS)[rng.integers(0, len(POSITIONS), count)],
            "employment": rng.choice(["PNS", "CPNS", "PPPK"], count, p=[0.8, 0.05, 0.15]),
        }
    )  # fmt: skip
    for platform in PLATFORMS:
        has = rng.random(count) < 0.6
        roster[platform] = handle.where(has, "")
    return roster


def _base(rng: np.random.Generator, roster: pd.DataFrame, rows: int) -> pd.DataFrame:
    who = rng.integers(0, len(roster), rows)
    zones = {name: zone for name, zone in AGENCIES}
    by_handle = rng.random(rows) < 0.2
    platform_index = rng.integers(0, len(PLATFORMS), rows)
    platform = PLATFORMS[platform_index]
    own = roster[list(PLATFORMS)].to_numpy()[who, platform_index]
    seconds = rng.integers(0, int((TIME_END - TIME_START).total_seconds()), rows)
    frame = pd.DataFrame(
        {
            "record_id": [f"EXP-{seed_id:07d}" for seed_id in range(1, rows + 1)],
            "nip": roster["nip"].to_numpy()[who],
            "actor_account": "",
            "platform": platform,
            "action": "",
            "target_account": "", "target_name": "", "group_name": "", "content_text": "",
            "photo_labels": "", "url": "",
            "_time": TIME_START + pd.to_timedelta(seconds, unit="s"),
            "_zone": roster["agency"].map(zones).to_numpy()[who],
        }
    )  # fmt: skip
    use_handle = by_handle & (own != "")
    frame.loc[use_handle, "actor_account"] = [f"@{handle}" for handle in own[use_handle]]
    frame.loc[use_handle, "nip"] = ""
    return frame


def _fill_neutral(rng: np.random.Generator, frame: pd.DataFrame, kind: np.ndarray) -> None:
    like = kind == "neutral_like"
    pick = rng.integers(0, len(NEUTRAL_TARGETS), like.sum())
    frame.loc[like, "action"] = rng.choice(
        ["like", "comment", "share", "follow", "suka"], like.sum()
    )
    frame.loc[like, "target_account"] = ["@" + NEUTRAL_TARGETS[i][0] for i in pick]
    frame.loc[like, "target_name"] = [NEUTRAL_TARGETS[i][1] for i in pick]
    post = kind == "neutral_post"
    frame.loc[post, "action"] = rng.choice(["post", "unggah", "comment"], post.sum())
    frame.loc[post, "content_text"] = np.array(NEUTRAL_TEXTS)[
        rng.integers(0, len(NEUTRAL_TEXTS), post.sum())
    ]
    frame.loc[post & (frame["action"] == "comment"), "target_account"] = "@infobandung"
    photo = kind == "neutral_photo"
    frame.loc[photo, "action"] = "upload_photo"
    frame.loc[photo, "photo_labels"] = np.array(PHOTO_INNOCENT)[
        rng.integers(0, len(PHOTO_INNOCENT), photo.sum())
    ]


def _targets(registry: Registry) -> list[Target]:
    """Participants with a sourced account: the ones a sample violation row can touch."""
    found = []
    for participant in registry.participants.values():
        tag = participant.hashtags[0].tag if participant.hashtags else ""
        for account in participant.accounts:
            if account.unverified:
                continue
            found.append(Target(participant.id, account.platform, account.handle,
                                participant.name, tag, participant.ballot_number, participant.kind))  # fmt: skip
    return sorted(found, key=lambda t: (t.participant_id, t.platform, t.handle))


def _fill_violations(
    rng: np.random.Generator,
    frame: pd.DataFrame,
    kind: np.ndarray,
    targets: list[Target],
    registry: Registry,
) -> pd.DataFrame:
    truth = pd.DataFrame({"record_id": frame["record_id"], "is_violation": False,
                          "rule_family": "", "participant_id": ""})  # fmt: skip
    touching = np.isin(
        kind, ["violation_account", "violation_text", "violation_photo", "out_of_period"]
    )
    if not targets:
        kind[touching] = "neutral_like"
        _fill_neutral(rng, frame, kind)
        return truth
    positions = np.flatnonzero(touching)
    chosen = [targets[i] for i in rng.integers(0, len(targets), len(positions))]
    photo_able = np.array([t.kind in ("person", "party") for t in chosen], dtype=bool)
    kind[positions[(kind[positions] == "violation_photo") & ~photo_able]] = "violation_account"
    period = _period_times(rng, registry, chosen, kind[positions] == "out_of_period")
    frame.loc[positions, "_time"] = period
    _write_touching(rng, frame, kind, positions, chosen)
    status = [registry.status_at(t.participant_id, moment.to_pydatetime())
              for t, moment in zip(chosen, period, strict=True)]  # fmt: skip
    family = pd.Series(kind[positions]).map(
        {"violation_account": "interaction", "out_of_period": "interaction",
         "violation_text": "campaign_content", "violation_photo": "photo"}
    )  # fmt: skip
    is_violation = np.array([s is not None for s in status])
    truth.loc[positions, "is_violation"] = is_violation
    truth.loc[positions, "rule_family"] = np.where(is_violation, family.to_numpy(), "")
    truth.loc[positions, "participant_id"] = np.where(
        is_violation, [t.participant_id for t in chosen], ""
    )
    return truth


def _period_times(
    rng: np.random.Generator, registry: Registry, chosen: list[Target], outside: np.ndarray
) -> list[pd.Timestamp]:
    """A time inside the participant's period, or (for `outside`) before it or after the end."""
    times = []
    for target, out in zip(chosen, outside, strict=True):
        start, end = _period(registry, target.participant_id)
        if out:
            before = start - pd.Timedelta(days=int(rng.integers(2, 60)))
            after = end + pd.Timedelta(days=int(rng.integers(2, 60)))
            moment = before if rng.random() < 0.5 or after > TIME_END else after
        else:
            span = max(int((end - start).total_seconds()) - 7200, 1)
            moment = start + pd.Timedelta(seconds=int(rng.integers(3600, span)))
        times.append(moment)
    return times


def _period(registry: Registry, participant_id: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    participant = registry.participants[participant_id]
    election = registry.election_of(participant_id)
    base = participant
    if participant.kind in ("team", "group") and participant.supports:
        base = registry.participants[participant.supports[0]]
    start_fact = base.bakal_calon_from or base.calon_from
    start_date = start_fact.date if start_fact else election.stages[0].start
    zone = election.timezone
    start = pd.Timestamp(start_date).tz_localize(zone).tz_convert("UTC")
    end = (
        (pd.Timestamp(election.ends.date) + pd.Timedelta(days=1))
        .tz_localize(zone)
        .tz_convert("UTC")
    )
    return start, end - pd.Timedelta(seconds=1)


def _write_touching(
    rng: np.random.Generator,
    frame: pd.DataFrame,
    kind: np.ndarray,
    positions: np.ndarray,
    chosen: list[Target],
) -> None:
    for position, target in zip(positions, chosen, strict=True):
        row_kind = kind[position]
        frame.at[position, "platform"] = target.platform
        if row_kind in ("violation_account", "out_of_period"):
            _interaction_row(rng, frame, position, target)
        elif row_kind == "violation_text":
            template, _ = SUPPORT_TEMPLATES[int(rng.integers(0, len(SUPPORT_TEMPLATES)))]
            if target.kind != "pair" and "{num}" in template:
                template = SUPPORT_TEMPLATES[0][0]
            text = template.format(name=target.name, tag=target.tag or "Pemilu2024",
                                   num=f"{target.number:02d}" if target.number else "")  # fmt: skip
            frame.at[position, "action"] = "post"
            frame.at[position, "content_text"] = text
        else:
            frame.at[position, "action"] = "upload_photo"
            label = "person" if target.kind == "person" else "logo"
            frame.at[position, "photo_labels"] = f"{label}:{target.name};text:Kegiatan akhir pekan"


def _interaction_row(
    rng: np.random.Generator, frame: pd.DataFrame, position: int, target: Target
) -> None:
    form = int(rng.integers(0, 4))
    host = {"x": "x.com", "instagram": "instagram.com", "facebook": "facebook.com",
            "tiktok": "tiktok.com/@", "youtube": "youtube.com/@", "threads": "threads.net/@"}  # fmt: skip
    base = host.get(target.platform, "x.com")
    joiner = "" if base.endswith("@") else "/"
    written = [f"@{target.handle}", target.handle, f"https://{base}{joiner}{target.handle}/",
               f"https://www.{base}{joiner}{target.handle}/status/{position}"][form]  # fmt: skip
    frame.at[position, "action"] = ["like", "comment", "share", "follow", "komentar"][
        int(rng.integers(0, 5))
    ]
    frame.at[position, "target_account"] = written
    frame.at[position, "target_name"] = target.name
    if frame.at[position, "action"] in ("comment", "komentar"):
        frame.at[position, "content_text"] = "Semangat pak, sehat selalu 🙏"


def _break_rows(rng: np.random.Generator, frame: pd.DataFrame, kind: np.ndarray) -> None:
    broken = np.flatnonzero(kind == "broken")
    frame.loc[broken, "action"] = "like"
    frame.loc[broken, "target_account"] = "@infobandung"
    which = rng.integers(0, len(BROKEN), len(broken))
    for column, value in BROKEN:
        rows = broken[[BROKEN[i] == (column, value) for i in which]]
        if column != "occurred_at":
            frame.loc[rows, column] = value
    frame["_broken_time"] = ""
    for i, (column, value) in enumerate(BROKEN):
        if column == "occurred_at":
            frame.loc[broken[which == i], "_broken_time"] = value


def _format_times(rng: np.random.Generator, moments: pd.Series, zones: pd.Series) -> pd.Series:
    """Mixed, realistic time formats, each in the employee's own zone."""
    text = pd.Series("", index=moments.index, dtype=object)
    style = rng.integers(0, 4, len(moments))
    for zone, abbreviation in (
        ("Asia/Jakarta", "WIB"),
        ("Asia/Makassar", "WITA"),
        ("Asia/Jayapura", "WIT"),
    ):
        mask = (zones == zone).to_numpy()
        local = pd.DatetimeIndex(moments[mask]).tz_convert(zone)
        forms = [
            local.strftime("%Y-%m-%dT%H:%M:%S") + local.strftime("%z").str[:3] + ":" + local.strftime("%z").str[3:],
            local.strftime("%Y-%m-%d %H:%M ") + abbreviation,
            local.strftime("%d/%m/%Y %H:%M ") + abbreviation,
            local.strftime("%d-%m-%Y %H:%M ") + abbreviation,
        ]  # fmt: skip
        chosen = np.select([style[mask] == i for i in range(4)], [np.asarray(f) for f in forms])
        text[mask] = chosen
    return text


def write_samples(
    registry: Registry, out: Path, rows: int, employees: int, seed: int
) -> dict[str, Any]:
    """Write activity.csv, roster.csv and truth.csv into `out`; return their row counts."""
    activity, roster, truth = generate(registry, rows, employees, seed)
    broken_time = activity.pop("_broken_time")
    activity["occurred_at"] = activity["occurred_at"].where(broken_time == "", broken_time)
    out.mkdir(parents=True, exist_ok=True)
    activity.to_csv(out / "activity.csv", index=False)
    roster.to_csv(out / "roster.csv", index=False)
    truth.to_csv(out / "truth.csv", index=False)
    return {"activity": len(activity), "roster": len(roster), "truth": len(truth),
            "violations": int(truth["is_violation"].sum())}  # fmt: skip
