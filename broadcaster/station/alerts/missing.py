"""When is a series' programme missing (pure)?

A monthly series expects its programmes by the end of day `due_by` of the month; a weekly
series `due_before` its week's first slot (which may fall in the week before). The count is
the planner's own: programmes assigned to the period (held extras, named months and all).
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from broadcaster.core.periods import Period, next_period, period_of
from broadcaster.core.planner import ProgrammeInfo, assign_periods, slot_times
from broadcaster.core.rules import Series


@dataclass(frozen=True)
class Missing:
    series_id: str
    title: str
    period: Period
    due_at: datetime  # from this moment the programme is late
    have: int
    need: int


def due_at(series: Series, period: Period, tz: ZoneInfo) -> datetime | None:
    """When a programme for `period` is late; None when the period has no slot at all."""
    if series.period == "month":
        start = period.start
        last = calendar.monthrange(start.year, start.month)[1]
        day = min(series.due_by, last)
        return datetime(start.year, start.month, day, tzinfo=tz) + timedelta(days=1)
    slots = slot_times(series, period, tz)
    return slots[0] - series.due_before if slots else None


def missing_programmes(
    series_list: Iterable[Series], programmes: list[ProgrammeInfo], now: datetime, tz: ZoneInfo
) -> list[Missing]:
    found = []
    for series in series_list:
        current = period_of(now, series.period, tz)
        # A weekly programme may be due before its week begins (a Monday slot, two days).
        periods = [current] + ([next_period(current, tz)] if series.period == "week" else [])
        counts = Counter(a.period for a in assign_periods(series, programmes, tz).values())
        for period in periods:
            due = due_at(series, period, tz)
            have = counts.get(period, 0)
            if due is not None and due <= now < period.end and have < series.new_per_period:
                found.append(
                    Missing(series.id, series.title, period, due, have, series.new_per_period)
                )
    return found
