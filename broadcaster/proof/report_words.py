"""Words and figures of the supervisor's report as printed (PDF) and edited (Word).

Pure: months read "tháng 11/2026", weeks "tuần 09/11–15/11", airtime h:mm, counts with the
reader's thousands mark, and a station-month's state as the words and colour of the grid.
The report model (report.py, report_version 2) keeps ISO dates and state keys; only this
module turns them into what a person at the culture office reads.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from broadcaster import i18n
from broadcaster.core.vocab import Priority
from broadcaster.proof.labels import label, state_labels, verdict_label

Rgb = tuple[int, int, int]

# The words themselves are in the catalogue (broadcaster/i18n/vi.toml, en.toml) under
# "supervisor.<key>" and "supervisor.short.<state>" (#12); this module looks them up.
_PREFIX = "supervisor."

# A station-month in the grid: the short word in the cell, the full words in the legend.
STATES: tuple[str, ...] = ("met", "not_met", "cannot", "in_progress", "not_yet")
STATES += ("not_started", "missing", "untrusted", "unchecked")
# Light fills, so the words stay readable on a black-and-white copy.
COLOURS: dict[str, Rgb] = {
    "met": (198, 239, 206),
    "not_met": (255, 179, 179),
    "cannot": (255, 214, 165),
    "in_progress": (205, 225, 245),
    "not_yet": (245, 245, 245),
    "not_started": (225, 225, 225),
    "missing": (255, 236, 150),
    "untrusted": (225, 160, 200),
    "unchecked": (215, 200, 240),
}
HEAD_FILL: Rgb = (230, 230, 230)
GROUP_FILL: Rgb = (242, 242, 242)


def clean(value: Any) -> str:
    """Text from an input file as a document may hold it: control characters, lone
    surrogates and non-characters (which XML refuses and PDF fonts cannot draw) become
    spaces; a newline stays."""
    return "".join(
        " " if (unicodedata.category(c) in ("Cc", "Cs") and c != "\n") or c in "\ufffe\uffff" else c
        for c in str(value)
    )


def word(key: str, lang: str) -> str:
    return i18n.t(_PREFIX + key, _lang(lang))


def _lang(lang: str) -> str:
    return lang if lang in i18n.LANGUAGES else "vi"


def month_words(month: str | None, lang: str) -> str:
    """'2026-11' → 'tháng 11/2026'; anything else is shown as it is (never a traceback)."""
    try:
        year, number = str(month).split("-")
        return word("month", lang).format(month=int(number), year=int(year))
    except ValueError:
        return clean(month or "")


def day_words(day: str) -> str:
    """'2026-12-14' → '14/12/2026'."""
    try:
        return date.fromisoformat(day).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return str(day or "")


def week_words(monday: str, lang: str) -> str:
    """A week by its Monday: 'tuần 09/11–15/11'."""
    try:
        start = date.fromisoformat(monday)
    except (TypeError, ValueError):
        return str(monday)
    end = start + timedelta(days=6)
    return word("week", lang).format(start=start.strftime("%d/%m"), end=end.strftime("%d/%m"))


def hours_minutes(seconds: Any) -> str:
    """Airtime totals as h:mm ('12:05' is twelve hours and five minutes)."""
    try:
        minutes = int(round(float(seconds) / 60))
    except (TypeError, ValueError, OverflowError):
        return ""
    hours, rest = divmod(max(minutes, 0), 60)
    return f"{hours}:{rest:02d}"


def count(value: Any, lang: str) -> str:
    """A whole number with the reader's thousands mark (1.234 in Vietnamese)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    text = f"{int(value):,}"
    return text.replace(",", ".") if _lang(lang) == "vi" else text


def title_lines(scope: Mapping[str, Any], lang: str) -> tuple[str, str]:
    """'BÁO CÁO' and what it covers: a month, a year, or a range of days."""
    kind = scope.get("kind")
    if kind == "month" and scope.get("month"):
        year, month = str(scope["month"]).split("-")
        about = word("about.month", lang).format(month=int(month), year=year)
    elif kind == "year" and scope.get("year"):
        about = word("about.year", lang).format(year=scope["year"])
    else:
        about = word("about.range", lang).format(
            start=day_words(scope.get("from", "")), end=day_words(scope.get("to", ""))
        )
    return word("title", lang), about


def state_key(cell: Mapping[str, Any], today: str) -> str:
    """The grid's key for a station-month: the verdict of a counted log (*không thể đạt*
    while the month still runs and the plan can no longer be met), else its state."""
    state = str(cell.get("state", "unchecked"))
    verdict = cell.get("verdict")
    month_over = str(cell.get("month", "")) < today[:7]
    if state == "ok":
        if verdict == "not_met":
            return "not_met" if month_over else "cannot"
        return "met" if verdict == "met" else "in_progress"
    if state == "in_progress" and cell.get("counted") and verdict == "not_met":
        return "cannot"
    return state if state in COLOURS else "unchecked"


def state_full(key: str, lang: str) -> str:
    lang = _lang(lang)
    if key in ("met", "not_met"):
        return verdict_label(key, lang)
    if key == "cannot":
        return verdict_label("not_met", lang, period_over=False)
    return state_labels(lang)[key]


def state_short(key: str, lang: str) -> str:
    return i18n.t(f"{_PREFIX}short.{key}", _lang(lang))


def level_words(level: str, lang: str) -> str:
    return word(level, lang) if level in tuple(Priority) else level


def verdict_words(verdict: str | None, lang: str) -> str:
    return label(f"verdict.{verdict}", lang) if verdict else ""
