"""Database backups, damage and restore, and a full disk during ingest: real SQLite files.

A station PC loses power and its disk fills up: a backup must be a whole, checked copy even
while the daemon writes; a damaged database is reported in one line and restored without
deleting anything; a file the disk had no room for stays in the inbox until there is room.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from click.testing import CliRunner, Result
from loguru import logger
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from broadcaster import i18n
from broadcaster.cli import main
from broadcaster.clock import FakeClock, SystemClock
from broadcaster.errors import BackupError, ConfigError
from broadcaster.ingest.ingester import Ingester
from broadcaster.station.intake import station_ingester
from broadcaster.store.asrun import append, verify_database
from broadcaster.store.backup import (
    backup_database,
    backup_time,
    check_file,
    list_backups,
    nightly_backup,
    restore,
    schedule_backups,
)
from broadcaster.store.db import open_engine, session
from broadcaster.store.models import AsRunRecord, IngestEvent, Programme
from broadcaster.store.state import set_state
from tests.support.onair import drop
from tests.support.paths import REPO
from tests.support.station import StationDir

SIDES = ("-wal", "-shm", "-journal")
T0 = datetime(2026, 3, 10, 19, 30, tzinfo=UTC)  # 02:30 on 11 March in Hanoi


@pytest.fixture
def errors() -> Iterator[list[str]]:
    """Operator messages logged at ERROR while the test runs."""
    found: list[str] = []
    sink = logger.add(lambda message: found.append(message.record["message"]), level="ERROR")
    yield found
    with contextlib.suppress(ValueError):  # a CLI call may have replaced every sink
        logger.remove(sink)


# ---- helpers ---------------------------------------------------------------------------
def row(n: int) -> AsRunRecord:
    at = T0 + timedelta(minutes=n)
    return AsRunRecord(
        station_id="xa-thu-nghiem",
        series_id="chuyen-doi-so",
        title=f"Chương trình {n}",
        file_name=f"chuyen-doi-so/ct-{n}.mp3",
        file_sha256=f"{n:064x}",
        kind="new",
        scheduled_at=at,
        duration_s=600.0,
        status="missed",
        reason="kiểm thử sao lưu " * 4,
        recorded_at=at,
    )


def station_engine(station: StationDir) -> Engine:
    config = station.config()
    return open_engine(config.paths.database, config.paths.database_file)


def db_file(station: StationDir) -> Path:
    path = station.config().paths.database_file
    assert path is not None
    return path


def filled(station: StationDir, rows: int = 300) -> Path:
    """A station database with `rows` as-run rows, closed (its WAL folded into the file)."""
    engine = station_engine(station)
    for n in range(rows):
        append(engine, row(n))
    engine.dispose()
    path = db_file(station)
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


def damage(path: Path, offset: int = 8192, size: int = 4096) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(random.Random(7).randbytes(size))


def readonly_engine(path: Path) -> Engine:
    uri = path.resolve().as_uri() + "?mode=ro"
    return create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
    )


def count_rows(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM as_run").fetchone()[0])
    finally:
        conn.close()


def cli(station: StationDir, *args: str) -> Result:
    return CliRunner().invoke(main, ["--config", str(station.config_path), "db", *args])


# ---- backup ----------------------------------------------------------------------------
def test_a_backup_taken_while_the_daemon_writes_is_whole_and_checked(
    station: StationDir, tmp_path: Path
) -> None:
    engine = station_engine(station)
    stop = threading.Event()
    written: list[int] = []
    failures: list[BaseException] = []

    def writer() -> None:
        n = 0
        try:
            while not stop.is_set():
                append(engine, row(n))
                written.append(n)
                n += 1
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            failures.append(exc)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        while len(written) < 50 and thread.is_alive():
            threading.Event().wait(0.01)
        copies = []
        for k in range(3):
            before = len(written)
            copy = backup_database(db_file(station), tmp_path / "b", T0 + timedelta(days=k), 7)
            copies.append((copy, before, len(written)))
    finally:
        stop.set()
        thread.join(10)
    assert not failures, failures
    assert len(written) > 50

    for copy, before, after in copies:
        assert check_file(copy) == "ok"
        rows = count_rows(copy)
        assert before <= rows <= after + 1  # one snapshot, taken during the call
        copy_engine = readonly_engine(copy)
        assert verify_database(copy_engine) == (rows, None)  # not a torn copy: the chain holds
        copy_engine.dispose()
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one whole file
        conn.close()
        assert not Path(f"{copy}-wal").exists()
    assert [p.name for p in list_backups(tmp_path / "b")] == [
        "broadcaster-20260312-193000.db",
        "broadcaster-20260311-193000.db",
        "broadcaster-20260310-193000.db",
    ]
    # The live database is untouched by it and goes on.
    assert verify_database(engine) == (len(written), None)
    engine.dispose()


def test_pruning_keeps_exactly_the_newest_and_deletes_nothing_else(
    station: StationDir, tmp_path: Path
) -> None:
    source = filled(station, rows=5)
    folder = tmp_path / "backups"
    folder.mkdir()
    others = [
        folder / "notes.txt",
        folder / "broadcaster-old.db",
        folder / "my-broadcaster-20200101-000000.db",
        folder / "broadcaster-20200101-000000.db.bak",
    ]
    for other in others:
        other.write_text("not a backup")
    made = [backup_database(source, folder, T0 + timedelta(days=d), keep=3) for d in range(6)]

    kept = list_backups(folder)
    assert kept == list(reversed(made[-3:]))
    assert all(not p.exists() for p in made[:3])
    assert all(other.read_text() == "not a backup" for other in others)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [p.name for p in kept] + [o.name for o in others]
    )
    assert backup_time(kept[0]) == T0 + timedelta(days=5)


def test_two_backups_in_one_second_both_exist(station: StationDir, tmp_path: Path) -> None:
    source = filled(station, rows=3)
    first = backup_database(source, tmp_path, T0, keep=5)
    second = backup_database(source, tmp_path, T0, keep=5)
    assert first != second and first.exists() and second.exists()
    assert list_backups(tmp_path) == [second, first]


def test_a_damaged_database_never_pushes_good_backups_out(
    station: StationDir, tmp_path: Path
) -> None:
    source = filled(station)
    folder = tmp_path / "backups"
    good = [backup_database(source, folder, T0 + timedelta(days=d), keep=2) for d in range(2)]
    damage(source)

    with pytest.raises(BackupError):
        backup_database(source, folder, T0 + timedelta(days=5), keep=2)

    assert list_backups(folder) == list(reversed(good))
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in good)  # no .part


def test_a_half_written_backup_from_a_power_cut_is_cleared(
    station: StationDir, tmp_path: Path
) -> None:
    source = filled(station, rows=3)
    stale = tmp_path / ".broadcaster-20260301-193000.db.part"
    stale.write_bytes(b"half")
    backup_database(source, tmp_path, T0, keep=3)
    assert not stale.exists()
    assert len(list_backups(tmp_path)) == 1


# ---- checking a damaged file -----------------------------------------------------------
def test_check_file_reports_damage_in_the_middle_of_the_file(station: StationDir) -> None:
    path = filled(station)
    assert check_file(path) == "ok"
    damage(path)
    verdict = check_file(path)
    assert verdict != "ok" and verdict.strip()
    assert "\n" not in verdict


def test_check_file_reports_a_truncated_database(station: StationDir) -> None:
    path = filled(station)
    os.truncate(path, path.stat().st_size // 2)
    verdict = check_file(path)
    assert verdict != "ok" and "\n" not in verdict


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"This is a text file, not a database.\n" * 200, "file is not a database"),
        (b"", "cơ sở dữ liệu trống, không có bảng nào"),
    ],
)
def test_check_file_on_something_that_is_not_a_database(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(content)
    assert check_file(path) == expected
    assert path.read_bytes() == content  # checking never changes the file


def test_check_file_on_a_missing_file(tmp_path: Path) -> None:
    assert check_file(tmp_path / "nowhere.db") == "không có tệp này"
    assert not (tmp_path / "nowhere.db").exists()  # and does not create it


# ---- the db command --------------------------------------------------------------------
def test_db_check_passes_a_healthy_database(station: StationDir) -> None:
    filled(station, rows=20)
    result = cli(station, "check")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 3
    assert "kiểm tra toàn vẹn đạt" in lines[0]
    assert lines[1] == i18n.t("verify.db_ok", "vi", count=20)
    # compared with what lies outside the database: the chain head file beside it
    assert lines[2].strip().startswith("Đã đối chiếu với: tệp đầu chuỗi (20 dòng)")


def test_db_check_speaks_english_when_the_station_does(station: StationDir) -> None:
    text = station.config_path.read_text().replace(
        'level = "commune"', 'level = "commune"\nlanguage = "en"'
    )
    station.config_path.write_text(text)
    filled(station, rows=2)
    result = cli(station, "check")
    assert result.exit_code == 0, result.output
    assert "integrity check ok" in result.output


def test_db_check_on_a_damaged_database_is_one_line_and_exit_1(station: StationDir) -> None:
    path = filled(station)
    damage(path)
    result = cli(station, "check")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Cơ sở dữ liệu bị hỏng: ")
    assert lines[0].endswith("Hãy chạy: broadcaster db restore")
    assert "Traceback" not in result.output


def test_db_check_on_a_file_that_is_not_a_database(station: StationDir) -> None:
    path = db_file(station)
    path.parent.mkdir(parents=True)
    path.write_text("hello\n" * 1000)
    result = cli(station, "check")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        i18n.t("db.damaged", "vi", path=path, detail="file is not a database")
    ]


def test_db_check_finds_an_edited_as_run_row(station: StationDir) -> None:
    path = filled(station, rows=5)
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER as_run_no_update")
    conn.execute("UPDATE as_run SET status = 'aired' WHERE seq = 3")
    conn.commit()
    conn.close()
    result = cli(station, "check")
    assert result.exit_code == 1
    assert "kiểm tra toàn vẹn đạt" in result.output  # the file is sound...
    assert "dòng 3 không khớp" in result.output  # ...the log in it is not


def test_db_backup_makes_a_checked_copy_and_prints_its_path(station: StationDir) -> None:
    filled(station, rows=10)
    result = cli(station, "backup")
    assert result.exit_code == 0, result.output
    (backup,) = list_backups(station.root / "var" / "backups")
    assert str(backup) in result.output
    assert result.output.startswith("Đã sao lưu cơ sở dữ liệu: ")
    assert count_rows(backup) == 10


def test_db_backup_of_a_damaged_database_fails_in_one_line(station: StationDir) -> None:
    path = filled(station)
    damage(path)
    result = cli(station, "backup")
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("SAO LƯU CƠ SỞ DỮ LIỆU THẤT BẠI: ")
    assert list_backups(station.root / "var" / "backups") == []


def test_restore_moves_the_damaged_file_aside_and_the_restored_one_passes(
    station: StationDir,
) -> None:
    path = filled(station)
    assert cli(station, "backup").exit_code == 0
    damage(path)
    Path(f"{path}-wal").write_bytes(b"")  # as a crashed daemon leaves it
    damaged_bytes = path.read_bytes()
    assert cli(station, "check").exit_code == 1

    # Without --yes: the list and the plan, and nothing changes.
    dry = cli(station, "restore")
    assert dry.exit_code == 0, dry.output
    (backup,) = list_backups(station.root / "var" / "backups")
    assert backup.name in dry.output
    assert "--yes" in dry.output and "Sẽ khôi phục từ" in dry.output
    assert path.read_bytes() == damaged_bytes
    assert not list(path.parent.glob("*.damaged-*"))

    done = cli(station, "restore", "--yes")
    assert done.exit_code == 0, done.output
    (aside,) = [p for p in path.parent.glob("*.damaged-*") if not p.name.endswith(SIDES)]
    assert aside.read_bytes() == damaged_bytes  # kept, byte for byte
    assert Path(f"{aside}-wal").exists()  # with its WAL beside it
    assert str(aside) in done.output
    assert check_file(path) == "ok"
    assert count_rows(path) == 300

    check = cli(station, "check")
    assert check.exit_code == 0, check.output
    assert i18n.t("verify.db_ok", "vi", count=300) in check.output
    # The daemon's way in works too.
    engine = station_engine(station)
    assert verify_database(engine) == (300, None)
    engine.dispose()


def test_restore_a_named_backup(station: StationDir, tmp_path: Path) -> None:
    path = filled(station, rows=4)
    old = backup_database(path, tmp_path, T0, keep=5)
    engine = station_engine(station)
    append(engine, row(99))
    engine.dispose()
    backup_database(path, tmp_path, T0 + timedelta(days=1), keep=5)

    result = cli(station, "restore", str(old), "--yes")
    assert result.exit_code == 0, result.output
    assert count_rows(path) == 4
    (aside,) = [p for p in path.parent.glob("*.damaged-*") if not p.name.endswith(SIDES)]
    assert count_rows(aside) == 5  # a healthy database moved aside is kept too


def test_restoring_from_a_damaged_backup_is_refused(station: StationDir, tmp_path: Path) -> None:
    path = filled(station)
    backup = backup_database(path, tmp_path, T0, keep=3)
    damage(backup)
    damage(path, offset=16384)
    before = path.read_bytes()

    with pytest.raises(BackupError):
        restore(path, backup, T0)
    result = cli(station, "restore", str(backup), "--yes")
    assert result.exit_code == 1
    assert result.output.startswith("Không khôi phục: bản sao lưu ")
    assert path.read_bytes() == before
    assert not list(path.parent.glob("*.damaged-*"))
    assert not list(path.parent.glob(".*restoring*"))


def test_restore_is_refused_while_the_daemon_runs(station: StationDir, tmp_path: Path) -> None:
    path = filled(station, rows=3)
    backup = backup_database(path, tmp_path, T0, keep=3)
    engine = station_engine(station)
    set_state(engine, "daemon", {"state": "running"}, datetime.now(UTC))
    engine.dispose()
    before = path.read_bytes()

    result = cli(station, "restore", str(backup), "--yes")
    assert result.exit_code == 1
    assert result.output.startswith("Phần mềm phát đang chạy")
    assert path.read_bytes() == before
    assert not list(path.parent.glob("*.damaged-*"))

    engine = station_engine(station)
    set_state(engine, "daemon", {"state": "stopped"}, datetime.now(UTC))
    engine.dispose()
    assert cli(station, "restore", str(backup), "--yes").exit_code == 0


def test_restore_without_any_backup_says_so(station: StationDir) -> None:
    filled(station, rows=1)
    result = cli(station, "restore", "--yes")
    assert result.exit_code == 1
    assert result.output.startswith("Chưa có bản sao lưu nào trong ")


def test_restore_when_the_database_file_is_gone(station: StationDir, tmp_path: Path) -> None:
    path = filled(station, rows=3)
    backup = backup_database(path, tmp_path, T0, keep=3)
    path.unlink()
    assert restore(path, backup, T0) is None
    assert count_rows(path) == 3


def test_restore_never_overwrites_an_earlier_damaged_file(
    station: StationDir, tmp_path: Path
) -> None:
    path = filled(station, rows=3)
    backup = backup_database(path, tmp_path, T0, keep=3)
    first = restore(path, backup, T0)
    second = restore(path, backup, T0)  # same second
    assert first is not None and second is not None and first != second
    assert first.exists() and second.exists()


def test_a_restore_that_fails_halfway_puts_everything_back(
    station: StationDir, tmp_path: Path
) -> None:
    path = filled(station, rows=3)
    backup = backup_database(path, tmp_path, T0, keep=3)
    wal = Path(f"{path}-wal")
    wal.write_bytes(b"the old WAL")
    before = path.read_bytes()
    real_replace = os.replace

    def wal_in_use(src: Any, dst: Any) -> None:
        if Path(src) == wal:
            raise PermissionError(errno.EACCES, "in use")
        real_replace(src, dst)

    with mock.patch("os.replace", wal_in_use), pytest.raises(PermissionError):
        restore(path, backup, T0)
    assert path.read_bytes() == before
    assert wal.read_bytes() == b"the old WAL"  # never left beside a restored file
    assert not list(path.parent.glob("*.damaged-*"))
    assert not list(path.parent.glob(".*restoring*"))


# ---- the daemon's nightly job ----------------------------------------------------------
def test_nightly_backup_never_raises_and_says_why(station: StationDir, errors: list[str]) -> None:
    path = filled(station)
    damage(path)
    assert nightly_backup(station.config(), T0) is None
    assert any(e.startswith("SAO LƯU CƠ SỞ DỮ LIỆU THẤT BẠI") for e in errors)


def test_the_catch_up_backup_runs_only_when_the_last_is_a_day_old(station: StationDir) -> None:
    filled(station, rows=2)
    config = station.config()
    first = nightly_backup(config, T0, only_if_due=True)
    assert first is not None
    assert nightly_backup(config, T0 + timedelta(hours=23), only_if_due=True) is None
    later = nightly_backup(config, T0 + timedelta(hours=25), only_if_due=True)
    assert later is not None and later != first
    assert nightly_backup(config, T0 + timedelta(hours=25, minutes=1)) is not None  # nightly


def test_schedule_backups_adds_the_nightly_job_in_station_time(station: StationDir) -> None:
    station.write_config(extra='\n[database]\nbackup_at = "03:15"\n')
    config = station.config()
    scheduler = BackgroundScheduler(timezone=config.station.tz)
    schedule_backups(scheduler, config, FakeClock(T0))
    scheduler.start(paused=True)
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {"backup", "backup-catch-up"}
        nightly = jobs["backup"].next_run_time.astimezone(config.station.tz)
        assert (nightly.hour, nightly.minute) == (3, 15)
    finally:
        scheduler.shutdown(wait=False)


# ---- the [database] table --------------------------------------------------------------
def test_database_defaults(station: StationDir) -> None:
    config = station.config()
    assert config.database.backup_dir == station.root.resolve() / "var" / "backups"
    assert config.database.backup_at == time(2, 30)
    assert config.database.backups_kept == 7


def test_database_values(station: StationDir) -> None:
    elsewhere = (station.root.parent / "usb" / "sao-luu").resolve()
    station.write_config(
        extra=f'\n[database]\nbackup_dir = "{elsewhere.as_posix()}"\n'
        'backup_at = "23:05"\nbackups_kept = 30\n'
    )
    config = station.config()
    assert config.database.backup_dir == elsewhere
    assert config.database.backup_at == time(23, 5)
    assert config.database.backups_kept == 30


# rig: needs ffmpeg (the bundled config's signal is decoded; ffprobe judges the file)
@pytest.mark.rig
def test_the_bundled_config_has_the_database_table(monkeypatch, tmp_path: Path) -> None:
    from broadcaster.config import load_config

    monkeypatch.chdir(tmp_path)
    config = load_config(REPO / "config.toml")
    assert config.database.backup_dir == REPO / "var" / "backups"
    assert (config.database.backup_at, config.database.backups_kept) == (time(2, 30), 7)


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('backup_at = "25:00"', "database.backup_at"),
        ('backup_at = "2h75"', "database.backup_at"),
        ("backup_at = 230", "database.backup_at"),
        ("backups_kept = 0", "database.backups_kept"),
        ('backups_kept = "7"', "database.backups_kept"),
        ("backup_dir = 5", "database.backup_dir"),
        ('backup_dri = "x"', "database.backup_dri"),
    ],
)
def test_bad_database_keys_are_reported_with_their_path(
    station: StationDir, toml: str, key: str
) -> None:
    station.write_config(extra=f"\n[database]\n{toml}\n")
    with pytest.raises(ConfigError) as caught:
        station.config()
    assert [i.key for i in caught.value.issues] == [key]
    if key == "database.backup_dri":
        assert "backup_dir" in caught.value.issues[0].message  # did you mean


# ---- a full disk during ingest ---------------------------------------------------------
ENOSPC = OSError(errno.ENOSPC, "No space left on device")


def make_ingester(station: StationDir) -> Ingester:
    return station_ingester(station.config(), station_engine(station), SystemClock())


def scan_twice(ingester: Ingester) -> list[Any]:
    first, _ = ingester.scan()
    second, _ = ingester.scan()
    return first + second


def media_files(station: StationDir, folder: str) -> list[Path]:
    root = station.root / "media" / folder
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def rows_of(engine: Engine, model: Any) -> list[Any]:
    with session(engine) as db:
        return list(db.exec(select(model)).all())


def assert_untouched(station: StationDir, ingester: Ingester, dropped: Path, data: bytes) -> None:
    assert dropped.read_bytes() == data
    assert media_files(station, "library") == []
    assert media_files(station, "quarantine") == []
    assert rows_of(ingester.engine, Programme) == []
    assert rows_of(ingester.engine, IngestEvent) == []


def test_disk_full_while_copying_to_the_library_leaves_the_file_in_the_inbox(
    station: StationDir, tone: Any, errors: list[str]
) -> None:
    ingester = make_ingester(station)
    dropped = drop(tone(1), station.inbox, "Bản tin.mp3")
    data = dropped.read_bytes()
    real_replace = os.replace

    def other_device(src: Any, dst: Any) -> None:
        if Path(src) == dropped:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_replace(src, dst)

    def half_copy(src: Any, dst: Any) -> None:
        Path(dst).write_bytes(Path(src).read_bytes()[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    with mock.patch("os.replace", other_device), mock.patch("shutil.copy2", half_copy):
        assert scan_twice(ingester) == []

    assert_untouched(station, ingester, dropped, data)  # no half copy left in the library
    assert any(e.startswith("Ổ ĐĨA ĐẦY: chưa nhận được Bản tin.mp3") for e in errors), errors

    # Room again: the next scans take it, whole.
    (outcome,) = scan_twice(ingester)
    assert outcome.outcome == "accepted"
    (target,) = media_files(station, "library")
    assert target.read_bytes() == data
    assert not dropped.exists()


def test_disk_full_on_rename_leaves_the_file_and_the_scan_goes_on(
    station: StationDir, tone: Any, errors: list[str]
) -> None:
    ingester = make_ingester(station)
    first = drop(tone(1), station.inbox, "A.mp3")
    second = drop(tone(2), station.inbox, "B.mp3")
    real_replace = os.replace

    def full_for_a(src: Any, dst: Any) -> None:
        if Path(src) == first:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    with mock.patch("os.replace", full_for_a):
        outcomes = scan_twice(ingester)

    assert [o.name for o in outcomes] == ["B.mp3"]  # the other file went on
    assert first.exists() and not second.exists()
    assert [p.name for p in media_files(station, "library")] == ["B.mp3"]
    assert [p.original_name for p in rows_of(ingester.engine, Programme)] == ["B.mp3"]
    assert len([e for e in errors if "A.mp3" in e and "ĐẦY" in e]) == 1


def test_a_full_database_after_the_move_puts_the_file_back(
    station: StationDir, tone: Any, errors: list[str]
) -> None:
    ingester = make_ingester(station)
    dropped = drop(tone(1), station.inbox / "chuyen-doi-so", "Tháng ba.mp3")
    data = dropped.read_bytes()
    real_flush = Session.flush

    def full(self: Session, *args: Any, **kwargs: Any) -> None:
        if any(isinstance(o, Programme) for o in self.new):  # the Programme row: no room
            raise OperationalError(
                "INSERT", {}, sqlite3.OperationalError("database or disk is full")
            )
        real_flush(self, *args, **kwargs)

    with mock.patch.object(Session, "flush", full):
        assert scan_twice(ingester) == []

    assert_untouched(station, ingester, dropped, data)  # no library file without its row
    assert any(e.startswith("Ổ ĐĨA ĐẦY") for e in errors), errors
    (outcome,) = scan_twice(ingester)
    assert outcome.outcome == "accepted"
    assert len(rows_of(ingester.engine, Programme)) == 1


# rig: needs ffmpeg (the bundled config's signal is decoded; ffprobe judges the file)
@pytest.mark.rig
def test_disk_full_writing_the_reason_file_puts_the_rejected_file_back(
    station: StationDir, errors: list[str]
) -> None:
    ingester = make_ingester(station)
    dropped = station.inbox / "ghi-chu.mp3"
    dropped.parent.mkdir(parents=True, exist_ok=True)
    dropped.write_text("không phải âm thanh\n" * 50, encoding="utf-8")
    data = dropped.read_bytes()
    real_write_text = Path.write_text

    def full(self: Path, text: str, *args: Any, **kwargs: Any) -> int:
        real_write_text(self, text[:10], *args, **kwargs)  # a few bytes fit, then none
        raise OSError(errno.ENOSPC, "No space left on device")

    with mock.patch.object(Path, "write_text", full):
        assert scan_twice(ingester) == []

    assert_untouched(station, ingester, dropped, data)  # no stray reason file or part
    assert any("ghi-chu.mp3" in e and "ĐẦY" in e for e in errors), errors
    (outcome,) = scan_twice(ingester)
    assert outcome.outcome == "rejected"
    assert sorted(p.name for p in media_files(station, "quarantine")) == [
        "ghi-chu.mp3",
        "ghi-chu.mp3.reason.txt",
    ]


def test_a_failed_delete_of_the_source_after_a_copy_keeps_one_copy(
    station: StationDir, tmp_path: Path
) -> None:
    from broadcaster.ingest.files import move_file

    source = tmp_path / "in" / "a.mp3"
    source.parent.mkdir()
    source.write_bytes(b"audio")
    target = tmp_path / "lib" / "a.mp3"
    real_replace = os.replace
    real_unlink = Path.unlink

    def other_device(src: Any, dst: Any) -> None:
        if Path(src) == source:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_replace(src, dst)

    def refuse(self: Path, missing_ok: bool = False) -> None:
        if self == source:
            raise PermissionError(errno.EACCES, "read-only inbox")
        real_unlink(self, missing_ok=missing_ok)

    with (
        mock.patch("os.replace", other_device),
        mock.patch.object(Path, "unlink", refuse),
        pytest.raises(PermissionError),
    ):
        move_file(source, target, None)
    assert source.read_bytes() == b"audio"
    assert sorted(p.name for p in (tmp_path / "lib").iterdir()) == []
