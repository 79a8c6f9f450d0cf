"""Has anything been written to the database since I last asked? (#13: the console's cache)

SQLite's `PRAGMA data_version`, read on a connection of its own: its value changes whenever
any other connection commits, this process's pool or another process (the daemon) alike.
Reading it costs microseconds, far less than any query it saves.

What this connection commits itself does not change it (SQLite's rule). `write_unseen` uses
that for writes nothing cached depends on: the console's audit rows. Every download of a
proof pack is audited; through the pool, each one made every cached page stale, so under
a few people's clicks nothing stayed cached (bench/console.py).

A database that is not a SQLite file (in memory, another server) gives None: no version,
so whoever caches by it does not cache at all.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from broadcaster.store.db import sqlite_pragmas

# As the store's own connections wait for a writer (store/db.py).
BUSY_S = 10


class DataVersion:
    def __init__(self, engine: Engine) -> None:
        url = engine.url
        name = url.database or ""
        file = url.get_backend_name() == "sqlite" and name not in ("", ":memory:")
        self._path = Path(name).resolve() if file and not name.startswith("file:") else None
        self._conn: sqlite3.Connection | None = None
        self._engine: Engine | None = None  # SQLAlchemy on `_conn`, for write_unseen
        self._opened = 0  # versions of two connections are not comparable
        self._lock = threading.Lock()

    def _open_locked(self) -> sqlite3.Connection:
        if self._conn is None:
            assert self._path is not None
            self._conn = sqlite3.connect(
                f"{self._path.as_uri()}?mode=rw",  # never creates a database
                uri=True,
                check_same_thread=False,
                isolation_level=None,
                timeout=BUSY_S,
            )
            # As every connection of the store: what it commits survives a power cut, and
            # the append-only triggers fire as they do elsewhere.
            sqlite_pragmas(self._conn, None)
            self._opened += 1
        return self._conn

    def __call__(self) -> tuple[int, int] | None:
        if self._path is None:
            return None
        with self._lock:
            try:
                row = self._open_locked().execute("PRAGMA data_version").fetchone()
                return (self._opened, int(row[0]))
            except sqlite3.Error:
                self.close_locked()
                return None

    def write_unseen(self, write: Callable[[Engine], object]) -> bool:
        """Run `write(engine)` on this connection, so that its commit leaves the version as
        it was; one at a time. False (nothing run): no SQLite file, the caller writes as
        usual. Only for rows nothing cached reads."""
        if self._path is None:
            return False
        with self._lock:
            try:
                conn = self._open_locked()
            except sqlite3.Error:
                self.close_locked()
                return False
            if self._engine is None:
                # One connection, handed out under the lock: a pool of exactly it.
                self._engine = create_engine(
                    "sqlite://", creator=lambda: conn, poolclass=StaticPool
                )
            write(self._engine)
            return True

    def close_locked(self) -> None:
        if self._engine is not None:
            self._engine.dispose(close=False)
            self._engine = None
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    def close(self) -> None:
        with self._lock:
            self.close_locked()
