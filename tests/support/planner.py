"""Small builders shared by the planner tests (not a test module itself)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from broadcaster.core.planner import ProgrammeInfo
from broadcaster.core.rules import Series, Slot

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
EVERY_DAY = frozenset(range(7))
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    """An aware datetime in the station's zone."""
    return datetime(year, month, day, hour, minute, second, tzinfo=TZ)


def slot(hhmm: str, days: Iterable[int] = EVERY_DAY) -> Slot:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return Slot(time(hour, minute), frozenset(days))


def series(
    sid: str = "district",
    *,
    period: str = "month",
    new_per_period: int = 1,
    repeats: int = 3,
    gap_days: float = 7,
    slots: Iterable[Slot] = (),
) -> Series:
    return Series(
        id=sid,
        title=sid.title(),
        folder=sid,
        period=period,
        new_per_period=new_per_period,
        repeats=repeats,
        repeat_gap=timedelta(days=gap_days),
        slots=tuple(slots) or (slot("06:10"),),
    )


def programme(
    pid: int,
    arrived_at: datetime,
    *,
    sid: str = "district",
    duration_s: float = 600,
    named_month: tuple[int, int] | None = None,
) -> ProgrammeInfo:
    return ProgrammeInfo(
        id=pid,
        series_id=sid,
        title=f"programme {pid}",
        arrived_at=arrived_at,
        duration_s=duration_s,
        named_month=named_month,
    )
