"""The daemon in-process (real APScheduler, fake player): a schedule file edited while it
runs re-plans the future airings; a broken edit keeps the last good schedule."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from loguru import logger
from sqlmodel import select

from broadcaster.audio.player.fake import FakePlayer
from broadcaster.clock import SystemClock
from broadcaster.station.daemon import Daemon
from broadcaster.store.db import session
from broadcaster.store.models import AsRunRecord, PlannedAiring
from tests.support.onair import drop, slot_in, wait_for
from tests.support.station import series_toml


@pytest.fixture
def running(station) -> Iterator[tuple[Daemon, list[str]]]:
    first, _ = slot_in(300)
    station.write_series("chuyen-doi-so", series_toml([first]))
    daemon = Daemon(station.config(), player_factory=FakePlayer)
    messages: list[str] = []
    sink = logger.add(messages.append, level="INFO")
    stop = threading.Event()
    thread = threading.Thread(target=daemon.run, args=(stop,), daemon=True)
    thread.start()
    yield daemon, messages
    stop.set()
    thread.join(15)
    logger.remove(sink)
    assert not thread.is_alive()


def _slots(daemon: Daemon) -> list:
    with session(daemon.engine) as db:
        return [r.slot_at for r in db.exec(select(PlannedAiring)).all()]


def test_an_edited_schedule_replans_future_airings(station, tone, running) -> None:
    daemon, _ = running
    drop(tone(1), station.inbox)
    assert _wait_for(lambda: len(_slots(daemon)) == 1)
    later, later_at = slot_in(600)
    station.write_series("chuyen-doi-so", series_toml([later]))
    assert _wait_for(lambda: _slots(daemon) == [later_at]), _slots(daemon)


def test_a_broken_schedule_edit_keeps_the_last_good_one(station, tone, running) -> None:
    daemon, messages = running
    drop(tone(1), station.inbox)
    assert _wait_for(lambda: len(_slots(daemon)) == 1)
    before = _slots(daemon)
    station.write_series("chuyen-doi-so", series_toml(["25:99"]))
    assert _wait_for(lambda: any("slots[0].time" in m for m in messages))
    assert _slots(daemon) == before


class _SettableClock(SystemClock):
    """The system clock, plus an offset a test can change: a clock set wrong by hand."""

    def __init__(self) -> None:
        super().__init__()
        self.offset = timedelta(0)

    def now(self):  # type: ignore[no-untyped-def]
        return super().now() + self.offset


def test_a_clock_jump_is_logged_and_skipped_slots_are_missed_not_replayed(station, tone) -> None:
    slot_text, slot_at = slot_in(90)
    station.write_series("chuyen-doi-so", series_toml([slot_text]))
    clock = _SettableClock()
    player = FakePlayer()
    daemon = Daemon(station.config(), clock=clock, player_factory=lambda: player)
    messages: list[str] = []
    sink = logger.add(messages.append, level="INFO")
    stop = threading.Event()
    thread = threading.Thread(target=daemon.run, args=(stop,), daemon=True)
    thread.start()
    try:
        drop(tone(1), station.inbox)
        assert _wait_for(lambda: len(_slots(daemon)) == 1)
        clock.offset = timedelta(hours=3)  # the clock leaps past the slot
        assert _wait_for(lambda: any("nhảy" in m for m in messages))
        with session(daemon.engine) as db:
            assert _wait_for(lambda: len(db.exec(select(AsRunRecord)).all()) == 1)
            (row,) = db.exec(select(AsRunRecord)).all()
        assert row.status == "missed" and player.played == []
    finally:
        stop.set()
        thread.join(15)
        logger.remove(sink)


def _wait_for(predicate, timeout: float = 15.0) -> bool:
    return wait_for(predicate, timeout, 0.2)
