"""The console's watcher (station/console_process.py) on stand-in processes: how often it
starts one again, when it stops trying, and that its output is the daemon's log."""

from __future__ import annotations

import sys
import threading
import time

import pytest
from loguru import logger

from broadcaster.station import console_process
from broadcaster.station.console_process import ConsoleProcess


@pytest.fixture
def lines():
    seen: list[tuple[str, str]] = []
    sink = logger.add(lambda m: seen.append((m.record["level"].name, m.record["message"])))
    yield seen
    logger.remove(sink)


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr(console_process, "FIRST_BACKOFF_S", 0.01)
    monkeypatch.setattr(console_process, "MAX_FAILURES", 3)


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def wait_until(check, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not check():
        time.sleep(0.05)
    return check()


def test_a_console_that_keeps_dying_is_restarted_a_bounded_number_of_times(lines) -> None:
    console = ConsoleProcess(python("import sys; print('lên'); sys.exit(1)"))
    console.start()
    try:
        assert wait_until(lambda: not console._thread.is_alive())
    finally:
        console.stop()
    assert console.starts == 4  # the first start and MAX_FAILURES restarts, no more
    restarts = [m for level, m in lines if level == "WARNING" and "chạy lại sau" in m]
    assert len(restarts) == 3
    assert [m for level, m in lines if level == "ERROR"] == [
        "Bảng điều khiển dừng bất ngờ 3 lần liền nên không chạy lại nữa; việc phát thanh vẫn "
        "tiếp tục. Khởi động lại đài để thử lại, chi tiết ở nhật ký."
    ]
    assert ("INFO", "lên") in lines  # its stdout is the daemon's log


def test_a_console_that_cannot_listen_is_not_retried(lines) -> None:
    console = ConsoleProcess(
        python("import sys; sys.stderr.write('Cổng 8470 đang được dùng\\n'); sys.exit(2)")
    )
    console.start()
    try:
        assert wait_until(lambda: not console._thread.is_alive())
    finally:
        console.stop()
    assert console.starts == 1
    assert lines == [("WARNING", "Cổng 8470 đang được dùng")]  # its own line, and only it


def test_stop_ends_a_console_that_ignores_sigterm(lines) -> None:
    stubborn = python(
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('sẵn sàng', flush=True); time.sleep(60)"
    )
    console = ConsoleProcess(stubborn)
    console.start()
    assert wait_until(lambda: ("INFO", "sẵn sàng") in lines)
    began = time.monotonic()
    console.stop(timeout=0.5)
    assert console.proc is not None and console.proc.returncode == -9
    assert time.monotonic() - began < 5
    assert console.starts == 1 and not any(level == "WARNING" for level, _ in lines)


def test_a_console_ending_as_the_daemon_stops_is_not_restarted(lines) -> None:
    # A service manager's SIGTERM reaches both processes: the console may end first.
    daemon_stop = threading.Event()
    console = ConsoleProcess(python("import time; time.sleep(0.3)"), daemon_stop=daemon_stop)
    console.start()
    time.sleep(0.1)
    daemon_stop.set()
    try:
        assert wait_until(lambda: not console._thread.is_alive())
    finally:
        console.stop()
    assert console.starts == 1 and lines == []
