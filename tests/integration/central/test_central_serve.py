"""`broadcaster central serve` as a process of its own (#14): it applies the service's schema,
listens over mutual TLS, and a station's `broadcaster sync` reaches it; a wrong database or an
open key is one line, exit 2, before anything listens."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from broadcaster._lib import pki
from broadcaster.store.db import connect
from tests.support import factories
from tests.support.console import free_port
from tests.support.postgres import throwaway_cluster
from tests.support.province import NOW
from tests.support.station import StationDir

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Debian's postgresql-15")
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    with throwaway_cluster() as url:
        yield url


def central(*args: object) -> list[str]:
    return [sys.executable, "-m", "broadcaster", "central", *map(str, args)]


def test_a_station_syncs_to_the_service_run_by_its_command(
    database: str, station: StationDir, tmp_path: Path
) -> None:
    ca = tmp_path / "ca"
    pki.init_ca(ca, "Sở Thử", NOW)
    pki.issue_service(ca, "127.0.0.1", tmp_path / "service", NOW)
    port = free_port()
    args = ["serve", "--database", database, "--certs", tmp_path / "service", "--dir", ca]
    serving = subprocess.Popen(
        central(*args, "--port", port),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=ENV,
    )
    try:
        assert serving.stdout is not None
        line = serving.stdout.readline()
        while "c0001_central" in line:
            line = serving.stdout.readline()
        assert f"https://127.0.0.1:{port}/" in line, line
        pki.issue_station(ca, "xa-qua-lenh", station.root / "var" / "central", NOW)
        station.write_config(
            station_id="xa-qua-lenh", extra=f'[central]\nurl = "https://127.0.0.1:{port}"\n'
        )
        config = station.config()
        engine = factories.engine_for(config)
        slot = datetime(2026, 11, 1, 6, 10, tzinfo=UTC)
        for day in range(3):
            prog = factories.programme(engine, slot - timedelta(days=3))
            airing = factories.planned(engine, prog, slot + timedelta(days=day))
            factories.as_run(engine, config.station.id, airing, prog)
        done = subprocess.run(
            [sys.executable, "-m", "broadcaster", "--config", str(station.config_path), "sync"],
            capture_output=True,
            text=True,
            timeout=120,
            env=ENV,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        held = connect(database)
        with held.connect() as conn:
            count = conn.execute(
                text("SELECT COUNT(*) FROM central_row WHERE station_id = 'xa-qua-lenh'")
            ).scalar_one()
        held.dispose()
        assert count == 3
    finally:
        serving.send_signal(signal.SIGTERM)
        try:
            serving.wait(timeout=20)
        except subprocess.TimeoutExpired:
            serving.kill()
            raise
    assert serving.returncode in (0, -signal.SIGTERM)


def test_a_wrong_database_or_an_open_key_is_one_line_before_listening(
    database: str, tmp_path: Path
) -> None:
    ca = tmp_path / "ca"
    pki.init_ca(ca, "Sở Thử", NOW)
    pki.issue_service(ca, "127.0.0.1", tmp_path / "service", NOW)
    base = ["serve", "--certs", tmp_path / "service", "--dir", ca, "--port", free_port()]
    for extra, words in (
        (["--database", f"sqlite:///{tmp_path / 'x.db'}"], "PostgreSQL"),
        (["--database", database.replace("port=", "port=1")], "Không kết nối được tới PostgreSQL"),
    ):
        started = time.monotonic()
        done = subprocess.run(
            central(*base, *extra), capture_output=True, text=True, timeout=120, env=ENV
        )
        assert done.returncode == 2, done.stdout + done.stderr
        lines = (done.stdout + done.stderr).strip().splitlines()
        assert len(lines) == 1 and words in lines[0] and "Traceback" not in lines[0]
        assert time.monotonic() - started < 60
    (tmp_path / "service" / "service.key").chmod(0o644)
    done = subprocess.run(
        central(*base, "--database", database), capture_output=True, text=True, env=ENV
    )
    assert done.returncode == 2 and "chmod 600" in done.stdout + done.stderr
