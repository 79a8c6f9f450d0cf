"""Migration 0002_console on SQLite: the console's audit log is append-only (an UPDATE or a
DELETE is refused by the database itself, an INSERT is taken), and on a database the last
release upgraded (the baseline recorded) any command's open makes the console's tables
without recording the step, while the daemon's upgrade records it after a backup. A dropped
audit trigger is put back at the next open and kept on record, as the as-run log's are."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from broadcaster import i18n
from broadcaster.proof.witnesses import check_database
from broadcaster.store import migrations
from broadcaster.store.backup import backup_database
from broadcaster.store.db import (
    CONSOLE_TRIGGER_NAMES,
    CONSOLE_TRIGGERS_REMOVED,
    SchemaError,
    Upgrade,
    connect,
    missing_console_triggers,
    missing_triggers,
    open_engine,
)
from broadcaster.store.migrations import apply_pending, schema_state
from broadcaster.store.readonly import open_readonly
from tests.unit.store.test_migrations import (
    ALL,
    CONSOLE_SCHEMA,
    CONSOLE_TABLES,
    NOW,
    _changes,
    _recorded,
    _rows,
    _schema,
    _url,
    old_db,  # noqa: F401  (a fixture)
)

AUDIT = (
    "INSERT INTO console_audit (at, account, action, target, detail, client, outcome)"
    " VALUES ('2026-05-01 03:00:00', ?, 'login', '', '', '127.0.0.1', 'ok')"
)


@pytest.fixture
def new_db(tmp_path: Path) -> Path:
    db = tmp_path / "station.db"
    open_engine(_url(db), db).dispose()
    return db


REPLACE = (
    "INSERT OR REPLACE INTO console_audit (id, at, account, action, target, detail, client,"
    " outcome) VALUES (1, '2026-05-01 03:00:00', 'ba', 'login', '', '', '127.0.0.1', 'forged')"
)


def test_an_insert_is_taken_and_an_update_or_a_delete_refused(new_db: Path) -> None:
    conn = sqlite3.connect(new_db)  # plain sqlite3: none of the station's pragmas
    try:
        conn.execute(AUDIT, ("ba",))
        conn.execute(AUDIT, ("nam",))
        conn.commit()
        for statement in (
            "UPDATE console_audit SET outcome = 'refused' WHERE id = 1",
            "DELETE FROM console_audit WHERE id = 2",
            # An upsert's DO UPDATE is an UPDATE too.
            "INSERT INTO console_audit SELECT * FROM console_audit WHERE id = 1"
            " ON CONFLICT (id) DO UPDATE SET outcome = 'refused'",
            # REPLACE deletes the row it collides with without the delete trigger (no
            # recursive_triggers here): the insert trigger refuses an id already taken.
            REPLACE,
        ):
            with pytest.raises(sqlite3.IntegrityError, match="console_audit rows are append-only"):
                conn.execute(statement)
        assert conn.execute("SELECT id, account, outcome FROM console_audit").fetchall() == [
            (1, "ba", "ok"),
            (2, "nam", "ok"),
        ]
        conn.execute(AUDIT.replace("(at,", "(id, at,").replace("VALUES (", "VALUES (7, "), ("an",))
        # The refusals are the triggers': without them the same statements go through.
        conn.execute("DROP TRIGGER console_audit_only_new")
        conn.execute(REPLACE)
        conn.execute("DROP TRIGGER console_audit_no_update")
        conn.execute("UPDATE console_audit SET account = 'x' WHERE id = 1")
        conn.execute("DROP TRIGGER console_audit_no_delete")
        conn.execute("DELETE FROM console_audit WHERE id = 2")
        assert conn.execute("SELECT id, account, outcome FROM console_audit").fetchall() == [
            (1, "x", "forged"),
            (7, "an", "ok"),  # a new id given by hand is taken
        ]
    finally:
        conn.close()


def test_the_station_s_own_connections_are_refused_too(new_db: Path) -> None:
    engine = connect(_url(new_db))
    try:
        with engine.begin() as conn:
            conn.execute(text(AUDIT.replace("?", ":account")), {"account": "ba"})
        for statement in (
            "UPDATE console_audit SET outcome = 'refused'",
            "DELETE FROM console_audit",
        ):
            with pytest.raises(IntegrityError, match="append-only"), engine.begin() as conn:
                conn.execute(text(statement))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT outcome FROM console_audit")).scalars().all() == ["ok"]
    finally:
        engine.dispose()


@pytest.fixture
def released_db(old_db: Path) -> Path:  # noqa: F811
    """The fixture as the last release left it once upgraded: the baseline recorded."""
    engine = connect(_url(old_db))
    assert apply_pending(engine, NOW, migrations.MIGRATIONS[:1]) == ["0001_baseline"]
    engine.dispose()
    assert not CONSOLE_SCHEMA & _schema(old_db).keys()
    return old_db


def test_a_command_makes_the_console_tables_and_only_the_daemon_records_the_step(
    released_db: Path, tmp_path: Path
) -> None:
    schema, rows = _schema(released_db), _rows(released_db)
    # A command (no leave to upgrade): 0002 is applied, as any open may, but not recorded.
    open_engine(_url(released_db), released_db).dispose()
    assert _changes(schema, rows, released_db) == []
    assert _recorded(released_db) == ["0001_baseline"]
    engine = connect(_url(released_db))
    assert schema_state(engine).pending_names == ["0002_console"]
    engine.dispose()
    with sqlite3.connect(released_db) as conn:  # the console can use them already
        conn.execute(AUDIT, ("ba",))
    conn.close()
    rows = _rows(released_db)

    # The daemon's start: a checked backup first (as cli.common.backed_up_upgrade takes
    # it), then the step, recorded.
    backups: list[Path] = []

    def backup(names: list[str]) -> None:
        assert names == ["0002_console"]
        backups.append(backup_database(released_db, tmp_path / "backups", NOW, 3))

    leave = Upgrade(backup=backup)
    open_engine(_url(released_db), released_db, leave).dispose()
    assert leave.applied == ["0002_console"] and not leave.created
    assert _recorded(released_db) == ALL
    assert _rows(released_db) == rows  # the audit row written before is kept
    # The backup is the database before the record: the console's tables, no 0002.
    (copy,) = backups
    assert _recorded(copy) == ["0001_baseline"]
    assert _rows(copy) == rows
    # Nothing pending any more: no second backup.
    open_engine(_url(released_db), released_db, Upgrade(backup=backup)).dispose()
    assert len(backups) == 1


def test_without_any_open_may_apply_the_command_would_be_refused(
    released_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test above can fail: were 0002 not marked any_open_may_apply, a command's open
    would refuse the database (run `db upgrade`) and make nothing."""
    strict = [
        migrations.Migration(m.name, m.apply, any_open_may_apply=False)
        if m.name == "0002_console"
        else m
        for m in migrations.MIGRATIONS
    ]
    monkeypatch.setattr(migrations, "MIGRATIONS", tuple(strict))
    schema = _schema(released_db)
    with pytest.raises(SchemaError, match="0002_console"):
        open_engine(_url(released_db), released_db)
    assert _schema(released_db) == schema
    assert not set(CONSOLE_TABLES) & set(_rows(released_db))


# ---- the audit log's triggers are watched as the as-run log's (store/db.py) -------------
def _triggers(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in rows}


def _removed(db: Path) -> str | None:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT value FROM daemon_state WHERE key = ?", (CONSOLE_TRIGGERS_REMOVED,)
        ).fetchone()
    return None if row is None else str(row[0])


def _missing(db: Path) -> list[str]:
    engine = open_readonly(db)  # as `verify --database` and `db check` look
    try:
        return missing_console_triggers(engine)
    finally:
        engine.dispose()


def _problems(db: Path) -> list[str]:
    engine = open_readonly(db)
    try:
        return check_database(engine, None, None, 24, NOW).problems
    finally:
        engine.dispose()


def test_a_dropped_audit_trigger_is_put_back_and_kept_on_record(new_db: Path) -> None:
    assert _missing(new_db) == [] and _problems(new_db) == []
    open_engine(_url(new_db), new_db).dispose()  # an untouched log: nothing on record
    assert _removed(new_db) is None
    with sqlite3.connect(new_db) as conn:
        conn.execute(AUDIT, ("ba",))
        conn.execute("DROP TRIGGER console_audit_no_delete")
    conn.close()
    assert _missing(new_db) == ["console_audit_no_delete"]
    line = i18n.t("witness.console_triggers", "vi", names="chặn xóa dòng")
    assert _problems(new_db) == [line]

    open_engine(_url(new_db), new_db).dispose()  # any open puts it back...
    assert set(CONSOLE_TRIGGER_NAMES) <= _triggers(new_db)
    with sqlite3.connect(new_db) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM console_audit")
    conn.close()
    assert _removed(new_db) == "console_audit_no_delete"  # ...once its absence is on record
    assert _missing(new_db) == ["console_audit_no_delete"]  # and every later check says so
    assert _problems(new_db) == [line]
    # A second one dropped later joins the first on record.
    with sqlite3.connect(new_db) as conn:
        conn.execute("DROP TRIGGER console_audit_no_update")
    conn.close()
    open_engine(_url(new_db), new_db).dispose()
    assert _removed(new_db) == "console_audit_no_update,console_audit_no_delete"
    assert _problems(new_db) == [
        i18n.t("witness.console_triggers", "vi", names="chặn sửa dòng, chặn xóa dòng")
    ]


def test_a_database_without_the_console_s_table_is_short_of_nothing(released_db: Path) -> None:
    """The last release's database (no console yet) is not reported: its table is not
    there, and the open that makes it makes its triggers in the same transaction."""
    assert _missing(released_db) == []
    open_engine(_url(released_db), released_db).dispose()
    assert _missing(released_db) == [] and _removed(released_db) is None
    assert set(CONSOLE_TRIGGER_NAMES) <= _triggers(released_db)


def test_the_as_run_log_s_record_is_its_own(new_db: Path) -> None:
    """One log's dropped trigger is not put on the other's record."""
    with sqlite3.connect(new_db) as conn:
        conn.execute("DROP TRIGGER as_run_no_update")
    conn.close()
    open_engine(_url(new_db), new_db).dispose()
    assert _removed(new_db) is None and _missing(new_db) == []
    assert missing_triggers(connect(_url(new_db))) == ["as_run_no_update"]
