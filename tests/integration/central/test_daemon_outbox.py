"""The daemon sends its log to the province service by itself (#14): a real daemon on the
sound rig, the real service over mutual TLS; and a service that cannot be reached is one
warning, not one per attempt, while the station runs on."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine

from broadcaster._lib import pki
from broadcaster.config import Config
from broadcaster.store import central_rows
from broadcaster.store.asrun import last_seq
from tests.support import factories
from tests.support.process import start_daemon, stop_daemon
from tests.support.province import NOW, Service
from tests.support.rig import SoundRig
from tests.support.station import StationDir

SLOT = datetime(2026, 11, 1, 6, 10, tzinfo=UTC)


def airings(engine: Engine, config: Config, count: int) -> None:
    for day in range(count):
        slot = SLOT + timedelta(days=day)
        prog = factories.programme(engine, slot - timedelta(days=3))
        factories.as_run(engine, config.station.id, factories.planned(engine, prog, slot), prog)


def configured(station: StationDir, service: Service, station_id: str, url: str) -> Config:
    pki.issue_station(service.ca, station_id, station.root / "var" / "central", NOW)
    station.write_config(
        station_id=station_id, extra=f'[central]\nurl = "{url}"\ninterval = "1s"\n'
    )
    return station.config()


def test_the_daemon_sends_its_log_and_a_heartbeat_by_itself(
    service: Service, station: StationDir, rig: SoundRig, tmp_path: Path
) -> None:
    config = configured(station, service, "xa-tu-gui", service.url)
    engine = factories.engine_for(config)
    airings(engine, config, 3)
    proc = start_daemon(station, rig, tmp_path / "daemon.log")
    try:
        deadline = time.monotonic() + 60
        while True:
            head = central_rows.station_head(service.engine, "xa-tu-gui")
            beat = central_rows.heartbeat_of(service.engine, "xa-tu-gui")
            local = last_seq(engine)
            if head is not None and head[1] >= 3 and head[1] == local and beat is not None:
                break
            assert time.monotonic() < deadline, (head, local, beat)
            time.sleep(0.5)
    finally:
        assert stop_daemon(proc) == 0
    assert beat["payload"]["chain_head"]["seq"] == head[1]


def test_a_service_out_of_reach_is_one_warning_and_the_station_runs_on(
    service: Service, station: StationDir, rig: SoundRig, tmp_path: Path
) -> None:
    configured(station, service, "xa-ngoai-tam", "https://127.0.0.1:9")
    log = tmp_path / "daemon.log"
    proc = start_daemon(station, rig, log)
    try:
        time.sleep(5)  # several passes at a 1 s interval, doubling
        assert proc.poll() is None
    finally:
        assert stop_daemon(proc) == 0
    text = log.read_text(encoding="utf-8", errors="replace")
    assert text.count("Chưa gửi được nhật ký lên máy chủ tỉnh") == 1, text[-2000:]
    assert "không kết nối được" in text and "Traceback" not in text
