"""Opening the station database: SQLite tuned for a PC that loses power, brought to the
schema this code knows by the recorded migrations (store/migrations.py).

Who may upgrade: only callers that pass an `Upgrade` (the daemon's start and `broadcaster db
upgrade`), and only after its `backup` ran. Every other command opens a database with
pending steps only when it can use it as it is: a database from before migrations were
recorded gets what every open gave it then (missing empty tables and the triggers, no row
touched, nothing recorded); any later step makes it refuse with one line naming `db
upgrade`, so that a `status` or an `export` never changes a schema behind the operator's
back. A new, empty database is simply created (there is nothing to back up). A database a
newer release wrote (it records a step this code does not know) is refused untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from loguru import logger
from sqlalchemy import event, make_url, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import Session, create_engine

from broadcaster import i18n
from broadcaster.errors import SchemaError
from broadcaster.store import (
    migrations,
    migrations_console,
    models,  # noqa: F401  (models registers the tables)
)
from broadcaster.store.migrations_baseline import SQLITE_TRIGGERS, Unrecognised

# The as-run log is evidence: the database itself refuses to change or drop a row, and
# takes a new one only at the end of the chain. `INSERT OR REPLACE` deletes the row it
# collides with without firing delete triggers (unless recursive_triggers is on), so the
# insert trigger also refuses any row that is not exactly the next one: seq one past the
# last (or past a purge's anchor), hanging from the last row's hash.
# The statements are the baseline migration's (frozen there); they are run again at every
# open, so that a trigger someone dropped is put back once its absence is on record.
APPEND_ONLY = SQLITE_TRIGGERS[:3]
# Operators' changes to programmes are kept the same way (who, when, why, what).
PROGRAMME_CHANGE_APPEND_ONLY = SQLITE_TRIGGERS[3:]
TRIGGER_NAMES = ("as_run_no_update", "as_run_no_delete", "as_run_only_at_end")
TRIGGERS_MARK = "as_run_triggers"
TRIGGERS_REMOVED = "as_run_triggers_removed"
# The console's audit log (#13) is evidence too, watched the same way once its table is
# there: its triggers were made with it (0002_console, one transaction), so all are
# expected without a mark (a later console trigger would need one, as as_run_only_at_end).
CONSOLE_AUDIT_APPEND_ONLY = migrations_console.SQLITE_TRIGGERS
CONSOLE_TRIGGER_NAMES = (
    "console_audit_no_update",
    "console_audit_no_delete",
    "console_audit_only_new",
)
CONSOLE_TRIGGERS_REMOVED = "console_audit_triggers_removed"


def sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL + synchronous=FULL: a committed as-run row survives a power cut.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    # REPLACE's implicit delete then fires the delete trigger too (belt and braces).
    cursor.execute("PRAGMA recursive_triggers=ON")
    cursor.close()


@dataclass
class Upgrade:
    """Leave to run pending migrations: `backup(names)` is called first (it raises to stop
    the upgrade), and the names run are left in `applied` for the caller to tell."""

    backup: Callable[[list[str]], None]
    applied: list[str] = field(default_factory=list)
    created: bool = False  # the database was new: made whole, nothing backed up


def open_engine(url: str, file: Path | None = None, upgrade: Upgrade | None = None) -> Engine:
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
    is_sqlite = url.startswith("sqlite")
    engine = connect(url)
    # Found missing before they are put back: evidence that someone dropped them.
    dropped = missing_triggers(engine) if is_sqlite else []
    dropped_console = missing_console_triggers(engine) if is_sqlite else []
    try:
        _bring_up_to_date(engine, file, upgrade)
    except BaseException:
        engine.dispose()
        raise
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
            # (A file whose record was unreadable may not have the console's table yet.)
            if "console_audit" in _names(conn, "table"):
                for statement in CONSOLE_AUDIT_APPEND_ONLY:
                    conn.execute(text(statement))
            # Kept for good: every later check still reports them.
            for key, names in (
                (TRIGGERS_REMOVED, dropped),
                (CONSOLE_TRIGGERS_REMOVED, dropped_console),
            ):
                if names:
                    conn.execute(
                        text(
                            "INSERT OR REPLACE INTO daemon_state (key, value, updated_at) "
                            "VALUES (:key, :value, CURRENT_TIMESTAMP)"
                        ),
                        {"key": key, "value": ",".join(names)},
                    )
    return engine


def connect(url: str) -> Engine:
    """An engine with the station's connection settings; the schema is not looked at."""
    is_sqlite = url.startswith("sqlite")
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 10} if is_sqlite else {},
    )
    if is_sqlite:
        event.listen(engine, "connect", sqlite_pragmas)
    return engine


def where(url: str, file: Path | None) -> str:
    """The database as the operator knows it: its file, or the URL without a password."""
    return str(file) if file is not None else make_url(url).render_as_string(hide_password=True)


def _bring_up_to_date(engine: Engine, file: Path | None, upgrade: Upgrade | None) -> None:
    try:
        state = migrations.schema_state(engine, migrations.MIGRATIONS)
    except DatabaseError as exc:
        if isinstance(exc, OperationalError):  # locked, unreadable: the caller's error
            raise
        # A damaged file (the record sits on a bad page): nothing is changed here; the
        # daemon's quick_check stops it (exit 3) and `db check` says to restore.
        logger.debug("migration record unreadable: {}", exc)
        return
    path = where(str(engine.url), file)
    if state.unknown:
        raise SchemaError(i18n.t("migrate.too_new", path=path, names=", ".join(state.unknown)))
    if not state.pending:
        return
    if not state.empty:  # a new station has nothing to back up, nor to ask about
        if upgrade is None:
            try:
                if migrations.complete_unrecorded(engine, state.pending):
                    return
            except Unrecognised as exc:
                raise SchemaError(i18n.t("migrate.unrecognised", path=path, detail=exc)) from None
            names = ", ".join(state.pending_names)
            raise SchemaError(i18n.t("migrate.needed", path=path, names=names))
        upgrade.backup(state.pending_names)
    try:
        applied = migrations.apply_pending(engine, datetime.now(UTC), migrations.MIGRATIONS)
    except Unrecognised as exc:
        raise SchemaError(i18n.t("migrate.unrecognised", path=path, detail=exc)) from None
    except migrations.TooNew as exc:
        raise SchemaError(i18n.t("migrate.too_new", path=path, names=exc)) from None
    if upgrade is not None:
        upgrade.applied, upgrade.created = applied, state.empty


def missing_triggers(engine: Engine) -> list[str]:
    """The append-only triggers that are not there (someone dropped them), or were not
    when this engine opened an existing log (open_engine puts them back)."""
    if engine.dialect.name != "sqlite":
        return []
    with engine.connect() as conn:
        tables = _names(conn, "table")
        if "as_run" not in tables:
            return []
        present = _names(conn, "trigger")
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


def missing_console_triggers(engine: Engine) -> list[str]:
    """The console audit log's append-only triggers that are not there, or were not when
    this engine opened it (open_engine puts them back); none before its table exists."""
    if engine.dialect.name != "sqlite":
        return []
    with engine.connect() as conn:
        tables = _names(conn, "table")
        if "console_audit" not in tables:
            return []
        present = _names(conn, "trigger")
        removed: set[str] = set()
        if "daemon_state" in tables:
            value = conn.execute(
                text("SELECT value FROM daemon_state WHERE key = :removed"),
                {"removed": CONSOLE_TRIGGERS_REMOVED},
            ).scalar()
            removed = set(str(value or "").split(","))
    return [n for n in CONSOLE_TRIGGER_NAMES if n not in present or n in removed]


def _names(conn: Connection, kind: str) -> set[str]:
    rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = :kind"), {"kind": kind})
    return {str(name) for (name,) in rows}


def quick_check(engine: Engine) -> str:
    """'ok' or SQLite's first complaint."""
    if engine.dialect.name != "sqlite":
        return "ok"
    with engine.connect() as conn:
        return str(conn.execute(text("PRAGMA quick_check")).scalar())


def session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)
