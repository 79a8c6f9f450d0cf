"""Reads that must agree with themselves: what a month's proof, the plan view and the
status view show, each read in one transaction (an airing recorded between two queries
would otherwise appear both pending and aired, or a chain link without its row)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from broadcaster.store.changes import in_order
from broadcaster.store.db import session
from broadcaster.store.models import AsRunRecord, PlannedAiring, Programme, ProgrammeChange


@dataclass(frozen=True)
class MonthRows:
    records: list[AsRunRecord]  # scheduled in the month, in chain order
    between: list[AsRunRecord]  # rows of other months inside the month's seq range
    newest: AsRunRecord | None  # the chain's head
    waiting: list[tuple[PlannedAiring, Programme]]  # due from `now` to the month's end
    recorded: set[str | None]  # which of `waiting` have an as-run row
    changes: list[ProgrammeChange]  # the change log, oldest first
    sha256: dict[int | None, str]  # every programme's content hash, by id (with changes only)


def month_rows(engine: Engine, start: datetime, end: datetime, now: datetime) -> MonthRows:
    with session(engine) as db:
        records = list(
            db.exec(
                select(AsRunRecord)
                .where(AsRunRecord.scheduled_at >= start, AsRunRecord.scheduled_at < end)  # type: ignore[arg-type]
                .order_by(AsRunRecord.seq)  # type: ignore[arg-type]
            ).all()
        )
        between: list[AsRunRecord] = []
        if records:
            first, last = records[0].seq, records[-1].seq
            mine = {r.seq for r in records}
            between = [
                other
                for other in db.exec(
                    select(AsRunRecord)
                    .where(AsRunRecord.seq >= first, AsRunRecord.seq <= last)  # type: ignore[operator]
                    .order_by(AsRunRecord.seq)  # type: ignore[arg-type]
                ).all()
                if other.seq not in mine
            ]
        newest = db.exec(select(AsRunRecord).order_by(AsRunRecord.seq.desc()).limit(1)).first()  # type: ignore[union-attr]
        waiting = [
            (planned, programme)
            for planned, programme in db.exec(
                select(PlannedAiring, Programme)
                .join(Programme, Programme.id == PlannedAiring.programme_id)  # type: ignore[arg-type]
                .where(
                    PlannedAiring.slot_at >= max(start, now),  # type: ignore[arg-type]
                    PlannedAiring.slot_at < end,  # type: ignore[arg-type]
                )
            ).all()
        ]
        # Only a month not over has airings still to come: its rows' plan uids, not the
        # whole log (a year's export would read every row twelve times).
        recorded = (
            set(
                db.exec(
                    select(AsRunRecord.planned_airing_uid).where(
                        AsRunRecord.planned_airing_uid.in_([p.uid for p, _ in waiting])  # type: ignore[union-attr]
                    )
                ).all()
            )
            if waiting
            else set()
        )
        changes = in_order(db)
        sha256 = dict(db.exec(select(Programme.id, Programme.sha256)).all()) if changes else {}
    return MonthRows(records, between, newest, waiting, recorded, changes, sha256)


@dataclass(frozen=True)
class PlanRows:
    airings: list[tuple[PlannedAiring, Programme]]  # in the span, by slot
    records: dict[str | None, AsRunRecord]  # scheduled in the span, by planned airing
    programmes: dict[int | None, Programme]


def plan_rows(engine: Engine, start: datetime, end: datetime) -> PlanRows:
    with session(engine) as db:
        rows = db.exec(
            select(PlannedAiring, Programme)
            .join(Programme, Programme.id == PlannedAiring.programme_id)  # type: ignore[arg-type]
            .where(PlannedAiring.slot_at >= start, PlannedAiring.slot_at < end)  # type: ignore[arg-type]
            .order_by(PlannedAiring.slot_at)  # type: ignore[arg-type]
        ).all()
        records = {
            r.planned_airing_uid: r
            for r in db.exec(
                select(AsRunRecord)
                .where(
                    AsRunRecord.scheduled_at >= start,
                    AsRunRecord.scheduled_at < end,  # type: ignore[arg-type]
                )
                # In chain order: a correction, written after the row it corrects, wins.
                .order_by(AsRunRecord.seq)  # type: ignore[arg-type]
            ).all()
        }
        programmes = {p.id: p for p in db.exec(select(Programme)).all()}
    return PlanRows([(a, p) for a, p in rows], records, programmes)


@dataclass(frozen=True)
class StatusRows:
    recorded: set[str | None]  # every planned airing with an as-run row
    upcoming: list[tuple[PlannedAiring, Programme]]  # the next 50 from `since`
    last: list[AsRunRecord]  # the newest five rows, newest first


def status_rows(engine: Engine, since: datetime, newest: int = 5) -> StatusRows:
    """Up to 50 airings from `since` on (with which of them are recorded) and the `newest`
    as-run rows, newest first."""
    with session(engine) as db:
        upcoming = db.exec(
            select(PlannedAiring, Programme)
            .join(Programme, Programme.id == PlannedAiring.programme_id)  # type: ignore[arg-type]
            .where(PlannedAiring.slot_at >= since)  # type: ignore[arg-type]
            .order_by(PlannedAiring.slot_at)  # type: ignore[arg-type]
            .limit(50)
        ).all()
        uids = [a.uid for a, _ in upcoming]
        recorded = set(
            db.exec(
                select(AsRunRecord.planned_airing_uid).where(
                    AsRunRecord.planned_airing_uid.in_(uids)  # type: ignore[union-attr]
                )
            ).all()
        )
        last = db.exec(
            select(AsRunRecord).order_by(AsRunRecord.seq.desc()).limit(newest)  # type: ignore[union-attr]
        ).all()
    return StatusRows(recorded, [(a, p) for a, p in upcoming], list(last))
