"""Opening a case store: a SQLite file by default, a PostgreSQL server for teams; same behaviour.

`--case case.db` (a path) is SQLite; `--case postgresql://user@host/db` (or
`postgresql+psycopg://...`) is PostgreSQL through psycopg 3. Opening brings the schema up to date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from neutrality.findings import local_time_text
from neutrality.i18n import tr
from neutrality.review.errors import ReviewError
from neutrality.review.schema import migrate

WIB = "Asia/Jakarta"
_POSTGRES_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg"}


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def wib(moment: dt.datetime | None) -> str:
    """Times are stored in UTC; the tool's own (a decision, a run) are shown to officers in WIB."""
    return local_time_text(moment, WIB) if moment else ""


def sheet_text(value: Any) -> Any:
    """A value for an openpyxl cell: text without the control characters a worksheet cannot
    hold (a post may carry them; openpyxl refuses the whole workbook), each as U+FFFD."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def act_time(moment: dt.datetime | None, zone: str | None) -> str:
    """An act's time as the audit showed it: in its election's zone (WITA for a Pilkada in
    NTB), WIB when the finding has none."""
    return local_time_text(moment, zone or WIB) if moment else ""


@dataclass
class Store:
    engine: Engine
    display_url: str

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with self.engine.begin() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def resolve_url(case: str) -> URL:
    """A path means a SQLite file; a URL names its database. psycopg 3 is the PostgreSQL driver."""
    if "://" not in case:
        return URL.create("sqlite", database=str(Path(case).expanduser().resolve()))
    try:
        url = make_url(case)
    except ArgumentError:
        raise ReviewError(
            tr('--case "{case}" is neither a file path nor a database URL', case=case)
        ) from None
    if url.drivername in _POSTGRES_SCHEMES:
        return url.set(drivername="postgresql+psycopg")
    if url.drivername == "sqlite":
        return url
    raise ReviewError(
        tr(
            '--case "{scheme}://...": use a SQLite file path or postgresql://user@host/db',
            scheme=url.drivername,
        )
    )


def open_store(case: str, create: bool = True) -> Store:
    """Open (and migrate) a case store. With create=False a missing SQLite file is an error."""
    url = resolve_url(case)
    if url.drivername == "sqlite":
        _check_sqlite_path(url, create)
    engine = _engine(url)
    store = Store(engine, url.render_as_string(hide_password=True))
    try:
        with store.begin() as conn:
            migrate(conn)
    except OperationalError as exc:
        store.close()
        raise ReviewError(
            tr("cannot open case store {case}: {error}", case=store.display_url, error=exc.orig)
        ) from None
    except BaseException:
        store.close()
        raise
    return store


def _check_sqlite_path(url: URL, create: bool) -> None:
    path = Path(url.database or "")
    if not create and not path.exists():
        raise ReviewError(
            tr(
                "case file {path} does not exist: load an audit first "
                "(neutrality audit ... --case FILE, or neutrality review load OUT_DIR --case FILE)",
                path=path,
            )
        )
    if not path.parent.is_dir():
        raise ReviewError(tr("folder of case file {path} does not exist", path=path))


def _engine(url: URL) -> Engine:
    if url.drivername != "sqlite":
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise ReviewError(
                tr("PostgreSQL case stores need psycopg 3: pip install 'psycopg[binary]>=3.1'")
            ) from None
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling would start transactions lazily; we begin them ourselves
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys = ON")


def _sqlite_begin(conn: Connection) -> None:
    # IMMEDIATE takes the write lock at the start, so two reviewers' read-check-write sequences
    # queue one after the other (busy timeout) instead of failing half way
    conn.exec_driver_sql("BEGIN IMMEDIATE")
