"""The daemon's side of the warnings: checked on every reconcile tick; a warning is logged and
notified when it first appears, and only logged again at the next start. What is known is
kept in `daemon_state`, so a restart neither repeats a notification nor re-hashes files."""

from __future__ import annotations

from loguru import logger
from sqlalchemy.engine import Engine

from broadcaster.clock import Clock
from broadcaster.config import Config
from broadcaster.station.alerts.current import SEEN_STATE, current_alerts, load_seen, seen_value
from broadcaster.station.notify.notifier import Notifier
from broadcaster.store.errors import StoreError
from broadcaster.store.state import get_state, set_state

ACTIVE_STATE = "alerts"  # daemon_state key: the warnings known, by key


class AlertWatch:
    def __init__(self, config: Config, engine: Engine, clock: Clock, notifier: Notifier) -> None:
        self.config = config
        self.engine = engine
        self.clock = clock
        self.notifier = notifier
        self._seen = load_seen(engine)
        state = get_state(engine, ACTIVE_STATE)
        self._active: set[str] = set(state[0].get("keys", [])) if state else set()
        self._started = False

    def check(self) -> int:
        """Check now; return how many warnings are new."""
        now = self.clock.now()
        before = self._seen
        alerts, self._seen = current_alerts(self.engine, self.config, now, before, True)
        new = 0
        for alert in alerts:
            if alert.key not in self._active:
                new += 1
                self.notifier.emit(alert.topic, alert.subject, alert.text)
            elif not self._started:
                logger.warning(alert.text)  # known before this start: the log says it again
        self._started = True
        active = {a.key for a in alerts}
        try:
            # Written only when they change: an idle station writes nothing here.
            if active != self._active:
                set_state(self.engine, ACTIVE_STATE, {"keys": sorted(active)}, now)
            if self._seen != before:
                set_state(self.engine, SEEN_STATE, seen_value(self._seen), now)
        except StoreError as exc:
            logger.debug("warnings not saved: {}", exc)
        self._active = active
        return new
