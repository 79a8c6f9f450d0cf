"""Reading the change log (`programme_change`): the current state of every programme, and
what the planner is told of each one."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.engine import Engine

from broadcaster.core.periods import parse_month
from broadcaster.core.planner import ProgrammeInfo
from broadcaster.core.programme_state import Change, ProgrammeState, fold
from broadcaster.store import changes
from broadcaster.store.db import Session
from broadcaster.store.models import Programme, ProgrammeChange


def states_of(rows: Iterable[ProgrammeChange]) -> dict[int, ProgrammeState]:
    """The change log's rows (oldest first) → every programme's current state."""
    return fold(Change(r.programme_id, r.action, r.new_value) for r in rows)


def load_states(db: Session) -> dict[int, ProgrammeState]:
    return states_of(changes.in_order(db))


def last_change(engine: Engine) -> int:
    """The newest change's id (0 for none): the daemon re-plans when it moves."""
    return changes.last_id(engine)


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
