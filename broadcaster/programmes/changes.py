"""Reading the change log (`programme_change`): the current state of every programme."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.engine import Engine

from broadcaster.programmes.state import Change, ProgrammeState, fold
from broadcaster.store import changes
from broadcaster.store.db import Session
from broadcaster.store.models import ProgrammeChange


def states_of(rows: Iterable[ProgrammeChange]) -> dict[int, ProgrammeState]:
    """The change log's rows (oldest first) → every programme's current state."""
    return fold(Change(r.programme_id, r.action, r.new_value) for r in rows)


def load_states(db: Session) -> dict[int, ProgrammeState]:
    return states_of(changes.in_order(db))


def last_change(engine: Engine) -> int:
    """The newest change's id (0 for none): the daemon re-plans when it moves."""
    return changes.last_id(engine)
