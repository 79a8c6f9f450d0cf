"""Helpers for tests that run the real thing on the sound rig."""

from __future__ import annotations

import contextlib
import shutil
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.support.station import series_toml

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def slot_in(seconds: float, now: datetime | None = None) -> tuple[str, datetime]:
    """A slot `seconds` from now, as the "HH:MM:SS" a series file takes, and its datetime."""
    now = (now or datetime.now(TZ)).astimezone(TZ)
    moment = now + timedelta(seconds=seconds)
    moment = moment.replace(microsecond=0) + timedelta(seconds=1 if moment.microsecond else 0)
    return moment.strftime("%H:%M:%S"), moment


def drop(source: Path, inbox: Path, name: str | None = None, folder: str = "") -> Path:
    target_dir = inbox / folder if folder else inbox
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / (name or source.name)
    shutil.copyfile(source, target)
    return target


def air_once(
    station,
    rig,
    source: Path,
    name: str | None = None,
    vlc_args: tuple[str, ...] = ("--aout=pulse",),
    extra: str = "",
    capture: Path | None = None,
):
    """The whole airing path once: take `source` in through the real ingest, plan it at a
    slot a few seconds ahead and air it through the airing thread and libVLC while the sink
    is recorded (and, with `capture`, both channels written to that WAV file).
    Returns (slot, as-run rows, sound spans of the recording)."""
    from sqlmodel import select

    from broadcaster.audio.player.vlc_player import VlcPlayer
    from broadcaster.clock import SystemClock
    from broadcaster.station.intake import station_ingester
    from broadcaster.station.onair import AiringRunner
    from broadcaster.station.replan import replan
    from broadcaster.store.db import open_engine, session
    from broadcaster.store.models import AsRunRecord, PlannedAiring

    slot_text, slot_at = slot_in(7)
    station.write_series("chuyen-doi-so", series_toml([slot_text]))
    station.write_config(vlc_args="[" + ", ".join(f'"{a}"' for a in vlc_args) + "]", extra=extra)
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    clock = SystemClock()
    drop(source, station.inbox, name)
    ingester = station_ingester(config, engine, clock)
    ingester.scan()  # the first look notes size and time; the second takes it
    outcomes, _ = ingester.scan()
    assert [o.outcome for o in outcomes] == ["accepted"], outcomes
    replan(engine, config, clock.now(), config.player.preroll)
    with session(engine) as db:
        (planned,) = db.exec(select(PlannedAiring)).all()
    assert planned.slot_at == slot_at
    runner = AiringRunner(config, engine, clock, lambda: VlcPlayer(config.player.vlc_args))
    runner.start()
    try:
        with contextlib.ExitStack() as recording:
            recorder = recording.enter_context(rig.recorder())
            if capture is not None:
                recording.enter_context(rig.stereo_capture(capture))
            clock.sleep_until(slot_at - config.player.preroll)
            runner.cue(planned.uid)
            deadline = time.monotonic() + 30
            while runner.pending() and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(0.5)
    finally:
        runner.stop()
    with session(engine) as db:
        rows = db.exec(select(AsRunRecord)).all()
    return slot_at, rows, recorder.sound_spans()


def wait_for(predicate, timeout: float = 30.0, every: float = 0.1) -> bool:
    """Poll `predicate` until it holds or `timeout` seconds pass (bounded: never hangs)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False
