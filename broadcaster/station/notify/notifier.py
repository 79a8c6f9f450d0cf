"""The notifier: every event is logged at once; those the quiet period lets through are
stored and handed to a background thread that delivers them, retrying with backoff.

`emit()` never waits on a network: it writes one row and puts its id on a queue. The
delivery thread keeps retries in a timetable of its own, so one dead server delays no other
notification and never an airing. The database is best effort here: when it is the trouble
being reported, the event is still logged and delivered from memory.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from loguru import logger
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.clock import Clock
from broadcaster.config.notify import NotifySettings
from broadcaster.core.durations import format_duration
from broadcaster.errors import DeliveryError
from broadcaster.station.notify import quiet as rules
from broadcaster.station.notify.channels import post_webhook, send_email
from broadcaster.store import notifications as store
from broadcaster.store.errors import StoreError
from broadcaster.store.models import Notification

PENDING, SENT, FAILED = "pending", "sent", "failed"
QUEUE_SIZE = 200  # a burst beyond this is logged, not queued: the log still has every event
RESEND_WITHIN = timedelta(days=1)  # undelivered notifications older than this are dropped


@dataclass
class Outgoing:
    """What the delivery thread sends: a copy, so a dead database cannot stop it."""

    id: int | None
    topic: str
    subject: str
    text: str
    at: datetime
    repeats: int
    email: str  # channel states as in the table
    webhook: str
    attempts: int = 0


class Notifier:
    def __init__(
        self,
        settings: NotifySettings,
        engine: Engine,
        clock: Clock,
        station: tuple[str, str],  # (id, name)
        tz: Any,
        email: Callable[[NotifySettings, str, str], None] = send_email,
        webhook: Callable[[NotifySettings, dict[str, Any]], None] = post_webhook,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.clock = clock
        self.station_id, self.station_name = station
        self.tz = tz
        self._email, self._webhook = email, webhook
        self._lock = threading.Lock()
        self._quiet: dict[tuple[str, str], rules.Quiet] | None = None
        self._queue: queue.Queue[Outgoing | None] = queue.Queue(QUEUE_SIZE)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=i18n.carried(self._deliver_loop),  # the station's language (#12)
            name="notify",
            daemon=True,
        )

    # ---- life cycle ---------------------------------------------------------------------
    def start(self) -> None:
        if not self.settings.any_channel:
            return
        self._thread.start()
        for item in self._undelivered():
            self._put(item)

    def stop(self, timeout: float = 2.0) -> None:
        """Stop without waiting on a server: what is not delivered stays pending in the
        table and is tried again at the next start."""
        self._stop.set()
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(None)
        if self._thread.is_alive():
            self._thread.join(timeout)

    # ---- events -------------------------------------------------------------------------
    def emit(
        self, topic: str, subject: str, text: str, level: str = "WARNING", log: bool = True
    ) -> bool:
        """Log the event (unless the caller has); notify unless its (topic, subject) is in
        its quiet period. Returns whether a notification was made."""
        if log:
            logger.log(level, text)
        now = self.clock.now()
        with self._lock:
            states = self._states()
            send, state = rules.on_event(
                states.get((topic, subject)), now, self.settings.quiet_period, text
            )
            states[(topic, subject)] = state
            self._save_quiet(topic, subject, state)
            if not send or not self.settings.any_channel:
                return send and self.settings.any_channel
            item = self._store(topic, subject, text, now, 0)
        self._put(item)
        return True

    def tick(self) -> int:
        """Send the summaries whose quiet period is over; how many were made."""
        now = self.clock.now()
        made: list[Outgoing] = []
        with self._lock:
            states = self._states()
            for (topic, subject), state in list(states.items()):
                if rules.forgettable(state, now, self.settings.quiet_period):
                    # Nothing folded and the quiet period over: the next event is sent
                    # anyway, so the state can go (one per rejected file would pile up).
                    del states[(topic, subject)]
                    self._forget_quiet(topic, subject)
                    continue
                if not rules.summary_due(state, now, self.settings.quiet_period):
                    continue
                text = i18n.t(
                    "notify.repeated",
                    count=state.folded,
                    quiet=format_duration(self.settings.quiet_period.total_seconds()),
                    last=state.last_text,
                )
                new_state = rules.after_summary(now)
                states[(topic, subject)] = new_state
                self._save_quiet(topic, subject, new_state)
                if self.settings.any_channel:
                    made.append(self._store(topic, subject, text, now, state.folded))
        for item in made:
            self._put(item)
        return len(made)

    # ---- the stored side (best effort) --------------------------------------------------
    def _states(self) -> dict[tuple[str, str], rules.Quiet]:
        if self._quiet is None:
            self._quiet = {}
            try:
                for row in store.quiet_periods(self.engine):
                    self._quiet[(row.topic, row.subject)] = rules.Quiet(
                        row.last_sent_at, row.folded, row.last_text
                    )
            except StoreError as exc:
                # Kept in memory from now on: database trouble must not lift the quiet period.
                logger.debug("quiet periods not read: {}", exc)
        return self._quiet

    def _save_quiet(self, topic: str, subject: str, state: rules.Quiet) -> None:
        try:
            store.save_quiet(
                self.engine, topic, subject, state.last_sent_at, state.folded, state.last_text
            )
        except StoreError as exc:
            logger.debug("quiet period of {} not saved: {}", topic, exc)

    def _forget_quiet(self, topic: str, subject: str) -> None:
        try:
            store.forget_quiet(self.engine, topic, subject)
        except StoreError as exc:
            logger.debug("quiet period of {} not removed: {}", topic, exc)

    def _store(self, topic: str, subject: str, text: str, now: datetime, repeats: int) -> Outgoing:
        item = Outgoing(
            None,
            topic,
            subject,
            text,
            now,
            repeats,
            PENDING if self.settings.email else "",
            PENDING if self.settings.webhook_url else "",
        )
        try:
            row = Notification(
                topic=topic,
                subject=subject,
                created_at=now,
                text=text,
                repeats=repeats,
                email_state=item.email,
                webhook_state=item.webhook,
            )
            item.id = store.add_notification(self.engine, row)
        except StoreError as exc:
            logger.debug("notification not stored: {}", exc)
        return item

    def _undelivered(self) -> list[Outgoing]:
        since = self.clock.now() - RESEND_WITHIN
        try:
            rows = store.created_since(self.engine, since)
        except StoreError:
            return []
        return [
            Outgoing(
                r.id,
                r.topic,
                r.subject,
                r.text,
                r.created_at,
                r.repeats,
                r.email_state if self.settings.email else "",
                r.webhook_state if self.settings.webhook_url else "",
                r.attempts,
            )
            for r in rows
            if PENDING in (r.email_state, r.webhook_state)
        ]

    def _record(self, item: Outgoing, error: str) -> None:
        try:
            delivered = PENDING not in (item.email, item.webhook) and FAILED not in (
                item.email,
                item.webhook,
            )
            store.record_delivery(
                self.engine,
                item.id,
                item.email,
                item.webhook,
                item.attempts,
                error,
                self.clock.now() if delivered else None,
            )
        except StoreError as exc:
            logger.debug("notification state not saved: {}", exc)

    # ---- the delivery thread ------------------------------------------------------------
    def _put(self, item: Outgoing) -> None:
        if not self._thread.is_alive():
            return  # not started (no channel) or stopping: the row stays pending
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            logger.warning(i18n.t("notify.queue_full"))

    def _deliver_loop(self) -> None:
        waiting: list[tuple[float, int, Outgoing]] = []  # (when, order, item): retries
        order = itertools.count()
        while not self._stop.is_set():
            timeout = max(0.0, waiting[0][0] - time.monotonic()) if waiting else None
            try:
                item = self._queue.get(timeout=timeout)
            except queue.Empty:
                item = None
            else:
                if item is None:
                    break
            if item is not None:
                heapq.heappush(waiting, (time.monotonic(), next(order), item))
            while waiting and waiting[0][0] <= time.monotonic() and not self._stop.is_set():
                _, _, due = heapq.heappop(waiting)
                if not self._deliver(due):
                    wait = rules.backoff(due.attempts, self.settings.retry_backoff)
                    heapq.heappush(
                        waiting, (time.monotonic() + wait.total_seconds(), next(order), due)
                    )

    def _deliver(self, item: Outgoing) -> bool:
        """One try on every channel still pending; True when nothing is left to retry."""
        item.attempts += 1
        errors = []
        last_try = item.attempts > self.settings.retries
        subject = i18n.t("notify.subject", station=self.station_name, summary=_headline(item.text))
        body = i18n.t(
            "notify.body",
            station=self.station_name,
            at=item.at.astimezone(self.tz).strftime("%d/%m/%Y %H:%M"),
            text=item.text,
        )
        if item.email == PENDING:
            try:
                self._email(self.settings, subject, body)
                item.email = SENT
            except DeliveryError as exc:
                errors.append(i18n.t("notify.email_failed", detail=exc))
                item.email = FAILED if last_try else PENDING
        if item.webhook == PENDING:
            try:
                self._webhook(self.settings, self._payload(item))
                item.webhook = SENT
            except DeliveryError as exc:
                errors.append(i18n.t("notify.webhook_failed", detail=exc))
                item.webhook = FAILED if last_try else PENDING
        error = "; ".join(errors)
        self._record(item, error)
        if errors and last_try:
            logger.error(i18n.t("notify.gave_up", tries=item.attempts, detail=error))
        elif errors:
            logger.warning(error)
        return PENDING not in (item.email, item.webhook)

    def _payload(self, item: Outgoing) -> dict[str, Any]:
        return {
            "station_id": self.station_id,
            "station_name": self.station_name,
            "topic": item.topic,
            "subject": item.subject,
            "text": item.text,
            "at": item.at.astimezone(self.tz).isoformat(timespec="seconds"),
            "repeats": item.repeats,
        }


def _headline(text: str, limit: int = 120) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"
