"""Reading the change log (`programme_change`): the current state of every programme."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from broadcaster.programmes.state import Change, ProgrammeState, fold
from broadcaster.store.db import session
from broadcaster.store.models import ProgrammeChange


def load_states(db: Session) -> dict[int, ProgrammeState]:
    rows = db.exec(select(ProgrammeChange).order_by(col(ProgrammeChange.id))).all()
    return fold(Change(r.programme_id, r.action, r.new_value) for r in rows)


def last_change(engine: Engine) -> int:
    """The newest change's id (0 for none): the daemon re-plans when it moves."""
    with session(engine) as db:
        rows = db.exec(select(ProgrammeChange.id).order_by(col(ProgrammeChange.id).desc()))
        return rows.first() or 0
