"""What the timers read from the plan: the planned airings still waiting to be played.

The one query behind `station/timers.py`; APScheduler only holds timers rebuilt from it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from broadcaster.store.db import session
from broadcaster.store.models import AsRunRecord, PlannedAiring


def airings_to_time(engine: Engine, since: datetime) -> list[PlannedAiring]:
    """Planned airings whose slot is at or after `since` and that have no as-run row yet."""
    with session(engine) as db:
        # Only the recorded uids among the rows looked at: every uid the as-run log ever
        # had, loaded on every tick, made each tick's footprint grow with the log (#4).
        recorded = set(
            db.exec(
                select(AsRunRecord.planned_airing_uid)
                .join(PlannedAiring, PlannedAiring.uid == AsRunRecord.planned_airing_uid)  # type: ignore[arg-type]
                .where(PlannedAiring.slot_at >= since)  # type: ignore[arg-type]
            ).all()
        )
        rows = db.exec(
            select(PlannedAiring).where(PlannedAiring.slot_at >= since)  # type: ignore[arg-type]
        ).all()
    return [row for row in rows if row.uid not in recorded]
