"""A station month with every kind of outcome, made by running the real airing code with
the fake player on a fake clock: aired, partial, failed, missed, and a held programme."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import select

from broadcaster.audio.player.fake import FakePlayer
from broadcaster.clock import FakeClock
from broadcaster.core.judge import PlaybackReport
from broadcaster.station.intake import station_ingester
from broadcaster.station.onair import AiringRunner
from broadcaster.station.records import record_missed
from broadcaster.station.replan import replan
from broadcaster.store.db import open_engine, session
from broadcaster.store.models import PlannedAiring, Programme
from tests.support.onair import drop
from tests.support.station import WEEKLY


class _CutShort(FakePlayer):
    """Plays half of the programme and reports a stop, like a SIGTERM mid-airing."""

    def play(
        self, path, start_at, duration_s, stop, clock, progress=None, cue=None
    ) -> PlaybackReport:  # type: ignore[no-untyped-def]
        clock.sleep_until(start_at)
        started = clock.now()
        clock.sleep_until(started + timedelta(seconds=duration_s / 2))
        return PlaybackReport(started, clock.now(), duration_s / 2, duration_s / 2, False, True)


def _air(config, engine, clock, planned: PlannedAiring, player) -> None:
    runner = AiringRunner(config, engine, clock, lambda: player)
    runner.start()
    clock.sleep_until(planned.slot_at - config.player.preroll)
    runner.cue(planned.uid)
    deadline = time.monotonic() + 10
    while runner.pending() and time.monotonic() < deadline:
        time.sleep(0.005)
    runner.stop()


def make_history(station, tone, month_start: datetime | None = None) -> dict:
    """March 2026 by default: the monthly programme aired new + 2 repeats, 1 partial; the
    weekly segment: one aired, one failed (file removed), one missed, one never arrived."""
    station.write_series("tinh-hang-tuan", WEEKLY)
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    start = month_start or datetime(2026, 3, 1, 17, 0, tzinfo=UTC)  # 1 March, 00:00 in VN
    clock = FakeClock(start + timedelta(hours=1))
    ingester = station_ingester(config, engine, clock)
    drop(tone(2), station.inbox, "Chuyển đổi số tháng 3.mp3", folder="chuyen-doi-so")
    drop(tone(1), station.inbox, "=Tuần 1.mp3", folder="tinh-hang-tuan")
    drop(tone(1.5), station.inbox, "Tuần 2.mp3", folder="tinh-hang-tuan")
    drop(tone(2.5), station.inbox, 'Tuần 3, "đặc biệt".mp3', folder="tinh-hang-tuan")
    for _ in range(2):
        ingester.scan()
    replan(engine, config, clock.now(), config.player.preroll)
    with session(engine) as db:
        planned = db.exec(select(PlannedAiring).order_by(PlannedAiring.slot_at)).all()
        programmes = {p.id: p for p in db.exec(select(Programme)).all()}
    monthly = [p for p in planned if p.series_id == "chuyen-doi-so"]
    weekly = [p for p in planned if p.series_id == "tinh-hang-tuan"]
    outcomes = {
        monthly[0].uid: FakePlayer(),
        monthly[1].uid: FakePlayer(),
        monthly[2].uid: _CutShort(),
        monthly[3].uid: FakePlayer(),
        weekly[0].uid: FakePlayer(),
    }
    removed = programmes[weekly[1].programme_id]
    for item in sorted(planned, key=lambda p: p.slot_at):
        if item.uid in outcomes:
            _air(config, engine, clock, item, outcomes[item.uid])
        elif item.uid == weekly[1].uid:
            (config.paths.library / removed.file_name).rename(station.root / "lost.mp3")
            _air(config, engine, clock, item, FakePlayer())
        # weekly[2] passes while the daemon is "down": recorded missed below
    clock.sleep_until(datetime(2026, 4, 2, tzinfo=UTC))
    record_missed(engine, config, clock.now())
    return {"config": config, "engine": engine, "clock": clock, "stop": threading.Event()}


def make_perfect_month(station, tone) -> dict:
    """March 2026 where the monthly programme aired new + 3 repeats: every target met."""
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    clock = FakeClock(datetime(2026, 3, 1, 1, 0, tzinfo=UTC))
    ingester = station_ingester(config, engine, clock)
    drop(tone(1), station.inbox, f"Chuyển đổi số {config.station.id}.mp3", folder="chuyen-doi-so")
    for _ in range(2):
        ingester.scan()
    replan(engine, config, clock.now(), config.player.preroll)
    with session(engine) as db:
        planned = db.exec(select(PlannedAiring).order_by(PlannedAiring.slot_at)).all()
    for item in planned:
        _air(config, engine, clock, item, FakePlayer())
    clock.sleep_until(datetime(2026, 4, 2, tzinfo=UTC))
    return {"config": config, "engine": engine, "clock": clock}


if __name__ == "__main__":
    import json
    import sys
    import tempfile

    from broadcaster.proof.month import build_month
    from tests.support.rig import make_tone
    from tests.support.station import SERIES_MONTHLY, StationDir

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "sample-month.json")
    with tempfile.TemporaryDirectory() as folder:
        s = StationDir(Path(folder) / "station")
        s.root.mkdir()
        s.write_config()
        s.write_series("chuyen-doi-so", SERIES_MONTHLY)

        def tone(seconds: float) -> Path:
            return make_tone(Path(folder) / f"t{seconds}.mp3", seconds)

        history = make_history(s, tone)
        document = build_month(
            history["engine"], history["config"], "2026-03", history["clock"].now()
        )
    out.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    print(out)
