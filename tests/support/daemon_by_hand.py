"""The daemon in-process with its time driven by hand: a FakeClock, a paused APScheduler
(its airing timers are there to look at, none fires), and the ticks called by the test
instead of waited for. `run()` is not called; its loop is the real-process tests' job."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from loguru import logger
from sqlmodel import select

from broadcaster.audio.player import PlaybackReport, Player
from broadcaster.audio.player.fake import FakePlayer
from broadcaster.clock import FakeClock
from broadcaster.station.daemon import Daemon
from broadcaster.station.timers import AIRING_JOB, make_scheduler
from broadcaster.store.db import session
from broadcaster.store.models import AsRunRecord, PlannedAiring

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội, a Monday


@dataclass
class ByHand:
    daemon: Daemon
    clock: FakeClock
    scheduler: BackgroundScheduler
    messages: list[str] = field(default_factory=list)

    def take_inbox(self) -> None:
        """Two ingest ticks: the first notes each file, the second takes what held still
        (settle is 0 in the test station) and re-plans and re-times as the daemon does."""
        self.daemon._ingest_tick()
        self.daemon._ingest_tick()

    def planned(self) -> list[PlannedAiring]:
        with session(self.daemon.engine) as db:
            return list(db.exec(select(PlannedAiring).order_by(PlannedAiring.slot_at)).all())  # type: ignore[arg-type]

    def recorded(self) -> list[AsRunRecord]:
        with session(self.daemon.engine) as db:
            return list(db.exec(select(AsRunRecord).order_by(AsRunRecord.seq)).all())  # type: ignore[arg-type]

    def timers(self) -> dict[str, datetime]:
        """Airing uid → when its timer fires."""
        return {
            job.id[len(AIRING_JOB) :]: job.next_run_time
            for job in self.scheduler.get_jobs()
            if job.id.startswith(AIRING_JOB)
        }

    def said(self, words: str) -> bool:
        return any(words in m for m in self.messages)


@contextmanager
def daemon_by_hand(
    station, player_factory: Callable[[], Player] = FakePlayer, start: datetime = START
) -> Iterator[ByHand]:
    config = station.config()
    clock = FakeClock(start)
    scheduler = make_scheduler(config)
    scheduler.start(paused=True)
    daemon = Daemon(config, clock=clock, player_factory=player_factory, scheduler=scheduler)
    hand = ByHand(daemon, clock, scheduler)
    sink = logger.add(hand.messages.append, level="INFO")
    try:
        yield hand
    finally:
        logger.remove(sink)
        scheduler.shutdown(wait=False)
        if daemon.runner.thread.is_alive():
            daemon.runner.stop()
        daemon.engine.dispose()


class StuckPlayer(FakePlayer):
    """libVLC stuck inside play(): it never returns until the test lets it go."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = threading.Event()
        self.release = threading.Event()

    def play(self, path, start_at, duration_s, stop, clock, progress=None, cue=None):  # type: ignore[no-untyped-def]
        clock.sleep_until(start_at, stop)
        self.inside.set()
        self.release.wait(30)
        return PlaybackReport(None, None, 0.0, 0.0, False, True)
