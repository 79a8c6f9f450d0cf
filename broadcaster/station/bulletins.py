"""Priority bulletins (Circular 39/2020/TT-BTTTT: normal, priority, emergency).

- emergency (khẩn cấp): plays at once, pre-empting the programme on air, which is recorded
  `partial` and made up later;
- priority (ưu tiên): plays right after the programme on air;
- normal (thông thường): takes the next free slot of the station (or the time given).

A bulletin is a programme of the pseudo-series `bulletin` with one planned airing per
announcement (kind `bulletin`). Its airing never moves once announced. With an attention
signal configured for its level (`[bulletins]`, broadcaster/audio/jingle), what is planned and
aired is the bulletin assembled with its signal, a programme of its own linked to the
operator's original.
"""

from __future__ import annotations

import shutil
import stat
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, or_
from sqlalchemy.engine import Engine
from sqlmodel import select

from broadcaster.audio.decode import check_audio, sha256_file
from broadcaster.audio.media_tags import programme_name
from broadcaster.config import Config
from broadcaster.core.periods import period_of
from broadcaster.core.planner import slot_times
from broadcaster.core.vocab import BULLETIN_FOLDER, BULLETIN_SERIES, RANK, Kind, Priority
from broadcaster.errors import BulletinRejected
from broadcaster.ingest.names import kept_name, original_name, shown_name
from broadcaster.store import levels
from broadcaster.store.db import session
from broadcaster.store.models import PlannedAiring, Programme

_SEARCH_DAYS = 14
STALE = timedelta(hours=12)  # an urgent bulletin older than this is no longer news


def next_free_slot(
    engine: Engine, config: Config, duration_s: float, after: datetime
) -> datetime | None:
    """The first slot of any series, at or after `after`, that no airing occupies."""
    tz = config.station.tz
    candidates: set[datetime] = set()
    for series in config.series:
        period = period_of(after, series.period, tz)
        for _ in range(3):  # this period and the next ones cover the search window
            candidates.update(t for t in slot_times(series, period, tz) if t >= after)
            period = period_of(period.end, series.period, tz)
    horizon = after + timedelta(days=_SEARCH_DAYS)
    with session(engine) as db:
        busy = [
            (r.slot_at, r.slot_at + timedelta(seconds=max(r.duration_s, 1)))
            for r in db.exec(
                select(PlannedAiring).where(PlannedAiring.slot_at < horizon)  # type: ignore[arg-type]
            ).all()
        ]
    length = timedelta(seconds=duration_s)
    for moment in sorted(c for c in candidates if c < horizon):
        if all(not (start < moment + length and moment < end) for start, end in busy):
            return moment
    return None


def schedule_bulletin(
    engine: Engine,
    config: Config,
    programme: Programme,
    priority: Priority,
    now: datetime,
    at: datetime | None = None,
) -> PlannedAiring:
    """Plan one airing of a bulletin and store it (it never moves afterwards)."""
    if at is not None:
        slot = at
    elif priority in (Priority.EMERGENCY, Priority.PRIORITY):
        slot = now
    else:
        found = next_free_slot(engine, config, programme.duration_s, now + config.preroll)
        if found is None:
            raise LookupError("no free slot in the next two weeks")
        slot = found
    assert programme.id is not None
    with session(engine) as db:
        taken = db.exec(
            select(PlannedAiring.seq).where(PlannedAiring.programme_id == programme.id)
        ).all()
        airing = PlannedAiring(
            programme_id=programme.id,
            series_id=BULLETIN_SERIES,
            seq=max(taken, default=-1) + 1,
            kind=Kind.BULLETIN,
            slot_at=slot,
            duration_s=programme.duration_s,
            priority=priority,
        )
        db.add(airing)
        db.commit()
        db.refresh(airing)
    return airing


def due_now(engine: Engine, now: datetime, lead: timedelta) -> list[PlannedAiring]:
    """What the daemon's once-a-second watch cues without waiting for a timer, most urgent
    first: emergency and priority bulletins due (up to STALE late), and test airings due
    within `lead` (a test asked for half a minute ahead by a command in another process
    would otherwise wait for the next reconcile tick to get its timer). Recorded ones are
    the caller's to skip (the airing thread records them)."""

    urgent = and_(
        PlannedAiring.kind == Kind.BULLETIN,  # type: ignore[arg-type]
        PlannedAiring.priority.in_((Priority.EMERGENCY, Priority.PRIORITY)),  # type: ignore[union-attr]
        PlannedAiring.slot_at >= now - STALE,  # type: ignore[arg-type]
    )
    test = and_(
        PlannedAiring.kind == Kind.TEST,  # type: ignore[arg-type]
        PlannedAiring.slot_at >= now - lead,  # type: ignore[arg-type]
    )
    with session(engine) as db:
        rows = db.exec(
            select(PlannedAiring).where(
                PlannedAiring.slot_at <= now + lead,  # type: ignore[arg-type]
                or_(urgent, test),
            )
        ).all()
    return sorted(rows, key=lambda r: (RANK[r.priority], r.slot_at))


@dataclass(frozen=True)
class Announced:
    programme: Programme  # the operator's bulletin as it came
    airing: PlannedAiring
    reused: bool  # the same content was in the library already
    aired: Programme | None = None  # what airs, when not `programme` (with its signal)
    signal_note: str | None = None  # one line on the signal (assembled, or why not)


def _regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def register_bulletin(
    engine: Engine,
    config: Config,
    source: Path,
    now: datetime,
    move: bool,
    series_id: str = BULLETIN_SERIES,
    folder: str = BULLETIN_FOLDER,
    title: str | None = None,
) -> tuple[Programme, bool]:
    """Take a bulletin file into library/bulletins (moved from the inbox, or copied from
    wherever `announce` was pointed). The same content announced again reuses its entry.
    Test airings (testair.py) come in the same way, under their own pseudo-series, folder
    and, for the bundled sample, a title in the station's language."""
    if not _regular_file(source):
        # A FIFO would block the hash below for ever; a folder or a device is no bulletin.
        raise BulletinRejected("reason.not_regular", {})
    digest = sha256_file(source)
    with session(engine) as db:
        existing = db.exec(select(Programme).where(Programme.sha256 == digest)).first()
    if existing is not None:
        return existing, True
    verdict = check_audio(source)
    if not verdict.ok:
        raise BulletinRejected(verdict.reason_key, verdict.reason_values or {})
    from broadcaster.ingest.ingester import move_file, unique_path  # ingest imports this module

    target = unique_path(config.paths.library / folder / kept_name(source.name))
    if move:
        move_file(source, target, digest)
    else:
        shutil.copy2(source, target)
    programme = Programme(
        series_id=series_id,
        title=title or programme_name(verdict.title, shown_name(source.name)),
        file_name=target.relative_to(config.paths.library).as_posix(),
        original_name=original_name(source.name),
        sha256=digest,
        size_bytes=target.stat().st_size,
        duration_s=round(verdict.duration_s, 3),
        arrived_at=now,
    )
    with session(engine) as db:
        db.add(programme)
        db.commit()
        db.refresh(programme)
    if verdict.loudness is not None and programme.id is not None:
        levels.save(engine, programme.id, verdict.loudness, now)
    return programme, False


def announce(
    engine: Engine,
    config: Config,
    source: Path,
    priority: Priority,
    now: datetime,
    at: datetime | None = None,
    move: bool = False,
) -> Announced:
    programme, reused = register_bulletin(engine, config, source, now, move)
    # The signal's time budget counts from here, loading pydub (the first time) included.
    started = time.monotonic()
    from broadcaster.audio.jingle.attach import with_signal  # pydub is loaded only for this

    attached = with_signal(engine, config, programme, priority, now, started)
    airing = schedule_bulletin(engine, config, attached.programme, priority, now, at)
    aired = attached.programme if attached.programme.id != programme.id else None
    return Announced(programme, airing, reused, aired, attached.note)
