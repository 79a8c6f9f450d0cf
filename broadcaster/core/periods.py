"""Planning periods (a calendar month or a Monday-to-Sunday week) in the station's zone."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

_MONTH_IN_NAME = re.compile(r"(?<!\d)(20\d\d)[-_.](0[1-9]|1[0-2])(?!\d)")


@dataclass(frozen=True, order=True)
class Period:
    start: datetime  # aware, station zone, inclusive
    end: datetime  # aware, station zone, exclusive
    kind: str  # "month" | "week"

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        year, week, _ = self.start.isocalendar()
        return f"{year:04d}-W{week:02d}"

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def days(self) -> list[date]:
        first = self.start.date()
        return [first + timedelta(days=i) for i in range((self.end.date() - first).days)]


def month_period(year: int, month: int, tz: ZoneInfo) -> Period:
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return Period(start, end, "month")


def week_period(day: date, tz: ZoneInfo) -> Period:
    monday = day - timedelta(days=day.weekday())
    start = datetime(monday.year, monday.month, monday.day, tzinfo=tz)
    sunday_next = monday + timedelta(days=7)
    end = datetime(sunday_next.year, sunday_next.month, sunday_next.day, tzinfo=tz)
    return Period(start, end, "week")


def period_of(moment: datetime, kind: str, tz: ZoneInfo) -> Period:
    local = moment.astimezone(tz)
    if kind == "month":
        return month_period(local.year, local.month, tz)
    return week_period(local.date(), tz)


def this_month(now: datetime, tz: ZoneInfo) -> str:
    """The key ('2026-11') of the month `now` falls in, in the station's zone."""
    return month_period(now.astimezone(tz).year, now.astimezone(tz).month, tz).key


def next_period(period: Period, tz: ZoneInfo) -> Period:
    return period_of(period.end, period.kind, tz)


# Months and years an operator may ask about. Year 0 or 9999 overflow the date arithmetic
# (a month's end is the next month's start); these logs begin in 2026, and 2100 is far off.
MIN_YEAR, MAX_YEAR = 2000, 2100


def parse_month(text: str) -> tuple[int, int]:
    """'2026-11' → (2026, 11); ValueError otherwise (also outside MIN_YEAR..MAX_YEAR)."""
    match = re.fullmatch(r"([0-9]{4})-(0[1-9]|1[0-2])", text.strip())
    if not match:
        raise ValueError(text)
    return parse_year(match.group(1)), int(match.group(2))


def parse_year(text: str) -> int:
    """'2026' → 2026; ValueError for anything but four ASCII digits from MIN_YEAR to MAX_YEAR."""
    if not re.fullmatch(r"[0-9]{4}", text.strip()) or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise ValueError(text)
    return int(text)


def month_in_name(name: str) -> tuple[int, int] | None:
    """A programme named '... 2026-11 ...' (or 2026_11, 2026.11) belongs to that month."""
    match = _MONTH_IN_NAME.search(unicodedata.normalize("NFC", name))
    return (int(match.group(1)), int(match.group(2))) if match else None


def period_from_key(key: str, kind: str, tz: ZoneInfo) -> Period:
    """'2026-12' or '2026-W48' (a `Period.key`) → that period, as a period of `kind`
    (a series changed from months to weeks reads a month key as its first week).
    ValueError for anything else."""
    week = re.fullmatch(r"([0-9]{4})-W([0-9]{2})", key)
    if week:
        start = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        moment = datetime(start.year, start.month, start.day, tzinfo=tz)
    else:
        year, month = parse_month(key)
        moment = datetime(year, month, 1, tzinfo=tz)
    return period_of(moment, kind, tz)
