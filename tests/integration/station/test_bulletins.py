"""Priority bulletins through the running daemon (real APScheduler, fake player in real
time): emergency cuts what is on air, priority waits for it, normal takes a free slot."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlmodel import select

from broadcaster.audio.player.fake import FakePlayer
from broadcaster.cli import main
from broadcaster.station.bulletins import announce
from broadcaster.station.daemon import Daemon
from broadcaster.store.db import session
from broadcaster.store.models import AsRunRecord, PlannedAiring
from tests.support.onair import drop, slot_in, wait_for
from tests.support.station import series_toml


def _rows(engine) -> list[AsRunRecord]:
    with session(engine) as db:
        return list(db.exec(select(AsRunRecord).order_by(AsRunRecord.seq)).all())


@pytest.fixture
def on_air(station, tone):
    """A daemon airing a 12 s programme from a slot 8 s ahead."""
    slot_text, slot_at = slot_in(8)
    later, _ = slot_in(600)
    station.write_series("chuyen-doi-so", series_toml([slot_text, later], repeats=0))
    player = FakePlayer()
    daemon = Daemon(station.config(), player_factory=lambda: player)
    stop = threading.Event()
    thread = threading.Thread(target=daemon.run, args=(stop,), daemon=True)
    thread.start()
    drop(tone(12), station.inbox)
    time.sleep(max(0.0, slot_at.timestamp() - time.time()) + 3)  # 3 s into the programme
    yield daemon, player, slot_at
    stop.set()
    thread.join(20)


def test_an_emergency_cuts_the_programme_which_is_made_up(on_air, tone) -> None:
    daemon, player, slot_at = on_air
    announce(daemon.engine, daemon.config, tone(1), "emergency", daemon.clock.now())
    assert wait_for(lambda: len(_rows(daemon.engine)) == 2)
    programme, bulletin = _rows(daemon.engine)
    assert programme.status == "partial" and "khẩn cấp" in programme.reason
    assert 2.0 <= programme.played_s <= 5.0  # cut about 3 s in, not at its end
    assert (bulletin.kind, bulletin.priority, bulletin.status) == ("bulletin", "emergency", "aired")
    assert bulletin.started_at is not None and programme.ended_at is not None
    assert (bulletin.started_at - programme.ended_at) < timedelta(seconds=2)
    # The cut programme gets a make-up airing later in its month.
    with session(daemon.engine) as db:
        assert wait_for(
            lambda: (
                db.exec(select(PlannedAiring).where(PlannedAiring.kind == "makeup")).first()
                is not None
            )
        )


def test_a_priority_bulletin_waits_for_the_programme_to_end(on_air, tone) -> None:
    daemon, player, slot_at = on_air
    announce(daemon.engine, daemon.config, tone(1), "priority", daemon.clock.now())
    assert wait_for(lambda: len(_rows(daemon.engine)) == 2)
    programme, bulletin = _rows(daemon.engine)
    assert programme.status == "aired" and bulletin.priority == "priority"
    assert bulletin.started_at >= programme.ended_at


def test_announce_cli_normal_takes_the_next_free_slot(station, tone) -> None:
    slot_text, slot_at = slot_in(120)
    station.write_series("chuyen-doi-so", series_toml([slot_text]))
    result = CliRunner().invoke(
        main,
        ["--config", str(station.config_path), "announce", str(tone(1)), "--priority", "normal"],
    )
    assert result.exit_code == 0, result.output
    assert "thông thường" in result.output and slot_at.strftime("%H:%M:%S") in result.output
    assert tone(1).exists()  # the operator's file is copied, not moved


def test_a_file_dropped_in_khan_cap_is_an_emergency(on_air, station, tone) -> None:
    daemon, player, slot_at = on_air
    drop(tone(1), station.inbox, "Bão số 5.mp3", folder="khan-cap")
    assert wait_for(lambda: len(_rows(daemon.engine)) == 2)
    programme, bulletin = _rows(daemon.engine)
    assert programme.status == "partial"
    assert (bulletin.title, bulletin.priority, bulletin.status) == (
        "Bão số 5",
        "emergency",
        "aired",
    )
    # Dropped again: it airs again, and the second copy waits in quarantine.
    drop(tone(1), station.inbox, "Bão số 5 (lần 2).mp3", folder="khan-cap")
    assert wait_for(lambda: len(_rows(daemon.engine)) == 3)
    assert (station.quarantine / "Bão số 5 (lần 2).mp3").exists()
    assert not (station.inbox / "khan-cap" / "Bão số 5 (lần 2).mp3").exists()


class _HangingPlayer(FakePlayer):
    """A player stuck inside libVLC: it ignores stop requests and never returns."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def play(self, path, start_at, duration_s, stop, clock, progress=None, cue=None):  # type: ignore[no-untyped-def]
        clock.sleep_until(start_at)
        if progress is not None:
            progress(clock.now(), 0.0)
        self.release.wait(120)
        raise RuntimeError("released")


def test_a_hung_player_never_freezes_the_station(station, tone, monkeypatch) -> None:
    import broadcaster.station.onair

    monkeypatch.setattr(broadcaster.station.onair, "HANG_MARGIN_S", 3.0)
    first, first_at = slot_in(8)
    second, second_at = slot_in(20)
    station.write_series("chuyen-doi-so", series_toml([first, second], repeats=1))
    players = [_HangingPlayer(), FakePlayer()]
    made = iter(players)
    daemon = Daemon(station.config(), player_factory=lambda: next(made))
    stop = threading.Event()
    thread = threading.Thread(target=daemon.run, args=(stop,), daemon=True)
    thread.start()
    try:
        drop(tone(2), station.inbox)
        assert wait_for(lambda: len(_rows(daemon.engine)) == 2, 45)
        hung, next_one = _rows(daemon.engine)
        assert hung.status in ("partial", "failed") and "treo" in hung.reason
        assert next_one.status == "aired"  # a new airing thread with a new player
        assert players[1].played
    finally:
        players[0].release.set()
        stop.set()
        thread.join(20)


@pytest.mark.parametrize("priority", ["emergency", "priority", "normal"])
def test_a_replan_never_removes_an_announced_bulletin(station, tone, priority) -> None:
    """Issue #10 §1: re-planning deleted every future bulletin (the planner did not make it,
    so it looked stale). A bulletin of any level, with or without --at, stays planned."""
    from broadcaster.station.replan import replan
    from broadcaster.store.db import open_engine

    slot_text, _ = slot_in(3600)
    station.write_series("chuyen-doi-so", series_toml([slot_text], repeats=0))
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    now = datetime.now(UTC)
    at = now + timedelta(hours=3) if priority != "normal" else None
    announced = announce(engine, config, tone(1), priority, now, at=at)
    for _ in range(2):
        replan(engine, config, now, timedelta(seconds=30))
    with session(engine) as db:
        kept = db.exec(select(PlannedAiring).where(PlannedAiring.kind == "bulletin")).all()
    assert [(r.uid, r.priority) for r in kept] == [(announced.airing.uid, priority)]
