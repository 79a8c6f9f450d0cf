"""The clock is injected so the planner and the daemon can be tested at any date, and so
the daemon's timings (the hang check, the settle wait, the clock-jump detector) can be
driven by hand: `now()` is the wall clock, `monotonic()` the one that never jumps."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Aware UTC datetime."""
        ...

    def sleep_until(self, when: datetime, stop: threading.Event | None = None) -> bool:
        """Sleep until `when`; return False when `stop` was set first."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (for spans and deadlines, never for dates)."""
        ...


# Test seam, clearly marked: the fault-injection suite makes a running daemon's clock jump
# by writing an offset in seconds into this file (libfaketime breaks Python's sleep here).
OFFSET_FILE_ENV = "BROADCASTER_TEST_CLOCK_OFFSET_FILE"


class SystemClock:
    def __init__(self) -> None:
        path = os.environ.get(OFFSET_FILE_ENV)
        self._offset_file = Path(path) if path else None
        self._offset = timedelta(0)
        self._offset_read = 0.0

    def now(self) -> datetime:
        if self._offset_file is None:
            return datetime.now(UTC)
        if time.monotonic() - self._offset_read > 0.5:
            self._offset_read = time.monotonic()
            try:
                self._offset = timedelta(seconds=float(self._offset_file.read_text() or 0))
            except (OSError, ValueError):
                self._offset = timedelta(0)
        return datetime.now(UTC) + self._offset

    def monotonic(self) -> float:
        # The test offset above moves the wall clock only, as a real jump would.
        return time.monotonic()

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
    """A clock tests move by hand; sleep_until jumps straight to the target.

    Time that passes (`advance`, `sleep_until`) moves both clocks together; `jump` moves the
    wall clock alone, as a clock set by hand or an NTP step does."""

    def __init__(self, start: datetime) -> None:
        self._now = start
        self._mono = 0.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta(0):
            raise ValueError("time does not pass backwards: use jump() for a clock set back")
        self._now += delta
        self._mono += delta.total_seconds()

    def jump(self, delta: timedelta) -> None:
        self._now += delta

    def sleep_until(self, when: datetime, stop: threading.Event | None = None) -> bool:
        if stop is not None and stop.is_set():
            return False
        if when > self._now:
            self._mono += (when - self._now).total_seconds()
            self._now = when
        return True


class ClockWatch:
    """Tells a jump of the wall clock (set by hand, a flat CMOS battery, NTP after weeks
    offline) from time passing: the gap between the wall clock and the monotonic clock
    stays put while time passes and moves when the wall clock jumps."""

    def __init__(self, clock: Clock, threshold_s: float) -> None:
        self._clock = clock
        self._threshold_s = threshold_s
        self._baseline = self._gap()

    def _gap(self) -> float:
        return self._clock.now().timestamp() - self._clock.monotonic()

    def jumped(self) -> float | None:
        """Seconds the wall clock jumped since the last jump seen (or the start), once, if
        at least the threshold either way; else None."""
        gap = self._gap()
        jump = gap - self._baseline
        if abs(jump) < self._threshold_s:
            return None
        self._baseline = gap
        return jump
