"""A series' rules as the planner reads them: its slots, period, quota and repeat spacing.

Pure data: `config` reads them from `schedules/*.toml` and checks them; the planner, the
alerts and the proof only read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path

PERIODS = ("month", "week")
# When two repeats may come closest by default: the smaller of repeat_gap and a day, so
# repeats fall on different days.
DEFAULT_MIN_REPEAT_GAP = timedelta(days=1)
# A monthly programme is late after this day of the month unless the series says otherwise.
DEFAULT_DUE_BY = 5


@dataclass(frozen=True)
class Slot:
    time: time
    days: frozenset[int]  # 0 = Monday

    def label(self) -> str:
        return self.time.strftime("%H:%M:%S" if self.time.second else "%H:%M")


@dataclass(frozen=True)
class Series:
    id: str
    title: str
    folder: str
    period: str
    new_per_period: int
    repeats: int
    repeat_gap: timedelta
    slots: tuple[Slot, ...]
    source: Path | None = None
    makeup: bool = True  # a missed, failed or partial airing is made up in the same period
    # Repeats never come closer than this, even when the period is running out (None: the
    # smaller of repeat_gap and a day, so repeats fall on different days).
    min_repeat_gap: timedelta | None = None

    @property
    def shortest_repeat_gap(self) -> timedelta:
        if self.min_repeat_gap is not None:
            return self.min_repeat_gap
        return min(self.repeat_gap, DEFAULT_MIN_REPEAT_GAP)

    # When a programme is late (#10): after day `due_by` of the month (monthly series), or
    # `due_before` the week's first slot (weekly series).
    due_by: int = DEFAULT_DUE_BY
    due_before: timedelta = timedelta(days=2)
