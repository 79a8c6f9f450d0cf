"""Programme loudness in the database: stored at ingest, looked up at playback; the
programmes not measured yet are measured in the background by ingest/measure.py."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from broadcaster import i18n
from broadcaster.config import Config
from broadcaster.core.loudness import Loudness, gain_db
from broadcaster.i18n import display
from broadcaster.store.db import session
from broadcaster.store.models import Programme, ProgrammeLoudness

# The table's columns are the measurement's fields, plus the programme and the time.
_FIELDS = [f.name for f in fields(Loudness)]


def save(engine: Engine, programme_id: int, measured: Loudness, now: datetime) -> None:
    with session(engine) as db:
        row = db.get(ProgrammeLoudness, programme_id) or ProgrammeLoudness(
            programme_id=programme_id, measured_at=now
        )
        for name in _FIELDS:
            setattr(row, name, getattr(measured, name))
        row.measured_at = now
        db.add(row)
        db.commit()


def _loudness(row: ProgrammeLoudness) -> Loudness:
    return Loudness(**{name: getattr(row, name) for name in _FIELDS})


def load(engine: Engine, programme_id: int | None) -> Loudness | None:
    if programme_id is None:
        return None
    with session(engine) as db:
        row = db.get(ProgrammeLoudness, programme_id)
    return None if row is None else _loudness(row)


def load_all(engine: Engine) -> dict[int, Loudness]:
    with session(engine) as db:
        return {row.programme_id: _loudness(row) for row in db.exec(select(ProgrammeLoudness))}


def load_for(engine: Engine, programme_ids: Iterable[int | None]) -> dict[int, Loudness]:
    """`load_all`, of these programmes only (a page's few, not the whole library)."""
    wanted = sorted({pid for pid in programme_ids if pid is not None})
    if not wanted:
        return {}
    query = select(ProgrammeLoudness).where(col(ProgrammeLoudness.programme_id).in_(wanted))
    with session(engine) as db:
        return {row.programme_id: _loudness(row) for row in db.exec(query)}


def unmeasured(engine: Engine) -> list[Programme]:
    with session(engine) as db:
        measured = select(ProgrammeLoudness.programme_id)
        query = select(Programme).where(Programme.id.not_in(measured))  # type: ignore[union-attr]
        return list(db.exec(query.order_by(Programme.id)))  # type: ignore[arg-type]


def describe(measured: Loudness | None, config: Config) -> str:
    """One short line for the technician (-v, the debug log):
    '−30,1 LUFS, đỉnh −18,0 dBTP, LRA 2,0 LU → +14,1 dB' (decimal commas in Vietnamese)."""
    if measured is None:
        return i18n.t("loudness.unmeasured")
    if measured.integrated_lufs is None:
        return i18n.t("loudness.silent")
    gain = gain_db(measured, config.loudness)
    peak = "—" if measured.true_peak_dbtp is None else display.number(measured.true_peak_dbtp)
    return i18n.t(
        "loudness.line",
        lufs=display.number(measured.integrated_lufs),
        peak=peak,
        lra=display.number(measured.range_lu),
        gain=display.signed(gain),
    )
