"""The clock seam: wall time and monotonic time both come from the injected clock, so a
fake one can drive the station's timings and fake a clock jump (#12)."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from broadcaster import clock as clock_module
from broadcaster.clock import FakeClock, SystemClock

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
PACKAGE = Path(clock_module.__file__).parent
# Where the station's own timings live: every span and deadline there reads the clock.
TIMED = ("station", "ingest")
# Real elapsed time on purpose, not station timing: retries wait on a queue's real timeout
# (a fake clock cannot wake a blocked queue), a jingle's budget bounds real ffmpeg work, and
# the console's supervisor times a real child process (its restarts' backoff and stop).
REAL_TIME_ONLY = {
    "station/notify/notifier.py",
    "station/bulletins.py",
    "station/jingle.py",
    "station/console_process.py",
}


def test_time_passing_moves_both_clocks_together() -> None:
    clock = FakeClock(START)
    clock.advance(timedelta(minutes=5))
    assert clock.now() == START + timedelta(minutes=5)
    assert clock.monotonic() == 300.0
    assert clock.sleep_until(START + timedelta(minutes=6))
    assert (clock.now(), clock.monotonic()) == (START + timedelta(minutes=6), 360.0)
    assert clock.sleep_until(START)  # already past: no time passes
    assert (clock.now(), clock.monotonic()) == (START + timedelta(minutes=6), 360.0)


def test_a_jump_moves_the_wall_clock_only() -> None:
    clock = FakeClock(START)
    clock.jump(timedelta(hours=3))
    assert clock.now() == START + timedelta(hours=3)
    assert clock.monotonic() == 0.0
    clock.jump(timedelta(hours=-4))
    assert clock.now() == START - timedelta(hours=1)
    assert clock.monotonic() == 0.0


def test_time_never_passes_backwards() -> None:
    clock = FakeClock(START)
    with pytest.raises(ValueError):
        clock.advance(timedelta(seconds=-1))
    assert clock.monotonic() == 0.0


def test_the_system_clocks_offset_file_moves_the_wall_clock_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fault suite's seam (a real daemon's clock made to jump) must look like a real
    jump to the detector: the wall clock moves, the monotonic clock does not."""
    offset = tmp_path / "offset"
    offset.write_text(str(3 * 3600))
    monkeypatch.setenv(clock_module.OFFSET_FILE_ENV, str(offset))
    clock = SystemClock()
    wall = clock.now().timestamp() - clock.monotonic()
    monkeypatch.delenv(clock_module.OFFSET_FILE_ENV)
    plain = SystemClock()
    plain_wall = plain.now().timestamp() - plain.monotonic()
    assert wall - plain_wall == pytest.approx(3 * 3600, abs=1)


def direct_monotonic(source: str) -> list[int]:
    """Lines that read `time.monotonic` directly instead of the injected clock."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "monotonic"
            and isinstance(node.value, ast.Name)
            and node.value.id == "time"
        ):
            found.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "time":
            found += [node.lineno for alias in node.names if alias.name == "monotonic"]
    return found


def test_the_scan_finds_a_direct_monotonic() -> None:
    assert direct_monotonic("import time\nstarted = time.monotonic()\n") == [2]
    assert direct_monotonic("from time import monotonic\n") == [1]
    assert direct_monotonic("started = self.clock.monotonic()\n") == []


def test_the_station_reads_monotonic_time_from_its_clock() -> None:
    offenders = {}
    for wing in TIMED:
        for path in sorted((PACKAGE / wing).rglob("*.py")):
            name = path.relative_to(PACKAGE).as_posix()
            lines = direct_monotonic(path.read_text(encoding="utf-8"))
            if lines and name not in REAL_TIME_ONLY:
                offenders[name] = lines
    assert offenders == {}
