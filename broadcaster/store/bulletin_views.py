"""What the console's Bản tin page reads (#13): the recent bulletins with their airing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from broadcaster.store.models import AsRunRecord, PlannedAiring, Programme


@dataclass(frozen=True)
class BulletinRow:
    airing_uid: str
    title: str
    priority: str | None
    slot_at: datetime
    duration_s: float
    status: str | None  # the latest as-run status (a correction wins); None: not yet aired
    started_at: datetime | None
    reason: str


def recent_bulletins(engine: Engine, kind: str, limit: int = 30) -> list[BulletinRow]:
    """Planned airings of `kind` (bulletins), the latest slot first, each with its latest
    as-run row when it has one."""
    with Session(engine) as db:
        planned = db.exec(
            select(PlannedAiring, Programme)
            .join(Programme, col(Programme.id) == col(PlannedAiring.programme_id))
            .where(PlannedAiring.kind == kind)
            .order_by(col(PlannedAiring.slot_at).desc(), col(PlannedAiring.id).desc())
            .limit(limit)
        ).all()
        uids = [airing.uid for airing, _ in planned]
        records = db.exec(
            select(AsRunRecord)
            .where(col(AsRunRecord.planned_airing_uid).in_(uids))
            .order_by(col(AsRunRecord.seq))
        ).all()
    latest = {r.planned_airing_uid: r for r in records}  # the later row wins
    rows = []
    for airing, programme in planned:
        record = latest.get(airing.uid)
        rows.append(
            BulletinRow(
                airing_uid=airing.uid,
                title=programme.title,
                priority=airing.priority,
                slot_at=airing.slot_at,
                duration_s=airing.duration_s,
                status=record.status if record else None,
                started_at=record.started_at if record else None,
                reason=record.reason if record else "",
            )
        )
    return rows


def bulletin_airing(engine: Engine, airing_uid: str) -> BulletinRow | None:
    with Session(engine) as db:
        found = db.exec(
            select(PlannedAiring, Programme)
            .join(Programme, col(Programme.id) == col(PlannedAiring.programme_id))
            .where(PlannedAiring.uid == airing_uid)
        ).first()
        if found is None:
            return None
        record = db.exec(
            select(AsRunRecord)
            .where(AsRunRecord.planned_airing_uid == airing_uid)
            .order_by(col(AsRunRecord.seq).desc())
        ).first()
    airing, programme = found
    return BulletinRow(
        airing_uid=airing.uid,
        title=programme.title,
        priority=airing.priority,
        slot_at=airing.slot_at,
        duration_s=airing.duration_s,
        status=record.status if record else None,
        started_at=record.started_at if record else None,
        reason=record.reason if record else "",
    )
