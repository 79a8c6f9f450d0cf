"""The same migrations on PostgreSQL 15 (the province service's database): a throwaway
cluster in a temporary folder, the steps applied through SQLAlchemy and psycopg 3, applied
again as a no-op, the as-run log and the console's audit log append-only there too (plpgsql
triggers), and 0002_console made by any open but recorded only with leave."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from broadcaster.store import migrations, migrations_baseline, migrations_console
from broadcaster.store.db import SchemaError, Upgrade, connect, open_engine
from tests.support.postgres import throwaway_cluster

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Debian's postgresql-15")

NOW = datetime(2026, 5, 1, 3, 0, tzinfo=UTC)
ZERO = "0" * 64
ALL = [m.name for m in migrations.MIGRATIONS]  # every real step, in order


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A URL to an empty PostgreSQL 15 database, the cluster removed afterwards."""
    with throwaway_cluster() as url:
        yield url


@pytest.fixture(scope="module")
def engine(cluster: str) -> Iterator[Engine]:
    engine = connect(cluster)
    yield engine
    engine.dispose()


def _append(conn, seq: int, prev_hash: str, row_hash: str) -> None:  # type: ignore[no-untyped-def]
    conn.execute(
        text(
            "INSERT INTO as_run (seq, prev_hash, row_hash, uid, station_id, series_id, title,"
            " file_name, file_sha256, kind, scheduled_at, duration_s, played_s, status,"
            " reason, recorded_at) VALUES (:seq, :prev, :hash, :uid, 'xa-a', 's', 't', 'f',"
            " 'h', 'new', :at, 1.0, 1.0, 'aired', '', :at)"
        ),
        {"seq": seq, "prev": prev_hash, "hash": row_hash, "uid": f"u{seq}", "at": NOW},
    )


def test_the_migrations_build_every_table_and_column_and_run_once(engine: Engine) -> None:
    assert migrations.schema_state(engine).empty
    assert migrations.apply_pending(engine, NOW) == ALL == ["0001_baseline", "0002_console"]
    inspector = inspect(engine)
    tables = [*migrations_baseline.schema.sorted_tables, *migrations_console.schema.sorted_tables]
    for table in tables:
        have = {c["name"] for c in inspector.get_columns(table.name)}
        assert have == {c.name for c in table.columns}, table.name
    assert set(inspector.get_table_names()) == {t.name for t in tables} | {"schema_migration"}
    assert migrations.schema_state(engine).applied == ALL
    # Again: nothing pending, nothing run, and open_engine opens it as it is.
    assert migrations.apply_pending(engine, NOW) == []
    open_engine(str(engine.url.render_as_string(hide_password=False))).dispose()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM schema_migration")).scalar() == len(ALL)


def test_the_as_run_log_is_append_only_on_postgresql_too(engine: Engine) -> None:
    migrations.apply_pending(engine, NOW)
    with engine.begin() as conn:
        _append(conn, 1, ZERO, "a" * 64)
    refused = {
        "UPDATE as_run SET status = 'failed'": "append-only",
        "DELETE FROM as_run": "append-only",
        "TRUNCATE as_run": "append-only",
    }
    for statement, why in refused.items():
        with pytest.raises(DBAPIError, match=why), engine.begin() as conn:
            conn.execute(text(statement))
    for seq, prev in ((3, "a" * 64), (2, "b" * 64)):  # a gap, then a fork
        with pytest.raises(DBAPIError, match="end of the chain"), engine.begin() as conn:
            _append(conn, seq, prev, "c" * 64)
    with engine.begin() as conn:
        _append(conn, 2, "a" * 64, "c" * 64)  # the next row is taken
        assert conn.execute(text("SELECT COUNT(*) FROM as_run")).scalar() == 2
    # The refusal is the trigger's: without it, the same UPDATE goes through.
    with engine.connect() as conn:
        conn.execute(text("DROP TRIGGER as_run_no_update ON as_run"))
        conn.execute(text("UPDATE as_run SET reason = 'x' WHERE seq = 2"))
        conn.rollback()  # PostgreSQL's DDL is transactional: the trigger is back


def test_programme_changes_are_append_only_on_postgresql_too(engine: Engine) -> None:
    migrations.apply_pending(engine, NOW)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO programme (id, uid, series_id, title, file_name, original_name,"
                " sha256, size_bytes, duration_s, arrived_at) VALUES (1, 'p1', 's', 't', 'f',"
                " 'f', 'h', 1, 1.0, :at)"
            ),
            {"at": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO programme_change (programme_id, at, by, action, old_value, new_value,"
                " reason) VALUES (1, :at, 'ba', 'withdraw', '', '', 'old')"
            ),
            {"at": NOW},
        )
    for statement in ("UPDATE programme_change SET reason = 'x'", "DELETE FROM programme_change"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))


def test_a_newer_release_s_database_is_refused_on_postgresql_too(engine: Engine) -> None:
    migrations.apply_pending(engine, NOW)
    url = engine.url.render_as_string(hide_password=False)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO schema_migration VALUES ('0099_later', :at)"), {"at": NOW})
    try:
        with pytest.raises(SchemaError, match="0099_later"):
            open_engine(url)
        with pytest.raises(migrations.TooNew):
            migrations.apply_pending(engine, NOW)
    finally:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM schema_migration WHERE name = '0099_later'"))


def _audit(conn, account: str = "ba") -> None:  # type: ignore[no-untyped-def]
    conn.execute(
        text(
            "INSERT INTO console_audit (at, account, action, target, detail, client, outcome)"
            " VALUES (:at, :account, 'login', '', '', '127.0.0.1', 'ok')"
        ),
        {"at": NOW, "account": account},
    )


def test_the_console_audit_log_is_append_only_on_postgresql(engine: Engine) -> None:
    migrations.apply_pending(engine, NOW)
    with engine.begin() as conn:
        _audit(conn)
        _audit(conn, "nam")  # an insert is taken
        assert conn.execute(text("SELECT COUNT(*) FROM console_audit")).scalar() == 2
    for statement in (
        "UPDATE console_audit SET outcome = 'refused'",
        "DELETE FROM console_audit",
        "TRUNCATE console_audit",
    ):
        why = "console_audit rows are append-only"
        with pytest.raises(DBAPIError, match=why), engine.begin() as conn:
            conn.execute(text(statement))
    # ON CONFLICT ... DO UPDATE is an UPDATE too.
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO console_audit (id, at, account, action, target, detail, client,"
                " outcome) SELECT id, at, account, action, target, detail, client, 'refused'"
                " FROM console_audit ON CONFLICT (id) DO UPDATE SET outcome = 'refused'"
            )
        )
    with engine.connect() as conn:
        assert {o for (o,) in conn.execute(text("SELECT outcome FROM console_audit"))} == {"ok"}
    # The refusals are the triggers': without them the same statements go through.
    with engine.connect() as conn:
        conn.execute(text("DROP TRIGGER console_audit_no_update ON console_audit"))
        conn.execute(text("UPDATE console_audit SET outcome = 'refused'"))
        conn.execute(text("DROP TRIGGER console_audit_no_delete ON console_audit"))
        conn.execute(text("DELETE FROM console_audit"))
        conn.execute(text("DROP TRIGGER console_audit_no_truncate ON console_audit"))
        conn.execute(text("TRUNCATE console_audit"))
        conn.rollback()  # PostgreSQL's DDL is transactional: the triggers are back
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM console_audit")).scalar() == 2


@pytest.fixture
def released(cluster: str) -> Iterator[str]:
    """A URL to a database as the last release left it: the baseline recorded, no console."""
    name = "released"
    admin = connect(cluster).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    engine = connect(url)
    assert migrations.apply_pending(engine, NOW, migrations.MIGRATIONS[:1]) == ["0001_baseline"]
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def test_a_command_makes_the_console_tables_and_only_the_upgrade_records_them(
    released: str,
) -> None:
    engine = connect(released)
    try:
        assert "console_audit" not in inspect(engine).get_table_names()
        with engine.begin() as conn:
            _append(conn, 1, ZERO, "a" * 64)
        # A command without leave: 0002 may be applied by any open, so it is, unrecorded.
        open_engine(released).dispose()
        tables = set(inspect(engine).get_table_names())
        assert {"console_account", "console_audit", "console_request"} <= tables
        state = migrations.schema_state(engine)
        assert state.applied == ["0001_baseline"] and state.pending_names == ["0002_console"]
        with engine.begin() as conn:
            _audit(conn)
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text("DELETE FROM console_audit"))
        # The daemon's start: the backup is asked for first, with nothing recorded yet.
        order: list[str] = []

        def backup(names: list[str]) -> None:
            assert names == ["0002_console"]
            assert migrations.schema_state(engine).applied == ["0001_baseline"]
            order.append("backup")

        leave = Upgrade(backup=backup)
        open_engine(released, None, leave).dispose()
        assert order == ["backup"] and leave.applied == ["0002_console"] and not leave.created
        assert migrations.schema_state(engine).applied == ALL
        with engine.connect() as conn:  # the rows made before are kept
            assert conn.execute(text("SELECT COUNT(*) FROM console_audit")).scalar() == 1
            assert conn.execute(text("SELECT COUNT(*) FROM as_run")).scalar() == 1
    finally:
        engine.dispose()


def test_a_later_step_no_open_may_apply_is_refused_without_leave_on_postgresql(
    released: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test above can fail: a step that is not any_open_may_apply is not run unasked."""
    later = migrations.Migration("0099_later", lambda conn: None)
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, later))
    with pytest.raises(SchemaError, match="0099_later"):
        open_engine(released)
    engine = connect(released)
    try:
        assert "console_audit" not in inspect(engine).get_table_names()  # nothing was run
        assert migrations.schema_state(engine).applied == ["0001_baseline"]
    finally:
        engine.dispose()
