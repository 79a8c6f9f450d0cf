"""The airing thread: one `AiringRunner` plays everything, one airing at a time, in order
of urgency (emergency bulletin, priority bulletin, then everything else), and is the only
thread that touches libVLC. APScheduler's jobs and the bulletin watch only hand it uids.
"""

from __future__ import annotations

import contextlib
import itertools
import queue
import threading
from collections.abc import Callable
from datetime import datetime

from loguru import logger
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster._lib.logs import report_failure
from broadcaster.audio import renditions
from broadcaster.audio.decode import sha256_file
from broadcaster.audio.player import Player
from broadcaster.clock import Clock
from broadcaster.config import Config
from broadcaster.core import loudness
from broadcaster.core.durations import format_duration
from broadcaster.core.judge import Judgement, judge
from broadcaster.core.vocab import Kind, Status
from broadcaster.i18n import display
from broadcaster.station.records import (
    HANG_MARGIN_S,
    ON_AIR,
    has_record,
    load_airing,
    local_time,
    operator_reason,
    reason_words,
    write_as_run,
)
from broadcaster.store import levels
from broadcaster.store.errors import OperationalError
from broadcaster.store.models import (
    AsRunRecord,
    PlannedAiring,
    Programme,
)
from broadcaster.store.state import set_state

_PROBE, _QUIT = "__probe__", None
PROBE_RANK = 5  # checking the audio output waits for every airing


class AiringRunner:
    """The airing thread: takes cued uids, plays them in turn, records each."""

    def __init__(
        self,
        config: Config,
        engine: Engine,
        clock: Clock,
        player_factory: Callable[[], Player],
        on_recorded: Callable[[AsRunRecord], None] | None = None,
    ) -> None:
        self.config = config
        self.engine = engine
        self.clock = clock
        self._player_factory = player_factory
        self._player: Player | None = None
        # (rank, order, uid): the most urgent first, then first come, first served.
        self._queue: queue.PriorityQueue[tuple[int, int, str | None]] = queue.PriorityQueue()
        self._order = itertools.count()
        self._stop = threading.Event()
        self._cut: threading.Event | None = None  # stops the airing on air (stop or pre-empt)
        self._on_air_rank: int | None = None
        self._preempted = False
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._on_recorded = on_recorded
        # What the thread is doing, for the hang check: (uid, monotonic start, budget in s).
        self._busy: tuple[str, float, float] | None = None
        self._abandoned = False
        self.hang_margin_s = HANG_MARGIN_S
        # Rows that could not be written yet (disk full); retried in order, never dropped.
        self._unwritten: list[tuple] = []  # type: ignore[type-arg]
        self.thread = threading.Thread(
            target=i18n.carried(self._loop),  # speaks in the language it was made in (#12)
            name="airing",
            daemon=True,
        )

    # ---- called from other threads ------------------------------------------------------
    def start(self) -> None:
        self.thread.start()

    def cue(self, planned_uid: str, rank: int = 2) -> None:
        with self._lock:
            if planned_uid in self._pending:
                return
            self._pending.add(planned_uid)
        self._queue.put((rank, next(self._order), planned_uid))

    def preempt(self, rank: int) -> bool:
        """Cut what is on air if it is less urgent than `rank` (an emergency bulletin)."""
        cut = self._cut
        if cut is None or self._on_air_rank is None or self._on_air_rank <= rank:
            return False
        self._preempted = True
        cut.set()
        return True

    def pending(self) -> set[str]:
        """Airings queued, on air, or aired with their row not yet written (disk full):
        none of them may be cued again or called missed."""
        with self._lock:
            return set(self._pending) | {args[0].uid for args in self._unwritten}

    def _note(self, key: str, value: dict) -> None:  # type: ignore[type-arg]
        """Shared state for `status` (audio health): best effort, never stops an airing."""
        try:
            set_state(self.engine, key, value, self.clock.now())
        except (OperationalError, OSError) as exc:
            logger.debug("state {} not written: {}", key, exc)

    def probe(self) -> None:
        """Ask the airing thread to check the audio output when it is free."""
        self._queue.put((PROBE_RANK, next(self._order), _PROBE))

    def hung(self) -> str | None:
        """The uid of an airing that has run far past its length (libVLC hung), if any."""
        busy = self._busy
        if busy is not None and self.clock.monotonic() - busy[1] > busy[2]:
            return busy[0]
        return None

    def abandon(self) -> None:
        """Give up on a hung thread: it may never return; if it does, it writes nothing."""
        self._abandoned = True
        self._stop.set()
        self._queue.put((-1, next(self._order), _QUIT))

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._cut is not None:
            self._cut.set()
        self._queue.put((-1, next(self._order), _QUIT))
        if self.thread.is_alive():
            self.thread.join(timeout)

    # ---- the airing thread --------------------------------------------------------------
    def _loop(self) -> None:
        try:
            while not self._stop.is_set():
                self._flush_unwritten()
                try:
                    rank, _, item = self._queue.get(timeout=5.0 if self._unwritten else None)
                except queue.Empty:
                    continue
                if item is _QUIT:
                    break
                try:
                    if item == _PROBE:
                        self._probe()
                    else:
                        self._air(item, rank)
                except Exception:  # noqa: BLE001 - one bad airing never stops the station
                    report_failure("failure.airing", self.config.paths.logs)
                finally:
                    with self._lock:
                        self._pending.discard(item)
        finally:
            if self._player is not None:
                self._player.close()

    def _player_or_none(self) -> Player | None:
        if self._player is None:
            try:
                self._player = self._player_factory()
            except Exception as exc:  # noqa: BLE001 - recorded as the airing's failure
                logger.error(i18n.t("error.player_unavailable", detail=exc))
                self._note("audio", {"ok": False, "detail": str(exc)})
                return None
        return self._player

    def _probe(self) -> None:
        player = self._player_or_none()
        if player is None:
            return  # already noted as the audio state by _player_or_none
        problem = player.probe_output(self.clock)
        if problem:
            logger.error(i18n.t("audio.no_output"))
            logger.debug("audio output probe: {}", problem)
        self._note("audio", {"ok": problem is None, "detail": problem or "probe"})

    def _air(self, uid: str, rank: int = 2) -> None:
        row = load_airing(self.engine, uid)
        if row is None or has_record(self.engine, uid):
            return  # re-planned away, or already recorded
        planned, programme = row
        late = self.clock.now() - planned.slot_at
        # A bulletin is never too late: it was announced to be heard.
        if late > self.config.daemon.missed_grace and planned.kind != Kind.BULLETIN:
            self._record(
                planned,
                programme,
                Status.MISSED,
                i18n.t(
                    "asrun.late",
                    grace=format_duration(self.config.daemon.missed_grace.total_seconds()),
                ),
            )
            return
        path = self.config.paths.library / programme.file_name
        if not path.is_file():
            self._record(
                planned,
                programme,
                Status.FAILED,
                i18n.t("asrun.file_missing", name=programme.file_name),
            )
            return
        if sha256_file(path) != programme.sha256:
            self._record(planned, programme, Status.FAILED, i18n.t("asrun.file_changed"))
            return
        player = self._player_or_none()
        if player is None:
            self._record(
                planned, programme, Status.FAILED, i18n.t("asrun.no_audio_output", detail="libVLC")
            )
            return
        # The loudness gain and any long silence skipped at either end (measured at ingest).
        measured = levels.load(self.engine, programme.id)
        cue = loudness.cue(measured, programme.duration_s, self.config.loudness)
        # A quiet programme with sharp peaks airs from its normalised rendition when it is
        # ready (checked against its SHA-256); the row below still names the programme.
        path, cue, rendition = renditions.choose(self.config, programme, measured, cue)
        air_s = cue.air_duration(programme.duration_s)
        # Budget: cue + the programme + a generous margin; past it the daemon calls it hung.
        budget = air_s + self.config.player.preroll.total_seconds() + self.hang_margin_s
        budget += max(0.0, (planned.slot_at - self.clock.now()).total_seconds())
        self._busy = (uid, self.clock.monotonic(), budget)
        kind = display.airing_kind(planned.kind, planned.seq)
        logger.info(
            i18n.t(
                "daemon.airing_start",
                title=programme.title,
                kind=kind,
                slot=local_time(planned.slot_at, self.config),
            )
        )
        # Loudness figures are the technician's (-v), not the operator's line.
        logger.debug(
            i18n.t(
                "loudness.cue",
                line=levels.describe(measured, self.config),
                start=format_duration(cue.start_s),
                stop=format_duration(cue.start_s + air_s),
            )
        )
        if rendition is not None:
            logger.info(i18n.t("rendition.on_air"))
        elif loudness.needs_rendition(measured, self.config.loudness):
            logger.info(i18n.t("rendition.not_ready"))
        cut = threading.Event()
        self._cut, self._on_air_rank, self._preempted = cut, rank, False
        if self._stop.is_set():
            cut.set()
        try:
            report = player.play(
                path,
                planned.slot_at,
                air_s,
                cut,
                self.clock,
                progress=lambda started, played: self._on_air(planned.uid, started, played),
                cue=cue,
            )
        finally:
            self._cut, self._on_air_rank = None, None
        self._busy = None
        if self._abandoned:
            return  # the daemon already recorded this airing as hung
        if report.started_at is None and report.stopped:
            return  # stopped before the slot: nothing aired, nothing to record yet
        judgement = judge(report, air_s)
        if self._preempted and judgement.status == Status.PARTIAL:
            judgement = Judgement(Status.PARTIAL, "asrun.preempted", judgement.played_s)
        self._note(
            "audio",
            {"ok": not report.output_error, "detail": report.output_error or programme.title},
        )
        self._record(
            planned,
            programme,
            judgement.status,
            reason_words(judgement),
            report.started_at,
            report.ended_at,
            judgement.played_s,
        )

    def _on_air(self, uid: str, started_at: datetime, played_s: float) -> None:
        """Note, about once a second, what is on air: after a power cut or a kill -9 the
        next start turns this into a `partial` row with how long it really played. Best
        effort: a note that cannot be written (disk full) never stops the sound."""
        try:
            set_state(
                self.engine,
                ON_AIR,
                {"uid": uid, "started_at": started_at.isoformat(), "played_s": round(played_s, 2)},
                self.clock.now(),
            )
        except (OperationalError, OSError) as exc:
            logger.debug("on-air note not written: {}", exc)

    def _write(self, args: tuple) -> AsRunRecord:  # type: ignore[type-arg]
        planned, programme, status, reason, started_at, ended_at, played_s, at = args
        record = write_as_run(
            self.engine,
            self.config,
            planned,
            programme,
            status,
            reason,
            started_at,
            ended_at,
            played_s,
            recorded_at=at,
        )
        # The row is written; a stale note would find it recorded and be dropped.
        with contextlib.suppress(OperationalError, OSError):
            set_state(self.engine, ON_AIR, {}, at)
        return record

    def _flush_unwritten(self) -> None:
        while self._unwritten:
            try:
                self._write(self._unwritten[0])
            except (OperationalError, OSError):
                return
            self._unwritten.pop(0)
            logger.warning(i18n.t("daemon.row_written_late"))

    def _record(
        self,
        planned: PlannedAiring,
        programme: Programme,
        status: Status,
        reason: str,
        started_at: datetime | None = None,
        ended_at: datetime | None = None,
        played_s: float = 0.0,
    ) -> None:
        args = (
            planned,
            programme,
            status,
            reason,
            started_at,
            ended_at,
            played_s,
            self.clock.now(),
        )
        try:
            record = self._write(args)
        except (OperationalError, OSError) as exc:
            # Disk full, database locked for long: keep the row and write it when we can.
            self._unwritten.append(args)
            detail = display.failure(exc)
            logger.error(i18n.t("daemon.row_unwritten", title=programme.title, detail=detail))
            logger.debug("as-run row not written: {}", exc)
            return
        shown = operator_reason(reason)
        if shown != reason:  # libVLC's own words: the technician's log
            logger.debug("{}: {}", programme.title, reason)
        suffix = f" — {shown}" if shown else ""
        message = i18n.t(
            "daemon.airing_done",
            title=programme.title,
            status=i18n.t(f"status.{status}"),
            played=format_duration(played_s),
            reason=suffix,
        )
        (logger.info if status == Status.AIRED else logger.warning)(message)
        if self._on_recorded is not None:
            self._on_recorded(record)
