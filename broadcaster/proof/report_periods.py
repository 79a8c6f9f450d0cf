"""The periods a supervisor's report covers (pure): a month, a year, or any range of days
(offices report a year from 15/12 to 14/12, or up to the 15 November deadline), and the
words the report writes them in ("tháng 11/2026", "tuần 09/11–15/11", "12:05")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from broadcaster.core.periods import MAX_YEAR, MIN_YEAR
from broadcaster.i18n.display import month_label

# A range longer than this is a typo (2205 for 2025), not a report anyone files.
MAX_RANGE_YEARS = 5
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_VN_DAY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


@dataclass(frozen=True)
class Scope:
    kind: str  # month | year | range | all
    first: date  # the first day covered
    last: date  # the last day covered (inclusive)
    month: str | None = None
    year: str | None = None

    @property
    def months(self) -> list[str]:
        return months_between(self.first, self.last)

    def cuts(self, month: str) -> bool:
        """Whether the range leaves out some days of this month."""
        start, end = month_days(month)
        return self.first > start or self.last < end

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "month": self.month,
            "year": self.year,
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "months": self.months,
        }


def parse_day(text: str) -> date:
    """'15/12/2025' (as Vietnamese write it) or '2025-12-15' → a date; ValueError otherwise,
    also for a year outside MIN_YEAR..MAX_YEAR."""
    text = text.strip()
    iso, vn = _ISO_DAY.fullmatch(text), _VN_DAY.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif vn:
        day, month, year = (int(g) for g in vn.groups())
    else:
        raise ValueError(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(text)
    return date(year, month, day)  # ValueError for 31/02


def range_scope(first: date, last: date) -> Scope:
    """A `--from`/`--to` scope; ValueError('order' | 'long') when it is no range to report."""
    if last < first:
        raise ValueError("order")
    if last > _years_after(first, MAX_RANGE_YEARS):
        raise ValueError("long")
    return Scope("range", first, last)


def month_scope(month: str) -> Scope:
    first, last = month_days(month)
    return Scope("month", first, last, month=month)


def year_scope(year: str) -> Scope:
    return Scope("year", date(int(year), 1, 1), date(int(year), 12, 31), year=year)


def all_scope(months: list[str], today: date) -> Scope:
    """Every month the inputs hold (this month when they hold none)."""
    if not months:
        months = [month_of(today)]
    return Scope("all", month_days(min(months))[0], month_days(max(months))[1])


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_days(month: str) -> tuple[date, date]:
    year, number = int(month[:4]), int(month[5:7])
    first = date(year, number, 1)
    following = date(year + number // 12, number % 12 + 1, 1)
    return first, following - timedelta(days=1)


def months_between(first: date, last: date) -> list[str]:
    months, year, number = [], first.year, first.month
    while (year, number) <= (last.year, last.month):
        months.append(f"{year:04d}-{number:02d}")
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return months


def mondays(first: date, last: date) -> list[date]:
    """The Mondays from `first` to `last`: the weeks a weekly series owes in those days
    (a week belongs to the month, or the range, its Monday is in, as summary.py counts)."""
    day = first + timedelta(days=(7 - first.weekday()) % 7)
    found = []
    while day <= last:
        found.append(day)
        day += timedelta(days=7)
    return found


# ---- words ------------------------------------------------------------------------------
def month_words(month: str, lang: str) -> str:
    """'2026-11' → 'tháng 11/2026' (never the ISO key)."""
    return month_label(int(month[:4]), int(month[5:7]), lang)


def week_words(monday: date | str, lang: str) -> str:
    """A week by its Monday → 'tuần 09/11–15/11'."""
    start = date.fromisoformat(monday) if isinstance(monday, str) else monday
    end = start + timedelta(days=6)
    word = "week" if lang == "en" else "tuần"
    return f"{word} {start:%d/%m}–{end:%d/%m}"


def day_words(day: date | str) -> str:
    """'2025-12-15' → '15/12/2025'."""
    value = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{value:%d/%m/%Y}"


def hours_minutes(seconds: float) -> str:
    """A total airtime as h:mm ('12:05' is twelve hours five minutes), to the minute."""
    minutes = int(round(max(0.0, seconds) / 60))
    return f"{minutes // 60}:{minutes % 60:02d}"
