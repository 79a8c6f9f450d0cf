"""Small facts the daemon shares with other processes (`status`): heartbeat, audio health."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from broadcaster.store.db import session
from broadcaster.store.models import DaemonState

# The key of the airing on air (uid, start, seconds played), noted about once a second so
# that an airing cut by a crash can be recorded (station/records.py) and never moved.
ON_AIR = "on_air"


def set_state(engine: Engine, key: str, value: dict[str, Any], at: datetime) -> None:
    with session(engine) as db:
        row = db.get(DaemonState, key)
        if row is None:
            row = DaemonState(key=key, value="", updated_at=at)
        row.value = json.dumps(value, ensure_ascii=False)
        row.updated_at = at
        db.add(row)
        db.commit()


def get_state(engine: Engine, key: str) -> tuple[dict[str, Any], datetime] | None:
    with session(engine) as db:
        row = db.get(DaemonState, key)
    if row is None:
        return None
    return json.loads(row.value), row.updated_at


def first_state(engine: Engine, key: str, value: dict[str, Any], at: datetime) -> dict[str, Any]:
    """The value kept under `key`, `value` if there was none: the first writer wins, so two
    processes that make one at once both read the same (INSERT … ON CONFLICT DO NOTHING)."""
    table = DaemonState.__table__  # type: ignore[attr-defined]
    insert = sqlite_insert if engine.dialect.name == "sqlite" else postgresql_insert
    with engine.begin() as conn:
        conn.execute(
            insert(table)
            .values(key=key, value=json.dumps(value, ensure_ascii=False), updated_at=at)
            .on_conflict_do_nothing(index_elements=["key"])
        )
    kept = get_state(engine, key)
    assert kept is not None
    return kept[0]
