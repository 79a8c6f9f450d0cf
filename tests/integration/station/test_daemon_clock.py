"""The daemon's timings driven by hand on a FakeClock: the clock-jump detector, the hang
check and the watchdog's view of the reconcile tick. No sleeping: each test moves the clock
and calls the check, so each fails at once if the check reads the wrong clock or none.
(The real-process versions: tests/faults, test_a_clock_jump_never_replays_a_backlog, and
test_bulletins.py, test_a_hung_player_never_freezes_the_station.)"""

from __future__ import annotations

from datetime import timedelta

import pytest

from broadcaster.audio.player import Player
from broadcaster.audio.player.fake import FakePlayer
from broadcaster.clock import ClockWatch, FakeClock
from broadcaster.station.daemon import CLOCK_JUMP_S
from broadcaster.store.state import get_state
from tests.support.daemon_by_hand import START, StuckPlayer, daemon_by_hand
from tests.support.onair import drop, series_toml, slot_in


# ---- the detector alone ----------------------------------------------------------------
def test_time_passing_is_no_jump() -> None:
    clock = FakeClock(START)
    watch = ClockWatch(clock, CLOCK_JUMP_S)
    clock.advance(timedelta(days=3))
    clock.sleep_until(clock.now() + timedelta(hours=5))
    assert watch.jumped() is None


def test_a_jump_either_way_is_seen_once() -> None:
    clock = FakeClock(START)
    watch = ClockWatch(clock, CLOCK_JUMP_S)
    clock.jump(timedelta(hours=3))
    assert watch.jumped() == pytest.approx(3 * 3600)
    assert watch.jumped() is None  # the new time is the baseline now
    clock.jump(timedelta(seconds=-CLOCK_JUMP_S))
    assert watch.jumped() == pytest.approx(-CLOCK_JUMP_S)


def test_a_small_correction_is_no_jump() -> None:
    clock = FakeClock(START)
    watch = ClockWatch(clock, CLOCK_JUMP_S)
    clock.jump(timedelta(seconds=CLOCK_JUMP_S - 1))  # NTP slewing a drifted clock
    assert watch.jumped() is None


# ---- the daemon ------------------------------------------------------------------------
@pytest.fixture
def planned(station, tone):
    """Taken in at 08:00, planned at 08:05, its timer set; the player never used yet."""
    slot_text, _ = slot_in(300, START)
    station.write_series("chuyen-doi-so", series_toml([slot_text]))
    drop(tone(1), station.inbox)
    player = FakePlayer()
    with daemon_by_hand(station, player_factory=lambda: player) as hand:
        hand.take_inbox()
        (airing,) = hand.planned()
        assert set(hand.timers()) == {airing.uid}
        yield hand, airing, player


def test_a_clock_jump_past_a_slot_drops_its_timer_and_records_it_missed(planned) -> None:
    hand, airing, player = planned
    hand.clock.advance(timedelta(minutes=1))
    hand.daemon._check_clock()
    assert not hand.said("nhảy") and set(hand.timers()) == {airing.uid}  # time passing
    hand.clock.jump(timedelta(hours=3))  # the clock leaps past the slot
    hand.daemon._check_clock()
    assert hand.said("nhảy")
    state = get_state(hand.daemon.engine, "clock")
    assert state is not None and state[0] == {"jump_s": 10800.0}
    assert hand.timers() == {}  # never replayed as a late backlog
    hand.daemon._reconcile_tick()
    (row,) = hand.recorded()
    assert (row.planned_airing_uid, row.status) == (airing.uid, "missed")
    assert player.played == []


def test_a_clock_set_back_keeps_the_timer_where_the_slot_is(planned) -> None:
    hand, airing, _ = planned
    hand.clock.jump(timedelta(hours=-2))
    hand.daemon._check_clock()
    assert hand.said("nhảy")
    assert hand.timers() == {airing.uid: airing.slot_at - hand.daemon.config.player.preroll}
    assert hand.recorded() == []


def test_the_watchdog_stops_vouching_when_the_reconcile_tick_stalls(planned) -> None:
    hand, _, _ = planned
    daemon = hand.daemon
    daemon.runner.start()
    assert daemon._alive()
    stale = max(3 * daemon.config.daemon.reconcile_interval.total_seconds(), 60.0)
    hand.clock.jump(timedelta(hours=1))  # a wall-clock jump is not a stall
    assert daemon._alive()
    hand.clock.advance(timedelta(seconds=stale + 1))
    assert not daemon._alive()
    daemon._reconcile_tick()
    assert daemon._alive()


def test_the_reconcile_tick_replaces_a_hung_airing_thread(station, tone) -> None:
    slot_text, _ = slot_in(300, START)
    later_text, _ = slot_in(900, START)
    station.write_series("chuyen-doi-so", series_toml([slot_text, later_text], repeats=1))
    drop(tone(1), station.inbox)
    stuck = StuckPlayer()
    made: list[Player] = []

    def factory() -> Player:  # the stuck player first, then a working one
        made.append(stuck if not made else FakePlayer())
        return made[-1]

    with daemon_by_hand(station, player_factory=factory) as hand:
        hand.take_inbox()
        first, second = hand.planned()
        daemon = hand.daemon
        daemon.runner.start()
        hung_runner = daemon.runner
        hung_runner.cue(first.uid)
        assert stuck.inside.wait(10)  # on air at the slot, and stuck there
        try:
            budget = daemon.config.player.preroll.total_seconds() + 1.0 + hung_runner.hang_margin_s
            hand.clock.advance(timedelta(seconds=budget - 2))
            daemon._reconcile_tick()
            assert daemon.runner is hung_runner and hand.recorded() == []  # not yet
            hand.clock.advance(timedelta(seconds=4))
            daemon._reconcile_tick()
            assert daemon.runner is not hung_runner and daemon.runner.thread.is_alive()
            (row,) = hand.recorded()
            assert row.planned_airing_uid == first.uid and "treo" in row.reason
            assert hand.said("Trình phát VLC bị treo")
            assert len(made) == 2  # the new thread made a new player
            assert second.uid in hand.timers()  # the next airing is still timed
        finally:
            stuck.release.set()
