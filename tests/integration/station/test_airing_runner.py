"""The airing thread with the fake player and a fake clock: what gets written, and why.

(The same paths with libVLC and the sound rig are in test_offair.py.)
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from broadcaster.audio.player.fake import FakePlayer
from broadcaster.clock import FakeClock
from broadcaster.core.vocab import Status
from broadcaster.station.intake import station_ingester
from broadcaster.station.onair import AiringRunner
from broadcaster.station.records import record_missed
from broadcaster.station.replan import replan
from broadcaster.store.db import open_engine, session
from broadcaster.store.models import AsRunRecord, PlannedAiring, Programme
from tests.support.daemon_by_hand import StuckPlayer
from tests.support.onair import drop, wait_for
from tests.support.station import series_toml

ARRIVAL = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội, a Monday


@pytest.fixture
def planned(station, tone):
    """One programme taken in on 2 March, planned 1 + 3 in March."""
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    clock = FakeClock(ARRIVAL)
    ingester = station_ingester(config, engine, clock)
    drop(tone(2), station.inbox, "Bản tin tháng 3.mp3")
    ingester.scan()
    ingester.scan()
    replan(engine, config, clock.now(), config.player.preroll)
    with session(engine) as db:
        rows = db.exec(select(PlannedAiring).order_by(PlannedAiring.slot_at)).all()
        programme = db.exec(select(Programme)).one()
    return config, engine, clock, rows, programme


def _run(config, engine, clock, uid, player):
    runner = AiringRunner(config, engine, clock, lambda: player)
    runner.start()
    runner.cue(uid)
    deadline = time.monotonic() + 10
    while runner.pending() and time.monotonic() < deadline:
        time.sleep(0.01)
    runner.stop()
    with session(engine) as db:
        return db.exec(select(AsRunRecord).where(AsRunRecord.planned_airing_uid == uid)).all()


def test_plan_is_one_new_and_three_repeats_a_week_apart(planned) -> None:
    _, _, _, rows, _ = planned
    assert [r.kind for r in rows] == ["new", "repeat", "repeat", "repeat"]
    gaps = [(b.slot_at - a.slot_at) for a, b in zip(rows, rows[1:], strict=False)]
    assert all(g >= timedelta(days=7) for g in gaps)


def test_an_airing_that_plays_is_recorded_aired(planned) -> None:
    config, engine, clock, rows, programme = planned
    clock.sleep_until(rows[0].slot_at - config.player.preroll)
    (record,) = _run(config, engine, clock, rows[0].uid, FakePlayer())
    assert record.status == Status.AIRED
    assert record.started_at == rows[0].slot_at
    assert record.played_s == pytest.approx(programme.duration_s, abs=0.01)
    assert record.file_sha256 == programme.sha256 and record.kind == "new"


def test_a_file_deleted_before_its_slot_fails_with_the_reason(planned) -> None:
    config, engine, clock, rows, programme = planned
    (config.paths.library / programme.file_name).unlink()
    (record,) = _run(config, engine, clock, rows[0].uid, FakePlayer())
    assert record.status == Status.FAILED
    assert programme.file_name in record.reason


def test_a_file_changed_before_its_slot_fails_with_the_reason(planned) -> None:
    config, engine, clock, rows, programme = planned
    with (config.paths.library / programme.file_name).open("ab") as handle:
        handle.write(b"\0" * 100)
    (record,) = _run(config, engine, clock, rows[0].uid, FakePlayer())
    assert record.status == Status.FAILED
    assert "SHA-256" in record.reason


def test_a_cue_later_than_the_grace_is_missed_not_played(planned) -> None:
    config, engine, clock, rows, _ = planned
    clock.sleep_until(rows[0].slot_at + config.daemon.missed_grace + timedelta(seconds=1))
    player = FakePlayer()
    (record,) = _run(config, engine, clock, rows[0].uid, player)
    assert record.status == Status.MISSED
    assert player.played == []


def test_no_output_is_failed_never_aired(planned) -> None:
    config, engine, clock, rows, _ = planned
    (record,) = _run(config, engine, clock, rows[0].uid, FakePlayer(output_works=False))
    assert record.status == Status.FAILED and record.played_s == 0


def test_slots_passed_while_down_are_recorded_missed_once(planned) -> None:
    config, engine, clock, rows, _ = planned
    clock.sleep_until(rows[1].slot_at + config.daemon.missed_grace + timedelta(seconds=1))
    first = record_missed(engine, config, clock.now())
    again = record_missed(engine, config, clock.now())
    assert [r.planned_airing_uid for r in first] == [rows[0].uid, rows[1].uid]
    assert all(r.status == Status.MISSED and r.reason for r in first)
    assert again == []


def test_recorded_airings_never_move_when_the_plan_changes(planned, station) -> None:
    config, engine, clock, rows, _ = planned
    clock.sleep_until(rows[0].slot_at - config.player.preroll)
    _run(config, engine, clock, rows[0].uid, FakePlayer())
    # The station moves its slots; the aired row stays, the rest move.
    station.write_series("chuyen-doi-so", series_toml(["19:00"], repeats=3, gap="7d"))
    replan(engine, station.config(), clock.now(), config.player.preroll)
    with session(engine) as db:
        after = db.exec(select(PlannedAiring).order_by(PlannedAiring.slot_at)).all()
    assert after[0].uid == rows[0].uid and after[0].slot_at == rows[0].slot_at
    assert [a.slot_at.astimezone(config.station.tz).hour for a in after[1:]] == [19, 19, 19]


def test_as_run_rows_cannot_be_changed_or_deleted(planned) -> None:
    config, engine, clock, rows, _ = planned
    (record,) = _run(config, engine, clock, rows[0].uid, FakePlayer())
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    with engine.connect() as conn:
        with pytest.raises(IntegrityError):
            conn.execute(text("UPDATE as_run SET status = 'aired'"))
        with pytest.raises(IntegrityError):
            conn.execute(text("DELETE FROM as_run"))


def test_the_as_run_chain_holds_and_catches_a_forged_row(planned) -> None:
    import sqlite3

    from broadcaster.store.asrun import verify_database

    config, engine, clock, rows, _ = planned
    clock.sleep_until(rows[2].slot_at + config.daemon.missed_grace + timedelta(seconds=1))
    record_missed(engine, config, clock.now())
    assert verify_database(engine) == (3, None)

    # Someone with the database file drops the guard and edits a row by hand.
    assert config.paths.database_file is not None
    with sqlite3.connect(config.paths.database_file) as raw:
        raw.execute("DROP TRIGGER as_run_no_update")
        raw.execute("UPDATE as_run SET status = 'aired' WHERE seq = 2")
    count, broken = verify_database(engine)
    assert count == 3 and broken is not None and broken.seq == 2


def test_a_missed_airing_is_made_up_and_the_make_up_names_it(planned) -> None:
    config, engine, clock, rows, _ = planned
    clock.sleep_until(rows[0].slot_at + config.daemon.missed_grace + timedelta(seconds=1))
    (missed,) = record_missed(engine, config, clock.now())
    replan(engine, config, clock.now(), config.player.preroll)
    with session(engine) as db:
        makeup = db.exec(select(PlannedAiring).where(PlannedAiring.kind == "makeup")).one()
    assert makeup.seq == 100 and rows[0].slot_at < makeup.slot_at < rows[1].slot_at
    clock.sleep_until(makeup.slot_at - config.player.preroll)
    (record,) = _run(config, engine, clock, makeup.uid, FakePlayer())
    assert record.status == Status.AIRED and record.kind == "makeup"
    assert record.makeup_of_uid == missed.uid


def test_an_airing_cut_by_a_crash_is_recovered_as_partial(planned) -> None:
    from broadcaster.station.records import ON_AIR, recover_interrupted
    from broadcaster.store.state import set_state

    config, engine, clock, rows, programme = planned
    started = rows[0].slot_at
    # What the airing thread had noted when the power went: 1.2 s into the programme.
    set_state(
        engine,
        ON_AIR,
        {"uid": rows[0].uid, "started_at": started.isoformat(), "played_s": 1.2},
        started + timedelta(seconds=1.2),
    )
    record = recover_interrupted(engine, config)
    assert record is not None and record.status == "partial"
    assert record.played_s == pytest.approx(1.2)
    assert record.started_at == started and "mất điện" in record.reason
    assert recover_interrupted(engine, config) is None  # once only


@pytest.mark.parametrize("works", [True, False])
def test_the_output_probe_is_noted_for_status(planned, works: bool) -> None:
    """The airing thread checks the output through the player's `probe_output` and notes the
    answer as the audio state; a broken output is noted as broken."""
    from broadcaster.store.state import get_state

    config, engine, clock, _, _ = planned
    player = FakePlayer(output_works=works)
    runner = AiringRunner(config, engine, clock, lambda: player)
    runner.start()
    runner.probe()
    try:
        assert wait_for(lambda: get_state(engine, "audio") is not None, 10, 0.01)
    finally:
        runner.stop()
    noted, _ = get_state(engine, "audio")
    assert player.probes == 1
    expected = (
        {"ok": True, "detail": "probe"}
        if works
        else {"ok": False, "detail": "fake: no audio output"}
    )
    assert noted == expected


def test_the_hang_check_counts_time_passed_on_the_clock(planned) -> None:
    """A programme still "playing" long past its length plus the margin is hung; time is
    read from the injected clock, so the test moves it instead of waiting a minute, and a
    wall clock set forward by hours is not mistaken for time passing."""
    config, engine, clock, rows, programme = planned
    clock.sleep_until(rows[0].slot_at - config.player.preroll)
    player = StuckPlayer()
    runner = AiringRunner(config, engine, clock, lambda: player)
    runner.start()
    runner.cue(rows[0].uid)
    try:
        assert player.inside.wait(10)  # on air, at the slot (the fake clock went there)
        assert clock.now() == rows[0].slot_at
        # The budget: the preroll waited, the programme, and the margin.
        hung_after = (
            config.player.preroll.total_seconds() + programme.duration_s + runner.hang_margin_s
        )
        clock.jump(timedelta(hours=3))
        assert runner.hung() is None  # the wall clock moved; no time passed
        clock.advance(timedelta(seconds=hung_after - 1))
        assert runner.hung() is None
        clock.advance(timedelta(seconds=2))
        assert runner.hung() == rows[0].uid
    finally:
        player.release.set()
        runner.stop()
