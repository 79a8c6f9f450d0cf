"""What the console's programme and quarantine pages read and write (#13): named queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from broadcaster.store.db import session
from broadcaster.store.models import ConsoleRequest, IngestEvent, ProgrammeChange

PROGRAMME_REQUEST = "programme"


def add_programme_request(engine: Engine, payload: str, created_by: str, now: datetime) -> int:
    """A held upload waiting for an approver (console_request, kind "programme")."""
    with session(engine) as db:
        row = ConsoleRequest(
            kind=PROGRAMME_REQUEST, payload=payload, created_by=created_by, created_at=now
        )
        db.add(row)
        db.commit()
        db.refresh(row)
        assert row.id is not None
        return row.id


def open_programme_requests(engine: Engine) -> list[ConsoleRequest]:
    """Programme requests no one has decided yet, oldest first."""
    with session(engine) as db:
        query = (
            select(ConsoleRequest)
            .where(ConsoleRequest.kind == PROGRAMME_REQUEST)
            .where(col(ConsoleRequest.decision).is_(None))
            .order_by(col(ConsoleRequest.id))
        )
        return list(db.exec(query).all())


def events_for_names(engine: Engine, names: Iterable[str], since: datetime) -> list[IngestEvent]:
    """Ingest events since `since` for files dropped under these names, oldest first."""
    wanted = list(names)
    if not wanted:
        return []
    with session(engine) as db:
        query = (
            select(IngestEvent)
            .where(col(IngestEvent.source_name).in_(wanted))
            .where(col(IngestEvent.at) >= since)
            .order_by(col(IngestEvent.id))
        )
        return list(db.exec(query).all())


def latest_quarantine_events(engine: Engine) -> dict[str, IngestEvent]:
    """Quarantine name → the newest event that left a file under that name."""
    with session(engine) as db:
        query = (
            select(IngestEvent)
            .where(col(IngestEvent.quarantine_name).is_not(None))
            .order_by(col(IngestEvent.id))
        )
        return {e.quarantine_name or "": e for e in db.exec(query).all()}


def changes_of(engine: Engine, programme_id: int) -> list[ProgrammeChange]:
    """A programme's change log, oldest first."""
    with session(engine) as db:
        query = (
            select(ProgrammeChange)
            .where(ProgrammeChange.programme_id == programme_id)
            .order_by(col(ProgrammeChange.id))
        )
        return list(db.exec(query).all())
