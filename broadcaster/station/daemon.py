"""The station daemon: wires clock, database, inbox, planner, scheduler and player.

Start-up order: database → missed airings → first-start test airing → plan → airing thread
→ scheduler.
Stop order is the reverse, in a `finally`, so a stop always leaves a true record.
APScheduler only holds in-memory timers rebuilt from the `planned_airing` table
(station/timers.py). Clock and scheduler are injected: tests drive the ticks by hand on a
FakeClock with a paused scheduler (tests/support/daemon_by_hand.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.base import BaseScheduler
from loguru import logger
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster._lib import allocator, systemd
from broadcaster._lib.logs import report_failure
from broadcaster.audio import renditions
from broadcaster.audio.player import Player
from broadcaster.clock import Clock, ClockWatch, SystemClock
from broadcaster.config import Config as StationConfig
from broadcaster.config import load_series
from broadcaster.core.periods import period_of, this_month
from broadcaster.core.vocab import RANK, IngestOutcome, Priority
from broadcaster.errors import ConfigError, DatabaseDamaged
from broadcaster.i18n import display
from broadcaster.ingest import measure
from broadcaster.station.alerts.events import DaemonEvents, crashed_before
from broadcaster.station.bulletins import due_now
from broadcaster.station.intake import station_ingester
from broadcaster.station.onair import AiringRunner
from broadcaster.station.records import has_record, mark_hung, record_missed, recover_interrupted
from broadcaster.station.replan import replan
from broadcaster.station.testair import plan_first_start
from broadcaster.station.timers import make_scheduler, sync_airings
from broadcaster.station.views import render_plan
from broadcaster.store import chainhead, schedule
from broadcaster.store.backup import schedule_backups
from broadcaster.store.db import open_engine, quick_check
from broadcaster.store.errors import DatabaseError
from broadcaster.store.programme_states import last_change
from broadcaster.store.state import get_state, set_state

AUDIO_RECHECK = timedelta(minutes=1)
BULLETIN_CHECK_S = 1.0
CLOCK_CHECK_S = 2.0
CLOCK_JUMP_S = 30.0
RENDITION_RECHECK_S = 600.0


def default_player_factory(config: StationConfig) -> Callable[[], Player]:
    def make() -> Player:
        from broadcaster.audio.player.vlc_player import VlcPlayer

        return VlcPlayer(config.player.vlc_args)

    return make


def schedules_fingerprint(config: StationConfig) -> str:
    digest = hashlib.sha256()
    folder = config.paths.schedules
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class Daemon:
    def __init__(
        self,
        config: StationConfig,
        clock: Clock | None = None,
        player_factory: Callable[[], Player] | None = None,
        engine: Engine | None = None,
        scheduler: BaseScheduler | None = None,
    ) -> None:
        self.config = config
        self.clock = clock or SystemClock()
        self.engine = engine or open_engine(config.paths.database, config.paths.database_file)
        self._player_factory = player_factory or default_player_factory(config)
        self.runner = AiringRunner(config, self.engine, self.clock, self._player_factory)
        self.ingester = station_ingester(config, self.engine, self.clock)
        # Injected so tests can hold the timers in a paused scheduler and look at them.
        self.scheduler = scheduler if scheduler is not None else make_scheduler(config)
        self._plan_lock = threading.Lock()
        self._schedules = schedules_fingerprint(config)
        self._changes = 0  # the newest programme change seen (read in run(), once checked)
        self._periods = self._current_periods()
        self._last_reconcile = self.clock.monotonic()
        self._measured: set[int] = set()  # library programmes already tried by the meter
        self._rendered: set[str] = set()  # renditions that failed (named by their key)
        self._renditions_due_at = 0.0  # monotonic: when to look for missing renditions
        self._orphans_checked = False
        self.events = DaemonEvents(config, self.engine, self.clock)
        self._clock_watch = ClockWatch(self.clock, CLOCK_JUMP_S)  # anew when run() watches

    # ---- life cycle ---------------------------------------------------------------------
    def run(self, stop: threading.Event) -> None:
        try:
            integrity = quick_check(self.engine)
        except DatabaseError as exc:
            integrity = str(exc.orig or exc).splitlines()[0]
        if integrity != "ok":
            # A damaged log cannot be trusted with new rows: stop and say how to restore.
            raise DatabaseDamaged(integrity)
        crashed_at = crashed_before(self.engine)
        self._heartbeat("running")
        self.events.start(crashed_at)
        chainhead.prepare(self.engine)
        self._changes = last_change(self.engine)
        logger.info(
            i18n.t(
                "daemon.started", station=self.config.station.name, inbox=self.config.paths.inbox
            )
        )
        if allocator.in_use() == allocator.JEMALLOC:
            logger.debug(i18n.t("daemon.allocator_jemalloc"))  # all is well: technician's
        elif allocator.wanted():
            logger.warning(i18n.t("daemon.allocator_system"))
        recover_interrupted(self.engine, self.config)
        record_missed(self.engine, self.config, self.clock.now())
        # Before the plan is shown, so that it shows the test airing too; the test airing
        # keeps clear of what is planned already and of every series slot (testair.py).
        self._first_start_test()
        self._replan(show=True)
        self.runner.start()
        self.runner.probe()
        grace = int(self.config.daemon.missed_grace.total_seconds())
        # The scheduler's workers are fresh threads: each job carries the station's language.
        self.scheduler.add_job(
            i18n.carried(self._ingest_tick),
            "interval",
            id="ingest",
            max_instances=1,
            coalesce=True,
            seconds=self.config.ingest.scan_interval.total_seconds(),
            next_run_time=self._wall_now(),
            misfire_grace_time=grace,
        )
        self.scheduler.add_job(
            i18n.carried(self._reconcile_tick),
            "interval",
            id="reconcile",
            max_instances=1,
            coalesce=True,
            seconds=self.config.daemon.reconcile_interval.total_seconds(),
            misfire_grace_time=grace,
        )
        schedule_backups(self.scheduler, self.config, self.clock)
        outbox = None
        if self.config.central.enabled:
            from broadcaster.station.outbox import Outbox  # httpx and TLS: only when set

            outbox = Outbox(self.config, self.engine, self.clock)
        try:
            self.scheduler.start()
            self._sync_jobs()
            if outbox is not None:
                outbox.start()
            systemd.notify("READY=1")
            self._watch(stop)
        finally:
            systemd.notify("STOPPING=1")
            logger.info(i18n.t("daemon.stopping"))
            if self.scheduler.running:
                self.scheduler.shutdown(wait=False)
            if outbox is not None:
                outbox.stop()
            self.runner.stop()
            self.events.stop()
            self._heartbeat("stopped")
            logger.info(i18n.t("daemon.stopped"))

    def _watch(self, stop: threading.Event) -> None:
        """The main thread's loop, once a second: urgent bulletins, the systemd watchdog,
        and (every CLOCK_CHECK_S) the clock."""
        self._clock_watch = ClockWatch(self.clock, CLOCK_JUMP_S)
        ping_every = systemd.watchdog_interval()
        last_ping = 0.0
        ticks = 0
        while not stop.wait(BULLETIN_CHECK_S):
            self._check_bulletins()
            if ping_every and self.clock.monotonic() - last_ping >= ping_every and self._alive():
                systemd.notify("WATCHDOG=1")
                last_ping = self.clock.monotonic()
            ticks += 1
            if ticks % round(CLOCK_CHECK_S / BULLETIN_CHECK_S):
                continue
            self._check_clock()

    def _check_clock(self) -> None:
        """A jump of the wall clock is logged and the plan and timers rebuilt; slots the
        jump skipped are recorded missed, never replayed (their timers go)."""
        jump = self._clock_watch.jumped()
        if jump is None:
            return
        logger.warning(i18n.t("daemon.clock_jump", delta=f"{jump:+.0f}"))
        set_state(self.engine, "clock", {"jump_s": round(jump, 1)}, self.clock.now())
        try:
            self._replan(show=False)
            self._sync_jobs()
        except Exception:  # noqa: BLE001
            report_failure("failure.clock_replan", self.config.paths.logs)

    def _first_start_test(self) -> None:
        """The very first start airs the bundled sample as a test airing (phát thử): a
        newcomer hears the station work within a minute, and the sample never becomes the
        month's programme (it used to be dropped into the inbox and take the month)."""
        try:
            done = plan_first_start(self.engine, self.config, self.clock.now())
        except Exception as exc:  # noqa: BLE001 - a test airing never stops the station
            logger.warning(i18n.t("testair.first_start_failed", detail=display.failure(exc)))
            return
        if done is not None:
            when = done.airing.slot_at.astimezone(self.config.station.tz)
            logger.info(
                i18n.t(
                    "testair.first_start",
                    title=done.programme.title,
                    when=display.date_time(when, self.config.station.tz, seconds=True),
                )
            )

    def _alive(self) -> bool:
        """What the systemd watchdog vouches for: timers firing, the airing thread there.
        A reconcile tick that hangs stops the pings, and systemd restarts the daemon."""
        stale = max(3 * self.config.daemon.reconcile_interval.total_seconds(), 60.0)
        return (
            self.scheduler.running
            and self.runner.thread.is_alive()
            and self.clock.monotonic() - self._last_reconcile < stale
        )

    def _check_bulletins(self) -> None:
        """Emergency and priority bulletins, and test airings asked for by a command, do not
        wait for a timer: every second, any that is due is handed to the airing thread (an
        emergency cuts what is on air)."""
        try:
            for airing in due_now(self.engine, self.clock.now(), self.config.player.preroll):
                if has_record(self.engine, airing.uid):
                    continue
                rank = RANK[airing.priority]
                self.runner.cue(airing.uid, rank)  # no-op if a timer cued it already
                if rank == RANK[Priority.EMERGENCY]:
                    self.runner.preempt(rank)  # cuts only what is less urgent
        except Exception:  # noqa: BLE001
            report_failure("failure.bulletin_check", self.config.paths.logs)

    def _wall_now(self) -> datetime:
        return self.clock.now().astimezone(self.config.station.tz)

    def _heartbeat(self, state: str) -> None:
        try:
            set_state(self.engine, "daemon", {"state": state}, self.clock.now())
        except (DatabaseError, OSError) as exc:
            detail = display.failure(exc)
            logger.error(i18n.t("error.database", path=self.config.paths.database, detail=detail))
            logger.debug("heartbeat not written: {}", exc)
            self.events.database(exc)

    # ---- ticks (APScheduler's worker threads) -------------------------------------------
    def _ingest_tick(self) -> None:
        self._adopt_orphans()
        try:
            outcomes, _ = self.ingester.scan()
        except Exception:  # noqa: BLE001 - a bad file or folder never stops the daemon
            report_failure("failure.inbox_scan", self.config.paths.logs)
            return
        self.events.rejected(outcomes)
        if any(o.outcome == IngestOutcome.ACCEPTED for o in outcomes):
            self._renditions_due_at = 0.0
            self._replan(show=True)
            self._sync_jobs()
        elif not outcomes:
            self._measure_library()

    def _adopt_orphans(self) -> None:
        """On the first ingest tick only (it runs at start-up): library files a kill left
        without their programme row are taken in (or quarantined) and planned, so none is
        silently missing from the schedule. Not before the daemon is up: decoding them must
        not hold up an airing due at start-up."""
        if self._orphans_checked:
            return
        self._orphans_checked = True
        try:
            adopted = self.ingester.adopt_orphans()
        except Exception:  # noqa: BLE001 - the station airs what it has; the next start retries
            report_failure("failure.adopt", self.config.paths.logs)
            return
        if any(o.outcome == IngestOutcome.ACCEPTED for o in adopted):
            self._replan(show=True)
            self._sync_jobs()

    def _measure_library(self) -> None:
        """One library programme taken in before loudness was measured, per idle scan."""
        try:
            title = measure.measure_one(self.config, self.engine, self.clock, self._measured)
        except Exception:  # noqa: BLE001 - an airing without its gain is still an airing
            report_failure("failure.measure", self.config.paths.logs)
            return
        if title is not None:
            logger.info(i18n.t("loudness.measured_later", title=title))
            self._renditions_due_at = 0.0
            return
        self._make_rendition()

    def _make_rendition(self) -> None:
        """One normalised rendition (a quiet programme with sharp peaks), per idle scan
        with nothing left to measure; until it is ready the original airs as before. Once
        none is missing, the library is looked at again only after a programme comes in
        or RENDITION_RECHECK_S later (one deleted at the slot as damaged is remade then):
        the idle daemon does not query every programme every few seconds."""
        if self.clock.monotonic() < self._renditions_due_at:
            return
        try:
            busy = renditions.make_next(self.config, self.engine, self._rendered)
        except Exception:  # noqa: BLE001 - the original still airs with its plain gain
            report_failure("failure.rendition", self.config.paths.logs)
            return
        if not busy:
            self._renditions_due_at = self.clock.monotonic() + RENDITION_RECHECK_S

    def _reconcile_tick(self) -> None:
        try:
            self._last_reconcile = self.clock.monotonic()
            self._heartbeat("running")
            fingerprint = schedules_fingerprint(self.config)
            periods = self._current_periods()
            if fingerprint != self._schedules:
                self._schedules = fingerprint
                self._reload_series()
            if periods != self._periods:
                self._periods = periods
                self._replan(show=True)
            changes = last_change(self.engine)
            if changes != self._changes:
                # `programme withdraw/replace/move` in another process: say so and show
                # the new plan (the re-plan below would follow it, but silently).
                self._changes = changes
                logger.info(i18n.t("programme.changes_noticed"))
                self._replan(show=True)
            self._check_runner()
            self._check_audio()
            record_missed(self.engine, self.config, self.clock.now(), skip=self.runner.pending())
            self._replan(show=False)
            self._sync_jobs()
            self.events.tick()  # after the plan: warnings judge the plan as it now is
        except DatabaseError as exc:
            report_failure("failure.reconcile", self.config.paths.logs)
            self.events.database(exc)
        except Exception:  # noqa: BLE001
            report_failure("failure.reconcile", self.config.paths.logs)

    def _check_runner(self) -> None:
        """A hung libVLC never freezes the station: record the airing, start a new thread."""
        uid = self.runner.hung()
        if uid is None:
            return
        logger.error(i18n.t("daemon.player_hung"))
        self.runner.abandon()
        mark_hung(self.engine, self.config, uid, self.clock.now())
        self.runner = AiringRunner(self.config, self.engine, self.clock, self._player_factory)
        self.runner.start()
        self.runner.probe()

    def _check_audio(self) -> None:
        """While the audio output is down, keep checking it (status shows the result)."""
        audio = get_state(self.engine, "audio")
        if audio is None or audio[0].get("ok"):
            return
        if self.clock.now() - audio[1] >= AUDIO_RECHECK and not self.runner.pending():
            self.runner.probe()

    def _current_periods(self) -> tuple[str, ...]:
        now = self.clock.now()
        tz = self.config.station.tz
        return tuple(period_of(now, s.period, tz).key for s in self.config.series)

    def _reload_series(self) -> None:
        issues: list = []
        series = load_series(self.config.paths.schedules, issues)
        if issues:
            logger.error(ConfigError(issues).render())
            return  # keep airing the last good schedule
        self.config = dataclasses.replace(self.config, series=tuple(series))
        self.runner.config = self.config
        self.ingester.config = self.config
        self.events.reconfigured(self.config)
        self._replan(show=True)

    # ---- plan and timers ----------------------------------------------------------------
    def _replan(self, show: bool) -> None:
        with self._plan_lock:
            freeze = self.config.player.preroll + timedelta(seconds=2)
            result = replan(self.engine, self.config, self.clock.now(), freeze)
            if show or result.changed:
                month = this_month(self.clock.now(), self.config.station.tz)
                text = render_plan(self.engine, self.config, month, result.plan, self.clock.now())
                logger.info(text)  # the title on the stamped line, airings under it

    def _sync_jobs(self) -> None:
        """Make APScheduler's timers match the planned airings not yet recorded."""
        now = self.clock.now()
        grace = self.config.daemon.missed_grace
        airings = schedule.airings_to_time(self.engine, now - grace)
        sync_airings(
            self.scheduler,
            airings,
            self.runner.pending(),
            now,
            self.config.player.preroll,
            grace,
            # The scheduler's workers are fresh threads: each timer carries the language.
            i18n.carried(self.runner.cue),
        )
