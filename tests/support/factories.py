"""Rows for tests, written through the store's own functions: programmes, planned airings
and as-run rows without ffmpeg, libVLC or an inbox, so the replanner, the record writers
and the timers can be tested as units (mopidy's tests/support/factories.py, beets' test helper).

Each factory takes what a test cares about and makes up the rest: a unique content hash,
a file name in the series' folder, a ten-minute duration."""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from broadcaster.config import Config
from broadcaster.core.vocab import Status
from broadcaster.store.asrun import append
from broadcaster.store.db import open_engine
from broadcaster.store.models import AsRunRecord, PlannedAiring, Programme
from broadcaster.store.plan import add_planned
from broadcaster.store.programmes import add_programme

_numbers = itertools.count(1)


def engine_for(config: Config) -> Engine:
    """The station's database (a file in the test's folder), created empty."""
    return open_engine(config.paths.database, config.paths.database_file)


def programme(
    engine: Engine,
    arrived_at: datetime,
    series_id: str = "chuyen-doi-so",
    *,
    title: str | None = None,
    duration_s: float = 600.0,
    named_month: str | None = None,
) -> Programme:
    """A library programme (no file is needed: nothing here plays or reads it)."""
    number = next(_numbers)
    name = f"{series_id}/chuong-trinh-{number}.mp3"
    row = add_programme(
        engine,
        Programme(
            series_id=series_id,
            title=title or f"Chương trình {number}",
            file_name=name,
            original_name=name.rpartition("/")[2],
            sha256=hashlib.sha256(f"programme {number}".encode()).hexdigest(),
            size_bytes=1000,
            duration_s=duration_s,
            arrived_at=arrived_at,
            named_month=named_month,
        ),
    )
    assert row is not None
    return row


def planned(
    engine: Engine,
    of: Programme,
    slot_at: datetime,
    *,
    seq: int = 0,
    kind: str = "new",
    series_id: str | None = None,
    priority: str | None = None,
) -> PlannedAiring:
    """One planned airing of `of` (a bulletin: kind "bulletin" with its priority)."""
    assert of.id is not None
    return add_planned(
        engine,
        PlannedAiring(
            programme_id=of.id,
            series_id=series_id or of.series_id,
            seq=seq,
            kind=kind,
            slot_at=slot_at,
            duration_s=of.duration_s,
            priority=priority,
        ),
    )


def as_run(
    engine: Engine,
    station_id: str,
    airing: PlannedAiring,
    of: Programme,
    status: str = Status.AIRED,
    *,
    played_s: float | None = None,
    reason: str = "",
    recorded_at: datetime | None = None,
) -> AsRunRecord:
    """The as-run row of `airing`, appended to the hash chain like any other."""
    started = airing.slot_at if status == Status.AIRED else None
    return append(
        engine,
        AsRunRecord(
            station_id=station_id,
            series_id=airing.series_id,
            programme_id=of.id,
            planned_airing_uid=airing.uid,
            title=of.title,
            file_name=of.file_name,
            file_sha256=of.sha256,
            kind=airing.kind,
            scheduled_at=airing.slot_at,
            started_at=started,
            duration_s=of.duration_s,
            played_s=of.duration_s if played_s is None else played_s,
            status=status,
            reason=reason,
            recorded_at=recorded_at or datetime.now(UTC),
        ),
    )
