"""Synthetic activity exports with ground truth, for the demo, tests and benchmarks.

All text here is written for this project. Proportions follow DOMAIN.md §6: most rows are
innocent; a few percent touch participants; some of those fall outside the participant's period
(no finding); a small share of rows is broken and must be rejected.

Deterministic per seed, and cheap: columns are numpy object arrays filled by whole masks; the only
Python loops run over the rows that touch a participant (about 5 %) and do nothing but draw their
random numbers and set a few cells, so a seed gives the same rows as earlier versions did. The
ground truth asks the registry once per participant and local day, not once per row. Outputs
larger than `BLOCK_ROWS` are generated and appended block by block, each block with a seed derived
from the run's seed and record ids that continue the previous block's, so memory stays bounded
whatever the number of rows (about a million rows a few seconds, on one core).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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


#: Rows generated and written at a time; larger outputs are appended block by block.
BLOCK_ROWS = 1_000_000
ACTIVITY_COLUMNS = [
    "record_id", "nip", "actor_account", "platform", "action", "target_account", "target_name",
    "group_name", "content_text", "photo_labels", "url", "occurred_at",
]  # fmt: skip
KINDS = ["neutral_like", "neutral_post", "neutral_photo", "violation_account", "violation_text",
         "violation_photo", "out_of_period", "broken"]  # fmt: skip
KIND_SHARES = [0.56, 0.25, 0.12, 0.025, 0.012, 0.006, 0.012, 0.015]
TOUCHING = ["violation_account", "violation_text", "violation_photo", "out_of_period"]
FAMILY = {"violation_account": "interaction", "out_of_period": "interaction",
          "violation_text": "campaign_content", "violation_photo": "photo"}  # fmt: skip
ZONES = (("Asia/Jakarta", "WIB"), ("Asia/Makassar", "WITA"), ("Asia/Jayapura", "WIT"))
INTERACTIONS = ["like", "comment", "share", "follow", "komentar"]
HOSTS = {"x": "x.com", "instagram": "instagram.com", "facebook": "facebook.com",
         "tiktok": "tiktok.com/@", "youtube": "youtube.com/@", "threads": "threads.net/@"}  # fmt: skip
DAY = 86_400
_START = int(TIME_START.timestamp())
_END = int(TIME_END.timestamp())

Columns = dict[str, np.ndarray]


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


@dataclass(frozen=True)
class Targets:
    """The touchable participants, with each one's period as UTC epoch seconds (first, last)."""

    items: list[Target]
    start: list[int]
    end: list[int]
    photo_able: np.ndarray
    ids: np.ndarray
    platforms: np.ndarray


def generate(
    registry: Registry, rows: int, employees: int, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(activity, roster, truth) frames, all in memory. Same arguments, same output.

    The rows are those of `write_samples` for outputs of up to `BLOCK_ROWS` rows.
    """
    rng = np.random.default_rng(seed)
    roster = _roster(rng, employees)
    activity, truth = _block(rng, registry, roster, _targets(registry), rows, first=0)
    return activity, roster, truth


def write_samples(
    registry: Registry,
    out: Path,
    rows: int,
    employees: int,
    seed: int,
    block_rows: int = BLOCK_ROWS,
) -> dict[str, Any]:
    """Write activity.csv, roster.csv and truth.csv into `out`; return their row counts.

    Block 0 draws from `seed` itself (so small outputs are those of `generate`); block k > 0
    from the seed sequence (seed, k). Record ids run on across blocks: EXP-0000001, ...
    """
    rng = np.random.default_rng(seed)
    roster = _roster(rng, employees)
    targets = _targets(registry)
    out.mkdir(parents=True, exist_ok=True)
    roster.to_csv(out / "roster.csv", index=False)
    violations = 0
    with (
        (out / "activity.csv").open("w", encoding="utf-8", newline="") as activity_file,
        (out / "truth.csv").open("w", encoding="utf-8", newline="") as truth_file,
    ):
        for number, first in enumerate(range(0, rows, block_rows)):
            block_rng = rng if number == 0 else np.random.default_rng([seed, number])
            size = min(block_rows, rows - first)
            activity, truth = _block(block_rng, registry, roster, targets, size, first)
            activity.to_csv(activity_file, index=False, header=number == 0)
            truth.to_csv(truth_file, index=False, header=number == 0)
            violations += int(truth["is_violation"].sum())
            del activity, truth
    return {"activity": rows, "roster": len(roster), "truth": rows, "violations": violations}


def _block(
    rng: np.random.Generator,
    registry: Registry,
    roster: pd.DataFrame,
    targets: Targets,
    rows: int,
    first: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`rows` activity rows numbered from `first` + 1, and their truth."""
    kind = rng.choice(KINDS, size=rows, p=KIND_SHARES)
    columns, seconds, zone = _base(rng, roster, rows, first)
    _fill_neutral(rng, columns, kind)
    truth = _fill_violations(rng, registry, columns, seconds, kind, targets, first)
    broken_times = _break_rows(rng, columns, kind)
    columns["occurred_at"] = _format_times(rng, seconds, zone)
    for positions, value in broken_times:
        columns["occurred_at"][positions] = value
    # object columns go to the CSV writer as they are (no round trip through Arrow strings)
    activity = pd.DataFrame({name: columns[name] for name in ACTIVITY_COLUMNS}, dtype=object)
    return activity, truth


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
            "agency": np.array([name for name, _ in AGENCIES])[agency],
            "unit": np.array(UNITS)[rng.integers(0, len(UNITS), count)],
            "position": np.array(POSITIONS)[rng.integers(0, len(POSITIONS), count)],
            "employment": rng.choice(["PNS", "CPNS", "PPPK"], count, p=[0.8, 0.05, 0.15]),
        }
    )  # fmt: skip
    for platform in PLATFORMS:
        has = rng.random(count) < 0.6
        roster[platform] = handle.where(has, "")
    return roster


def _objects(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=object)


def _record_ids(first: int, rows: int) -> np.ndarray:
    """EXP-0000001 ... : seven digits at least, numbered from `first` + 1."""
    numbers = pa.array(np.arange(first + 1, first + rows + 1)).cast(pa.string())
    ids = pc.binary_join_element_wise("EXP-", pc.utf8_lpad(numbers, 7, "0"), "")
    return _objects(ids.to_numpy(zero_copy_only=False))


def _base(
    rng: np.random.Generator, roster: pd.DataFrame, rows: int, first: int
) -> tuple[Columns, np.ndarray, np.ndarray]:
    """Empty rows of employees acting on platforms, with their times (UTC seconds) and zones."""
    who = rng.integers(0, len(roster), rows)
    zones = {name: zone for name, zone in AGENCIES}
    by_handle = rng.random(rows) < 0.2
    platform_index = rng.integers(0, len(PLATFORMS), rows)
    own = roster[list(PLATFORMS)].to_numpy(dtype=object)[who, platform_index]
    seconds = _START + rng.integers(0, _END - _START, rows)
    columns = {name: np.full(rows, "", dtype=object) for name in ACTIVITY_COLUMNS}
    columns["record_id"] = _record_ids(first, rows)
    columns["nip"] = roster["nip"].to_numpy(dtype=object)[who]
    columns["platform"] = _objects(PLATFORMS)[platform_index]
    zone = roster["agency"].map(zones).to_numpy(dtype=object)[who]
    use_handle = by_handle & (own != "")
    columns["actor_account"][use_handle] = "@" + own[use_handle]
    columns["nip"][use_handle] = ""
    return columns, seconds, zone


def _fill_neutral(rng: np.random.Generator, columns: Columns, kind: np.ndarray) -> None:
    like = kind == "neutral_like"
    pick = rng.integers(0, len(NEUTRAL_TARGETS), like.sum())
    columns["action"][like] = rng.choice(["like", "comment", "share", "follow", "suka"], like.sum())
    columns["target_account"][like] = _objects(["@" + h for h, _ in NEUTRAL_TARGETS])[pick]
    columns["target_name"][like] = _objects([name for _, name in NEUTRAL_TARGETS])[pick]
    post = kind == "neutral_post"
    columns["action"][post] = rng.choice(["post", "unggah", "comment"], post.sum())
    columns["content_text"][post] = _objects(NEUTRAL_TEXTS)[
        rng.integers(0, len(NEUTRAL_TEXTS), post.sum())
    ]
    columns["target_account"][post & (columns["action"] == "comment")] = "@infobandung"
    photo = kind == "neutral_photo"
    columns["action"][photo] = "upload_photo"
    columns["photo_labels"][photo] = _objects(PHOTO_INNOCENT)[
        rng.integers(0, len(PHOTO_INNOCENT), photo.sum())
    ]


def _targets(registry: Registry) -> Targets:
    """Participants with a sourced account: the ones a sample violation row can touch."""
    found = []
    for participant in registry.participants.values():
        tag = participant.hashtags[0].tag if participant.hashtags else ""
        for account in participant.accounts:
            if account.unverified:
                continue
            found.append(Target(participant.id, account.platform, account.handle,
                                participant.name, tag, participant.ballot_number, participant.kind))  # fmt: skip
    items = sorted(found, key=lambda t: (t.participant_id, t.platform, t.handle))
    periods = {t.participant_id: participant_period(registry, t.participant_id) for t in items}
    return Targets(
        items=items,
        start=[periods[t.participant_id][0] for t in items],
        end=[periods[t.participant_id][1] for t in items],
        photo_able=np.array([t.kind in ("person", "party") for t in items], dtype=bool),
        ids=_objects([t.participant_id for t in items]),
        platforms=_objects([t.platform for t in items]),
    )


def _fill_violations(
    rng: np.random.Generator,
    registry: Registry,
    columns: Columns,
    seconds: np.ndarray,
    kind: np.ndarray,
    targets: Targets,
    first: int,
) -> pd.DataFrame:
    rows = len(kind)
    is_violation = np.zeros(rows, dtype=bool)
    family = np.full(rows, "", dtype=object)
    participant = np.full(rows, "", dtype=object)
    touching = np.isin(kind, TOUCHING)
    if not targets.items:
        kind[touching] = "neutral_like"
        _fill_neutral(rng, columns, kind)
    else:
        positions = np.flatnonzero(touching)
        chosen = rng.integers(0, len(targets.items), len(positions))
        demote = (kind[positions] == "violation_photo") & ~targets.photo_able[chosen]
        kind[positions[demote]] = "violation_account"
        touched = kind[positions]
        seconds[positions] = _period_times(rng, targets, chosen, touched == "out_of_period")
        _write_touching(rng, columns, touched, positions, chosen, targets, first)
        inside = _in_period(registry, targets, chosen, seconds[positions])
        is_violation[positions] = inside
        touched_family = _objects([FAMILY[k] for k in touched.tolist()])
        family[positions] = np.where(inside, touched_family, "")
        participant[positions] = np.where(inside, targets.ids[chosen], "")
    truth = {"record_id": columns["record_id"], "is_violation": is_violation,
             "rule_family": family, "participant_id": participant}  # fmt: skip
    return pd.DataFrame(
        {name: pd.Series(values, dtype=values.dtype) for name, values in truth.items()}
    )


def _period_times(
    rng: np.random.Generator, targets: Targets, chosen: np.ndarray, outside: np.ndarray
) -> np.ndarray:
    """A time inside the participant's period, or (for `outside`) before it or after the end.

    One row at a time, in the order earlier versions drew them, so a seed keeps its rows.
    """
    integers, random = rng.integers, rng.random
    times = []
    for index, out in zip(chosen.tolist(), outside.tolist(), strict=True):
        start, end = targets.start[index], targets.end[index]
        if out:
            before = start - int(integers(2, 60)) * DAY
            after = end + int(integers(2, 60)) * DAY
            times.append(before if random() < 0.5 or after > _END else after)
        else:
            span = max(end - start - 7200, 1)
            times.append(start + int(integers(3600, span)))
    return np.array(times, dtype=np.int64)


def participant_period(registry: Registry, participant_id: str) -> tuple[int, int]:
    """First and last second (UTC epoch) of the participant's period."""
    participant = registry.participants[participant_id]
    election = registry.election_of(participant_id)
    base = participant
    if participant.kind in ("team", "group") and participant.supports:
        base = registry.participants[participant.supports[0]]
    start_fact = base.bakal_calon_from or base.calon_from
    start_date = start_fact.date if start_fact else election.stages[0].start
    zone = election.timezone
    start = pd.Timestamp(start_date).tz_localize(zone)
    end = (pd.Timestamp(election.ends.date) + pd.Timedelta(days=1)).tz_localize(zone)
    return int(start.timestamp()), int(end.timestamp()) - 1


def _in_period(
    registry: Registry, targets: Targets, chosen: np.ndarray, moments: np.ndarray
) -> np.ndarray:
    """Whether the registry gives each chosen participant a status at its moment.

    A status changes only at midnight in the zone of an election involved (registry.periods
    reads the local day), so the registry is asked once per participant and set of local days.
    """
    inside = np.zeros(len(chosen), dtype=bool)
    for participant_id in sorted(set(targets.ids[np.unique(chosen)])):
        rows = np.flatnonzero(targets.ids[chosen] == participant_id)
        utc = pd.DatetimeIndex(moments[rows].astype("datetime64[s]")).tz_localize("UTC")
        days = np.stack(
            [_local_days(utc, zone) for zone in sorted(_zones(registry, participant_id))],
            axis=1,
        )
        _, sample, inverse = np.unique(days, axis=0, return_index=True, return_inverse=True)
        status = [
            registry.status_at(participant_id, utc[i].to_pydatetime()) is not None for i in sample
        ]
        inside[rows] = np.array(status, dtype=bool)[inverse.reshape(-1)]
    return inside


def _local_days(utc: pd.DatetimeIndex, zone: str) -> np.ndarray:
    wall = utc.tz_convert(zone).tz_localize(None)
    return np.asarray(wall.to_numpy().astype("datetime64[D]").astype(np.int64))


def _zones(registry: Registry, participant_id: str, depth: int = 0) -> set[str]:
    """Zones of the elections whose calendars decide the participant's status."""
    zones: set[str] = {registry.election_of(participant_id).timezone}
    participant = registry.participants[participant_id]
    if participant.kind in ("team", "group") and depth <= 4:
        for supported in participant.supports:
            zones |= _zones(registry, supported, depth + 1)
    return zones


def _write_touching(
    rng: np.random.Generator,
    columns: Columns,
    touched: np.ndarray,
    positions: np.ndarray,
    chosen: np.ndarray,
    targets: Targets,
    first: int,
) -> None:
    """Fill the rows that touch a participant, drawing in the order earlier versions did."""
    integers = rng.integers
    action, text = columns["action"], columns["content_text"]
    columns["platform"][positions] = targets.platforms[chosen]
    for position, row_kind, index in zip(
        positions.tolist(), touched.tolist(), chosen.tolist(), strict=True
    ):
        target = targets.items[index]
        if row_kind in ("violation_account", "out_of_period"):
            form = int(integers(0, 4))
            base = HOSTS.get(target.platform, "x.com")
            joiner = "" if base.endswith("@") else "/"
            written = [f"@{target.handle}", target.handle, f"https://{base}{joiner}{target.handle}/",
                       f"https://www.{base}{joiner}{target.handle}/status/{first + position}"][form]  # fmt: skip
            verb = INTERACTIONS[int(integers(0, 5))]
            action[position] = verb
            columns["target_account"][position] = written
            columns["target_name"][position] = target.name
            if verb in ("comment", "komentar"):
                text[position] = "Semangat pak, sehat selalu 🙏"
        elif row_kind == "violation_text":
            template, _ = SUPPORT_TEMPLATES[int(integers(0, len(SUPPORT_TEMPLATES)))]
            if target.kind != "pair" and "{num}" in template:
                template = SUPPORT_TEMPLATES[0][0]
            action[position] = "post"
            text[position] = template.format(
                name=target.name, tag=target.tag or "Pemilu2024",
                num=f"{target.number:02d}" if target.number else "",
            )  # fmt: skip
        else:
            action[position] = "upload_photo"
            label = "person" if target.kind == "person" else "logo"
            columns["photo_labels"][position] = f"{label}:{target.name};text:Kegiatan akhir pekan"


def _break_rows(
    rng: np.random.Generator, columns: Columns, kind: np.ndarray
) -> list[tuple[np.ndarray, str]]:
    """Break the `broken` rows; return the rows whose time must be written as a broken text."""
    broken = np.flatnonzero(kind == "broken")
    columns["action"][broken] = "like"
    columns["target_account"][broken] = "@infobandung"
    which = rng.integers(0, len(BROKEN), len(broken))
    times = []
    for i, (column, value) in enumerate(BROKEN):
        if column == "occurred_at":
            times.append((broken[which == i], value))
        else:
            columns[column][broken[which == i]] = value
    return times


def _format_times(rng: np.random.Generator, seconds: np.ndarray, zones: np.ndarray) -> np.ndarray:
    """Mixed, realistic time formats, each in the employee's own zone."""
    text = np.full(len(seconds), "", dtype=object)
    style = rng.integers(0, 4, len(seconds))
    for zone, abbreviation in ZONES:
        rows = np.flatnonzero(zones == zone)
        utc = pd.DatetimeIndex(seconds[rows].astype("datetime64[s]")).tz_localize("UTC")
        wall = utc.tz_convert(zone).tz_localize(None).to_numpy().astype("datetime64[s]")
        offset = (wall - utc.tz_localize(None).to_numpy().astype("datetime64[s]")).astype(np.int64)
        forms = ["%Y-%m-%dT%H:%M:%S", f"%Y-%m-%d %H:%M {abbreviation}",
                 f"%d/%m/%Y %H:%M {abbreviation}", f"%d-%m-%Y %H:%M {abbreviation}"]  # fmt: skip
        for number, form in enumerate(forms):
            pick = style[rows] == number
            if not pick.any():
                continue
            written = _objects(
                pc.strftime(pa.array(wall[pick]), format=form).to_numpy(zero_copy_only=False)
            )
            if number == 0:
                written = written + _offset_texts(offset[pick])
            text[rows[pick]] = written
    return text


def _offset_texts(offsets: np.ndarray) -> np.ndarray:
    """+07:00 for 25200 seconds."""
    unique, inverse = np.unique(offsets, return_inverse=True)
    texts = [
        f"{'+' if o >= 0 else '-'}{abs(o) // 3600:02d}:{abs(o) % 3600 // 60:02d}"
        for o in unique.tolist()
    ]
    return _objects(texts)[inverse.reshape(-1)]
