"""The stored plan (`planned_airing`): loading and rewriting it, and the airings the
station asks about (one by uid, the unrecorded past ones, the busy airtime, the urgent
ones). Policy (what may move, which slot is free) stays with its callers; these functions
only read and write rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, or_
from sqlalchemy.engine import Engine
from sqlmodel import select

from broadcaster.core.planner import Placement
from broadcaster.store.changes import in_order
from broadcaster.store.db import session
from broadcaster.store.library import latest_status
from broadcaster.store.models import AsRunRecord, PlannedAiring, Programme, ProgrammeChange


@dataclass(frozen=True)
class PlanSnapshot:
    """What a re-plan reads, in the transaction that then writes its result."""

    programmes: list[Programme]
    changes: list[ProgrammeChange]  # the change log, oldest first
    rows: list[PlannedAiring]
    # The latest as-run status of each planned airing that has one (a correction comes
    # after what it corrects, so it wins).
    status: dict[str, str]


@dataclass
class PlanUpdate:
    """A re-plan's decision: the airings it places, and the rows that may follow them
    (keyed by (programme_id, seq)); movable rows the placement leaves out are removed."""

    airings: Iterable[Placement]
    movable: dict[tuple[int, int], PlannedAiring] = field(default_factory=dict)


def rewrite_plan(
    engine: Engine, decide: Callable[[PlanSnapshot], PlanUpdate]
) -> tuple[int, int, int]:
    """Read the plan's inputs, let `decide` place the airings, and write the result, all in
    one transaction (nothing another process writes meanwhile is overwritten unseen).
    Returns (inserted, moved, removed)."""
    with session(engine) as db:
        programmes = list(db.exec(select(Programme)).all())
        changes = in_order(db)
        rows = list(db.exec(select(PlannedAiring)).all())
        update = decide(PlanSnapshot(programmes, changes, rows, latest_status(db)))
        movable = dict(update.movable)
        inserted = moved = 0
        for airing in update.airings:
            existing = movable.pop((airing.programme_id, airing.seq), None)
            if existing is None:
                db.add(
                    PlannedAiring(
                        programme_id=airing.programme_id,
                        series_id=airing.series_id,
                        seq=airing.seq,
                        kind=airing.kind,
                        slot_at=airing.slot_at,
                        duration_s=airing.duration_s,
                    )
                )
                inserted += 1
            elif existing.slot_at != airing.slot_at or existing.series_id != airing.series_id:
                existing.slot_at = airing.slot_at
                existing.series_id = airing.series_id
                db.add(existing)
                moved += 1
        for stale in movable.values():
            db.delete(stale)
        db.commit()
    return inserted, moved, len(movable)


def airing_with_programme(engine: Engine, uid: str) -> tuple[PlannedAiring, Programme] | None:
    """A planned airing with its programme, by the airing's uid."""
    with session(engine) as db:
        row = db.exec(
            select(PlannedAiring, Programme)
            .join(Programme, Programme.id == PlannedAiring.programme_id)  # type: ignore[arg-type]
            .where(PlannedAiring.uid == uid)
        ).first()
    return None if row is None else (row[0], row[1])


def unrecorded_before(engine: Engine, cutoff: datetime) -> list[tuple[PlannedAiring, Programme]]:
    """Planned airings due before `cutoff` with no as-run row, oldest first, with their
    programmes. Only those rows are loaded (an anti-join in SQLite): loading every past
    airing and every recorded uid, every reconcile tick, grew with the log (#4)."""
    has_row = select(AsRunRecord.seq).where(AsRunRecord.planned_airing_uid == PlannedAiring.uid)
    with session(engine) as db:
        due = db.exec(
            select(PlannedAiring, Programme)
            .join(Programme, Programme.id == PlannedAiring.programme_id)  # type: ignore[arg-type]
            .where(PlannedAiring.slot_at < cutoff)  # type: ignore[arg-type]
            .where(~has_row.exists())
            .order_by(PlannedAiring.slot_at)  # type: ignore[arg-type]
        ).all()
    return [(planned, programme) for planned, programme in due]


def latest_record_of(engine: Engine, programme_id: int, seq: int) -> str | None:
    """The uid of the latest as-run row of the planned airing (programme, seq): the row a
    make-up of that airing makes up."""
    with session(engine) as db:
        return db.exec(
            select(AsRunRecord.uid)
            .join(PlannedAiring, PlannedAiring.uid == AsRunRecord.planned_airing_uid)  # type: ignore[arg-type]
            .where(PlannedAiring.programme_id == programme_id, PlannedAiring.seq == seq)
            .order_by(AsRunRecord.seq.desc())  # type: ignore[union-attr]
        ).first()


def slots_before(engine: Engine, horizon: datetime) -> list[tuple[datetime, float]]:
    """(slot, duration_s) of every planned airing due before `horizon`: the airtime taken."""
    with session(engine) as db:
        rows = db.exec(
            select(PlannedAiring).where(PlannedAiring.slot_at < horizon)  # type: ignore[arg-type]
        ).all()
        return [(r.slot_at, r.duration_s) for r in rows]


def add_planned(engine: Engine, row: PlannedAiring) -> PlannedAiring:
    """Store one planned airing as it is given (seq and kind included)."""
    with session(engine) as db:
        db.add(row)
        db.commit()
        db.refresh(row)
    return row


def add_airing(
    engine: Engine,
    programme_id: int,
    series_id: str,
    kind: str,
    slot_at: datetime,
    duration_s: float,
    priority: str | None = None,
    seq_from: int = 0,
) -> PlannedAiring:
    """Store one airing an operator asked for (a bulletin, a test airing), with the
    programme's next seq counted from `seq_from`."""
    with session(engine) as db:
        taken = db.exec(
            select(PlannedAiring.seq).where(
                PlannedAiring.programme_id == programme_id,
                PlannedAiring.seq >= seq_from,  # type: ignore[operator]
            )
        ).all()
        airing = PlannedAiring(
            programme_id=programme_id,
            series_id=series_id,
            seq=max(taken, default=seq_from - 1) + 1,
            kind=kind,
            slot_at=slot_at,
            duration_s=duration_s,
            priority=priority,
        )
        db.add(airing)
        db.commit()
        db.refresh(airing)
    return airing


def slots_within(engine: Engine, start: datetime, end: datetime) -> list[tuple[datetime, float]]:
    """(slot, duration_s) of every planned airing due from `start` to before `end`."""
    with session(engine) as db:
        return [
            (slot, length)
            for slot, length in db.exec(
                select(PlannedAiring.slot_at, PlannedAiring.duration_s).where(
                    PlannedAiring.slot_at < end,  # type: ignore[arg-type]
                    PlannedAiring.slot_at >= start,  # type: ignore[arg-type]
                )
            ).all()
        ]


def any_of_kind(engine: Engine, kind: str) -> bool:
    with session(engine) as db:
        found = db.exec(select(PlannedAiring.id).where(PlannedAiring.kind == kind).limit(1))
        return found.first() is not None


def urgent_or_test(
    engine: Engine,
    until: datetime,
    urgent_kind: str,
    urgent_priorities: tuple[str, ...],
    urgent_since: datetime,
    test_kind: str,
    test_since: datetime,
) -> list[PlannedAiring]:
    """Airings due by `until` that are either urgent (`urgent_kind` at one of
    `urgent_priorities`, due since `urgent_since`) or tests (due since `test_since`)."""
    urgent = and_(
        PlannedAiring.kind == urgent_kind,  # type: ignore[arg-type]
        PlannedAiring.priority.in_(urgent_priorities),  # type: ignore[union-attr]
        PlannedAiring.slot_at >= urgent_since,  # type: ignore[arg-type]
    )
    test = and_(
        PlannedAiring.kind == test_kind,  # type: ignore[arg-type]
        PlannedAiring.slot_at >= test_since,  # type: ignore[arg-type]
    )
    with session(engine) as db:
        return list(
            db.exec(
                select(PlannedAiring).where(
                    PlannedAiring.slot_at <= until,  # type: ignore[arg-type]
                    or_(urgent, test),
                )
            ).all()
        )
