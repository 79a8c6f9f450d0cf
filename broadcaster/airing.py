"""Airing one planned item and writing the truth about it to the as-run log.

One `AiringRunner` thread plays everything, one airing at a time; it is also the only
thread that touches libVLC. APScheduler's jobs only hand it the planned airing's uid.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from loguru import logger
from sqlalchemy.engine import Engine
from sqlmodel import select

from broadcaster import i18n
from broadcaster.asrun import append
from broadcaster.clock import Clock
from broadcaster.config import Config
from broadcaster.db import session
from broadcaster.decode import sha256_file
from broadcaster.durations import format_duration
from broadcaster.models import (
    AIRED,
    FAILED,
    MISSED,
    PARTIAL,
    AsRunRecord,
    PlannedAiring,
    Programme,
)
from broadcaster.planner import MAKEUP_STEP
from broadcaster.player import PlaybackReport, Player
from broadcaster.state import get_state, set_state

ON_AIR = "on_air"
# An airing still running this long after its programme should have ended is hung.
HANG_MARGIN_S = 60.0
# "aired" means played to the end, within this much.
AIRED_TOLERANCE_S = 1.0


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str
    played_s: float


def judge(report: PlaybackReport, duration_s: float) -> Verdict:
    """Turn what the player saw into an as-run status. The record must be true:
    sound that reached no output is `failed`, whatever libVLC's states said."""
    if report.output_error:
        return Verdict(FAILED, i18n.t("asrun.no_audio_output", detail=report.output_error), 0.0)
    if report.started_at is None:
        return Verdict(FAILED, i18n.t("asrun.player_error", detail=report.error or "?"), 0.0)
    played = round(report.played_s, 2)
    if report.stopped:
        return Verdict(PARTIAL, i18n.t("asrun.stopped"), played)
    if report.error:
        return Verdict(PARTIAL, i18n.t("asrun.player_error", detail=report.error), played)
    if report.reached_end and played >= duration_s - AIRED_TOLERANCE_S:
        return Verdict(AIRED, "", played)
    return Verdict(
        PARTIAL,
        i18n.t(
            "asrun.cut_short", played=format_duration(played), duration=format_duration(duration_s)
        ),
        played,
    )


def write_as_run(
    engine: Engine,
    config: Config,
    planned: PlannedAiring,
    programme: Programme,
    status: str,
    reason: str,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
    played_s: float = 0.0,
    recorded_at: datetime | None = None,
) -> AsRunRecord:
    record = AsRunRecord(
        station_id=config.station.id,
        series_id=planned.series_id,
        programme_id=programme.id,
        planned_airing_uid=planned.uid,
        title=programme.title,
        file_name=programme.file_name,
        file_sha256=programme.sha256,
        kind=planned.kind,
        scheduled_at=planned.slot_at,
        started_at=started_at,
        ended_at=ended_at,
        duration_s=programme.duration_s,
        played_s=played_s,
        status=status,
        reason=reason,
    )
    if recorded_at is not None:
        record.recorded_at = recorded_at
    if planned.seq >= MAKEUP_STEP:
        record.makeup_of_uid = _made_up_row(engine, planned)
    return append(engine, record)


def _made_up_row(engine: Engine, planned: PlannedAiring) -> str | None:
    """The as-run uid of the airing a make-up replaces (the latest row for it)."""
    with session(engine) as db:
        row = db.exec(
            select(AsRunRecord.uid)
            .join(PlannedAiring, PlannedAiring.uid == AsRunRecord.planned_airing_uid)  # type: ignore[arg-type]
            .where(
                PlannedAiring.programme_id == planned.programme_id,
                PlannedAiring.seq == planned.seq - MAKEUP_STEP,
            )
            .order_by(AsRunRecord.seq.desc())  # type: ignore[union-attr]
        ).first()
    return row


def has_record(engine: Engine, planned_uid: str) -> bool:
    with session(engine) as db:
        found = db.exec(
            select(AsRunRecord.seq).where(AsRunRecord.planned_airing_uid == planned_uid)
        ).first()
    return found is not None


def record_missed(
    engine: Engine, config: Config, now: datetime, skip: set[str] | None = None
) -> list[AsRunRecord]:
    """Write `missed` for every planned airing whose slot passed beyond the grace with no
    as-run row: the daemon was not running (or could not start it) then."""
    cutoff = now - config.missed_grace
    with session(engine) as db:
        recorded = set(db.exec(select(AsRunRecord.planned_airing_uid)).all())
        due = db.exec(
            select(PlannedAiring, Programme)
            .join(Programme, Programme.id == PlannedAiring.programme_id)  # type: ignore[arg-type]
            .where(PlannedAiring.slot_at < cutoff)  # type: ignore[arg-type]
            .order_by(PlannedAiring.slot_at)  # type: ignore[arg-type]
        ).all()
    written = []
    for planned, programme in due:
        if planned.uid in recorded or (skip and planned.uid in skip):
            continue
        written.append(
            write_as_run(
                engine,
                config,
                planned,
                programme,
                MISSED,
                i18n.t("asrun.daemon_down"),
                recorded_at=now,
            )
        )
        logger.warning(
            i18n.t("daemon.missed", title=programme.title, slot=_local(planned.slot_at, config))
        )
    return written


def recover_interrupted(engine: Engine, config: Config) -> AsRunRecord | None:
    """At start: an airing that was on air when the daemon died (power cut, kill -9) is
    recorded `partial`, played up to its last on-air note (at most about a second short)."""
    noted = get_state(engine, ON_AIR)
    if noted is None or not noted[0].get("uid"):
        return None
    value, last_seen = noted
    with session(engine) as db:
        row = db.exec(
            select(PlannedAiring, Programme)
            .join(Programme, Programme.id == PlannedAiring.programme_id)  # type: ignore[arg-type]
            .where(PlannedAiring.uid == value["uid"])
        ).first()
    record = None
    if row is not None and not has_record(engine, value["uid"]):
        planned, programme = row
        record = write_as_run(
            engine,
            config,
            planned,
            programme,
            PARTIAL,
            i18n.t("asrun.interrupted"),
            started_at=datetime.fromisoformat(value["started_at"]),
            ended_at=last_seen,
            played_s=float(value["played_s"]),
            recorded_at=last_seen,
        )
        logger.warning(
            i18n.t(
                "daemon.airing_done",
                title=programme.title,
                status=i18n.t("status.partial"),
                played=format_duration(record.played_s),
                reason=f" — {record.reason}",
            )
        )
    set_state(engine, ON_AIR, {}, last_seen)
    return record


def mark_hung(engine: Engine, config: Config, uid: str, now: datetime) -> None:
    """Record the airing a hung player was stuck in, with what the on-air notes say."""
    noted = get_state(engine, ON_AIR)
    value = noted[0] if noted else {}
    with session(engine) as db:
        row = db.exec(
            select(PlannedAiring, Programme)
            .join(Programme, Programme.id == PlannedAiring.programme_id)  # type: ignore[arg-type]
            .where(PlannedAiring.uid == uid)
        ).first()
    if row is None or has_record(engine, uid):
        return
    planned, programme = row
    started = value.get("started_at") if value.get("uid") == uid else None
    played = float(value.get("played_s", 0.0)) if started else 0.0
    write_as_run(
        engine,
        config,
        planned,
        programme,
        PARTIAL if played > 0 else FAILED,
        i18n.t("asrun.player_hung"),
        started_at=datetime.fromisoformat(started) if started else None,
        ended_at=noted[1] if (noted and started) else None,
        played_s=played,
        recorded_at=now,
    )
    set_state(engine, ON_AIR, {}, now)


def _local(moment: datetime, config: Config) -> str:
    return moment.astimezone(config.station.tz).strftime("%Y-%m-%d %H:%M:%S")


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
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._stop = threading.Event()
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._on_recorded = on_recorded
        # What the thread is doing, for the hang check: (uid, monotonic start, budget in s).
        self._busy: tuple[str, float, float] | None = None
        self._abandoned = False
        self.thread = threading.Thread(target=self._loop, name="airing", daemon=True)

    # ---- called from other threads ------------------------------------------------------
    def start(self) -> None:
        self.thread.start()

    def cue(self, planned_uid: str) -> None:
        with self._lock:
            if planned_uid in self._pending:
                return
            self._pending.add(planned_uid)
        self._queue.put(planned_uid)

    def pending(self) -> set[str]:
        with self._lock:
            return set(self._pending)

    def probe(self) -> None:
        """Ask the airing thread to check the audio output when it is free."""
        self._queue.put("__probe__")

    def hung(self) -> str | None:
        """The uid of an airing that has run far past its length (libVLC hung), if any."""
        busy = self._busy
        if busy is not None and time.monotonic() - busy[1] > busy[2]:
            return busy[0]
        return None

    def abandon(self) -> None:
        """Give up on a hung thread: it may never return; if it does, it writes nothing."""
        self._abandoned = True
        self._stop.set()
        self._queue.put(None)

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._queue.put(None)
        if self.thread.is_alive():
            self.thread.join(timeout)

    # ---- the airing thread --------------------------------------------------------------
    def _loop(self) -> None:
        try:
            while not self._stop.is_set():
                item = self._queue.get()
                if item is None:
                    break
                try:
                    if item == "__probe__":
                        self._probe()
                    else:
                        self._air(item)
                except Exception:  # noqa: BLE001 - one bad airing never stops the station
                    logger.exception("airing {} failed unexpectedly", item)
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
                set_state(self.engine, "audio", {"ok": False, "detail": str(exc)}, self.clock.now())
                return None
        return self._player

    def _probe(self) -> None:
        player = self._player_or_none()
        probe = getattr(player, "probe_output", None)
        if probe is None:
            return
        problem = probe(self.clock)
        if problem:
            logger.error(i18n.t("asrun.no_audio_output", detail=problem))
        set_state(
            self.engine,
            "audio",
            {"ok": problem is None, "detail": problem or "probe"},
            self.clock.now(),
        )

    def _air(self, uid: str) -> None:
        with session(self.engine) as db:
            row = db.exec(
                select(PlannedAiring, Programme)
                .join(Programme, Programme.id == PlannedAiring.programme_id)  # type: ignore[arg-type]
                .where(PlannedAiring.uid == uid)
            ).first()
        if row is None or has_record(self.engine, uid):
            return  # re-planned away, or already recorded
        planned, programme = row
        late = self.clock.now() - planned.slot_at
        if late > self.config.missed_grace:
            self._record(
                planned,
                programme,
                MISSED,
                i18n.t(
                    "asrun.late", grace=format_duration(self.config.missed_grace.total_seconds())
                ),
            )
            return
        path = self.config.paths.library / programme.file_name
        if not path.is_file():
            self._record(
                planned, programme, FAILED, i18n.t("asrun.file_missing", name=programme.file_name)
            )
            return
        if sha256_file(path) != programme.sha256:
            self._record(planned, programme, FAILED, i18n.t("asrun.file_changed"))
            return
        player = self._player_or_none()
        if player is None:
            self._record(
                planned, programme, FAILED, i18n.t("asrun.no_audio_output", detail="libVLC")
            )
            return
        # Budget: cue + the programme + a generous margin; past it the daemon calls it hung.
        budget = programme.duration_s + self.config.preroll.total_seconds() + HANG_MARGIN_S
        budget += max(0.0, (planned.slot_at - self.clock.now()).total_seconds())
        self._busy = (uid, time.monotonic(), budget)
        kind = i18n.t(f"kind.{planned.kind}")
        logger.info(
            i18n.t(
                "daemon.airing_start",
                title=programme.title,
                kind=kind,
                slot=_local(planned.slot_at, self.config),
            )
        )
        report = player.play(
            path,
            planned.slot_at,
            programme.duration_s,
            self._stop,
            self.clock,
            progress=lambda started, played: self._on_air(planned.uid, started, played),
        )
        self._busy = None
        if self._abandoned:
            return  # the daemon already recorded this airing as hung
        if report.started_at is None and report.stopped:
            return  # stopped before the slot: nothing aired, nothing to record yet
        verdict = judge(report, programme.duration_s)
        set_state(
            self.engine,
            "audio",
            {"ok": not report.output_error, "detail": report.output_error or programme.title},
            self.clock.now(),
        )
        self._record(
            planned,
            programme,
            verdict.status,
            verdict.reason,
            report.started_at,
            report.ended_at,
            verdict.played_s,
        )

    def _on_air(self, uid: str, started_at: datetime, played_s: float) -> None:
        """Note, about once a second, what is on air: after a power cut or a kill -9 the
        next start turns this into a `partial` row with how long it really played."""
        set_state(
            self.engine,
            ON_AIR,
            {"uid": uid, "started_at": started_at.isoformat(), "played_s": round(played_s, 2)},
            self.clock.now(),
        )

    def _record(
        self,
        planned: PlannedAiring,
        programme: Programme,
        status: str,
        reason: str,
        started_at: datetime | None = None,
        ended_at: datetime | None = None,
        played_s: float = 0.0,
    ) -> None:
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
            recorded_at=self.clock.now(),
        )
        set_state(self.engine, ON_AIR, {}, self.clock.now())
        suffix = f" — {reason}" if reason else ""
        message = i18n.t(
            "daemon.airing_done",
            title=programme.title,
            status=i18n.t(f"status.{status}"),
            played=format_duration(played_s),
            reason=suffix,
        )
        (logger.info if status == AIRED else logger.warning)(message)
        if self._on_recorded is not None:
            self._on_recorded(record)
