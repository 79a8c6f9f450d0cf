"""Test airings (phát thử): a file aired once to check the loudspeakers, at a moment with
nothing else on air, recorded in the as-run log with kind `test` and never counted.

- `broadcaster test-airing [FILE] [--at TIME]` plans one (default FILE: the bundled sample);
- the daemon plans one at its very first start (empty as-run log, no test airing yet) when
  `[station] test_airing_on_first_start = true`, so a newcomer hears it work in a minute
  without the sample ever becoming the month's programme.

A test airing is a programme of the pseudo-series `test` (its file is taken into the
library like a bulletin's, by `bulletins.register_bulletin`) with one planned airing of
kind `test`. The planner never places, moves or counts it (`vocab.PLANNER_KINDS`); it
only plans around it. The proof lists it as *phát thử* and leaves it out of every quota,
summary and verdict (`proof/summary.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.config import Config
from broadcaster.core.periods import period_of
from broadcaster.core.planner import slot_times
from broadcaster.core.vocab import TEST_SERIES, Kind
from broadcaster.station.bulletins import register_bulletin
from broadcaster.store.asrun import is_empty
from broadcaster.store.models import PlannedAiring, Programme
from broadcaster.store.plan import add_airing, any_of_kind, slots_within
from broadcaster.store.programmes import longest_by_series

TEST_FOLDER = "phat-thu"  # inside the library
# A test airing's seq is far above any the planner gives (repeats ≤ 99, make-ups from 100 to
# 300): the file may be a programme of a series too, and (programme, seq) is unique.
TEST_SEQ_BASE = 1_000_000
# How long after it is asked for a test airing starts: time for the daemon to pick it up
# and open the file, short enough that whoever asked is still listening.
TEST_LEAD = timedelta(seconds=30)
# Quiet kept before and after a test airing, on top of the player's pre-roll.
MARGIN = timedelta(seconds=5)
SEARCH = timedelta(days=14)
# A series slot is kept clear this long at least, even before any of its programmes is
# known: programmes last 5 to 30 minutes, and one placed there later must never move.
MIN_RESERVE = timedelta(minutes=5)
SAMPLE = Path(__file__).resolve().parents[2] / "media" / "sample" / "chuyen-doi-so-ban-mau.mp3"


@dataclass(frozen=True)
class TestAiring:
    programme: Programme
    airing: PlannedAiring
    wanted: datetime  # the moment asked for; `airing.slot_at` is later when that was busy


def free_moment(
    busy: Iterable[tuple[datetime, datetime]],
    after: datetime,
    length: timedelta,
    gap: timedelta,
    horizon: datetime,
) -> datetime | None:
    """The earliest moment at or after `after` where `length` of airtime, with `gap` of
    quiet on both sides, touches no busy span; None if there is none before `horizon`."""
    candidate = after
    for start, end in sorted(busy):
        if end + gap <= candidate:
            continue  # over before the candidate needs the air
        if start >= candidate + length + gap:
            break  # spans are sorted by start: every later one starts later still
        candidate = end + gap
    return candidate if candidate < horizon else None


def busy_spans(
    engine: Engine, config: Config, after: datetime, horizon: datetime
) -> list[tuple[datetime, datetime]]:
    """What a test airing must keep clear of: every planned airing, and every slot of every
    series for as long as that series' longest programme, at least MIN_RESERVE (so a
    programme the planner places there later never has to move for it)."""
    rows = slots_within(engine, after - timedelta(days=1), horizon)
    longest = longest_by_series(engine)
    spans = [(start, start + timedelta(seconds=max(d, 1.0))) for start, d in rows]
    tz = config.station.tz
    for series in config.series:
        reserve = max(timedelta(seconds=longest.get(series.id, 0.0)), MIN_RESERVE)
        period = period_of(after - reserve, series.period, tz)
        while period.start < horizon:
            spans.extend(
                (s, s + reserve)
                for s in slot_times(series, period, tz)
                if after - reserve < s < horizon
            )
            period = period_of(period.end, series.period, tz)
    return spans


def plan_test_airing(
    engine: Engine,
    config: Config,
    source: Path,
    now: datetime,
    at: datetime | None = None,
) -> TestAiring:
    """Take `source` into the library (a copy) and plan one test airing of it at `at` (by
    default TEST_LEAD from now), or at the first moment after it with nothing on air.
    Raises BulletinRejected for a file that is not audio, LookupError with no free moment."""
    title = i18n.t("testair.sample_title") if _is_sample(source) else None
    programme, _ = register_bulletin(
        engine, config, source, now, False, TEST_SERIES, TEST_FOLDER, title
    )
    earliest = now + config.player.preroll + timedelta(seconds=1)  # it must still be openable
    wanted = max(at if at is not None else now + TEST_LEAD, earliest)
    slot = free_moment(
        busy_spans(engine, config, wanted, wanted + SEARCH),
        wanted,
        timedelta(seconds=programme.duration_s),
        config.player.preroll + MARGIN,
        wanted + SEARCH,
    )
    if slot is None:
        raise LookupError("no free moment in the next two weeks")
    assert programme.id is not None
    airing = add_airing(
        engine,
        programme.id,
        TEST_SERIES,
        Kind.TEST,
        slot.replace(microsecond=0) + timedelta(seconds=1 if slot.microsecond else 0),
        programme.duration_s,
        seq_from=TEST_SEQ_BASE,
    )
    return TestAiring(programme, airing, wanted)


def first_start_due(engine: Engine) -> bool:
    """The very first start of a station: nothing in the as-run log, no test airing yet."""
    return is_empty(engine) and not any_of_kind(engine, Kind.TEST)


def plan_first_start(engine: Engine, config: Config, now: datetime) -> TestAiring | None:
    """The daemon's first start: one test airing of the bundled sample, TEST_LEAD ahead."""
    if not config.station.test_airing_on_first_start or not first_start_due(engine):
        return None
    if not SAMPLE.is_file():
        raise FileNotFoundError(SAMPLE)
    return plan_test_airing(engine, config, SAMPLE, now)


def _is_sample(source: Path) -> bool:
    try:
        return source.resolve() == SAMPLE
    except OSError:
        return False
