"""One daemon per station: two would air every programme twice and race on the log.

A lock on a file beside the database, held while `run` runs. The operating system drops the
lock when the process dies (power cut, kill -9), so a stale lock never blocks a restart.
Platform-specific code, clearly marked: fcntl.flock on POSIX, msvcrt.locking on Windows.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from broadcaster.config import Paths
from broadcaster.errors import AlreadyRunning


def lock_path(paths: Paths) -> Path:
    """The daemon's lock, beside the database (or the logs for a non-file database)."""
    return (paths.database_file.parent if paths.database_file else paths.logs) / "broadcaster.lock"


def _lock(handle: IO[str]) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


@contextmanager
def single_instance(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+", encoding="utf-8")
    try:
        try:
            _lock(handle)
        except OSError:
            raise AlreadyRunning(str(path)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock
