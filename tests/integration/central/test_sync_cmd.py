"""`broadcaster sync` (#14): the command a technician runs, against the real service over
mutual TLS; each failure is one line with its exit code (0 done, 1 unreachable or refused,
2 not set or unusable files, 3 divergence)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine

from broadcaster._lib import pki
from broadcaster.config import Config
from broadcaster.store import central_rows
from tests.support import factories
from tests.support.province import NOW, Service
from tests.support.station import StationDir

SLOT = datetime(2026, 11, 1, 6, 10, tzinfo=UTC)


def airings(engine: Engine, config: Config, count: int, first_day: int = 0) -> None:
    for day in range(first_day, first_day + count):
        slot = SLOT + timedelta(days=day)
        prog = factories.programme(engine, slot - timedelta(days=3))
        factories.as_run(engine, config.station.id, factories.planned(engine, prog, slot), prog)


def central_station(station: StationDir, service: Service, station_id: str, url: str) -> Config:
    """A station whose [central] names the service, with a certificate of its own."""
    out = station.root / "var" / "central"
    pki.issue_station(service.ca, station_id, out, NOW)
    station.write_config(station_id=station_id, extra=f'[central]\nurl = "{url}"\n')
    return station.config()


@dataclass
class Ran:
    exit_code: int
    output: str


def broadcaster(station: StationDir, command: str) -> Ran:
    """A `broadcaster` command as a technician runs it: a process of its own."""
    done = subprocess.run(
        [sys.executable, "-m", "broadcaster", "--config", str(station.config_path), command],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    return Ran(done.returncode, output)


def sync(station: StationDir) -> Ran:
    return broadcaster(station, "sync")


def status(station: StationDir) -> str:
    """`broadcaster status`'s text (its exit code says the daemon is not running here)."""
    return broadcaster(station, "status").output


def one_line(result: Ran) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) >= 1
    return lines[-1]


def test_sync_sends_the_log_and_says_where_the_service_is(
    service: Service, station: StationDir
) -> None:
    config = central_station(station, service, "xa-lenh-sync", service.url)
    engine = factories.engine_for(config)
    airings(engine, config, 4)
    assert "Máy chủ tỉnh " + service.url + ": chưa gửi được lần nào" in status(station)
    first = sync(station)
    assert first.exit_code == 0, first.output
    assert "máy chủ tỉnh đã có nhật ký của đài đến dòng 4 (lần này thêm 4 dòng)" in first.output
    beat = central_rows.heartbeat_of(service.engine, "xa-lenh-sync")
    assert beat is not None and abs(beat["clock_offset_s"]) < 30
    assert beat["payload"]["outbox"] == {"local_seq": 4, "acked_seq": 4, "backlog": 0}
    assert beat["payload"]["chain_head"]["seq"] == 4 and "health" in beat["payload"]
    assert "đồng hồ" not in first.output  # the clocks agree: no warning
    assert "Máy chủ tỉnh đã nhận nhật ký đến dòng 4/4" in status(station)
    airings(engine, config, 1, first_day=4)
    again = sync(station)
    assert again.exit_code == 0 and "đến dòng 5 (lần này thêm 1 dòng)" in again.output


def test_without_central_or_with_unusable_files_it_is_one_line_exit_2(
    service: Service, station: StationDir
) -> None:
    station.write_config(station_id="xa-chua-dat")
    result = sync(station)
    assert result.exit_code == 2 and "[central]" in one_line(result)
    config = central_station(station, service, "xa-chua-dat", service.url)
    config.central.key.chmod(0o644)
    result = sync(station)
    assert result.exit_code == 2 and "chmod 600" in one_line(result)
    config.central.key.chmod(0o600)
    config.central.cert.write_text("not a certificate")
    result = sync(station)
    assert result.exit_code == 2 and "Không dùng được chứng thư" in one_line(result)


def test_a_service_that_cannot_be_reached_is_one_line_exit_1(
    service: Service, station: StationDir
) -> None:
    closed = "https://127.0.0.1:9"  # discard: nothing listens on loopback there
    config = central_station(station, service, "xa-mat-mang", closed)
    airings(factories.engine_for(config), config, 1)
    result = sync(station)
    assert result.exit_code == 1
    assert "không kết nối được" in one_line(result) and "vẫn còn nguyên" in one_line(result)


def test_a_station_whose_history_differs_is_told_exit_3(
    service: Service, station: StationDir, tmp_path: Path
) -> None:
    config = central_station(station, service, "xa-khac-lich-su", service.url)
    engine = factories.engine_for(config)
    airings(engine, config, 2)
    assert sync(station).exit_code == 0
    assert config.paths.database_file is not None
    engine.dispose()
    backup = tmp_path / "before.db"
    shutil.copy(config.paths.database_file, backup)
    engine = factories.engine_for(config)
    airings(engine, config, 2, first_day=2)
    assert sync(station).exit_code == 0
    engine.dispose()
    shutil.copy(backup, config.paths.database_file)  # an old backup restored
    for suffix in ("-wal", "-shm"):
        Path(str(config.paths.database_file) + suffix).unlink(missing_ok=True)
    result = sync(station)
    assert result.exit_code == 3, result.output
    assert "lịch sử khác" in one_line(result)
    assert "thiếu các dòng từ 3" in one_line(result) and "rewind" not in one_line(result)
