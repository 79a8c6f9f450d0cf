"""#12's upgrade test: a station database an older release wrote (tests/fixtures/station-*,
always on a copy) is upgraded by the real CLI and by the daemon's start, and every row of
every table comes through unchanged, the whole as-run chain verifies, the migration is on
record, the backup taken first holds the old schema, and the daemon runs on the result.
A newer release's database is refused untouched, and the row comparison can fail."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from broadcaster.store import migrations
from broadcaster.store.db import connect
from broadcaster.store.migrations import Migration, apply_pending
from tests.integration.store.test_station_fixture import (  # the committed fixture, on a copy
    _database,
    _manifest,
    committed,  # noqa: F401  (a fixture `station` needs)
    station,  # noqa: F401  (a fixture)
)

# rig: the fixture's config names a bulletin signal, which ffmpeg must decode when the
# config is read; the daemon test also plays through libVLC.
pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"),
    pytest.mark.rig,
]

Dump = dict[str, list[tuple]]  # type: ignore[type-arg]

ALL = [m.name for m in migrations.MIGRATIONS]  # every real step, in order
# The tables 0002_console adds, new and empty (written out: a fourth one fails here).
CONSOLE_TABLES = ("console_account", "console_audit", "console_request")


def dump_rows(db_file: Path) -> Dump:
    """Every row of every table, in storage order, the migration record left out."""
    connection = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " ORDER BY name"
            )
            if name != migrations.RECORD.name
        ]
        return {
            t: connection.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables
        }
    finally:
        connection.close()


def row_differences(before: Dump, after: Dump) -> list[str]:
    """What differs, table by table and row by row; [] when every row is as it was."""
    found = [
        f"table {t} {'gone' if t in before else 'new'}"
        for t in sorted(before.keys() ^ after.keys())
    ]
    for table in sorted(before.keys() & after.keys()):
        old, new = before[table], after[table]
        if len(old) != len(new):
            found.append(f"{table}: {len(old)} rows before, {len(new)} after")
        found += [
            f"{table}[{i}]: {a} -> {b}"
            for i, (a, b) in enumerate(zip(old, new, strict=False))
            if a != b
        ]
    return found


def upgrade_differences(before: Dump, after: Dump) -> list[str]:
    """`row_differences`, except that 0002_console's tables may be new, and then must be
    there and empty; [] when the upgrade carried every row and added only those."""
    found = []
    for table in CONSOLE_TABLES:
        if table in before:
            continue  # already made by an earlier open: compared as any other table
        if table not in after:
            found.append(f"table {table} not made")
        elif after[table]:
            found.append(f"{table}: {len(after[table])} rows in a new table")
    made = {t: rows for t, rows in after.items() if t in before or t not in CONSOLE_TABLES}
    return found + row_differences(before, made)


def _tables(db_file: Path) -> set[str]:
    connection = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        return {
            n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    finally:
        connection.close()


def _recorded(db_file: Path) -> list[str]:
    connection = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        return [n for (n,) in connection.execute("SELECT name FROM schema_migration ORDER BY name")]
    finally:
        connection.close()


def _broadcaster(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "broadcaster", "--config", str(folder / "config.toml"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=folder,
    )


def _backups(folder: Path) -> list[Path]:
    return sorted((folder / "var" / "backups").glob("broadcaster-*.db"))


def _heartbeat(db_file: Path) -> tuple[str, str] | None:
    connection = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=10)
    try:
        row = connection.execute(
            "SELECT value, updated_at FROM daemon_state WHERE key = 'daemon'"
        ).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))
    finally:
        connection.close()


def _run_daemon_briefly(folder: Path, log: Path) -> tuple[int, str]:
    """`broadcaster run` as a process until it has written a running heartbeat, then
    SIGTERM; its exit code and log. No sound rig: the station only has to come up."""
    db_file = _database(folder)
    before = _heartbeat(db_file)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "broadcaster", "--config", str(folder / "config.toml"), "run"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=folder,
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and proc.poll() is None:
                beat = _heartbeat(db_file)
                if beat is not None and beat != before and '"running"' in beat[0]:
                    break
                time.sleep(0.5)
            assert proc.poll() is None, log.read_text(errors="replace")
            time.sleep(2)  # a few seconds on the upgraded database, ticks included
            assert proc.poll() is None, log.read_text(errors="replace")
        finally:
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=30)
    return code, log.read_text(encoding="utf-8", errors="replace")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- the upgrade -----------------------------------------------------------------------
def test_db_upgrade_carries_every_row_and_the_chain_and_records_itself(station: Path) -> None:  # noqa: F811
    db_file = _database(station)
    before = dump_rows(db_file)
    # Other commands use the old database as it is and record nothing.
    checked = _broadcaster(station, "db", "upgrade", "--check")
    assert checked.returncode == 1, checked
    assert f"{len(ALL)} bước nâng cấp chưa chạy: {', '.join(ALL)}." in checked.stdout, checked
    # ...and may only add what any open may (0002's tables, empty), recording nothing.
    assert _broadcaster(station, "verify", "--database").returncode == 0
    assert migrations.RECORD.name not in _tables(db_file)
    assert upgrade_differences(before, dump_rows(db_file)) == []
    assert set(CONSOLE_TABLES) <= _tables(db_file)

    done = _broadcaster(station, "db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stdout.splitlines() if "bước" in line] == [
        f"Đã nâng cấp cơ sở dữ liệu: bước {name}" for name in ALL
    ]
    (backup,) = _backups(station)
    assert str(backup) in done.stdout  # the backup came first, and says where it is
    assert done.stdout.index(str(backup)) < done.stdout.index("bước")

    assert upgrade_differences(before, dump_rows(db_file)) == []
    assert _recorded(db_file) == ALL
    # The backup is the database as it was: no record, the same rows (and the console's
    # empty tables, which `verify` above made).
    assert migrations.RECORD.name not in _tables(backup)
    assert upgrade_differences(before, dump_rows(backup)) == []
    assert set(CONSOLE_TABLES) <= _tables(backup)

    verified = _broadcaster(station, "verify", "--database")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert str(_manifest(station)["as_run_last"]["seq"]) in verified.stdout
    assert _broadcaster(station, "db", "check").returncode == 0

    again = _broadcaster(station, "db", "upgrade")
    assert again.returncode == 0 and f"({ALL[-1]})" in again.stdout, again
    assert len(_backups(station)) == 1  # nothing pending: no backup, nothing run
    assert _broadcaster(station, "db", "upgrade", "--check").returncode == 0


def test_the_daemon_runs_on_the_upgraded_database(station: Path, tmp_path: Path) -> None:  # noqa: F811
    assert _broadcaster(station, "db", "upgrade").returncode == 0
    db_file = _database(station)
    code, log = _run_daemon_briefly(station, tmp_path / "run.log")
    assert code == 0, log
    assert "Traceback" not in log
    assert _heartbeat(db_file) is not None and '"stopped"' in _heartbeat(db_file)[0]  # type: ignore[index]
    assert _recorded(db_file) == ALL
    assert _broadcaster(station, "verify", "--database").returncode == 0


def test_the_daemon_backs_up_then_upgrades_at_start(station: Path, tmp_path: Path) -> None:  # noqa: F811
    db_file = _database(station)
    before = dump_rows(db_file)
    code, log = _run_daemon_briefly(station, tmp_path / "run.log")
    assert code == 0, log
    assert "Đã sao lưu cơ sở dữ liệu trước khi nâng cấp" in log
    for name in ALL:
        assert f"Đã nâng cấp cơ sở dữ liệu: bước {name}" in log
        assert log.index("trước khi nâng cấp") < log.index(f"bước {name}")
    first = [b for b in _backups(station) if str(b) in log]
    assert len(first) == 1, log  # (the nightly one, taken later, may sit beside it)
    # The old schema, nothing added: the daemon's start opened it with leave, so nothing
    # ran before the backup.
    assert _tables(first[0]) == set(before)
    assert row_differences(before, dump_rows(first[0])) == []
    assert set(CONSOLE_TABLES) <= _tables(db_file)  # (its rows: the daemon has run since)
    assert _recorded(db_file) == ALL
    verified = _broadcaster(station, "verify", "--database")
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_the_last_release_s_database_gets_0002_made_by_a_command_and_recorded_by_the_daemon(
    station: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """A station the last release (#12) upgraded: the baseline is on record, the console's
    tables are not there. A command makes them (empty, unrecorded); the daemon's start
    backs up, then records 0002_console and only it."""
    db_file = _database(station)
    engine = connect(f"sqlite:///{db_file}")
    assert apply_pending(engine, datetime.now(UTC), migrations.MIGRATIONS[:1]) == ALL[:1]
    engine.dispose()
    before = dump_rows(db_file)
    checked = _broadcaster(station, "db", "upgrade", "--check")
    assert checked.returncode == 1, checked
    assert "có 1 bước nâng cấp chưa chạy: 0002_console." in checked.stdout, checked

    assert _broadcaster(station, "verify", "--database").returncode == 0
    assert set(CONSOLE_TABLES) <= _tables(db_file)
    assert upgrade_differences(before, dump_rows(db_file)) == []
    assert _recorded(db_file) == ["0001_baseline"]

    code, log = _run_daemon_briefly(station, tmp_path / "run.log")
    assert code == 0, log
    assert "bước 0001_baseline" not in log
    assert "Đã nâng cấp cơ sở dữ liệu: bước 0002_console" in log
    assert log.index("trước khi nâng cấp") < log.index("bước 0002_console")
    first = [b for b in _backups(station) if str(b) in log]
    assert len(first) == 1, log
    assert _recorded(first[0]) == ["0001_baseline"]  # taken before the record
    assert upgrade_differences(before, dump_rows(first[0])) == []
    assert _recorded(db_file) == ALL
    verified = _broadcaster(station, "verify", "--database")
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_a_newer_release_s_database_is_refused_by_every_way_in(station: Path) -> None:  # noqa: F811
    assert _broadcaster(station, "db", "upgrade").returncode == 0
    db_file = _database(station)
    with sqlite3.connect(db_file) as connection:
        connection.execute("INSERT INTO schema_migration VALUES ('0099_console', '2027-01-01')")
    connection.close()
    before = _sha(db_file)
    for args in (("db", "upgrade"), ("db", "upgrade", "--check"), ("status",), ("run",)):
        refused = _broadcaster(station, *args)
        assert refused.returncode == 2, (args, refused.stdout, refused.stderr)
        assert "0099_console" in refused.stderr and refused.stderr.strip().count("\n") == 0, args
    assert _sha(db_file) == before
    assert len(_backups(station)) == 1  # the first upgrade's only


# ---- the checks above can fail -----------------------------------------------------------
def _drop_a_notification(conn: Connection) -> None:
    conn.execute(text("DELETE FROM notification WHERE id = (SELECT MIN(id) FROM notification)"))


def test_a_migration_that_drops_a_row_fails_the_row_comparison(station: Path) -> None:  # noqa: F811
    db_file = _database(station)
    before = dump_rows(db_file)
    engine = connect(f"sqlite:///{db_file}")
    steps = (*migrations.MIGRATIONS, Migration("0099_careless", _drop_a_notification))
    apply_pending(engine, datetime.now(UTC), steps)
    engine.dispose()
    differences = upgrade_differences(before, dump_rows(db_file))
    assert differences and differences[0].startswith("notification: 1 rows before, 0 after")


def _write_in_a_console_table(conn: Connection) -> None:
    conn.execute(
        text(
            "INSERT INTO console_account (name, password_hash, role, created_at, created_by)"
            " VALUES ('ba', 'x', 'operator', '2026-05-01', 'ba')"
        )
    )


def test_a_row_in_a_console_table_or_a_table_not_made_fails_the_comparison(
    station: Path,  # noqa: F811
) -> None:
    db_file = _database(station)
    before = dump_rows(db_file)
    engine = connect(f"sqlite:///{db_file}")
    steps = (*migrations.MIGRATIONS, Migration("0099_careless", _write_in_a_console_table))
    apply_pending(engine, datetime.now(UTC), steps)
    engine.dispose()
    after = dump_rows(db_file)
    assert upgrade_differences(before, after) == ["console_account: 1 rows in a new table"]
    del after["console_request"]
    assert upgrade_differences(before, after) == [
        "console_account: 1 rows in a new table",
        "table console_request not made",
    ]


def test_an_edited_value_fails_the_row_comparison(station: Path) -> None:  # noqa: F811
    db_file = _database(station)
    before = dump_rows(db_file)
    with sqlite3.connect(db_file) as connection:
        connection.execute("UPDATE programme_loudness SET range_lu = range_lu + 0.1")
    connection.close()
    differences = row_differences(before, dump_rows(db_file))
    assert len(differences) == len(before["programme_loudness"])
    assert all(d.startswith("programme_loudness[") for d in differences)
