"""`broadcaster run` starts the console (#13) as a process of its own, brings it back when it
dies, takes it down when the daemon goes, and airs on whatever the console does."""

from __future__ import annotations

import signal
import socket
import sys
import time
import urllib.error
import urllib.request
from contextlib import suppress
from datetime import timedelta

import psutil
import pytest

from tests.support.onair import drop, slot_in
from tests.support.process import export_rows, sleep_until, start_daemon, stop_daemon
from tests.support.station import series_toml

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG")

PORT_IN_USE = "đang được chương trình khác dùng"
RESTARTING = "Bảng điều khiển đã dừng bất ngờ"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int) -> bool:
    """Whether an HTTP server answers on the port (any status counts)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap", timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def wait_for(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def consoles(daemon_pid: int) -> list[psutil.Process]:
    """The daemon's console children (not the output threads' or anyone else's)."""
    found = []
    try:
        children = psutil.Process(daemon_pid).children()
    except psutil.NoSuchProcess:
        return []
    for child in children:
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "console" in child.cmdline():
                found.append(child)
        except psutil.Error:  # gone (or a zombie) between the listing and the look
            continue
    return found


def console_of(daemon_pid: int, seconds: float = 60.0) -> psutil.Process:
    found: list[psutil.Process] = []
    assert wait_for(lambda: bool(found.extend(consoles(daemon_pid)) or found), seconds)
    return found[0]


def gone(proc: psutil.Process, seconds: float) -> bool:
    def dead() -> bool:
        try:
            return proc.status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return True

    return wait_for(dead, seconds)


def test_the_daemon_runs_the_console_beside_it_and_takes_it_down_with_it(
    station, rig, tmp_path
) -> None:
    port = free_port()
    station.write_config(vlc_args='["--aout=pulse"]', console_port=port)
    log = tmp_path / "daemon.log"
    proc = start_daemon(station, rig, log)
    try:
        child = console_of(proc.pid)
        assert wait_for(lambda: answers(port), 90), log.read_text()
        assert child.pid != proc.pid and child.nice() == 10  # below the airing thread
        assert f"Bảng điều khiển: http://127.0.0.1:{port}/" in log.read_text()
        # As a service manager stops it: SIGTERM to every process of the service at once.
        child.send_signal(signal.SIGTERM)
        assert stop_daemon(proc) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert gone(child, 10)
    assert not answers(port)
    assert RESTARTING not in log.read_text()  # a stop, not a crash


def test_a_console_killed_comes_back_and_the_airing_goes_on(station, tone, rig, tmp_path) -> None:
    port = free_port()
    station.write_config(vlc_args='["--aout=pulse"]', console_port=port)
    log = tmp_path / "daemon.log"
    proc = start_daemon(station, rig, log)
    try:
        first = console_of(proc.pid)
        assert wait_for(lambda: answers(port), 90), log.read_text()
        # The slot once the console is up (it may start slowly on a busy machine): the
        # daemon reads the new series at its next reconcile tick (2 s).
        slot_text, slot_at = slot_in(10)
        station.write_series("chuyen-doi-so", series_toml([slot_text]))
        drop(tone(2), station.inbox)
        sleep_until(slot_at - timedelta(seconds=0.3))
        first.send_signal(signal.SIGKILL)  # at the slot: the airing must not notice
        assert gone(first, 5)
        time.sleep(4.0)
        assert proc.poll() is None, log.read_text()
        second = console_of(proc.pid)
        assert second.pid != first.pid
        assert wait_for(lambda: answers(port), 90), log.read_text()
        assert stop_daemon(proc) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    text = log.read_text()
    assert text.count(RESTARTING) == 1, text
    assert gone(second, 10)
    rows = export_rows(station, slot_at.strftime("%Y-%m"))
    assert [r["status"] for r in rows] == ["aired"], text


def test_a_daemon_killed_outright_takes_its_console_with_it(station, rig, tmp_path) -> None:
    port = free_port()
    station.write_config(vlc_args='["--aout=pulse"]', console_port=port)
    log = tmp_path / "daemon.log"
    proc = start_daemon(station, rig, log)
    try:
        child = console_of(proc.pid)
        assert wait_for(lambda: answers(port), 90), log.read_text()
    finally:
        proc.kill()  # SIGKILL: the daemon has no chance to stop its console
        proc.wait(10)
    try:
        assert gone(child, 10), "the console outlived the daemon"
        assert not answers(port)
    finally:
        with suppress(psutil.Error):  # a console left behind by a failure goes now
            child.kill()


def test_a_console_turned_off_does_not_listen(station, rig, tmp_path) -> None:
    port = free_port()
    station.write_config(vlc_args='["--aout=pulse"]', console_port=port)
    text = station.config_path.read_text(encoding="utf-8")
    assert "enabled = true" in text
    station.config_path.write_text(text.replace("enabled = true", "enabled = false"), "utf-8")
    log = tmp_path / "daemon.log"
    proc = start_daemon(station, rig, log)
    try:
        time.sleep(4.0)  # long enough for a console to have started
        assert consoles(proc.pid) == []
        assert not answers(port)
        assert stop_daemon(proc) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "Bảng điều khiển:" not in log.read_text()


def test_a_port_in_use_is_one_line_and_the_station_airs_on(station, tone, rig, tmp_path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    station.write_config(vlc_args='["--aout=pulse"]', console_port=port)
    log = tmp_path / "daemon.log"
    try:
        proc = start_daemon(station, rig, log)
        try:
            # The slot once the daemon is up (its start is slow on a busy machine); it
            # reads the new series at its next reconcile tick (2 s).
            slot_text, slot_at = slot_in(10)
            station.write_series("chuyen-doi-so", series_toml([slot_text]))
            drop(tone(2), station.inbox)
            sleep_until(slot_at)
            time.sleep(4.0)
            assert proc.poll() is None, log.read_text()
            assert consoles(proc.pid) == []  # it gave up at once: retrying would not help
            assert stop_daemon(proc) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
    finally:
        taken.close()
    text = log.read_text()
    lines = [line for line in text.splitlines() if PORT_IN_USE in line]
    assert len(lines) == 1 and str(port) in lines[0], text
    assert RESTARTING not in text and "Traceback" not in text
    rows = export_rows(station, slot_at.strftime("%Y-%m"))
    assert [r["status"] for r in rows] == ["aired"], text
