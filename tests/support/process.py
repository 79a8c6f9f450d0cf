"""The daemon and the command line as real processes, for the tests that run the whole
program and for the benchmarks. A `station` is a StationDir or the path of a config file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.support.ready import Readiness
from tests.support.rig import SoundRig


def config_of(station: Any) -> Path:
    """The config file of a StationDir, or the path itself."""
    return Path(getattr(station, "config_path", station))


def start_daemon(
    station: Any, rig: SoundRig, log: Path, **extra_env: str
) -> subprocess.Popen[bytes]:
    """`broadcaster run` on the rig, its output appended to `log`, from the station folder;
    returned once the daemon is ready (its sd_notify READY=1) or has exited."""
    config = config_of(station)
    readiness = Readiness()
    env = {**os.environ, **rig.env(), "PYTHONUNBUFFERED": "1", **readiness.env(), **extra_env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "broadcaster", "--config", str(config), "run"],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        cwd=config.parent,
    )
    try:
        readiness.wait(proc)
    finally:
        readiness.close()
    return proc


def stop_daemon(proc: subprocess.Popen[bytes], timeout: float = 20.0) -> int:
    """SIGTERM and its exit code; a daemon that does not stop in `timeout` seconds is killed
    and reads -9, so a hang fails a test that expects 0 instead of leaving a process behind."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
        return -9


def cli(station: Any, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """`broadcaster --config … <args>` as a process, from the station folder."""
    config = config_of(station)
    return subprocess.run(
        [sys.executable, "-m", "broadcaster", "--config", str(config), *args],
        capture_output=True,
        text=True,
        check=check,
        cwd=config.parent,
    )


def export_rows(station: Any, month: str) -> list[dict]:
    """The month's as-run rows, read back through `broadcaster export --format json`."""
    out = cli(station, "export", "--month", month, "--format", "json")
    return json.loads(out.stdout)["rows"]


def sleep_until(moment: datetime) -> None:
    """Sleep on the wall clock until `moment` (at once if it has passed)."""
    time.sleep(max(0.0, moment.timestamp() - time.time()))
