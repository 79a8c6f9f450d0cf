"""Has anything been written to the database since I last asked? (#13: the console's cache)

SQLite's `PRAGMA data_version`, read on a connection of its own that never writes: its value
changes whenever any other connection commits, this process's pool or another process (the
daemon) alike. Reading it costs microseconds, far less than any query it saves.

A database that is not a SQLite file (in memory, another server) gives None: no version,
so whoever caches by it does not cache at all.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path

from sqlalchemy.engine import Engine


class DataVersion:
    def __init__(self, engine: Engine) -> None:
        url = engine.url
        name = url.database or ""
        file = url.get_backend_name() == "sqlite" and name not in ("", ":memory:")
        self._path = Path(name).resolve() if file and not name.startswith("file:") else None
        self._conn: sqlite3.Connection | None = None
        self._opened = 0  # versions of two connections are not comparable
        self._lock = threading.Lock()

    def __call__(self) -> tuple[int, int] | None:
        if self._path is None:
            return None
        with self._lock:
            try:
                if self._conn is None:
                    self._conn = sqlite3.connect(
                        f"{self._path.as_uri()}?mode=ro",
                        uri=True,
                        check_same_thread=False,
                        isolation_level=None,
                        timeout=1,
                    )
                    self._opened += 1
                row = self._conn.execute("PRAGMA data_version").fetchone()
                return (self._opened, int(row[0]))
            except sqlite3.Error:
                self.close_locked()
                return None

    def close_locked(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    def close(self) -> None:
        with self._lock:
            self.close_locked()
