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

import time
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from datetime import time as clock_time
from pathlib import Path

from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.config import Config
from broadcaster.config.schema import parse_time
from broadcaster.core.periods import period_of
from broadcaster.core.planner import slot_times
from broadcaster.core.vocab import BULLETIN_FOLDER, BULLETIN_SERIES, RANK, Kind, Priority
from broadcaster.errors import Invalid, UserError
from broadcaster.i18n import display
from broadcaster.ingest.register import register_bulletin as take_bulletin_file
from broadcaster.store.models import PlannedAiring, Programme
from broadcaster.store.plan import add_airing, slots_before, urgent_or_test

_SEARCH_DAYS = 14
STALE = timedelta(hours=12)  # an urgent bulletin older than this is no longer news


# A bulletin is news: a time more than a year ahead is a typo (2062 for 2026), and a time
# at the far end of the calendar overflows the date arithmetic of planning and airing.
MAX_AHEAD = timedelta(days=366)


def bulletin_time(text: str | None, now: datetime, tz: tzinfo) -> datetime | None:
    """The time an operator asked a bulletin for (`announce --at`, the console's form):
    HH:MM[:SS] today in the station's zone (tomorrow if already past), or ISO 8601 from
    now to MAX_AHEAD (without a zone: the station's). UserError, one line, otherwise."""
    if text is None:
        return None
    try:
        moment: clock_time = parse_time(text)
    except Invalid:
        try:
            parsed = datetime.fromisoformat(text.strip())
        except ValueError:
            raise UserError(i18n.t("announce.bad_time", got=text), exit_code=2) from None
        parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
        if not now <= parsed <= now + MAX_AHEAD:
            latest = display.date_time(now + MAX_AHEAD, tz)
            raise UserError(
                i18n.t("announce.time_out_of_range", got=text, latest=latest), exit_code=2
            ) from None
        return parsed
    today = now.astimezone(tz)
    result = today.replace(
        hour=moment.hour, minute=moment.minute, second=moment.second, microsecond=0
    )
    return result if result >= today else result + timedelta(days=1)


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
    busy = [
        (slot, slot + timedelta(seconds=max(length_s, 1)))
        for slot, length_s in slots_before(engine, horizon)
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
        found = next_free_slot(engine, config, programme.duration_s, now + config.player.preroll)
        if found is None:
            raise LookupError("no free slot in the next two weeks")
        slot = found
    assert programme.id is not None
    return add_airing(
        engine, programme.id, BULLETIN_SERIES, Kind.BULLETIN, slot, programme.duration_s, priority
    )


def due_now(engine: Engine, now: datetime, lead: timedelta) -> list[PlannedAiring]:
    """What the daemon's once-a-second watch cues without waiting for a timer, most urgent
    first: emergency and priority bulletins due (up to STALE late), and test airings due
    within `lead` (a test asked for half a minute ahead by a command in another process
    would otherwise wait for the next reconcile tick to get its timer). Recorded ones are
    the caller's to skip (the airing thread records them)."""

    rows = urgent_or_test(
        engine,
        until=now + lead,
        urgent_kind=Kind.BULLETIN,
        urgent_priorities=(Priority.EMERGENCY, Priority.PRIORITY),
        urgent_since=now - STALE,
        test_kind=Kind.TEST,
        test_since=now - lead,
    )
    return sorted(rows, key=lambda r: (RANK[r.priority], r.slot_at))


@dataclass(frozen=True)
class Announced:
    programme: Programme  # the operator's bulletin as it came
    airing: PlannedAiring
    reused: bool  # the same content was in the library already
    aired: Programme | None = None  # what airs, when not `programme` (with its signal)
    signal_note: str | None = None  # one line on the signal (assembled, or why not)


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
    wherever `announce` was pointed), the one way every programme comes in
    (ingest/register.py). The same content announced again reuses its entry. Test airings
    (testair.py) come in the same way, under their own pseudo-series, folder and, for the
    bundled sample, a title in the station's language."""
    return take_bulletin_file(
        engine, config.paths.library, source, now, move, series_id, folder, title
    )


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
    from broadcaster.station.jingle import with_signal  # pydub is loaded only for this

    attached = with_signal(engine, config, programme, priority, now, started)
    airing = schedule_bulletin(engine, config, attached.programme, priority, now, at)
    aired = attached.programme if attached.programme.id != programme.id else None
    return Announced(programme, airing, reused, aired, attached.note)
