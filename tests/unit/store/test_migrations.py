"""The migration record (store/migrations.py) on SQLite: the baseline builds what the models
declare and recognises a database written before migrations were recorded without touching
a row; each step is one transaction with its record; a newer release's database is refused
untouched; only a caller with leave to upgrade (and a backup first) changes a schema."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError
from sqlmodel import SQLModel

from broadcaster.store import migrations, migrations_baseline, migrations_console
from broadcaster.store.db import (
    TRIGGERS_REMOVED,
    SchemaError,
    Upgrade,
    connect,
    open_engine,
    quick_check,
)
from broadcaster.store.migrations import Migration, apply_pending, schema_state

FIXTURE_DB = (
    Path(__file__).resolve().parents[2] / "fixtures" / "station-565c682" / "var" / "station.db"
)
NOW = datetime(2026, 5, 1, 3, 0, tzinfo=UTC)
# Every real step, in order ("all of them" in the tests below); made-up steps are 0099_*,
# later than every real one.
ALL = [m.name for m in migrations.MIGRATIONS]
# What 0002_console adds to a database, written out so that anything more fails: three
# tables (empty), the audit log's index and its three append-only triggers.
CONSOLE_TABLES = ("console_account", "console_audit", "console_request")
CONSOLE_SCHEMA = {
    *(("table", name) for name in CONSOLE_TABLES),
    ("index", "ix_console_audit_at"),
    ("trigger", "console_audit_no_update"),
    ("trigger", "console_audit_no_delete"),
    ("trigger", "console_audit_only_new"),
}


def _url(db: Path) -> str:
    return f"sqlite:///{db}"


def _schema(db: Path) -> dict[tuple[str, str], str]:
    """Every table, index and trigger with its SQL, the record table left out."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        return {(kind, name): sql for kind, name, sql in rows if "schema_migration" not in name}


def _rows(db: Path) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    with sqlite3.connect(db) as conn:
        tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()
            for t in tables
            if t != "schema_migration"
        }


def _recorded(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [n for (n,) in conn.execute("SELECT name FROM schema_migration ORDER BY name")]


def _changes(
    schema: dict[tuple[str, str], str], rows: dict[str, list[tuple]], db: Path
) -> list[str]:  # type: ignore[type-arg]
    """How `db` differs from the schema and rows it had, 0002_console's additions set aside
    (only when they were not there before, and only as they must be: its objects, its tables
    empty). [] means the steps touched no row and changed nothing else in the schema."""
    found: list[str] = []
    after_schema, after_rows = _schema(db), _rows(db)
    for key in sorted(CONSOLE_SCHEMA - schema.keys()):
        if key not in after_schema:
            found.append(f"{key[0]} {key[1]} not made")
        after_schema.pop(key, None)
    for table in CONSOLE_TABLES:
        if table not in rows and after_rows.get(table):
            found.append(f"{table}: {len(after_rows[table])} rows in a new table")
        if table not in rows:
            after_rows.pop(table, None)
    found += [f"{kind} {name} new" for kind, name in sorted(after_schema.keys() - schema.keys())]
    found += [f"{kind} {name} gone" for kind, name in sorted(schema.keys() - after_schema.keys())]
    found += [
        f"{kind} {name} changed"
        for kind, name in sorted(schema.keys() & after_schema.keys())
        if schema[kind, name] != after_schema[kind, name]
    ]
    found += [
        f"rows of {table} changed"
        for table in sorted(rows.keys() | after_rows.keys())
        if rows.get(table) != after_rows.get(table)
    ]
    return found


def _sha(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    """A copy of a station database written before migrations were recorded."""
    copy = tmp_path / "station.db"
    shutil.copyfile(FIXTURE_DB, copy)
    return copy


def test_a_new_database_is_built_by_the_migrations_exactly_as_the_models_declare(
    tmp_path: Path,
) -> None:
    built, declared = tmp_path / "built.db", tmp_path / "declared.db"
    open_engine(_url(built), built).dispose()
    engine = connect(_url(declared))
    SQLModel.metadata.create_all(engine)
    with engine.begin() as conn:
        for statement in migrations_baseline.SQLITE_TRIGGERS + migrations_console.SQLITE_TRIGGERS:
            conn.execute(text(statement))
    engine.dispose()
    assert _schema(built) == _schema(declared)
    assert _recorded(built) == ALL == ["0001_baseline", "0002_console"]
    # ...and the comparison sees a column a model gained without a migration.
    with sqlite3.connect(declared) as conn:
        conn.execute("ALTER TABLE programme ADD COLUMN language VARCHAR")
    assert _schema(built) != _schema(declared)


def test_the_baseline_recognises_an_old_database_and_records_itself_without_touching_a_row(
    old_db: Path,
) -> None:
    schema, rows = _schema(old_db), _rows(old_db)
    backups: list[list[str]] = []
    leave = Upgrade(backup=backups.append)
    open_engine(_url(old_db), old_db, leave).dispose()
    assert backups == [ALL]
    assert leave.applied == ALL and not leave.created
    assert _recorded(old_db) == ALL
    # The baseline's tables as they were, row for row; 0002 added its own (all of them,
    # empty), nothing else.
    assert _changes(schema, rows, old_db) == []
    # Once recorded, nothing is pending: no backup, nothing run.
    again = Upgrade(backup=backups.append)
    open_engine(_url(old_db), old_db, again).dispose()
    assert again.applied == [] and len(backups) == 1


def test_a_command_without_leave_uses_an_old_database_as_it_is_and_records_nothing(
    old_db: Path,
) -> None:
    schema, rows = _schema(old_db), _rows(old_db)
    open_engine(_url(old_db), old_db).dispose()
    engine = connect(_url(old_db))
    state = schema_state(engine)
    engine.dispose()
    assert state.pending_names == ALL and state.applied == []
    # What every step may do at any open (each is any_open_may_apply): the console's
    # tables are all there, empty; no row and nothing else changed.
    assert _changes(schema, rows, old_db) == []


def _careless(conn: Connection) -> None:
    conn.execute(text("DROP TRIGGER console_audit_no_delete"))
    conn.execute(text("CREATE INDEX ix_programme_title ON programme (title)"))
    conn.execute(text("UPDATE programme SET title = title || '.' WHERE id = 1"))
    conn.execute(
        text(
            "INSERT INTO console_audit (at, account, action, target, detail, client, outcome)"
            " VALUES ('2026-05-01', 'ba', 'login', '', '', '', 'ok')"
        )
    )


def test_the_comparison_sees_what_a_step_should_not_have_done(old_db: Path) -> None:
    """`_changes` above can fail: a row written, an index added, a trigger left out."""
    schema, rows = _schema(old_db), _rows(old_db)
    engine = connect(_url(old_db))
    apply_pending(engine, NOW, (*migrations.MIGRATIONS, Migration("0099_careless", _careless)))
    engine.dispose()
    assert _changes(schema, rows, old_db) == [
        "trigger console_audit_no_delete not made",
        "console_audit: 1 rows in a new table",
        "index ix_programme_title new",
        "rows of programme changed",
    ]


def test_an_old_database_short_of_a_table_gets_it_at_any_open_as_before(old_db: Path) -> None:
    """What every open did before the record: an empty table put in, no row touched."""
    with sqlite3.connect(old_db) as conn:
        conn.execute("DROP TABLE notification_quiet")  # empty in the fixture
    rows = _rows(old_db)
    open_engine(_url(old_db), old_db).dispose()
    after = _rows(old_db)
    assert after.pop("notification_quiet") == []
    assert {table: after.pop(table) for table in CONSOLE_TABLES} == dict.fromkeys(
        CONSOLE_TABLES, []
    )
    assert after == rows
    engine = connect(_url(old_db))
    assert schema_state(engine).pending_names == ALL  # recorded only with leave
    engine.dispose()


def test_a_later_step_pending_needs_an_upgrade_and_the_upgrade_backs_up_first(
    old_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_engine(_url(old_db), old_db, Upgrade(backup=lambda names: None)).dispose()
    monkeypatch.setattr(migrations, "MIGRATIONS", STEPS)
    schema, rows = _schema(old_db), _rows(old_db)
    with pytest.raises(SchemaError, match="db upgrade") as refused:
        open_engine(_url(old_db), old_db)
    assert "0099_language" in str(refused.value)
    assert (_schema(old_db), _rows(old_db)) == (schema, rows)  # the refusal changed nothing
    order: list[str] = []

    def backup(names: list[str]) -> None:
        order.append("backup")
        assert names == ["0099_language"]
        assert _recorded(old_db) == ALL  # before anything runs

    leave = Upgrade(backup=backup)
    open_engine(_url(old_db), old_db, leave).dispose()
    assert order == ["backup"] and leave.applied == ["0099_language"]
    assert _recorded(old_db) == [*ALL, "0099_language"]


def test_a_failed_backup_stops_the_upgrade(old_db: Path) -> None:
    def backup(names: list[str]) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError):
        open_engine(_url(old_db), old_db, Upgrade(backup=backup))
    engine = connect(_url(old_db))
    assert schema_state(engine).applied == []
    engine.dispose()


def test_a_table_short_of_a_column_is_not_a_schema_it_knows_and_is_left_alone(
    tmp_path: Path,
) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE programme (id INTEGER PRIMARY KEY, title VARCHAR)")
        conn.execute("INSERT INTO programme VALUES (1, 'x')")
    schema, rows = _schema(db), _rows(db)
    with pytest.raises(SchemaError, match="programme.uid"):
        open_engine(_url(db), db, Upgrade(backup=lambda names: None))
    # (Only the journal mode changed: WAL is set on every connection, as before.)
    assert (_schema(db), _rows(db)) == (schema, rows)


def test_a_database_from_a_newer_release_is_refused_untouched(old_db: Path) -> None:
    open_engine(_url(old_db), old_db, Upgrade(backup=lambda names: None)).dispose()
    with sqlite3.connect(old_db) as conn:
        conn.execute("INSERT INTO schema_migration VALUES ('0099_station_console', '2027-01-01')")
    conn.close()
    before = _sha(old_db)
    for leave in (None, Upgrade(backup=lambda names: pytest.fail("no backup, no upgrade"))):
        with pytest.raises(SchemaError) as refused:
            open_engine(_url(old_db), old_db, leave)
        assert "0099_station_console" in str(refused.value)
        assert "\n" not in str(refused.value)
    assert _sha(old_db) == before


def _add_language(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE programme ADD COLUMN language VARCHAR"))
    conn.execute(text("UPDATE programme SET language = 'vi'"))


def _half_done(conn: Connection) -> None:
    conn.execute(text("CREATE TABLE half_done (name VARCHAR PRIMARY KEY)"))
    conn.execute(text("INSERT INTO half_done VALUES ('ba')"))
    raise RuntimeError("the step fails half-way")


STEPS = (*migrations.MIGRATIONS, Migration("0099_language", _add_language))


def test_a_later_step_runs_once_in_order_and_is_recorded(old_db: Path) -> None:
    engine = connect(_url(old_db))
    assert apply_pending(engine, NOW, STEPS) == [*ALL, "0099_language"]
    assert apply_pending(engine, NOW, STEPS) == []
    engine.dispose()
    assert _recorded(old_db) == [*ALL, "0099_language"]
    with sqlite3.connect(old_db) as conn:
        assert {v for (v,) in conn.execute("SELECT language FROM programme")} == {"vi"}
    # This code (without 0099) now meets a newer database: refused.
    with pytest.raises(SchemaError, match="0099_language"):
        open_engine(_url(old_db), old_db)


def test_a_step_that_fails_leaves_neither_its_ddl_nor_its_rows_nor_its_record(
    old_db: Path,
) -> None:
    engine = connect(_url(old_db))
    steps = (*migrations.MIGRATIONS, Migration("0099_half_done", _half_done))
    with pytest.raises(RuntimeError):
        apply_pending(engine, NOW, steps)
    engine.dispose()
    assert _recorded(old_db) == ALL  # the steps before stay done
    assert "half_done" not in _rows(old_db)


def test_without_the_runners_begin_sqlite_would_keep_the_half_done_ddl(
    old_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why `_begin` issues BEGIN IMMEDIATE: Python's sqlite3 opens no transaction before
    DDL, so the CREATE would commit on its own (the test above fails without it)."""
    monkeypatch.setattr(migrations, "_begin", lambda conn: None)
    engine = connect(_url(old_db))
    with pytest.raises(RuntimeError):
        apply_pending(
            engine, NOW, (*migrations.MIGRATIONS, Migration("0099_half_done", _half_done))
        )
    engine.dispose()
    assert "half_done" in _rows(old_db)


def test_a_trigger_dropped_before_the_upgrade_is_put_back_and_kept_on_record(
    old_db: Path,
) -> None:
    with sqlite3.connect(old_db) as conn:
        conn.execute("DROP TRIGGER as_run_no_update")
    open_engine(_url(old_db), old_db, Upgrade(backup=lambda names: None)).dispose()
    with sqlite3.connect(old_db) as conn:
        names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        removed = conn.execute(
            "SELECT value FROM daemon_state WHERE key = ?", (TRIGGERS_REMOVED,)
        ).fetchone()
    assert "as_run_no_update" in names
    assert removed == ("as_run_no_update",)


def test_a_damaged_record_is_left_to_the_integrity_check(tmp_path: Path) -> None:
    """The daemon's quick_check, not the migrations, tells a damaged file (exit 3, restore)."""
    db = tmp_path / "station.db"
    open_engine(_url(db), db).dispose()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'schema_migration'"
        ).fetchone()[0]
    conn.close()
    with db.open("r+b") as handle:  # a sector goes bad under the record and its index
        handle.seek((root - 1) * page)
        handle.write(b"\xff" * page * 2)
    engine = open_engine(_url(db), db, Upgrade(backup=lambda names: pytest.fail("no upgrade")))
    try:
        verdict = quick_check(engine)
    except DatabaseError as exc:  # as Daemon.run takes it
        verdict = str(exc.orig)
    finally:
        engine.dispose()
    assert verdict != "ok"
