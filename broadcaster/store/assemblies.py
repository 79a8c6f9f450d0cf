"""Bulletins assembled with their attention signal (`bulletin_assembly`, #10 §7): the
assembled file is a programme of its own, linked to the operator's original."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from broadcaster.store.db import session
from broadcaster.store.models import BulletinAssembly, Programme


def is_assembled(engine: Engine, programme_id: int) -> bool:
    """Whether the programme is itself an assembled bulletin."""
    with session(engine) as db:
        return db.get(BulletinAssembly, programme_id) is not None


def assembled_from(
    engine: Engine, source_id: int | None, signal_sha256: str, signal_after: bool, gap_s: float
) -> list[Programme]:
    """The programmes assembled from `source_id` with this signal, placed the same way."""
    with session(engine) as db:
        rows = db.exec(
            select(BulletinAssembly, Programme)
            .join(Programme, Programme.id == BulletinAssembly.programme_id)  # type: ignore[arg-type]
            .where(
                BulletinAssembly.source_programme_id == source_id,
                BulletinAssembly.signal_sha256 == signal_sha256,
                BulletinAssembly.signal_after == signal_after,
                BulletinAssembly.gap_s == gap_s,
            )
        ).all()
    return [programme for _, programme in rows]


def add_assembled(
    engine: Engine, programme: Programme, link: BulletinAssembly
) -> tuple[Programme, bool]:
    """The assembled file's programme row and its link, in one transaction: (the row,
    True); or (the row already holding the same bytes, False), nothing written."""
    with session(engine) as db:
        db.add(programme)
        try:
            db.flush()
        except IntegrityError:
            db.rollback()
            existing = db.exec(select(Programme).where(Programme.sha256 == programme.sha256)).one()
            return existing, False
        assert programme.id is not None
        link.programme_id = programme.id
        db.add(link)
        db.commit()
        db.refresh(programme)
    return programme, True
