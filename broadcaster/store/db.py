"""Opening the station database: SQLite tuned for a PC that loses power."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine

from broadcaster.store import models  # noqa: F401  (registers the tables)

# The as-run log is evidence: the database itself refuses to change or drop a row, and
# takes a new one only at the end of the chain. `INSERT OR REPLACE` deletes the row it
# collides with without firing delete triggers (unless recursive_triggers is on), so the
# insert trigger also refuses any row that is not exactly the next one: seq one past the
# last (or past a purge's anchor), hanging from the last row's hash.
APPEND_ONLY = [
    """CREATE TRIGGER IF NOT EXISTS as_run_no_update BEFORE UPDATE ON as_run
       BEGIN SELECT RAISE(ABORT, 'as_run rows are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS as_run_no_delete BEFORE DELETE ON as_run
       BEGIN SELECT RAISE(ABORT, 'as_run rows are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS as_run_only_at_end BEFORE INSERT ON as_run
       WHEN NEW.seq IS NOT COALESCE(
                (SELECT MAX(seq) FROM as_run), (SELECT MAX(seq) FROM chain_anchor), 0) + 1
         OR NEW.prev_hash IS NOT COALESCE(
                (SELECT row_hash FROM as_run ORDER BY seq DESC LIMIT 1),
                (SELECT row_hash FROM chain_anchor ORDER BY seq DESC LIMIT 1),
                '0000000000000000000000000000000000000000000000000000000000000000')
       BEGIN SELECT RAISE(ABORT, 'as_run rows are appended at the end of the chain only'); END""",
]
# Operators' changes to programmes are kept the same way (who, when, why, what).
PROGRAMME_CHANGE_APPEND_ONLY = [
    """CREATE TRIGGER IF NOT EXISTS programme_change_no_update BEFORE UPDATE ON programme_change
       BEGIN SELECT RAISE(ABORT, 'programme_change rows are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS programme_change_no_delete BEFORE DELETE ON programme_change
       BEGIN SELECT RAISE(ABORT, 'programme_change rows are append-only'); END""",
]
TRIGGER_NAMES = ("as_run_no_update", "as_run_no_delete", "as_run_only_at_end")
TRIGGERS_MARK = "as_run_triggers"
TRIGGERS_REMOVED = "as_run_triggers_removed"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL + synchronous=FULL: a committed as-run row survives a power cut.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    # REPLACE's implicit delete then fires the delete trigger too (belt and braces).
    cursor.execute("PRAGMA recursive_triggers=ON")
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
    # Found missing before they are put back: evidence that someone dropped them.
    dropped = missing_triggers(engine) if is_sqlite else []
    SQLModel.metadata.create_all(engine)
    if is_sqlite:
        with engine.begin() as conn:
            for statement in APPEND_ONLY + PROGRAMME_CHANGE_APPEND_ONLY:
                conn.execute(text(statement))
            # From now on the newest trigger must be there too (a log from before it
            # existed is not short of it: it is only getting it now).
            conn.execute(
                text(
                    "INSERT OR IGNORE INTO daemon_state (key, value, updated_at) "
                    "VALUES (:key, :value, CURRENT_TIMESTAMP)"
                ),
                {"key": TRIGGERS_MARK, "value": ",".join(TRIGGER_NAMES)},
            )
            if dropped:  # kept for good: every later check still reports it
                conn.execute(
                    text(
                        "INSERT OR REPLACE INTO daemon_state (key, value, updated_at) "
                        "VALUES (:key, :value, CURRENT_TIMESTAMP)"
                    ),
                    {"key": TRIGGERS_REMOVED, "value": ",".join(dropped)},
                )
    return engine


def missing_triggers(engine: Engine) -> list[str]:
    """The append-only triggers that are not there (someone dropped them), or were not
    when this engine opened an existing log (open_engine puts them back)."""
    if engine.dialect.name != "sqlite":
        return []
    with engine.connect() as conn:
        tables = {
            str(name)
            for (name,) in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
        }
        if "as_run" not in tables:
            return []
        present = {
            str(name)
            for (name,) in conn.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            )
        }
        expected, removed = set(TRIGGER_NAMES[:2]), set()
        state: dict[str, str] = {}
        if "daemon_state" in tables:
            rows = conn.execute(
                text("SELECT key, value FROM daemon_state WHERE key IN (:mark, :removed)"),
                {"mark": TRIGGERS_MARK, "removed": TRIGGERS_REMOVED},
            )
            state = {str(key): str(value) for key, value in rows}
            expected |= set(state.get(TRIGGERS_MARK, "").split(","))
            removed = set(state.get(TRIGGERS_REMOVED, "").split(","))
    return [n for n in TRIGGER_NAMES if n in expected and (n not in present or n in removed)]


def quick_check(engine: Engine) -> str:
    """'ok' or SQLite's first complaint."""
    if engine.dialect.name != "sqlite":
        return "ok"
    with engine.connect() as conn:
        return str(conn.execute(text("PRAGMA quick_check")).scalar())


def session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)
