"""The daemon's link to the province service (#14): a thread of its own that sends the
as-run log and a heartbeat every `[central] interval`, whenever the service can be reached.

Nothing here can hold up an airing: it runs on its own thread (not the scheduler's
workers), reads the log through SQLite's WAL (readers never block the airing thread's
writes), and every network call has a timeout. While the service cannot be reached it
tries again later and later (the interval doubled at each failure, up to `MAX_WAIT`, with
±25 % jitter so that a province's stations do not all come back at the same second): weeks
offline are normal, and the rows simply wait in the log. A failure is logged once when it
starts and once when it ends, not at every attempt. A divergence (the service holds another
history of this station) is logged as an error and no more is sent until the daemon starts
again: nothing the station does can overwrite what was witnessed.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import timedelta

import httpx
from loguru import logger
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster._lib.pki import station_context
from broadcaster.clock import Clock
from broadcaster.config import Config
from broadcaster.errors import BroadcasterError
from broadcaster.station.central_sync import (
    divergence_words,
    heartbeat,
    send_heartbeat,
    sync_once,
    why_failed,
)
from broadcaster.store.state import set_state

MAX_WAIT = timedelta(hours=6)
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
ACK = "central_ack"  # what the service acknowledged (cli/sync_cmd.py writes it too)


def next_wait(interval: float, failures: int, jitter: Callable[[], float]) -> float:
    """Seconds to the next pass: `interval`, doubled at each failure up to MAX_WAIT, times
    a jitter from 0.75 to 1.25 (`jitter()` gives 0 … 1)."""
    base = min(interval * (2 ** min(failures, 20)), MAX_WAIT.total_seconds())
    return base * (0.75 + 0.5 * jitter())


class Outbox:
    def __init__(self, config: Config, engine: Engine, clock: Clock) -> None:
        self.config = config
        self.engine = engine
        self.clock = clock
        self.failures = 0
        self.stopped_for_divergence = False
        self._stop = threading.Event()
        self.thread = threading.Thread(
            target=i18n.carried(self._run), name="central-outbox", daemon=True
        )

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(timeout=2.0)  # a call in flight ends with its timeout, unwaited

    def _run(self) -> None:
        interval = self.config.central.interval.total_seconds()
        wait = 0.0
        while not self._stop.wait(wait):
            self.pass_once()
            if self.stopped_for_divergence:
                return
            wait = next_wait(interval, self.failures, random.random)

    def pass_once(self) -> None:
        """One pass: rows, then a heartbeat; what went wrong is logged, never raised."""
        central = self.config.central
        try:
            context = station_context(central.ca, central.cert, central.key)
            with httpx.Client(base_url=central.url, verify=context, timeout=TIMEOUT) as link:
                result = sync_once(self.engine, link, self.clock.now(), central.batch_rows)
                if result.outcome == "done":
                    now = self.clock.now()
                    send_heartbeat(link, heartbeat(self.engine, self.config, now, result.head_seq))
                    set_state(self.engine, ACK, {"head_seq": result.head_seq}, now)
        except (httpx.HTTPError, BroadcasterError, OSError, ValueError) as exc:
            self._failed(str(exc) if isinstance(exc, BroadcasterError) else why_failed(exc))
            return
        if result.outcome == "divergence":
            logger.error(i18n.t("outbox.divergence", detail=divergence_words(result.detail)))
            self.stopped_for_divergence = True
            return
        if result.outcome != "done":
            self._failed(result.detail)
            return
        if self.failures:
            logger.info(i18n.t("outbox.back", head=result.head_seq))
        self.failures = 0

    def _failed(self, detail: str) -> None:
        if self.failures == 0:
            logger.warning(i18n.t("outbox.failing", url=self.config.central.url, detail=detail))
        self.failures += 1
