"""`broadcaster run` as a real process: a file dropped in, airings heard on the rig,
SIGTERM, and the as-run rows read back through `export`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from tests.support.onair import TZ, drop, slot_in
from tests.support.process import export_rows, sleep_until, start_daemon, stop_daemon
from tests.support.station import series_toml

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def test_daemon_takes_a_dropped_file_and_airs_it_on_time(station, tone, rig, tmp_path) -> None:
    first, first_at = slot_in(12)
    second, second_at = slot_in(20)
    station.write_series("chuyen-doi-so", series_toml([first, second], repeats=1))
    station.write_config(settle="1s", vlc_args='["--aout=pulse"]')
    log = tmp_path / "daemon.log"
    proc = start_daemon(station, rig, log)
    try:
        with rig.recorder() as recording:
            time.sleep(1.0)
            drop(tone(3), station.inbox, folder="chuyen-doi-so", name="Bản tin 1.mp3")
            sleep_until(second_at)
            time.sleep(4.5)
        assert proc.poll() is None, log.read_text()
        assert stop_daemon(proc) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    text = log.read_text()
    assert "Đã nhận" in text  # the operator sees the file taken in, in Vietnamese
    # The station's key was made at its first start; every row is in the head file beside
    # the database.
    assert "Đã tạo khóa ký mới cho đài (lần chạy đầu)" in text
    var = station.root / "var"
    assert (var / "station.key").stat().st_mode & 0o777 == 0o600
    head = (var / "station.head").read_text(encoding="utf-8").splitlines()
    assert [line.split()[0] for line in head[1:]] == ["1", "2"]

    rows = export_rows(station, first_at.strftime("%Y-%m"))
    assert [(r["kind"], r["status"]) for r in rows] == [("new", "aired"), ("repeat", "aired")], text
    spans = recording.sound_spans()
    assert len(spans) == 2, spans
    for row, slot, (onset, end) in zip(rows, (first_at, second_at), spans, strict=True):
        assert datetime.fromisoformat(row["scheduled_at"]) == slot
        assert abs(onset - slot.timestamp()) < 0.25
        assert abs(row["played_s"] - (end - onset)) < 0.5
        assert row["file_sha256"] and row["title"] == "Bản tin 1"
        assert (
            datetime.fromisoformat(row["started_at"]).utcoffset() == slot.astimezone(TZ).utcoffset()
        )


def test_sigterm_mid_airing_is_partial_and_a_slot_passed_while_down_is_missed(
    station, tone, rig, tmp_path
) -> None:
    first, first_at = slot_in(10)
    second, second_at = slot_in(22)
    station.write_series("chuyen-doi-so", series_toml([first, second], repeats=1))
    station.write_config(
        settle="1s",
        vlc_args='["--aout=pulse"]',
    )
    config_text = station.config_path.read_text(encoding="utf-8")
    station.config_path.write_text(
        config_text.replace('missed_grace = "30s"', 'missed_grace = "2s"'), encoding="utf-8"
    )
    log = tmp_path / "daemon.log"
    proc = start_daemon(station, rig, log)
    try:
        time.sleep(1.0)
        drop(tone(8), station.inbox)
        sleep_until(first_at)
        time.sleep(3.0)  # three seconds into the 8 s programme
        assert stop_daemon(proc) == 0, log.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
    sleep_until(second_at)
    time.sleep(3.0)  # past the slot and its 2 s grace, while nothing runs
    proc = start_daemon(station, rig, log)
    try:
        time.sleep(4.0)
        assert stop_daemon(proc) == 0
    finally:
        if proc.poll() is None:
            proc.kill()

    rows = export_rows(station, first_at.strftime("%Y-%m"))
    assert [(r["kind"], r["status"]) for r in rows] == [("new", "partial"), ("repeat", "missed")], (
        log.read_text()
    )
    partial, missed = rows
    assert 2.0 <= partial["played_s"] <= 4.0
    assert partial["ended_at"] is not None
    assert missed["started_at"] is None and missed["played_s"] == 0
    assert missed["reason"]


def test_a_second_daemon_for_the_same_station_refuses_to_start(station, rig, tmp_path) -> None:
    station.write_config(vlc_args='["--aout=pulse"]')
    first = start_daemon(station, rig, tmp_path / "first.log")
    try:
        time.sleep(3)
        second = subprocess.run(
            [sys.executable, "-m", "broadcaster", "--config", str(station.config_path), "run"],
            env={**os.environ, **rig.env()},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 3
        assert "đang chạy rồi" in second.stderr and second.stderr.strip().count("\n") == 0
        assert first.poll() is None
    finally:
        assert stop_daemon(first) == 0
    again = start_daemon(station, rig, tmp_path / "again.log")  # the lock went with the process
    time.sleep(3)
    assert again.poll() is None and stop_daemon(again) == 0


def _maps(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="jemalloc via LD_PRELOAD")
def test_the_daemon_restarts_itself_on_jemalloc_and_the_operator_can_refuse(
    station, rig, tmp_path
) -> None:
    # `make run` / `make test` install libjemalloc2; without it this must fail, not skip.
    station.write_config(vlc_args='["--aout=pulse"]')
    log = tmp_path / "daemon.log"
    proc = start_daemon(station, rig, log)
    try:
        time.sleep(3)
        assert proc.poll() is None, log.read_text()
        assert "libjemalloc.so" in _maps(proc.pid)  # same PID: re-executed, not forked
        environ = Path(f"/proc/{proc.pid}/environ").read_bytes().split(b"\0")
        assert b"BROADCASTER_MALLOC=jemalloc" in environ
    finally:
        assert stop_daemon(proc) == 0
    # All is well: said in the technician's log only.
    assert "jemalloc" in (station.root / "var" / "log" / "broadcaster-debug.log").read_text()

    plain = start_daemon(station, rig, tmp_path / "plain.log", BROADCASTER_MALLOC="system")
    try:
        time.sleep(3)
        assert plain.poll() is None
        assert "libjemalloc" not in _maps(plain.pid)
    finally:
        assert stop_daemon(plain) == 0
    assert "libjemalloc2" not in (tmp_path / "plain.log").read_text()  # no nagging
