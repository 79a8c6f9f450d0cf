"""The programme change log (`programme_change`): appended by operators' commands, read
back in order to know each programme's current state (programmes/state.py folds it)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from broadcaster.store.db import session
from broadcaster.store.models import ProgrammeChange


def in_order(db: Session) -> list[ProgrammeChange]:
    """Every change, oldest first, read in the caller's transaction."""
    return list(db.exec(select(ProgrammeChange).order_by(col(ProgrammeChange.id))).all())


def last_id(engine: Engine) -> int:
    """The newest change's id (0 for none)."""
    with session(engine) as db:
        rows = db.exec(select(ProgrammeChange.id).order_by(col(ProgrammeChange.id).desc()))
        return rows.first() or 0
