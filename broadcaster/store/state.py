"""Small facts the daemon shares with other processes (`status`): heartbeat, audio health."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

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
