"""Keeping the stored plan in step with the planner (the effectful side of planning).

`replan()` loads rules, programmes and history, asks the pure planner, and writes the
result as `planned_airing` rows: future rows move when the plan changes, rows already due
or past never move, and rows the plan no longer wants are removed (they are only plans;
the as-run log is what happened).

A re-plan only ever moves or removes rows of the kinds the planner itself makes (new,
repeat, make-up). Everything else in the table (bulletins, test airings) was put there
by an operator's command: it is fixed airtime the planner plans around, never its to drop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from loguru import logger
from sqlalchemy.engine import Engine
from sqlmodel import select

from broadcaster import i18n
from broadcaster.config import Config
from broadcaster.core.periods import parse_month
from broadcaster.core.planner import Placement, Plan, ProgrammeInfo, plan
from broadcaster.core.vocab import PLANNER_KINDS, Kind, Status
from broadcaster.programmes.changes import load_states
from broadcaster.programmes.state import ProgrammeState
from broadcaster.store.db import session
from broadcaster.store.models import AsRunRecord, PlannedAiring, Programme


@dataclass(frozen=True)
class ReplanResult:
    plan: Plan
    inserted: int
    moved: int
    removed: int

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.moved or self.removed)


def programme_infos(
    programmes: list[Programme], states: dict[int, ProgrammeState] | None = None
) -> list[ProgrammeInfo]:
    """What the planner needs of each programme. Withdrawn and replaced programmes are
    left out (their airings to come leave the plan); an operator's period and the
    programmes a replacement stands for come from the change log (`states`)."""
    states = states or {}
    infos = []
    for p in programmes:
        assert p.id is not None
        state = states.get(p.id)
        if state is not None and state.withdrawn:
            continue
        named = parse_month(p.named_month) if p.named_month else None
        infos.append(
            ProgrammeInfo(
                p.id,
                p.series_id,
                p.title,
                p.arrived_at,
                p.duration_s,
                named,
                period_key=state.period_key if state else None,
                replaces=state.replaces if state else (),
            )
        )
    return infos


def _as_airing(row: PlannedAiring, satisfied: bool = True) -> Placement:
    return Placement(
        row.slot_at,
        row.series_id,
        row.programme_id,
        row.seq,
        Kind(row.kind),
        row.duration_s,
        satisfied,
    )


def replan(engine: Engine, config: Config, now: datetime, freeze: timedelta) -> ReplanResult:
    """Recompute the plan at `now`; rows due before `now + freeze` stay where they are."""
    horizon = now + freeze
    with session(engine) as db:
        programmes = list(db.exec(select(Programme)).all())
        states = load_states(db)
        rows = list(db.exec(select(PlannedAiring)).all())
        # The latest row for an airing wins (a correction comes after what it corrects).
        status: dict[str, str] = {}
        for uid, value in db.exec(
            select(AsRunRecord.planned_airing_uid, AsRunRecord.status).order_by(AsRunRecord.seq)  # type: ignore[arg-type]
        ).all():
            if uid is not None:
                status[uid] = value
        recorded = set(status)

        fixed_rows = [
            r
            for r in rows
            if r.slot_at < horizon or r.uid in recorded or r.kind not in PLANNER_KINDS
        ]
        fixed_ids = {r.id for r in fixed_rows}
        movable = {(r.programme_id, r.seq): r for r in rows if r.id not in fixed_ids}
        result = plan(
            config.series,
            programme_infos(programmes, states),
            [_as_airing(r, status.get(r.uid, Status.AIRED) == Status.AIRED) for r in fixed_rows],
            horizon,
            config.station.tz,
        )
        inserted = moved = 0
        for airing in result.airings:
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
    outcome = ReplanResult(result, inserted, moved, len(movable))
    if outcome.changed:
        logger.info(i18n.t("plan.updated", new=inserted, moved=moved, removed=len(movable)))
    return outcome
