"""The whole airing path on real components: ffmpeg ingest, planner, SQLite, the airing
thread and libVLC playing into the PulseAudio null sink, checked against the off-air
recording — not against libVLC's own states."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from sqlmodel import select

from broadcaster.airing import AiringRunner
from broadcaster.clock import SystemClock
from broadcaster.db import open_engine, session
from broadcaster.ingest import Ingester
from broadcaster.models import AIRED, FAILED, AsRunRecord, PlannedAiring
from broadcaster.scheduling import replan
from tests.integration.helpers import drop, series_toml, slot_in
from tests.integration.test_player_contract import NO_OUTPUT_ARGS
from tests.rig import SoundRig


def _air_one(station, tone: Callable[..., Path], rig: SoundRig, vlc_args: tuple[str, ...]):
    slot_text, slot_at = slot_in(6)
    station.write_series("chuyen-doi-so", series_toml([slot_text]))
    station.write_config(vlc_args="[" + ", ".join(f'"{a}"' for a in vlc_args) + "]")
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    clock = SystemClock()
    ingester = Ingester(config, engine, clock)
    drop(tone(3), station.inbox, "Chuyển đổi số tháng này.mp3")
    ingester.scan()
    outcomes, _ = ingester.scan()
    assert [o.outcome for o in outcomes] == ["accepted"]
    replan(engine, config, clock.now(), config.preroll)
    with session(engine) as db:
        (planned,) = db.exec(select(PlannedAiring)).all()
    assert planned.slot_at == slot_at

    from broadcaster.player.vlc_player import VlcPlayer

    runner = AiringRunner(config, engine, clock, lambda: VlcPlayer(config.vlc_args))
    runner.start()
    try:
        with rig.recorder() as recording:
            clock.sleep_until(slot_at - config.preroll)
            runner.cue(planned.uid)
            deadline = time.monotonic() + 20
            while runner.pending() and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(0.5)
    finally:
        runner.stop()
    with session(engine) as db:
        rows = db.exec(select(AsRunRecord)).all()
    return slot_at, rows, recording.sound_spans()


def test_airing_is_heard_at_its_slot_and_logged_aired(station, tone, rig) -> None:
    slot_at, rows, spans = _air_one(station, tone, rig, ("--aout=pulse",))

    (row,) = rows
    assert row.status == AIRED, row.reason
    assert len(spans) == 1, spans
    onset, end = spans[0]
    assert abs(onset - slot_at.timestamp()) < 0.25, (
        f"sound began {onset - slot_at.timestamp():+.3f} s from the slot"
    )
    heard = end - onset
    assert abs(row.played_s - heard) < 0.5, (row.played_s, heard)
    assert row.started_at is not None
    assert abs((row.started_at - slot_at).total_seconds()) < 0.25
    assert row.title == "Chuyển đổi số tháng này"
    assert row.kind == "new" and row.station_id == "xa-thu-nghiem"


def test_no_working_output_is_logged_failed_with_the_reason(station, tone, rig) -> None:
    _, rows, spans = _air_one(station, tone, rig, NO_OUTPUT_ARGS)

    assert spans == []  # nothing reached the air…
    (row,) = rows
    assert row.status == FAILED  # …and the log says so, though libVLC said Ended
    assert "đầu ra âm thanh" in row.reason
    assert row.played_s == 0
