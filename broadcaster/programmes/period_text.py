"""Periods as an operator types and reads them: "12/2026", "tháng 12", "tuần 48",
"48/2026", "23/11/2026" in; "tháng 12/2026", "tuần 48 (23–29/11)" out. Pure."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from broadcaster.core.periods import (
    MAX_YEAR,
    MIN_YEAR,
    Period,
    month_period,
    period_from_key,
    week_period,
)
from broadcaster.i18n.display import period_label

_MONTH_WORDS = ("tháng", "thang", "month", "th")
_WEEK_WORDS = ("tuần", "tuan", "week", "w")


def _clean(text: str, words: tuple[str, ...]) -> str:
    value = unicodedata.normalize("NFC", text).strip().lower()
    for word in words:
        if value.startswith(word):
            value = value[len(word) :].strip()
            break
    return re.sub(r"\s+", "", value)


def _year(text: str) -> int:
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(text)
    return year


def parse_period(text: str, kind: str, today: date, tz: ZoneInfo) -> Period:
    """The period of `kind` ("month" or "week") an operator means; ValueError if none.

    Months: "12/2026", "2026-12", "tháng 12/2026", or "12" (the next December not over).
    Weeks: "tuần 48", "48/2026", "2026-W48", or a day of it: "23/11/2026", "23/11".
    A number without a year is the coming one: typed in November, "1" is next January.
    """
    if kind == "month":
        value = _clean(text, _MONTH_WORDS)
        if match := re.fullmatch(r"(\d{1,2})[/.-](\d{4})", value):
            month, year = int(match.group(1)), _year(match.group(2))
        elif match := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
            year, month = _year(match.group(1)), int(match.group(2))
        elif match := re.fullmatch(r"(\d{1,2})", value):
            month = int(match.group(1))
            year = today.year + (month < today.month)
        else:
            raise ValueError(text)
        if not 1 <= month <= 12:
            raise ValueError(text)
        return month_period(year, month, tz)
    value = _clean(text, _WEEK_WORDS)
    if match := re.fullmatch(r"(\d{4})-?w(\d{1,2})", value):
        return _iso_week(_year(match.group(1)), int(match.group(2)), tz, text)
    if match := re.fullmatch(r"(\d{1,2})/(\d{4})", value):
        return _iso_week(_year(match.group(2)), int(match.group(1)), tz, text)
    if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?", value):
        year = _year(match.group(3)) if match.group(3) else today.year
        day = date(year, int(match.group(2)), int(match.group(1)))  # ValueError if no such day
        if not match.group(3) and day < today - timedelta(days=today.weekday()):
            day = day.replace(year=year + 1)
        return week_period(day, tz)
    if match := re.fullmatch(r"(\d{1,2})", value):
        year, week, _ = today.isocalendar()
        number = int(match.group(1))
        return _iso_week(year + (number < week), number, tz, text)
    raise ValueError(text)


def _iso_week(year: int, week: int, tz: ZoneInfo, text: str) -> Period:
    try:
        return week_period(date.fromisocalendar(year, week, 1), tz)
    except ValueError:
        raise ValueError(text) from None


def show_period(period: Period) -> str:
    """'tháng 12/2026' or 'tuần 48 (23–29/11)' (the station's language)."""
    return period_label(period)


def show_period_key(key: str | None, kind: str, tz: ZoneInfo) -> str:
    """A stored period key as the operator reads it ('—' for none)."""
    if not key:
        return "—"
    try:
        return show_period(period_from_key(key, kind, tz))
    except ValueError:
        return key
