"""The fault-injection suite: a real daemon process on the null-sink rig, one fault at a
time. Each test reports whether the daemon survived and how many as-run rows were lost;
the session ends with a summary line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.daemon_ready import Readiness
from tests.rig import SoundRig

RESULTS: list[dict] = []


@dataclass
class DaemonProcess:
    station: object
    rig: SoundRig
    log: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> DaemonProcess:
        """Start `broadcaster run`; return once it is ready (READY=1) or has exited."""
        readiness = Readiness()
        env = {
            **os.environ,
            **self.rig.env(),
            "PYTHONUNBUFFERED": "1",
            **readiness.env(),
            **self.extra_env,
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "broadcaster", "--config", str(self.station.config_path), "run"],
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            cwd=self.station.root,
        )
        try:
            readiness.wait(self.proc)
        finally:
            readiness.close()
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return -9

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def cli(station, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "broadcaster", "--config", str(station.config_path), *args],
        capture_output=True,
        text=True,
        check=check,
        cwd=station.root,
    )


def rows(station, month: str) -> list[dict]:
    return json.loads(cli(station, "export", "--month", month, "--format", "json").stdout)["rows"]


def sleep_until(moment) -> None:  # type: ignore[no-untyped-def]
    time.sleep(max(0.0, moment.timestamp() - time.time()))


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
