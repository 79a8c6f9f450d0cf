"""`make central` (#14): a newcomer's province service on this machine, on a persistent
PostgreSQL cluster under var/central/; made once, reused, stopped with --stop-database."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from broadcaster._lib import pki
from tests.support.console import free_port
from tests.support.paths import REPO

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Debian's postgresql-15")


def test_make_central_runs_the_service_module() -> None:
    out = subprocess.run(
        ["make", "-n", "central"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert "python -m broadcaster.central.local" in out


def start(root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "broadcaster.central.local",
            "--root",
            str(root),
            "--port",
            str(free_port()),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def listening(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if "https://127.0.0.1:" in line:
            return line
    raise AssertionError("".join(lines))


def test_the_local_service_starts_on_its_own_cluster_and_again() -> None:
    # A folder the postgres user may enter (pytest's own are closed to other users).
    base = Path(tempfile.mkdtemp(prefix="make-central-"))
    base.chmod(0o755)
    root = base / "central"
    try:
        first = start(root)
        try:
            assert "chứng thư" in listening(first)
        finally:
            first.send_signal(signal.SIGTERM)
            first.wait(timeout=20)
        assert (root / "pg" / "data" / "PG_VERSION").exists()
        assert (root / "ca" / pki.CA_KEY).stat().st_mode & 0o777 == 0o600
        made = (root / "ca" / pki.CA_CERT).read_bytes()
        again = start(root)  # reused: same CA, same cluster
        try:
            listening(again)
        finally:
            again.send_signal(signal.SIGTERM)
            again.wait(timeout=20)
        assert (root / "ca" / pki.CA_CERT).read_bytes() == made
    finally:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "broadcaster.central.local",
                "--root",
                str(root),
                "--stop-database",
            ],
            timeout=60,
            check=False,
        )
    assert not (root / "pg" / "data" / "postmaster.pid").exists()
    shutil.rmtree(base, ignore_errors=True)
