"""The fault-injection suite: a real daemon process on the null-sink rig, one fault at a
time. Each test reports whether the daemon survived and how many as-run rows were lost;
the session ends with a summary line."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support.process import start_daemon, stop_daemon
from tests.support.rig import SoundRig

RESULTS: list[dict] = []


@dataclass
class DaemonProcess:
    station: object
    rig: SoundRig
    log: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> DaemonProcess:
        self.proc = start_daemon(self.station, self.rig, self.log, **self.extra_env)
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> int:
        assert self.proc is not None
        return stop_daemon(self.proc, timeout=30)

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def fault(request):
    """Record the outcome of one injected fault: fault(survived=..., rows_lost=...)."""
    entry = {"fault": request.node.name, "survived": False, "rows_lost": None}
    RESULTS.append(entry)

    def report(survived: bool, rows_lost: int) -> None:
        entry.update(survived=survived, rows_lost=rows_lost)

    return report


@pytest.fixture
def daemon(station, rig, tmp_path):
    made: list[DaemonProcess] = []

    def make(**extra_env: str) -> DaemonProcess:
        process = DaemonProcess(station, rig, tmp_path / "daemon.log", extra_env)
        made.append(process)
        return process

    yield make
    for process in made:
        if process.alive():
            process.stop()


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if not RESULTS:
        return
    survived = sum(1 for r in RESULTS if r["survived"])
    lost = sum(r["rows_lost"] or 0 for r in RESULTS)
    unknown = sum(1 for r in RESULTS if r["rows_lost"] is None)
    terminalreporter.write_sep("=", "fault injection")
    for r in RESULTS:
        terminalreporter.write_line(
            f"  {r['fault']}: survived={r['survived']} rows_lost={r['rows_lost']}"
        )
    terminalreporter.write_line(
        f"faults injected: {len(RESULTS)}, survived: {survived}, rows lost: {lost}"
        + (f", not measured: {unknown}" if unknown else "")
    )
