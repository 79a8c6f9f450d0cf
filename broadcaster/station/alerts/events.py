"""The daemon's events that become notifications: a restart after a crash, the audio output
lost and back, a file rejected at ingest, database trouble, and the warnings of `watch`.
Kept out of daemon.py so the daemon only calls in at the places things happen."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from loguru import logger
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.clock import Clock
from broadcaster.config import Config
from broadcaster.core.vocab import IngestOutcome
from broadcaster.station.alerts.watch import AlertWatch
from broadcaster.station.notify.notifier import Notifier
from broadcaster.store.state import get_state

AUDIO, DAEMON, DATABASE, REJECTED_TOPIC = "audio", "daemon", "database", "rejected"


def crashed_before(engine: Engine) -> datetime | None:
    """When the last run was last seen running, if it never said it stopped (a crash, a
    power cut, a kill). Read before this run writes its own heartbeat."""
    state = get_state(engine, "daemon")
    if state is None or state[0].get("state") != "running":
        return None
    return state[1]


class DaemonEvents:
    def __init__(self, config: Config, engine: Engine, clock: Clock) -> None:
        self.config = config
        self.engine = engine
        self.clock = clock
        station = (config.station.id, config.station.name)
        self.notifier = Notifier(config.notify, engine, clock, station, config.station.tz)
        self.watch = AlertWatch(config, engine, clock, self.notifier)
        self._audio_ok: bool | None = None
        self._since = clock.now()

    def start(self, crashed_at: datetime | None) -> None:
        self.notifier.start()
        if crashed_at is not None:
            at = crashed_at.astimezone(self.config.station.tz).strftime("%d/%m/%Y %H:%M")
            self.notifier.emit(DAEMON, "crash", i18n.t("notify.crashed", at=at))

    def stop(self) -> None:
        self.notifier.stop()

    def reconfigured(self, config: Config) -> None:
        self.config = config
        self.watch.config = config

    def tick(self) -> None:
        """Once per reconcile tick: the audio output, the warnings, the summaries due. Each
        part on its own: one failing never keeps the others (or the tick) from running."""
        for part in (self._audio, self.watch.check, self.notifier.tick):
            try:
                part()
            except Exception:  # noqa: BLE001 - a warning not given is logged, not fatal
                logger.exception("{} failed", getattr(part, "__name__", "warning check"))

    def _audio(self) -> None:
        state = get_state(self.engine, "audio")
        if state is None or state[1] < self._since:
            return  # what the last run saw is not news
        value, _ = state
        ok = bool(value.get("ok"))
        if ok == self._audio_ok or (ok and self._audio_ok is None):
            self._audio_ok = ok
            return
        self._audio_ok = ok
        if ok:
            self.notifier.emit(AUDIO, "", i18n.t("notify.audio_back"), level="INFO")
        else:
            detail = str(value.get("detail", ""))
            self.notifier.emit(AUDIO, "", i18n.t("notify.audio_lost", detail=detail), log=False)

    def rejected(self, outcomes: Iterable[Any]) -> None:
        """Files the inbox scan rejected (already logged by ingest), one subject each."""
        for outcome in outcomes:
            if outcome.outcome == IngestOutcome.REJECTED:
                self.notifier.emit(REJECTED_TOPIC, outcome.name, outcome.message, log=False)

    def database(self, exc: BaseException) -> None:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        try:
            self.notifier.emit(DATABASE, "", i18n.t("notify.database", detail=detail))
        except Exception:  # noqa: BLE001 - reporting trouble must not cause more
            logger.exception("database trouble not notified")
