"""The library's rows (`programme`) and what happened to each file taken in
(`ingest_event`): looked up by content, added with their event in one transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from broadcaster.store.db import session
from broadcaster.store.models import AsRunRecord, IngestEvent, PlannedAiring, Programme

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


def newest_first(engine: Engine) -> list[Programme]:
    """Every programme, the latest taken in first."""
    with session(engine) as db:
        return list(db.exec(select(Programme).order_by(Programme.id.desc())))  # type: ignore[union-attr]


def all_programmes(engine: Engine) -> list[Programme]:
    with session(engine) as db:
        return list(db.exec(select(Programme)).all())


def with_airings_to_come(engine: Engine, now: datetime) -> list[Programme]:
    """Programmes with a planned airing at or after `now` that has no as-run row yet."""
    recorded = select(AsRunRecord.planned_airing_uid).where(
        AsRunRecord.planned_airing_uid.is_not(None)  # type: ignore[union-attr]
    )
    with session(engine) as db:
        ids = (
            select(PlannedAiring.programme_id)
            .where(PlannedAiring.slot_at >= now)  # type: ignore[arg-type]
            .where(PlannedAiring.uid.not_in(recorded))  # type: ignore[attr-defined]
        )
        return list(db.exec(select(Programme).where(Programme.id.in_(ids))).all())  # type: ignore[union-attr]


def longest_by_series(engine: Engine) -> dict[str, float]:
    """Each series' longest programme, in seconds."""
    with session(engine) as db:
        rows = db.exec(
            select(Programme.series_id, func.max(Programme.duration_s)).group_by(
                Programme.series_id  # type: ignore[arg-type]
            )
        ).all()
    return {series_id: float(duration_s or 0.0) for series_id, duration_s in rows}
