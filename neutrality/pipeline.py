"""The one place that knows the order: open inputs → per chunk: normalise → evaluate → write.

Inputs are checked whole before anything is written (a missing column stops the run before
any report exists); rows are then streamed chunk after chunk, so memory follows the chunk size.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import itertools
import json
import os
import queue
import re
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from neutrality import __version__
from neutrality.engine import Engine
from neutrality.errors import Problem, UsageError
from neutrality.findings import CSV_COLUMNS, FindingTable
from neutrality.i18n import os_error, tr
from neutrality.io.columns import (
    ACTIVITY_COLUMNS,
    ACTIVITY_REQUIRED,
    ACTOR_COLUMNS,
    ROSTER_COLUMNS,
    load_mapping,
    require_columns,
    resolve_columns,
)
from neutrality.io.records import (
    REJECTED_COLUMNS,
    NormaliseContext,
    SeenIds,
    canonical_frame,
    mark_duplicates,
    normalise,
)
from neutrality.io.roster import Roster, load_roster
from neutrality.io.tables import DEFAULT_CHUNK_ROWS, TableFile, open_table
from neutrality.registry import Registry, load_registry
from neutrality.report import write_run_reports
from neutrality.report.jsonl import JsonLinesWriter, encode_table_utf8
from neutrality.report.pseudonym import Pseudonymizer
from neutrality.report.safe_csv import SafeCsvWriter, encode_columns_utf8
from neutrality.rules import RuleSet, load_rules

FORMATS = ("csv", "jsonl", "xlsx", "html")
RUN_ZONE = ZoneInfo("Asia/Jakarta")  # run times are shown in WIB, never bare UTC


@dataclass
class AuditOptions:
    activity: Sequence[Path]
    out: Path
    roster: Path | None = None
    rules: Path | None = None
    registries: Sequence[Path] = ()
    mapping: Path | None = None
    tz: str = "Asia/Jakarta"
    sheet: str | None = None
    formats: Sequence[str] = ("csv", "jsonl")
    chunk_rows: int = DEFAULT_CHUNK_ROWS
    lang: str = "id"
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # a running Dask scheduler; a local cluster when None
    #: processes of the local engine evaluating chunks, this one included (1: all in this
    #: process; None: workers.default_workers(), 2 on Linux with two cores or more)
    workers: int | None = None
    pseudonymize_key: Path | None = None  # NIPs and names become keyed pseudonyms everywhere
    bawaslu_pack: bool = False  # case sheets keep only name, NIP and agency
    csv_separator: str = ","  # ";" for Excel in an Indonesian locale
    parallel_reports: bool = False  # the workbook in a spawned process (the command line's choice)


@dataclass
class FileCount:
    rows_read: int = 0
    rows_evaluated: int = 0
    rows_rejected: int = 0


@dataclass
class AuditResult:
    summary: dict[str, Any]
    out: Path
    files: list[Path] = field(default_factory=list)

    @property
    def findings(self) -> int:
        return int(self.summary["findings"])


Progress = Callable[[int], None]


def run_audit(options: AuditOptions, progress: Progress | None = None) -> AuditResult:
    """Run one audit. Raises a NeutralityError (exit 2) for problems that stop the run."""
    started = dt.datetime.now(RUN_ZONE)
    _check_zone(options.tz)
    if options.pseudonymize_key:  # a missing key file stops the run before anything is read
        Pseudonymizer.check_file(options.pseudonymize_key)
    from neutrality.resources import default_registry_paths, default_rules_path

    rules = load_rules(options.rules or default_rules_path())
    registry = load_registry(list(options.registries) or default_registry_paths())
    mapping = load_mapping(options.mapping, (*ACTIVITY_COLUMNS, *ROSTER_COLUMNS)) if (
        options.mapping
    ) else None  # fmt: skip
    tables = [_open_activity(path, options, mapping) for path in options.activity]
    engine = Engine(rules, registry, options.lang)
    processes = _processes(options, tables)
    out = _prepare_out(options.out)
    _clear_earlier_outputs(out, options.formats)
    # the run's own scratch files (record ids past 1M, the workers' context, the records handed
    # to a helper) stay under --out and are removed at the end, whatever happens
    scratch = Path(tempfile.mkdtemp(prefix=".neutrality-run-", dir=out))
    executor: Executor | None = None
    try:
        seen_ids = SeenIds(spill_to=scratch)
        frames = _frames(tables, seen_ids)
        encoding = _encoding(options)
        if processes == 2:  # the stage split's helper evaluates records: it needs no roster,
            # so it is forked now and builds spaCy while the roster loads and a chunk is read
            bare = NormaliseContext(tz=options.tz, lang=options.lang)
            executor = _executor(options, processes, engine, bare, scratch, encoding)
        loaded: list[Roster | None] = []

        def load() -> None:  # while the first chunk is read
            loaded.append(
                load_roster(options.roster, mapping, options.lang) if options.roster else None
            )
            if processes == 1:  # helpers build their own matchers as they start
                engine.prepare()  # spaCy's, about 0.4 s

        # in a thread that has ended before any helper is forked (the stage split's was
        # forked before it started)
        first = _first_while(frames, load)
        roster = loaded[0]
        context = NormaliseContext(tz=options.tz, lang=options.lang, roster=roster)
        state = _RunState(context, seen_ids)
        if executor is None:
            executor = _executor(options, processes, engine, context, scratch, encoding)
        # after any worker is forked: no thread of this process runs at the fork
        digests = _Digests([table.path for table, _ in tables])
        try:
            # the key is read after any worker is forked, so no worker process ever holds it
            pseudonymizer = (
                Pseudonymizer.from_file(options.pseudonymize_key)
                if options.pseudonymize_key
                else None
            )
            with _Writers(out, options.formats, pseudonymizer, options.csv_separator) as writers:
                _audit(itertools.chain(first, frames), executor, state, writers, progress)
            summary = _summary(options, state, tables, roster, rules, registry, started, digests)
            if pseudonymizer is not None and summary["roster"]:  # roster problems quote NIPs
                left_out = summary["roster"]["rows_left_out"]
                summary["roster"]["rows_left_out"] = [pseudonymizer.quoted(p) for p in left_out]
        finally:
            digests.close()
    finally:
        if executor is not None:
            executor.close()
        shutil.rmtree(scratch, ignore_errors=True)
    (out / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    reports = write_run_reports(
        out, summary, options.formats, options.lang, registry=registry,
        employees=roster.employees if roster else None, pseudonymizer=pseudonymizer,
        bawaslu_pack=options.bawaslu_pack, parallel=options.parallel_reports,
    )  # fmt: skip
    return AuditResult(summary, out, [*writers.paths, out / "summary.json", *reports])


def _processes(options: AuditOptions, tables: list[tuple[TableFile, dict[str, int]]]) -> int:
    """Processes of this machine the chunks are evaluated on: 0 on a Dask cluster, 1 in this
    process alone (also an input of about one chunk), more with helper processes."""
    if options.engine == "dask":
        return 0
    from neutrality.workers import default_workers

    workers = default_workers() if options.workers is None else options.workers
    return workers if workers > 1 and _several_chunks(tables, options.chunk_rows) else 1


def _executor(
    options: AuditOptions,
    processes: int,
    engine: Engine,
    context: NormaliseContext,
    scratch: Path,
    encoding: Encoding | None = None,
) -> Executor:
    """Where chunks are evaluated (see _processes), with `engine` (this process's; helpers
    forked from it copy it)."""
    if processes == 0:
        from neutrality.distributed import DaskExecutor

        return DaskExecutor(engine.rules, engine.registry, options.scheduler, encoding)
    if processes > 1:
        from neutrality.workers import ProcessExecutor

        return ProcessExecutor(
            engine.rules, engine.registry, context, processes, scratch, encoding, engine
        )
    return Executor(engine)


def _several_chunks(tables: list[tuple[TableFile, dict[str, int]]], chunk_rows: int) -> bool:
    """Whether the inputs may fill more than one chunk, so that worker processes share the
    work: every file is a chunk of its own at least; a CSV file of about one chunk's records
    or fewer (judged from its size and the line length of its first MiB, with 10 % to spare)
    is evaluated where it is read, with no worker to start and feed."""
    if len(tables) != 1:
        return True
    estimated = tables[0][0].estimated_rows
    return estimated is None or estimated > 1.1 * chunk_rows


def _encoding(options: AuditOptions) -> Encoding | None:
    """How workers make the streamed files' text; None (objects come back, this process
    writes them) with pseudonyms, which are made here so no worker ever holds the key."""
    if options.pseudonymize_key:
        return None
    return Encoding(options.csv_separator, _wants_jsonl(options.formats))


def _wants_jsonl(formats: Sequence[str]) -> bool:
    """findings.jsonl is written when asked for, and for the workbook and HTML built from it."""
    return bool(set(formats) & {"jsonl", "xlsx", "html"})


def _check_zone(tz: str) -> None:
    try:
        ZoneInfo(tz)
    except (KeyError, ValueError, OSError):
        raise UsageError(
            tr('--tz "{tz}" is not a time zone (e.g. Asia/Jakarta, Asia/Makassar)', tz=tz)
        ) from None


def _open_activity(
    path: Path, options: AuditOptions, mapping: dict[str, str] | None
) -> tuple[TableFile, dict[str, int]]:
    table = open_table(path, sheet=options.sheet, chunk_rows=options.chunk_rows)
    columns = resolve_columns(table.header, str(path), ACTIVITY_COLUMNS, mapping)
    require_columns(columns, table.header, str(path), ACTIVITY_REQUIRED, one_of=ACTOR_COLUMNS,
                    sheets=table.sheets, sheet=table.sheet, mapping=mapping)  # fmt: skip
    return table, columns


def _prepare_out(out: Path) -> Path:
    if out.exists() and not out.is_dir():
        raise UsageError([Problem(str(out), message=tr("--out exists and is not a folder"))])
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            [Problem(str(out), message=tr("cannot create --out: {error}", error=os_error(exc)))]
        ) from None
    if not os.access(out, os.W_OK):
        raise UsageError([Problem(str(out), message=tr("--out is not writable"))])
    return out


#: the names of the case sheets and their index (report.cases.case_file_name, INDEX_FILE)
_CASE_SHEET = re.compile(r"(?:\d{18}|P-[0-9a-f]{16}|id-[0-9a-f]{16}|index)\.html")


def _clear_earlier_outputs(out: Path, formats: Sequence[str]) -> None:
    """An earlier run's files that this run will not write again are removed before it starts,
    so --out never holds two runs (`review load` would read this run's summary with that
    run's findings). summary.json goes too: it is written last, so a run stopped part-way
    leaves none rather than an earlier one. Only the names an audit writes are touched; cases/
    loses its .html sheets and is removed when nothing else is in it."""
    stale = ["summary.json"]
    stale += [] if _wants_jsonl(formats) else ["findings.jsonl"]
    stale += [] if "xlsx" in formats else ["findings.xlsx"]
    stale += [] if "html" in formats else ["report.html"]
    for name in stale:
        path = out / name
        if path.is_symlink() or path.is_file():
            path.unlink()
    cases = out / "cases"  # report.cases.CASES_DIR; a run with html rewrites its sheets itself
    if "html" not in formats and cases.is_dir() and not cases.is_symlink():
        for sheet in cases.glob("*.html"):  # the sheets' names (report.cases), nothing else
            if _CASE_SHEET.fullmatch(sheet.name) and (sheet.is_symlink() or sheet.is_file()):
                sheet.unlink()
        with contextlib.suppress(OSError):  # the user's own files stay, and so does the folder
            cases.rmdir()


@dataclass
class _RunState:
    context: NormaliseContext
    seen_ids: SeenIds = field(default_factory=SeenIds)
    counts: dict[str, FileCount] = field(default_factory=dict)
    by_rule: Counter[str] = field(default_factory=Counter)
    by_confidence: Counter[str] = field(default_factory=Counter)
    flagged: set[str] = field(default_factory=set)
    findings: int = 0


class _Writers:
    """The streaming outputs of one run; XLSX and HTML come from the streamed files at the end."""

    def __init__(
        self,
        out: Path,
        formats: Sequence[str],
        pseudonymizer: Pseudonymizer | None = None,
        separator: str = ",",
    ) -> None:
        self.out = out
        self.formats = set(formats)
        self.pseudonymizer = pseudonymizer
        self.findings_csv = SafeCsvWriter(out / "findings.csv", CSV_COLUMNS, separator)
        self.rejected_csv = SafeCsvWriter(out / "rejected.csv", REJECTED_COLUMNS, separator)
        # the workbook and the HTML report are built from findings.jsonl at the end
        wanted = _wants_jsonl(formats)
        self.jsonl = JsonLinesWriter(out / "findings.jsonl") if wanted else None

    @property
    def paths(self) -> list[Path]:
        paths = [self.findings_csv.path, self.rejected_csv.path]
        return paths + ([self.jsonl.path] if self.jsonl else [])

    def write(self, result: ChunkResult) -> None:
        if result.encoded is not None:  # made by a worker with this run's Encoding (_encoding)
            done = result.encoded
            if self.pseudonymizer is not None or (
                self.jsonl is not None and done.findings and not done.findings_jsonl
            ):  # never written: raw NIPs in a pseudonymised run, or findings missing a file
                raise RuntimeError("an encoded chunk does not fit this run's outputs")
            self._write_encoded(done)
            return
        findings, rejected = result.findings, result.rejected
        if self.pseudonymizer:  # before any writer, so no output ever holds a raw NIP or name
            findings = self.pseudonymizer.finding_table(findings)
            rows = [self.pseudonymizer.rejected_row(row) for row in rejected_rows(rejected)]
            rejected = pd.DataFrame(rows, columns=list(REJECTED_COLUMNS), dtype=object)
        encoding = Encoding(self.findings_csv.delimiter, self.jsonl is not None)
        self._write_encoded(_encode(findings, rejected, encoding))

    def _write_encoded(self, done: Encoded) -> None:
        self.findings_csv.write_encoded(done.findings_csv, done.findings)
        if self.jsonl:
            self.jsonl.write_encoded(done.findings_jsonl, done.findings)
        self.rejected_csv.write_encoded(done.rejected_csv, done.rejected)

    def __enter__(self) -> _Writers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.findings_csv.close()
        self.rejected_csv.close()
        if self.jsonl:
            self.jsonl.close()


@dataclass(frozen=True)
class Encoding:
    """What a worker needs to make the streamed files' text itself: the CSV delimiter, and
    whether findings.jsonl is written."""

    delimiter: str = ","
    jsonl: bool = True


@dataclass
class Encoded:
    """A chunk's findings and rejected rows as the streamed files' UTF-8 bytes, with the counts
    the summary needs. Workers send this rather than objects: bytes pickle at the speed of a
    copy, and the process that owns the files only writes them (no str is made of them)."""

    findings_csv: bytes
    findings_jsonl: bytes
    rejected_csv: bytes
    findings: int
    rejected: int
    by_rule: Counter[str]
    by_confidence: Counter[str]
    flagged: set[str]


@dataclass
class ChunkResult:
    """What one chunk gives: counts, its findings (sorted) and its rejected rows (REJECTED_COLUMNS,
    in input order); or, from a worker that encodes, the same as `encoded` (findings and
    rejected then empty)."""

    rows_read: int
    rows_evaluated: int
    findings: FindingTable
    rejected: pd.DataFrame
    encoded: Encoded | None = None


_NO_FINDINGS = FindingTable.from_findings([])  # an encoded chunk's (never changed)
NO_REJECTED = pd.DataFrame(columns=list(REJECTED_COLUMNS), dtype=object)  # the same


def encode_result(result: ChunkResult, encoding: Encoding) -> ChunkResult:
    """`result` with its findings and rejected rows as the text _Writers would write."""
    encoded = _encode(result.findings, result.rejected, encoding)
    return ChunkResult(result.rows_read, result.rows_evaluated, _NO_FINDINGS, NO_REJECTED, encoded)


def rejected_rows(rejected: pd.DataFrame) -> list[dict[str, Any]]:
    """A chunk's rejected rows, one dict a row (column by column: DataFrame.to_dict("records")
    is several times slower on text columns)."""
    names = [str(name) for name in rejected.columns]
    values = zip(*(rejected[name].tolist() for name in rejected.columns), strict=True)
    return [dict(zip(names, row, strict=True)) for row in values]


def encode_rejected(rejected: pd.DataFrame, encoding: Encoding) -> bytes:
    """rejected.csv's rows of a chunk, column by column from the frame (no dict a row)."""
    return encode_columns_utf8([rejected[name] for name in REJECTED_COLUMNS], encoding.delimiter)


def with_rejected(result: ChunkResult, text: bytes, rows: int) -> ChunkResult:
    """An encoded `result` with rejected.csv's rows made elsewhere (`rows` of them as `text`)."""
    assert result.encoded is not None, "only an encoded result takes encoded rejected rows"
    encoded = replace(result.encoded, rejected_csv=text, rejected=rows)
    return ChunkResult(result.rows_read, result.rows_evaluated, result.findings,
                       result.rejected, encoded)  # fmt: skip


def _encode(findings: FindingTable, rejected: pd.DataFrame, encoding: Encoding) -> Encoded:
    flat = findings.flat()
    return Encoded(
        findings_csv=encode_columns_utf8(list(flat.values()), encoding.delimiter),
        findings_jsonl=encode_table_utf8(findings, flat) if encoding.jsonl else b"",
        rejected_csv=encode_rejected(rejected, encoding),
        findings=len(findings),
        rejected=len(rejected),
        **_counts(findings),
    )


def evaluate_chunk(frame: Any, context: NormaliseContext, engine: Engine) -> ChunkResult:
    """Normalise and evaluate one canonical chunk. Pure: the same on a laptop or a Dask worker."""
    records, rejected = normalise(frame, context)
    return evaluate_records(len(frame), records, rejected, engine)


def evaluate_records(
    rows_read: int, records: pd.DataFrame, rejected: pd.DataFrame, engine: Engine
) -> ChunkResult:
    """Evaluate a normalised chunk (its records and rejected rows, of `rows_read` rows)."""
    findings = engine.evaluate_table(records)  # already in Finding order (file, row, rule)
    return ChunkResult(rows_read, len(records), findings, rejected)


def _frames(tables: list[tuple[TableFile, dict[str, int]]], seen_ids: SeenIds) -> Iterator[Any]:
    """Canonical chunks of every input in order, duplicate ids marked (a sequential fact)."""
    for table, columns in tables:
        for chunk in table.chunks():
            frame = canonical_frame(chunk, table.header, columns, table.path.name)
            frame.attrs["path"] = str(table.path)
            mark_duplicates(frame, seen_ids)
            yield frame


def _first_while(items: Iterator[Any], work: Callable[[], object]) -> list[Any]:
    """The first of `items` (a list of it; empty when there is none), made in a thread while
    `work` runs here: reading a chunk (Arrow's parser, which releases the GIL) overlaps with
    building the engine. The thread has ended when this returns, so a fork after it meets no
    thread of this process at work; an exception of either is raised here."""
    first: list[Any] = []
    failed: list[BaseException] = []

    def take() -> None:
        try:
            first.extend(itertools.islice(items, 1))
        except BaseException as exc:  # raised here once the work is done
            failed.append(exc)

    # the thread runs in a copy of this context, so messages keep the run's language
    reader = threading.Thread(
        target=contextvars.copy_context().run, args=(take,), name="neutrality-read", daemon=True
    )
    reader.start()
    try:
        work()
    finally:
        reader.join()
    if failed:
        raise failed[0]
    return first


def _audit(
    frames: Iterator[Any],
    executor: Executor,
    state: _RunState,
    writers: _Writers,
    progress: Progress | None,
) -> None:
    """Evaluate and write `frames` (canonical chunks in input order), read ahead in a thread."""
    frames = _prefetched(frames, depth=executor.read_ahead)
    for path, result in executor.map_ordered(frames, state.context):
        count = state.counts.setdefault(path, FileCount())
        writers.write(result)
        count.rows_read += result.rows_read
        count.rows_evaluated += result.rows_evaluated
        count.rows_rejected += result.rows_read - result.rows_evaluated
        _tally(state, result)
        if progress:
            progress(result.rows_read)


def _prefetched(items: Iterator[Any], depth: int = 1) -> Iterator[Any]:
    """`items`, made in a background thread up to `depth` ahead of the consumer.

    Reading a chunk (Arrow's parser, which releases the GIL) then overlaps with evaluating
    and writing the one before, so a 2-core machine uses both cores. The next item is started
    only when the consumer takes the one before, so at most `depth` items exist besides the
    one the consumer holds: memory grows by `depth` chunks. Order, content and exceptions are
    the same as iterating `items` directly.
    """
    done = object()
    ready: queue.Queue[tuple[Any, BaseException | None]] = queue.Queue()
    room = threading.Semaphore(depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            while True:
                while not room.acquire(timeout=0.1):
                    if stop.is_set():
                        return
                if stop.is_set():
                    return
                item = next(items, done)
                ready.put((item, None))
                if item is done:
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            ready.put((done, exc))

    # the thread runs in a copy of this context, so messages keep the run's language
    worker = threading.Thread(
        target=contextvars.copy_context().run, args=(produce,), name="neutrality-read", daemon=True
    )
    worker.start()
    try:
        while True:
            item, error = ready.get()
            if error is not None:
                raise error
            if item is done:
                return
            room.release()  # the consumer now holds this item: the next may be made
            yield item
    finally:
        stop.set()
        worker.join()  # ends within one item: the producer checks `stop` before each


class Executor:
    """Runs evaluate_chunk over chunks and gives the results back in input order."""

    #: chunks the read-ahead thread makes before they are taken (see _prefetched)
    read_ahead = 1

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def map_ordered(
        self, frames: Iterator[Any], context: NormaliseContext
    ) -> Iterator[tuple[str, ChunkResult]]:
        for frame in frames:
            yield frame.attrs["path"], evaluate_chunk(frame, context, self.engine)

    def close(self) -> None:
        """Nothing to release for the local engine."""


def _counts(findings: FindingTable) -> dict[str, Any]:
    """What the summary counts of a chunk's findings, as Encoded carries it."""
    texts = findings.texts
    return {
        "by_rule": Counter(texts["rule_id"]),
        "by_confidence": Counter(e.confidence for e in findings.evidence),
        "flagged": {
            nip or record for nip, record in zip(texts["nip"], texts["record_id"], strict=True)
        },
    }


def _tally(state: _RunState, result: ChunkResult) -> None:
    done = result.encoded
    if done is None:
        state.findings += len(result.findings)
        counts = _counts(result.findings)
    else:
        state.findings += done.findings
        counts = {"by_rule": done.by_rule, "by_confidence": done.by_confidence,
                  "flagged": done.flagged}  # fmt: skip
    state.by_rule.update(counts["by_rule"])
    state.by_confidence.update(counts["by_confidence"])
    state.flagged.update(counts["flagged"])


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Digests:
    """The inputs' SHA-256 for the summary, made in a thread of their own while the audit runs.

    Reading a file and hashing a block release the GIL, so on two cores the hash of a 300 MB
    input (about 0.15 s) is off the audit's path instead of after it. Each input is hashed
    whole, as it is on disk, whatever the audit read of it.
    """

    def __init__(self, paths: Sequence[Path]) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="neutrality-sha256")
        self._hashes = {path: self._pool.submit(sha256_of, path) for path in paths}

    def sha256(self, path: Path) -> str:
        return self._hashes[path].result()

    def close(self) -> None:
        """Hashes not started are dropped (a failed run needs none); one being made ends."""
        self._pool.shutdown(wait=False, cancel_futures=True)


def _summary(
    options: AuditOptions,
    state: _RunState,
    tables: list[tuple[TableFile, dict[str, int]]],
    roster: Roster | None,
    rules: RuleSet,
    registry: Registry,
    started: dt.datetime,
    digests: _Digests,
) -> dict[str, Any]:
    files: list[dict[str, Any]] = []
    for table, _ in tables:
        count = state.counts.get(str(table.path), FileCount())
        files.append(
            {
                "path": str(table.path),
                "sha256": digests.sha256(table.path),
                "format": table.kind,
                "encoding": table.encoding,
                "delimiter": table.delimiter,
                "sheet": table.sheet,
                "rows_read": count.rows_read,
                "rows_evaluated": count.rows_evaluated,
                "rows_rejected": count.rows_rejected,
                "warnings": table.warnings,
            }
        )
    totals = {k: sum(f[k] for f in files) for k in ("rows_read", "rows_evaluated", "rows_rejected")}
    return {
        "tool": "neutrality",
        "version": __version__,
        **totals,
        "findings": state.findings,
        "employees_flagged": len(state.flagged),
        "findings_by_rule": dict(sorted(state.by_rule.items())),
        "findings_by_confidence": dict(sorted(state.by_confidence.items())),
        "inputs": files,
        "roster": _roster_summary(roster),
        "rules": {"path": str(rules.path), "id": rules.file.id, "sha256": rules.sha256},
        "registries": registry.file_hashes(),
        "timezone": options.tz,
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(RUN_ZONE).isoformat(timespec="seconds"),
    }


def _roster_summary(roster: Roster | None) -> dict[str, Any] | None:
    if roster is None:
        return None
    return {
        "path": str(roster.path),
        "sha256": roster.sha256,
        "rows_read": roster.rows_read,
        "employees": len(roster.employees),
        "rows_left_out": [str(p) for p in roster.problems],
    }
