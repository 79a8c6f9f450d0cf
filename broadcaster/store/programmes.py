"""The library's rows (`programme`) and what happened to each file taken in
(`ingest_event`): looked up by content, added with their event in one transaction."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from broadcaster.store.db import session
from broadcaster.store.models import IngestEvent, Programme

# What a programme row takes from the file that arrives, when it takes over the row of
# the same content test-aired before (see add_programme).
_PROGRAMME_FIELDS = (
    "series_id",
    "title",
    "file_name",
    "original_name",
    "size_bytes",
    "duration_s",
    "arrived_at",
    "named_month",
)


def by_sha256(engine: Engine, digest: str) -> Programme | None:
    """The programme with this content, if the library has it."""
    with session(engine) as db:
        return db.exec(select(Programme).where(Programme.sha256 == digest)).first()


def by_id(engine: Engine, programme_id: int) -> Programme | None:
    with session(engine) as db:
        return db.get(Programme, programme_id)


def file_names(engine: Engine) -> list[str]:
    """Every programme's file name inside the library."""
    with session(engine) as db:
        return list(db.exec(select(Programme.file_name)).all())


def add_programme(
    engine: Engine,
    programme: Programme,
    event: IngestEvent | None = None,
    takes_over: int | None = None,
) -> Programme | None:
    """Store a new programme row and, when given, its ingest event (which gets the row's
    id), in one transaction; None when another process stored the same content first.

    `takes_over`: the id of the row of the same content (a test airing's), which becomes
    this programme's: the content is unique, so the row is updated, not added."""
    with session(engine) as db:
        row = db.get(Programme, takes_over) if takes_over is not None else None
        if row is not None:
            for name in _PROGRAMME_FIELDS:
                setattr(row, name, getattr(programme, name))
            programme = row
        db.add(programme)
        try:
            db.flush()
        except IntegrityError:
            db.rollback()
            return None
        if event is not None:
            event.programme_id = programme.id
            db.add(event)
        db.commit()
        db.refresh(programme)
    return programme


def add_event(engine: Engine, event: IngestEvent) -> None:
    with session(engine) as db:
        db.add(event)
        db.commit()


def quarantined_events(engine: Engine) -> list[IngestEvent]:
    """Every event that left a file in quarantine, oldest first."""
    with session(engine) as db:
        return list(
            db.exec(
                select(IngestEvent)
                .where(IngestEvent.quarantine_name.is_not(None))  # type: ignore[union-attr]
                .order_by(IngestEvent.id)  # type: ignore[arg-type]
            ).all()
        )
