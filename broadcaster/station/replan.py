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
from broadcaster.core.periods import parse_month
from broadcaster.core.planner import PLANNER_KINDS, Airing, Plan, ProgrammeInfo, plan
from broadcaster.programmes.changes import states_of
from broadcaster.programmes.state import ProgrammeState
from broadcaster.store.models import AIRED, PlannedAiring, Programme
from broadcaster.store.plan import PlanSnapshot, PlanUpdate, rewrite_plan


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


def _as_airing(row: PlannedAiring, satisfied: bool = True) -> Airing:
    return Airing(
        row.slot_at, row.series_id, row.programme_id, row.seq, row.kind, row.duration_s, satisfied
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
            [_as_airing(r, snapshot.status.get(r.uid, AIRED) == AIRED) for r in fixed_rows],
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
