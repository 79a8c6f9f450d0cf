"""Reads of the library for an operator's change to it (programmes/: retitle, move,
withdraw, replace), made in the caller's transaction (`db`), so a change and the log row
that records it are written together with what they were decided on."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from broadcaster.store.models import AsRunRecord, PlannedAiring, Programme


def latest_status(db: Session) -> dict[str, str]:
    """planned airing uid → its latest as-run status (a correction comes after what it
    corrects)."""
    status: dict[str, str] = {}
    query = select(AsRunRecord.planned_airing_uid, AsRunRecord.status).order_by(
        col(AsRunRecord.seq)
    )
    for uid, value in db.exec(query).all():
        if uid is not None:
            status[uid] = value
    return status


def programme(db: Session, pid: int) -> Programme | None:
    return db.get(Programme, pid)


def programmes(db: Session) -> list[Programme]:
    return list(db.exec(select(Programme)).all())


def programmes_newest_first(db: Session, leaving_out_series: str) -> list[Programme]:
    return list(
        db.exec(
            select(Programme)
            .where(Programme.series_id != leaving_out_series)
            .order_by(col(Programme.id).desc())
        ).all()
    )


def planned(db: Session) -> list[PlannedAiring]:
    return list(db.exec(select(PlannedAiring)).all())


def airings_of(db: Session, programme_ids: Iterable[int]) -> list[PlannedAiring]:
    ids = list(programme_ids)
    return list(
        db.exec(select(PlannedAiring).where(col(PlannedAiring.programme_id).in_(ids))).all()
    )


def airings_after(db: Session, pid: int, after: datetime) -> list[PlannedAiring]:
    """The programme's airings due strictly after `after`."""
    return list(
        db.exec(
            select(PlannedAiring).where(
                PlannedAiring.programme_id == pid,
                col(PlannedAiring.slot_at) > after,
            )
        ).all()
    )


def airings_within(db: Session, pid: int, start: datetime, end: datetime) -> list[PlannedAiring]:
    """The programme's airings due from `start` to `end`, both included."""
    return list(
        db.exec(
            select(PlannedAiring).where(
                PlannedAiring.programme_id == pid,
                col(PlannedAiring.slot_at) >= start,
                col(PlannedAiring.slot_at) <= end,
            )
        ).all()
    )


def recorded_among(db: Session, rows: Iterable[PlannedAiring]) -> set[str | None]:
    """Which of these planned airings have an as-run row."""
    uids = [r.uid for r in rows]
    return set(
        db.exec(
            select(AsRunRecord.planned_airing_uid).where(
                col(AsRunRecord.planned_airing_uid).in_(uids)
            )
        ).all()
    )
