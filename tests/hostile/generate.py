"""Writes the hostile-input corpus: every file is made here, at test time, from code.

Each case names the command it runs and the outcome it must produce: an exit code, fragments that
must appear in stderr (file, row or line, and what is wrong), and for audits that go through, the
rejected rows' reasons and the number of findings. `python tests/hostile/generate.py DIR` writes
the files into DIR to look at them.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

NIP = "198007192007081001"  # in samples/roster.csv
HEADER = "record_id,nip,platform,action,occurred_at,target_account,content_text"
OK_ROW = f"ok1,{NIP},x,like,2024-01-10 10:00 WIB,@prabowo,"


@dataclass
class Case:
    name: str
    make: Callable[[Path], list[str]]  # writes its files, returns the command's arguments
    exit_code: int
    stderr: tuple[str, ...] = ()  # fragments; {dir} is the case's folder
    rejected: dict[str, int] | None = None  # reason -> count, for runs that complete
    findings: int | None = None
    warnings: tuple[str, ...] = ()  # fragments of summary.json input warnings
    files: list[str] = field(default_factory=list)


def audit(activity: str, *extra: str) -> list[str]:
    return ["audit", activity, "--roster", "roster.csv", "--out", "out", *extra]


def csv_case(name: str, body: bytes | str, **expect: object) -> Case:
    def make(folder: Path) -> list[str]:
        data = body.encode("utf-8") if isinstance(body, str) else body
        (folder / f"{name}.csv").write_bytes(data)
        return audit(f"{name}.csv")

    return Case(name, make, **expect)  # type: ignore[arg-type]  # keywords of Case


def rows(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


def _xlsx(folder: Path, name: str, build: Callable[[object], None]) -> list[str]:
    from openpyxl import Workbook

    book = Workbook()
    build(book)
    book.save(folder / f"{name}.xlsx")
    return audit(f"{name}.xlsx")


def _merged(book: object) -> None:
    sheet = book.active  # type: ignore[attr-defined]
    sheet.append(HEADER.split(","))
    sheet.append(["m1", NIP, "x", "like", "2024-01-10 10:00 WIB", "@prabowo", ""])
    sheet.append(["m2", NIP, "x", "post", "2024-01-10 10:00 WIB", "", '=HYPERLINK("http://x")'])
    sheet.append(["m3", NIP, "x", "like", "2024-01-10 10:00 WIB", "@KPU_ID", "=1+1"])
    sheet.merge_cells("G2:G3")


def _bomb(folder: Path) -> list[str]:
    """An XLSX whose sheet XML expands to about 500 MB from a few hundred KB."""
    from openpyxl import Workbook

    plain = io.BytesIO()
    Workbook().save(plain)
    plain.seek(0)
    target = folder / "bomb.xlsx"
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                out.writestr(item, data)
                continue
            head, tail = data.split(b"<sheetData></sheetData>")
            with out.open(item.filename, "w", force_zip64=True) as sheet:  # streamed, never held
                sheet.write(head + b"<sheetData>")
                for _ in range(500):
                    sheet.write(b" " * 1_000_000)
                sheet.write(b"</sheetData>" + tail)
    return audit("bomb.xlsx")


def _no_sheets(folder: Path) -> list[str]:
    from openpyxl import Workbook

    plain = io.BytesIO()
    Workbook().save(plain)
    plain.seek(0)
    target = folder / "nosheets.xlsx"
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                start, end = data.index(b"<sheets>"), data.index(b"</sheets>") + len(b"</sheets>")
                data = data[:start] + b"<sheets/>" + data[end:]
            if item.filename.startswith("xl/worksheets/"):
                continue
            out.writestr(item, data)
    return audit("nosheets.xlsx")


def _corrupt_xlsx(folder: Path) -> list[str]:
    from openpyxl import Workbook

    plain = io.BytesIO()
    Workbook().save(plain)
    (folder / "corrupt.xlsx").write_bytes(plain.getvalue()[: len(plain.getvalue()) // 2])
    return audit("corrupt.xlsx")


def _zip_as_csv(folder: Path) -> list[str]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", rows(OK_ROW))
    (folder / "archive.csv").write_bytes(buffer.getvalue())
    return audit("archive.csv")


def _yaml(kind: str, name: str, text: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / "activity.csv").write_text(rows(OK_ROW), encoding="utf-8")
        (folder / name).write_text(text, encoding="utf-8")
        return audit("activity.csv", f"--{kind}", name)

    return make


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}]\n"
    for i in range(8)
)
DEEP = "a:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(100)) + "  " * 101 + "v: 1\n"


def _out_is_a_file(folder: Path) -> list[str]:
    (folder / "activity.csv").write_text(rows(OK_ROW), encoding="utf-8")
    (folder / "taken").write_text("a file, not a folder\n", encoding="utf-8")
    return ["audit", "activity.csv", "--roster", "roster.csv", "--out", "taken"]


def _out_under_a_file(folder: Path) -> list[str]:
    (folder / "activity.csv").write_text(rows(OK_ROW), encoding="utf-8")
    (folder / "taken").write_text("a file, not a folder\n", encoding="utf-8")
    return ["audit", "activity.csv", "--roster", "roster.csv", "--out", "taken/out"]


def _out_read_only(folder: Path) -> list[str]:
    """A folder nothing may be created in. Tests run as root, which may write into any
    ordinary folder, so the read-only place is /proc, where no process can create files."""
    (folder / "activity.csv").write_text(rows(OK_ROW), encoding="utf-8")
    return ["audit", "activity.csv", "--roster", "roster.csv", "--out", "/proc/self/neutrality-out"]


def _roster_escape(folder: Path) -> list[str]:
    """NIPs and names that would leave the output folder if used as a path."""
    roster = (folder / "roster.csv").read_text(encoding="utf-8").splitlines()
    roster.append("../../../../tmp/escaped,Nama Jahat,Instansi,Unit,Jabatan,PNS,,,,,,")
    roster.append(f"{NIP[:-3]}999,../../escaped-name,../../agency,Unit,Jabatan,PNS,,,,,,")
    (folder / "roster.csv").write_text("\n".join(roster) + "\n", encoding="utf-8")
    (folder / "activity.csv").write_text(
        rows(
            OK_ROW,
            "esc1,../../../../tmp/escaped,x,like,2024-01-10 10:00 WIB,@prabowo,",
            f"esc2,{NIP[:-3]}999,x,like,2024-01-10 10:00 WIB,@prabowo,",
        ),
        encoding="utf-8",
    )
    return audit("activity.csv")


def cases() -> list[Case]:
    big = "dukung prabowo " * 700_000
    return [
        # ---------------------------------------------------------------- CSV
        csv_case(
            "wrong-delimiter",
            HEADER.replace(",", ":") + "\n" + OK_ROW.replace(",", ":") + "\n",
            exit_code=2,
            stderr=("wrong-delimiter.csv", 'kolom wajib "platform" tidak ada'),
        ),
        csv_case(
            "ragged-too-many",
            rows(OK_ROW, OK_ROW.replace("ok1", "r2") + ",extra,cells"),
            exit_code=1,
            rejected={"row_ragged": 1},
            findings=1,
        ),
        csv_case(
            "ragged-too-few",
            rows(OK_ROW, f"r2,{NIP},x,like"),
            exit_code=1,
            rejected={"row_ragged": 1},
            findings=1,
        ),
        csv_case(
            "unbalanced-quote",
            rows(
                f'r0,{NIP},x,post,2024-01-10 10:00 WIB,,"never closed',
                OK_ROW,
                OK_ROW.replace("ok1", "ok2"),
            ),
            exit_code=0,
            rejected={},
            findings=0,
            warnings=("tidak ditutup",),  # the run speaks Indonesian by default
        ),
        csv_case(
            "embedded-newlines",
            rows(
                f'n1,{NIP},x,post,2024-01-10 10:00 WIB,,"baris satu\nDukung Prabowo Subianto, pasti menang!"',
                OK_ROW,
            ),
            exit_code=1,
            rejected={},
            findings=2,
        ),
        csv_case(
            "nul-bytes",
            rows(
                OK_ROW.replace("@prabowo", "@pra\x00bowo"),
                "r2\x00,\x00,x,like,2024-01-10 10:00 WIB,@KPU_ID,",
            ),
            exit_code=1,
            rejected={"actor_missing": 1},
            findings=1,
        ),
        csv_case(
            "invalid-utf8-middle",
            rows(OK_ROW).encode()
            + b"r2,"
            + NIP.encode()
            + b",x,post,2024-01-10 10:00 WIB,,caf\xe9 \xff\xfe enak\n",
            exit_code=1,
            rejected={},
            findings=1,
        ),
        csv_case("utf16-bom", rows(OK_ROW).encode("utf-16"), exit_code=1, rejected={}, findings=1),
        csv_case(
            "ten-megabyte-field",
            rows(f'big,{NIP},x,post,2024-01-10 10:00 WIB,,"{big}"', OK_ROW),
            exit_code=1,
            rejected={},
            findings=2,
        ),
        csv_case(
            "hundred-thousand-columns",
            ",".join(f"c{i}" for i in range(100_000)) + "\n" + ",".join("x" * 100_000) + "\n",
            exit_code=2,
            stderr=("hundred-thousand-columns.csv:1", "100000 kolom"),
        ),
        csv_case("header-only", HEADER + "\n", exit_code=0, rejected={}, findings=0),
        csv_case("blank-lines-only", "\n\n\n   \n", exit_code=2, stderr=("blank-lines-only.csv",)),
        csv_case("empty-file", "", exit_code=2, stderr=("empty-file.csv",)),
        csv_case(
            "duplicate-headers",
            HEADER + ",platform\n" + OK_ROW + ",x\n",
            exit_code=2,
            stderr=("duplicate-headers.csv:1", "platform"),
        ),
        csv_case(
            "header-case-and-spaces",
            HEADER.upper().replace(",", " , ") + "\n" + OK_ROW + "\n",
            exit_code=1,
            rejected={},
            findings=1,
        ),
        csv_case(
            "binary-renamed",
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
            exit_code=2,
            stderr=("binary-renamed.csv",),
        ),
        Case("zip-as-csv", _zip_as_csv, exit_code=2, stderr=("archive.csv",)),
        # ---------------------------------------------------------------- XLSX
        Case("xlsx-corrupt", _corrupt_xlsx, exit_code=2, stderr=("corrupt.xlsx",)),
        Case(
            "xlsx-merged-and-formulas",
            lambda f: _xlsx(f, "merged", _merged),
            exit_code=1,
            rejected={},
            findings=1,
        ),
        Case("xlsx-decompression-bomb", _bomb, exit_code=2, stderr=("bomb.xlsx",)),
        Case("xlsx-no-sheets", _no_sheets, exit_code=2, stderr=("nosheets.xlsx",)),
        # ---------------------------------------------------------------- values
        csv_case(
            "nip-with-letters",
            rows(OK_ROW, "r2,19800719200708A001,x,like,2024-01-10 10:00 WIB,@prabowo,"),
            exit_code=1,
            rejected={"nip_invalid": 1},
            findings=1,
        ),
        csv_case(
            "nip-17-digits",
            rows(OK_ROW, f"r2,{NIP[:-1]},x,like,2024-01-10 10:00 WIB,@prabowo,"),
            exit_code=1,
            rejected={"nip_invalid": 1},
            findings=1,
        ),
        csv_case(
            "nip-19-digits",
            rows(OK_ROW, f"r2,{NIP}1,x,like,2024-01-10 10:00 WIB,@prabowo,"),
            exit_code=1,
            rejected={"nip_invalid": 1},
            findings=1,
        ),
        csv_case(
            "nip-impossible-date",
            rows(OK_ROW, "r2,198013452007081001,x,like,2024-01-10 10:00 WIB,@prabowo,"),
            exit_code=1,
            rejected={"nip_invalid": 1},
            findings=1,
        ),
        csv_case(
            "time-in-the-future",
            rows(OK_ROW, f"r2,{NIP},x,like,2031-01-10 10:00 WIB,@prabowo,"),
            exit_code=1,
            rejected={"time_invalid": 1},
            findings=1,
        ),
        csv_case(
            "time-before-1990",
            rows(OK_ROW, f"r2,{NIP},x,like,1985-01-10 10:00 WIB,@prabowo,"),
            exit_code=1,
            rejected={"time_invalid": 1},
            findings=1,
        ),
        csv_case(
            "time-unknown-zone",
            rows(OK_ROW, f"r2,{NIP},x,like,2024-01-10 10:00 CET,@prabowo,"),
            exit_code=1,
            rejected={"time_invalid": 1},
            findings=1,
        ),
        csv_case(
            "handle-invisible-characters",
            rows(
                f"z1,{NIP},x,like,2024-01-10 10:00 WIB,@pra\u200bbo\u200dwo,",
                f"z2,{NIP},x,like,2024-01-10 10:00 WIB,\u202e@prabowo,",
            ),
            exit_code=1,
            rejected={},
            findings=2,
        ),
        csv_case(
            "formula-text",
            rows(
                f'f1,{NIP},x,comment,2024-01-10 10:00 WIB,=HYPERLINK("http://evil"),"=cmd|\' /C calc\'!A0 dukung Prabowo Subianto pasti menang"'
            ),
            exit_code=1,
            rejected={},
            findings=1,
        ),
        csv_case(
            "html-and-script",
            rows(
                f'h1,{NIP},x,post,2024-01-10 10:00 WIB,,"<script>alert(1)</script><img src=x onerror=alert(2)> Dukung Prabowo Subianto, pasti menang!"'
            ),
            exit_code=1,
            rejected={},
            findings=1,
        ),
        csv_case(
            "emoji-sequences",
            rows(
                f"e1,{NIP},x,post,2024-01-10 10:00 WIB,,👨‍👩‍👧‍👦🇮🇩🏳️‍🌈 dukung Prabowo Subianto 💪🏽 pasti menang"
            ),
            exit_code=1,
            rejected={},
            findings=1,
        ),
        csv_case(
            "arabic-and-javanese",
            rows(f"a1,{NIP},x,post,2024-01-10 10:00 WIB,,بسم الله الرحمن الرحيم ꦱꦸꦒꦼꦁꦫꦮꦸꦃ", OK_ROW),
            exit_code=1,
            rejected={},
            findings=1,
        ),
        # ---------------------------------------------------------------- YAML
        Case(
            "rules-billion-laughs",
            _yaml("rules", "laughs.yaml", LAUGHS),
            exit_code=2,
            stderr=("laughs.yaml:", "alias mengembang terlalu jauh"),
        ),
        Case(
            "rules-python-tag",
            _yaml("rules", "tag.yaml", "a: !!python/object/apply:os.system ['echo pwned']\n"),
            exit_code=2,
            stderr=("tag.yaml:1", "tidak diizinkan"),
        ),
        Case(
            "rules-deep-nesting",
            _yaml("rules", "deep.yaml", DEEP),
            exit_code=2,
            stderr=("deep.yaml:", "lebih dalam dari 64 tingkat"),
        ),
        Case(
            "rules-duplicate-key",
            _yaml("rules", "dup.yaml", "schema_version: 1\nschema_version: 1\n"),
            exit_code=2,
            stderr=("dup.yaml:2", "kunci ganda"),
        ),
        Case(
            "rules-tabs",
            _yaml("rules", "tabs.yaml", "schema_version: 1\nrules:\n\t- id: SKB-B6\n"),
            exit_code=2,
            stderr=("tabs.yaml:3", "bukan tab, untuk indentasi"),
        ),
        Case(
            "registry-billion-laughs",
            _yaml("registry", "laughs.yaml", LAUGHS),
            exit_code=2,
            stderr=("laughs.yaml:", "alias mengembang terlalu jauh"),
        ),
        Case(
            "registry-date-not-a-date",
            _yaml(
                "registry",
                "date.yaml",
                "schema_version: 1\nelection:\n  ends: {date: 2024-02-30}\n",
            ),
            exit_code=2,
            stderr=("date.yaml:3",),
        ),
        Case(
            "mapping-python-tag",
            _yaml("mapping", "map.yaml", "columns: !!python/name:os.system\n"),
            exit_code=2,
            stderr=("map.yaml:1", "python/name:os.system"),
        ),
        Case(
            "mapping-duplicate-key",
            _yaml("mapping", "map.yaml", "columns:\n  nip: NIP\n  nip: NIP Pegawai\n"),
            exit_code=2,
            stderr=("map.yaml:3", "kunci ganda"),
        ),
        Case(
            "mapping-not-a-mapping",
            _yaml("mapping", "map.yaml", "- just\n- a list\n"),
            exit_code=2,
            stderr=("map.yaml",),
        ),
        # ---------------------------------------------------------------- paths
        Case("out-is-a-file", _out_is_a_file, exit_code=2, stderr=("taken",)),
        Case(
            "out-read-only",
            _out_read_only,
            exit_code=2,
            stderr=("/proc/self/neutrality-out", "--out tidak dapat dibuat"),
        ),
        Case("out-under-a-file", _out_under_a_file, exit_code=2, stderr=("taken",)),
        Case(
            "roster-and-nip-paths",
            _roster_escape,
            exit_code=1,
            rejected={"nip_invalid": 1},
            findings=2,
        ),
    ]


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-files")
    for case in cases():
        folder = target / case.name
        folder.mkdir(parents=True, exist_ok=True)
        args = case.make(folder)
        print(case.name, " ".join(args))


if __name__ == "__main__":
    main()
