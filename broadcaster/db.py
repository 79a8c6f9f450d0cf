"""Opening the station database: SQLite tuned for a PC that loses power."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine

from broadcaster import models  # noqa: F401  (registers the tables)

# The as-run log is evidence: the database itself refuses to change or drop a row.
APPEND_ONLY = [
    """CREATE TRIGGER IF NOT EXISTS as_run_no_update BEFORE UPDATE ON as_run
       BEGIN SELECT RAISE(ABORT, 'as_run rows are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS as_run_no_delete BEFORE DELETE ON as_run
       BEGIN SELECT RAISE(ABORT, 'as_run rows are append-only'); END""",
]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL + synchronous=FULL: a committed as-run row survives a power cut.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def open_engine(url: str, file: Path | None = None) -> Engine:
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
    is_sqlite = url.startswith("sqlite")
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 10} if is_sqlite else {},
    )
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    SQLModel.metadata.create_all(engine)
    if is_sqlite:
        with engine.begin() as conn:
            for statement in APPEND_ONLY:
                conn.execute(text(statement))
    return engine


def quick_check(engine: Engine) -> str:
    """'ok' or SQLite's first complaint."""
    if engine.dialect.name != "sqlite":
        return "ok"
    with engine.connect() as conn:
        return str(conn.execute(text("PRAGMA quick_check")).scalar())


def session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)
