"""`broadcaster doctor` on real station folders: libVLC on the sound rig, real ffmpeg,
real SQLite files (healthy, damaged, from the future), a real inbox."""

from __future__ import annotations

import json
import re
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from broadcaster.cli import main
from broadcaster.clock import FakeClock, SystemClock
from broadcaster.core.vocab import Status
from broadcaster.ops import doctor
from broadcaster.store.asrun import append
from broadcaster.store.db import open_engine
from broadcaster.store.models import AsRunRecord
from broadcaster.store.state import set_state
from tests.integration.audio.test_player_contract import NO_OUTPUT_ARGS

CHECKS = 9  # libVLC, ffmpeg, ffprobe, audio, database, disk, clock, inbox, allocator
DB_LINE = "Cơ sở dữ liệu:"
AUDIO_LINE = "Đầu ra âm thanh:"
CLOCK_LINE = "Đồng hồ hệ thống:"
INBOX_LINE = "Thư mục nhận:"


def _record(recorded_at: datetime) -> AsRunRecord:
    return AsRunRecord(
        station_id="xa-thu-nghiem",
        series_id="chuyen-doi-so",
        title="Chuyên mục Chuyển đổi số",
        file_name="chuyen-doi-so/ban-tin.mp3",
        file_sha256="0" * 64,
        kind="new",
        scheduled_at=recorded_at - timedelta(minutes=15),
        started_at=recorded_at - timedelta(minutes=15),
        ended_at=recorded_at - timedelta(minutes=3),
        duration_s=720.0,
        played_s=720.0,
        status=Status.AIRED,
        recorded_at=recorded_at,
    )


def _ready(station, vlc_args: str = '["--aout=pulse"]', rows: int = 3):
    """A station as the daemon leaves it: folders made, a database with a few airings of
    yesterday and a heartbeat from a minute ago."""
    station.write_config(vlc_args=vlc_args)
    config = station.config()
    for folder in (station.inbox, station.library, station.quarantine):
        folder.mkdir(parents=True, exist_ok=True)
    engine = open_engine(config.paths.database, config.paths.database_file)
    now = datetime.now(UTC)
    for index in range(rows):
        append(engine, _record(now - timedelta(days=1, hours=index)))
    set_state(engine, "daemon", {"state": "stopped"}, now - timedelta(minutes=1))
    engine.dispose()
    return config


def _doctor(station) -> Result:
    return CliRunner().invoke(main, ["--config", str(station.config_path), "doctor"])


def _lines(result: Result) -> list[str]:
    return result.output.strip().splitlines()


def _line(result: Result, label: str) -> str:
    (line,) = [line for line in _lines(result) if label in line]
    return line


def _stub_audio(monkeypatch: pytest.MonkeyPatch) -> None:
    """For cases about something else: skip the 2 s real probe (covered by its own tests)."""
    monkeypatch.setattr(doctor, "check_audio_output", lambda config, clock: (True, "stub"))


def _by_name(checks: list[doctor.Check]) -> dict[str, doctor.Check]:
    return {check.name: check for check in checks}


# ---- a healthy station ----------------------------------------------------------------------
def test_every_check_passes_on_a_healthy_station(station, rig) -> None:
    config = _ready(station)
    checks = doctor.run_checks(config, SystemClock())

    assert len(checks) == CHECKS
    assert [c for c in checks if not c.ok] == []
    named = _by_name(checks)
    assert named["Thư viện phát VLC (libVLC)"].detail.startswith("phiên bản 3.")
    assert named["ffmpeg"].detail.startswith("phiên bản ")
    assert named["ffprobe"].detail.startswith("phiên bản ")
    assert "--aout=pulse" in named["Đầu ra âm thanh"].detail
    assert "3 dòng" in named["Cơ sở dữ liệu"].detail
    assert "còn trống" in named["Dung lượng đĩa"].detail
    assert "tín hiệu của phần mềm phát" in named["Đồng hồ hệ thống"].detail  # the newest
    assert named["Bộ cấp phát bộ nhớ"].detail.startswith("jemalloc (/")  # `make` installs it
    # The inbox test file is gone again.
    assert list(station.inbox.iterdir()) == []


def test_the_cli_prints_one_line_per_check_and_exits_0(station, rig) -> None:
    _ready(station)
    result = _doctor(station)

    assert result.exit_code == 0, result.output
    lines = _lines(result)
    assert len(lines) == CHECKS + 1
    assert all(line.startswith("[OK] ") for line in lines[:CHECKS])
    assert lines[0].startswith("[OK] Thư viện phát VLC (libVLC): phiên bản 3.")
    assert _line(result, AUDIO_LINE).startswith(f"[OK] {AUDIO_LINE} ")
    assert lines[-1] == f"Tất cả {CHECKS} mục kiểm tra đều tốt."


def test_the_cli_speaks_english_when_the_station_does(station, rig, monkeypatch) -> None:
    _ready(station)
    text = station.config_path.read_text(encoding="utf-8")
    station.config_path.write_text(
        text.replace('level = "commune"', 'level = "commune"\nlanguage = "en"'), encoding="utf-8"
    )
    _stub_audio(monkeypatch)
    result = _doctor(station)
    assert result.exit_code == 0, result.output
    assert "[OK] Database: " in result.output and "[OK] System clock: " in result.output
    assert _lines(result)[-1] == f"All {CHECKS} checks passed."


def test_before_the_first_run_the_database_is_not_created(station, monkeypatch) -> None:
    station.inbox.mkdir(parents=True)
    _stub_audio(monkeypatch)
    config = station.config()
    checks = _by_name(doctor.run_checks(config, SystemClock()))

    assert checks["Cơ sở dữ liệu"].ok and "chưa có" in checks["Cơ sở dữ liệu"].detail
    assert checks["Đồng hồ hệ thống"].ok
    assert config.paths.database_file is not None and not config.paths.database_file.exists()


# ---- faults ---------------------------------------------------------------------------------
def test_no_working_audio_output_fails_the_audio_check(station, rig) -> None:
    _ready(station, vlc_args=json.dumps(list(NO_OUTPUT_ARGS)))
    result = _doctor(station)

    assert result.exit_code == 1, result.output
    line = _line(result, AUDIO_LINE)
    assert line.startswith(f"[!!] {AUDIO_LINE} không phát ra loa được: ")
    assert "--alsa-audio-device=hw:99,0" in line
    assert len(_lines(result)) == CHECKS + 1
    assert sum(line.startswith("[OK] ") for line in _lines(result)) == CHECKS - 1
    assert _lines(result)[-1].startswith(f"1/{CHECKS} mục có lỗi")


# rig: counts the failing lines of a doctor that finds ffmpeg and libVLC
@pytest.mark.rig
def test_a_damaged_database_file_gives_a_failing_line_not_a_traceback(station, monkeypatch) -> None:
    config = _ready(station, rows=60)
    file = config.paths.database_file
    assert file is not None and not Path(f"{file}-wal").exists()  # all of it is in the file
    size = file.stat().st_size
    with file.open("r+b") as handle:
        handle.seek(size // 2 - 4096)
        handle.write(b"\xde\xad\xbe\xef" * 2048)
    _stub_audio(monkeypatch)
    result = _doctor(station)

    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    line = _line(result, DB_LINE)
    assert line.startswith(f"[!!] {DB_LINE} {file} bị hỏng (")
    assert "đừng xóa tệp này" in line
    # Every other check still ran and gave its verdict.
    assert len(_lines(result)) == CHECKS + 1
    assert sum(line.startswith("[!!] ") for line in _lines(result)) == 1


def test_a_file_that_is_not_a_database_at_all(station, monkeypatch) -> None:
    config = _ready(station)
    assert config.paths.database_file is not None
    config.paths.database_file.write_bytes(b"this is not SQLite\n" * 500)
    _stub_audio(monkeypatch)
    result = _doctor(station)
    assert result.exit_code == 1
    assert _line(result, DB_LINE).startswith(f"[!!] {DB_LINE} ")
    assert "bị hỏng" in _line(result, DB_LINE)


def test_a_clock_gone_backwards_fails_the_clock_check(station, monkeypatch) -> None:
    config = _ready(station)
    engine = open_engine(config.paths.database, config.paths.database_file)
    future = datetime.now(UTC) + timedelta(days=400)  # written when the clock was right
    append(engine, _record(future))
    engine.dispose()
    _stub_audio(monkeypatch)
    result = _doctor(station)

    assert result.exit_code == 1, result.output
    line = _line(result, CLOCK_LINE)
    assert line.startswith(f"[!!] {CLOCK_LINE} giờ hệ thống ")
    assert "đồng hồ bị lùi" in line
    local = future.astimezone(config.station.tz)
    assert local.strftime("%d/%m/%Y %H:%M:%S") in line  # the recorded time is shown
    assert re.search(r"giờ hệ thống \d\d/\d\d/\d{4} \d\d:\d\d:\d\d \(UTC\+0700\)", line)  # and now
    assert _line(result, DB_LINE).startswith("[OK]")


def test_a_heartbeat_from_the_future_fails_the_clock_check(station, monkeypatch) -> None:
    config = _ready(station)
    engine = open_engine(config.paths.database, config.paths.database_file)
    set_state(engine, "daemon", {"state": "running"}, datetime.now(UTC) + timedelta(hours=7))
    engine.dispose()
    _stub_audio(monkeypatch)
    checks = _by_name(doctor.run_checks(config, SystemClock()))
    clock = checks["Đồng hồ hệ thống"]
    assert not clock.ok and "tín hiệu của phần mềm phát" in clock.detail


def test_a_clock_before_the_release_year_fails(station, monkeypatch) -> None:
    config = _ready(station)
    _stub_audio(monkeypatch)
    checks = _by_name(doctor.run_checks(config, FakeClock(datetime(2019, 1, 1, tzinfo=UTC))))
    clock = checks["Đồng hồ hệ thống"]
    assert not clock.ok
    assert "01/01/2019 07:00:00 (UTC+0700)" in clock.detail and "2026" in clock.detail


def test_an_inbox_that_is_a_file_fails_the_inbox_check(station, monkeypatch) -> None:
    _ready(station)
    shutil.rmtree(station.inbox)
    station.inbox.write_text("not a folder", encoding="utf-8")
    _stub_audio(monkeypatch)
    result = _doctor(station)

    assert result.exit_code == 1, result.output
    assert _line(result, INBOX_LINE).startswith(f"[!!] {INBOX_LINE} {station.inbox} ")
    assert "không phải thư mục" in _line(result, INBOX_LINE)


def test_a_nearly_full_disk_fails_with_the_figure(station, monkeypatch) -> None:
    config = _ready(station)
    usage = shutil.disk_usage(station.root)
    tight = type(usage)(usage.total, usage.total - 300 * 1024**2, 300 * 1024**2)
    monkeypatch.setattr(doctor.shutil, "disk_usage", lambda path: tight)
    _stub_audio(monkeypatch)
    checks = _by_name(doctor.run_checks(config, SystemClock()))
    disk = checks["Dung lượng đĩa"]
    assert not disk.ok
    assert "còn trống 300 MB" in disk.detail and "500 MB" in disk.detail


# rig: counts the failing lines of a doctor that finds ffmpeg and libVLC
@pytest.mark.rig
def test_a_check_that_raises_fails_alone(station, monkeypatch) -> None:
    config = _ready(station)

    def broken(config):
        raise PermissionError("[Errno 13] Permission denied: 'media/library'")

    monkeypatch.setattr(doctor, "check_disk", broken)
    _stub_audio(monkeypatch)
    checks = doctor.run_checks(config, SystemClock())
    assert len(checks) == CHECKS
    failed = [c for c in checks if not c.ok]
    assert [c.name for c in failed] == ["Dung lượng đĩa"]
    assert failed[0].detail == (
        "không kiểm tra được: PermissionError: [Errno 13] Permission denied: 'media/library'"
    )


# rig: counts the failing lines of a doctor that finds ffmpeg and libVLC
@pytest.mark.rig
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="jemalloc is for Linux")
def test_without_jemalloc_the_allocator_check_fails_with_the_package_name(
    station, monkeypatch
) -> None:
    config = _ready(station)
    _stub_audio(monkeypatch)
    monkeypatch.delenv("BROADCASTER_MALLOC", raising=False)
    monkeypatch.setattr(doctor.allocator, "find_jemalloc", lambda: None)
    checks = _by_name(doctor.run_checks(config, SystemClock()))
    allocator = checks["Bộ cấp phát bộ nhớ"]
    assert not allocator.ok
    assert "libjemalloc2" in allocator.detail
    assert [c.name for c in checks.values() if not c.ok] == ["Bộ cấp phát bộ nhớ"]

    monkeypatch.setenv("BROADCASTER_MALLOC", "system")  # the operator's choice is fine
    checks = _by_name(doctor.run_checks(config, SystemClock()))
    assert checks["Bộ cấp phát bộ nhớ"].ok
    assert "BROADCASTER_MALLOC=system" in checks["Bộ cấp phát bộ nhớ"].detail
