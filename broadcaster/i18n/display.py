"""How dates, numbers, periods and counts are shown to the operator: pure, no I/O.

The operator reads Vietnamese: 29/11/2026 06:10 (never ISO, never microseconds), decimal
commas (−16,6), "tháng 11/2026" and "tuần 48 (23–29/11)" (never 2026-11 or 2026-W48).
Every function takes `lang` ("vi" or "en"); None means the station's language. Machine
output (--json, exports) keeps ISO forms: only text for people goes through here.
"""

from __future__ import annotations

import errno
from datetime import date, datetime, timedelta, tzinfo

from broadcaster import i18n
from broadcaster.core.durations import format_duration
from broadcaster.core.periods import Period, parse_month
from broadcaster.core.planner import MAKEUP_STEP
from broadcaster.core.vocab import Kind

__all__ = [
    "airing_kind",
    "date_time",
    "day_month",
    "duration",
    "failure",
    "format_duration",
    "month_label",
    "number",
    "percent",
    "period_label",
    "signed",
    "size",
    "slot",
    "week_label",
]

_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # the catalogue's day.* keys
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MINUS = "\u2212"  # the typographic minus: "−16,6", as printed documents write it


def _lang(lang: str | None) -> str:
    return lang if lang in i18n.LANGUAGES else i18n.language()


def number(value: float, digits: int = 1, lang: str | None = None) -> str:
    """16.56 → '16,6' in Vietnamese, '16.6' in English; negatives with a real minus sign."""
    text = f"{abs(value):.{digits}f}"
    if _lang(lang) == "vi":
        text = text.replace(".", ",")
    # −0,0 is not a number anyone says: a value that rounds to zero has no sign.
    negative = value < 0 and text.strip("0.,") != ""
    return (MINUS if negative else "") + text


def signed(value: float, digits: int = 1, lang: str | None = None) -> str:
    """A change, always with its sign: '+9,0', '−0,7', '0,0'."""
    text = number(value, digits, lang)
    return text if text.startswith(MINUS) or text.strip("0.,") == "" else "+" + text


def percent(value: float, digits: int = 0, lang: str | None = None) -> str:
    """0.875 → '87,5%' (digits=1); a fraction of one, not a hundredfold figure. No space
    before the sign, as Vietnamese documents write it."""
    return f"{number(value * 100, digits, lang)}%"


def size(count: int, lang: str | None = None) -> str:
    """A file or disk size: '12 KB', '3,4 MB', '300 MB', '76,3 GB' (a decimal only where
    it tells something: below 100 of the unit)."""
    if count < 1024**2:
        return f"{count / 1024:.0f} KB"
    value, unit = (count / 1024**2, "MB") if count < 1024**3 else (count / 1024**3, "GB")
    return f"{number(value, 1 if value < 100 else 0, lang)} {unit}"


def duration(seconds: float) -> str:
    """'0:15', '12:05', '1:02:03': the same in both languages."""
    return format_duration(seconds)


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz) if tz is not None else moment


def date_time(moment: datetime, tz: tzinfo | None = None, seconds: bool = False) -> str:
    """'29/11/2026 06:10' in the station's zone; with seconds where they matter (a row's
    start, a heartbeat) '29/11/2026 06:10:05'."""
    local = _local(moment, tz)
    return local.strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def slot(moment: datetime, tz: tzinfo | None = None, lang: str | None = None) -> str:
    """A slot in a list: 'T2 30/11 06:10' (seconds only when the slot has them)."""
    local = _local(moment, tz)
    day = i18n.t(f"day.{_WEEK[local.weekday()]}", _lang(lang))
    return f"{day} {local.strftime('%d/%m %H:%M:%S' if local.second else '%d/%m %H:%M')}"


def day_month(day: date) -> str:
    """'23/11', '6/3': the short form of week spans."""
    return f"{day.day}/{day.month}"


def month_label(year: int, month: int, lang: str | None = None) -> str:
    """'tháng 11/2026'; 'November 2026'."""
    if _lang(lang) == "en":
        return f"{_MONTHS_EN[month - 1]} {year}"
    return f"tháng {month}/{year}"


def week_label(monday: date, lang: str | None = None) -> str:
    """'tuần 48 (23–29/11)'; across a month's end 'tuần 49 (30/11–6/12)'."""
    sunday = monday + timedelta(days=6)
    week = monday.isocalendar()[1]
    if monday.month == sunday.month:
        span = f"{monday.day}–{day_month(sunday)}"
    else:
        span = f"{day_month(monday)}–{day_month(sunday)}"
    word = "week" if _lang(lang) == "en" else "tuần"
    return f"{word} {week} ({span})"


def period_label(period: Period | str, lang: str | None = None) -> str:
    """A planning period as an operator names it, from a Period or its key ('2026-11',
    '2026-W48'). A key that is neither is returned as it is (never a traceback)."""
    if isinstance(period, Period):
        if period.kind == "month":
            return month_label(period.start.year, period.start.month, lang)
        return week_label(period.start.date(), lang)
    try:
        if "-W" in period:
            year, week = period.split("-W")
            return week_label(date.fromisocalendar(int(year), int(week), 1), lang)
        return month_label(*parse_month(period), lang)
    except ValueError:
        return period


def airing_kind(kind: str, seq: int = 0, numbered: bool = False, lang: str | None = None) -> str:
    """An airing's kind as the operator says it: 'phát mới', 'phát lại lần 2', 'phát bù',
    'phát bù lần 2'. A make-up's seq is the planner's (its airing's seq + 100 per attempt):
    the operator hears the attempt, never the counter. `numbered` names the first make-up
    too ('phát bù lần 1'), for a line about one airing among several. Without a seq (0, as
    an as-run row gives it) a repeat is 'phát lại'."""
    try:
        word = i18n.t(f"kind.{kind}", lang)
    except KeyError:  # a kind this version does not know: shown as stored, not a traceback
        return kind
    if kind == Kind.REPEAT and seq >= 1:
        return i18n.t("repeat.nth", lang, n=seq)
    if kind == Kind.MAKEUP:
        attempt = max(seq // MAKEUP_STEP, 1)
        if numbered or attempt > 1:
            return i18n.t("makeup.nth", lang, n=attempt)
    return word


# What an operating system or SQLite error means, in the operator's words. The technician
# finds the error itself in the debug log.
_ERRNO_WORDS = {
    errno.ENOSPC: "failure.disk_full",
    errno.EDQUOT: "failure.disk_full",
    errno.EACCES: "failure.no_permission",
    errno.EPERM: "failure.no_permission",
    errno.ENOENT: "failure.not_found",
    errno.EROFS: "failure.read_only",
    errno.EIO: "failure.disk_io",
}
_SQLITE_WORDS = (
    ("database or disk is full", "failure.disk_full"),
    ("database is locked", "failure.db_locked"),
    ("disk i/o error", "failure.disk_io"),
    ("malformed", "failure.db_damaged"),
    ("file is not a database", "failure.db_damaged"),
    ("unable to open database file", "failure.db_unopenable"),
    ("readonly database", "failure.read_only"),
)


def series_name(title: str, lang: str | None = None) -> str:
    """A series as a sentence names it: 'chuyên mục Thời sự', but a title that already
    says so stays as it is ('Chuyên mục Chuyển đổi số', never 'chuyên mục Chuyên mục …')."""
    if _lang(lang) != "vi" or title.casefold().startswith("chuyên mục"):
        return title
    return f"chuyên mục {title}"


def failure(exc: BaseException | str, lang: str | None = None) -> str:
    """An error as the operator reads it: 'đĩa đầy' for ENOSPC or SQLite's "database or
    disk is full", and so on; anything else as its first line (never a traceback)."""
    code = getattr(exc, "errno", None)
    if isinstance(code, int) and code in _ERRNO_WORDS:
        return i18n.t(_ERRNO_WORDS[code], lang)
    text = str(getattr(exc, "orig", None) or exc)
    lowered = text.lower()
    for words, key in _SQLITE_WORDS:
        if words in lowered:
            return i18n.t(key, lang)
    return (text.strip().splitlines() or [type(exc).__name__])[0]


def programme_title(title: str) -> str:
    """A title made from a file name (`chuyen-doi-so_thang-11`) reads with spaces; a title
    a person wrote (it has spaces already) is kept as it is."""
    text = title.strip()
    if " " in text or not any(c in text for c in "-_"):
        return text
    words = text.replace("_", " ").replace("-", " ").split()
    spaced = " ".join(words)
    return spaced[:1].upper() + spaced[1:]
