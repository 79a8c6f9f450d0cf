"""A station database opened read-only (SQLite's `mode=ro`): for looking at a file that
may be damaged, or in use by the daemon, without ever writing to it (no pragmas, no
tables created, no triggers put back, as `db.open_engine` would)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine


def open_readonly(db_file: Path) -> Engine:
    uri = db_file.resolve().as_uri() + "?mode=ro"
    return create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=10),
    )
