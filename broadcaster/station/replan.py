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

from broadcaster import i18n
from broadcaster.config import Config
from broadcaster.core.planner import Placement, Plan, plan
from broadcaster.core.vocab import PLANNER_KINDS, Kind, Status
from broadcaster.store.models import PlannedAiring
from broadcaster.store.plan import PlanSnapshot, PlanUpdate, rewrite_plan
from broadcaster.store.programme_states import programme_infos, states_of


@dataclass(frozen=True)
class ReplanResult:
    plan: Plan
    inserted: int
    moved: int
    removed: int

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.moved or self.removed)


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
    planned: list[Plan] = []

    def decide(snapshot: PlanSnapshot) -> PlanUpdate:
        recorded = set(snapshot.status)
        fixed_rows = [
            r
            for r in snapshot.rows
            if r.slot_at < horizon or r.uid in recorded or r.kind not in PLANNER_KINDS
        ]
        fixed_ids = {r.id for r in fixed_rows}
        result = plan(
            config.series,
            programme_infos(snapshot.programmes, states_of(snapshot.changes)),
            [
                _as_airing(r, snapshot.status.get(r.uid, Status.AIRED) == Status.AIRED)
                for r in fixed_rows
            ],
            horizon,
            config.station.tz,
        )
        planned.append(result)
        movable = {(r.programme_id, r.seq): r for r in snapshot.rows if r.id not in fixed_ids}
        return PlanUpdate(result.airings, movable)

    inserted, moved, removed = rewrite_plan(engine, decide)
    outcome = ReplanResult(planned[0], inserted, moved, removed)
    if outcome.changed:
        logger.info(i18n.t("plan.updated", new=inserted, moved=moved, removed=removed))
    return outcome
