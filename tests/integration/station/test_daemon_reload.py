"""A schedule file edited while the daemon runs re-plans the future airings and moves their
timers; a broken edit keeps the last good schedule. The reconcile tick is driven by hand on
a FakeClock; one test runs the real daemon loop (real APScheduler, fake player) to show the
tick is really timed."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import select

from broadcaster.audio.player.fake import FakePlayer
from broadcaster.station.daemon import Daemon
from broadcaster.store.db import session
from broadcaster.store.models import PlannedAiring
from tests.support.daemon_by_hand import START, daemon_by_hand
from tests.support.onair import drop, slot_in, wait_for
from tests.support.station import series_toml


@pytest.fixture
def by_hand(station, tone):
    """A programme taken in at 08:00, planned at 08:05, its timer set."""
    first, _ = slot_in(300, START)
    station.write_series("chuyen-doi-so", series_toml([first]))
    drop(tone(1), station.inbox)
    with daemon_by_hand(station) as hand:
        hand.take_inbox()
        yield hand


def test_the_reconcile_tick_replans_an_edited_schedule_and_moves_the_timer(
    station, by_hand
) -> None:
    (airing,) = by_hand.planned()
    preroll = by_hand.daemon.config.player.preroll
    assert by_hand.timers() == {airing.uid: airing.slot_at - preroll}
    later, later_at = slot_in(600, START)
    station.write_series("chuyen-doi-so", series_toml([later]))
    assert [a.slot_at for a in by_hand.planned()] == [airing.slot_at]  # not before the tick
    by_hand.daemon._reconcile_tick()
    (moved,) = by_hand.planned()
    assert moved.slot_at == later_at
    assert by_hand.timers() == {moved.uid: later_at - preroll}


def test_a_broken_schedule_edit_keeps_the_last_good_one(station, by_hand) -> None:
    before, timers = by_hand.planned(), by_hand.timers()
    station.write_series("chuyen-doi-so", series_toml(["25:99"]))
    by_hand.daemon._reconcile_tick()
    assert by_hand.said("slots[0].time")
    assert [a.slot_at for a in by_hand.planned()] == [a.slot_at for a in before]
    assert by_hand.timers() == timers


def test_the_running_daemon_times_its_reconcile_tick(station, tone) -> None:
    """The real loop on the system clock: the edit is picked up without anyone calling a
    tick (reconcile_interval is 2 s in the test station)."""
    first, _ = slot_in(300)
    station.write_series("chuyen-doi-so", series_toml([first]))
    daemon = Daemon(station.config(), player_factory=FakePlayer)
    stop = threading.Event()
    thread = threading.Thread(target=daemon.run, args=(stop,), daemon=True)
    thread.start()
    try:
        drop(tone(1), station.inbox)
        assert _wait_for(lambda: len(_slots(daemon)) == 1)
        later, later_at = slot_in(600)
        station.write_series("chuyen-doi-so", series_toml([later]))
        assert _wait_for(lambda: _slots(daemon) == [later_at]), _slots(daemon)
    finally:
        stop.set()
        thread.join(15)
    assert not thread.is_alive()


def _slots(daemon: Daemon) -> list:
    with session(daemon.engine) as db:
        return [r.slot_at for r in db.exec(select(PlannedAiring)).all()]


def _wait_for(predicate, timeout: float = 15.0) -> bool:
    return wait_for(predicate, timeout, 0.2)
