"""A slot changed in the console reaches the running daemon by the path a hand edit takes:
its reconcile tick sees the series files changed, reloads them and re-plans; its plan and
its timers then agree with what the console planned when it saved (driven by hand on a
FakeClock, no sound)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from broadcaster.clock import FakeClock
from tests.support import factories
from tests.support.console import console_client
from tests.support.daemon_by_hand import daemon_by_hand
from tests.support.station import StationDir, series_toml

NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # Monday 2/11/2026 08:00 at the station
HCM = timedelta(hours=7)


def test_the_daemon_reloads_the_file_the_console_wrote_and_keeps_its_plan(
    station: StationDir,
) -> None:
    station.write_series("chuyen-doi-so", series_toml(["17:15", "20:00"], repeats=3, gap="7d"))
    with daemon_by_hand(station, start=NOW) as hand:
        factories.programme(hand.daemon.engine, NOW - timedelta(days=1))
        hand.daemon._replan(show=False)
        hand.daemon._sync_jobs()
        before = {a.uid: a.slot_at for a in hand.planned()}
        assert {(t + HCM).strftime("%H:%M") for t in before.values()} == {"17:15"}

        console = console_client(station.config(), hand.daemon.engine, clock=FakeClock(NOW))
        reply = console.put(
            "/api/v1/series/chuyen-doi-so/slots",
            json={"slots": [{"time": "18:40"}, {"time": "20:00"}]},
            headers={"X-CSRF-Token": console.csrf},
        )
        assert reply.status_code == 200, reply.text
        by_console = {a.uid: a.slot_at for a in hand.planned()}
        assert {(t + HCM).strftime("%H:%M") for t in by_console.values()} == {"18:40"}
        # The daemon still has the old series and the old timers until its tick.
        preroll = hand.daemon.config.player.preroll
        assert [s.label() for s in hand.daemon.config.series[0].slots] == ["17:15", "20:00"]
        assert hand.timers() == {uid: at - preroll for uid, at in before.items()}

        hand.daemon._reconcile_tick()
        assert [s.label() for s in hand.daemon.config.series[0].slots] == ["18:40", "20:00"]
        assert {a.uid: a.slot_at for a in hand.planned()} == by_console  # nothing moved back
        assert hand.timers() == {uid: at - preroll for uid, at in by_console.items()}
