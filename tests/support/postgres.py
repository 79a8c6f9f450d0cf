"""A throwaway PostgreSQL 15 cluster in a temporary folder (Debian's postgresql-15, which
`make test` installs), run as the postgres user (PostgreSQL refuses to run as root),
listening on a Unix socket in that folder only, and removed afterwards."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(args: list[str], folder: Path) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(prefix + args, check=True, capture_output=True, cwd=folder, timeout=120)


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """A SQLAlchemy URL (psycopg 3) to the empty `postgres` database of a new cluster."""
    folder = Path(tempfile.mkdtemp(prefix="pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", _free_port()
    _as_postgres(
        [str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"],
        folder,
    )
    # Unix socket in the folder only (no TCP); the port names the socket and the shared
    # memory, so two clusters at once (two test processes) take two.
    options = f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off"
    start = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w"]
    _as_postgres([*start, "-o", options, "start"], folder)
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={folder}&port={port}"
    finally:
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], folder)
        shutil.rmtree(folder, ignore_errors=True)
