"""The clock is injected so the planner and the daemon can be tested at any date."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Aware UTC datetime."""
        ...

    def sleep_until(self, when: datetime, stop: threading.Event | None = None) -> bool:
        """Sleep until `when`; return False when `stop` was set first."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep_until(self, when: datetime, stop: threading.Event | None = None) -> bool:
        # Coarse waits on the event, then a short spin so the slot is hit to the millisecond.
        while True:
            remaining = (when - self.now()).total_seconds()
            if stop is not None and stop.is_set():
                return False
            if remaining <= 0:
                return True
            if remaining > 0.02:
                wait = remaining - 0.01
                if stop is not None:
                    if stop.wait(wait):
                        return False
                else:
                    time.sleep(wait)
            else:
                time.sleep(0.0005)


class FakeClock:
    """A clock tests move by hand; sleep_until jumps straight to the target."""

    def __init__(self, start: datetime) -> None:
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def sleep_until(self, when: datetime, stop: threading.Event | None = None) -> bool:
        if stop is not None and stop.is_set():
            return False
        if when > self._now:
            self._now = when
        return True
