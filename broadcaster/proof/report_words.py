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

from broadcaster.core.vocab import Priority
from broadcaster.proof.labels import STATE_WORDS, label, verdict_label

Rgb = tuple[int, int, int]

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "BÁO CÁO",
        "about.month": "Tổng hợp kết quả phát thanh tháng {month} năm {year}",
        "about.year": "Tổng hợp kết quả phát thanh năm {year}",
        "about.range": "Tổng hợp kết quả phát thanh từ {start} đến {end}",
        "intro": "Báo cáo gồm {stations} đài, {months} tháng ({first} đến {last}); lập ngày {today}.",
        "intro.trust": (
            "Chỉ số liệu của nhật ký đã kiểm tra là nguyên vẹn mới được tính; bản tin được "
            "thống kê riêng, không tính vào chỉ tiêu của kế hoạch."
        ),
        "month": "tháng {month}/{year}",
        "week": "tuần {start}–{end}",
        "s1": "1. Kết quả chung của từng đài",
        "s2": "2. Kết quả theo chuyên mục của kế hoạch",
        "s3": "3. Bản tin (thống kê riêng, không tính vào chỉ tiêu)",
        "s4": "4. Tình trạng nhật ký theo tháng",
        "no": "STT",
        "station": "Đài",
        "airings": "Số lần phát",
        "airtime": "Thời lượng (giờ:phút)",
        "required": "Kế hoạch yêu cầu (lần)",
        "done": "Đã phát theo kế hoạch (lần)",
        "months_met": "Đạt",
        "months_not_met": "Không đạt",
        "months_in_progress": "Đang thực hiện",
        "months_missing": "Thiếu nhật ký",
        "months_untrusted": "Không tin cậy",
        "months_not_started": "Chưa hoạt động",
        "months_not_yet": "Chưa đến kỳ",
        "months_note": "Các cột từ «Đạt» đến «Chưa đến kỳ» đếm số tháng.",
        "total": "Tổng cộng",
        "subtotal": "Cộng",
        "series": "Chuyên mục",
        "period": "Chỉ tiêu",
        "period.month": "hằng tháng",
        "period.week": "hằng tuần",
        "series_required": "Yêu cầu (lần)",
        "series_done": "Đã phát (lần)",
        "weeks_missing": "Tuần chưa phát",
        "weeks_count": "{count} tuần",
        "no_series": "Không có chuyên mục nào trong kế hoạch của các nhật ký được tính.",
        "emergency": "Khẩn cấp",
        "priority": "Ưu tiên",
        "normal": "Thông thường",
        "bulletins_total": "Tổng số bản tin",
        "legend": "Chú thích:",
        "partial": "* Tháng bị khoảng báo cáo cắt ngang: chỉ tính các lần phát trong khoảng.",
        "annex": "PHỤ LỤC",
        "annex_title": "Các tệp đầu vào đã kiểm tra",
        "source": "Tệp",
        "check": "Kết quả kiểm tra",
        "counted": "Tính vào báo cáo",
        "notes": "Ghi chú",
        "yes": "có",
        "no_": "không",
        "input.ok": "nguyên vẹn",
        "input.untrusted": "không tin cậy (đã bị sửa)",
        "input.unchecked": "không kiểm tra được",
        "origin.yes": "đúng khóa của đài",
        "origin.no": "không phải khóa của đài",
        "cell_notes": "Ghi chú theo tháng",
        "month_head": "T{month}",
        "month_col": "Tháng",
    },
    "en": {
        "title": "REPORT",
        "about.month": "Summary of broadcasts for {month}/{year}",
        "about.year": "Summary of broadcasts for {year}",
        "about.range": "Summary of broadcasts from {start} to {end}",
        "intro": "{stations} stations, {months} months ({first} to {last}); made on {today}.",
        "intro.trust": (
            "Only logs checked as intact are counted; bulletins are counted apart, never in "
            "a plan's quota."
        ),
        "month": "{month}/{year}",
        "week": "week {start}–{end}",
        "s1": "1. Overall results per station",
        "s2": "2. Results per series of the plan",
        "s3": "3. Bulletins (counted apart, not in any quota)",
        "s4": "4. State of the logs per month",
        "no": "No.",
        "station": "Station",
        "airings": "Airings",
        "airtime": "Airtime (h:mm)",
        "required": "Plan: required",
        "done": "Plan: done",
        "months_met": "Met",
        "months_not_met": "Not met",
        "months_in_progress": "Running",
        "months_missing": "Missing",
        "months_untrusted": "Changed",
        "months_not_started": "Not started",
        "months_not_yet": "Not yet",
        "months_note": "The columns from «Met» to «Not yet» count months.",
        "total": "Total",
        "subtotal": "Subtotal",
        "series": "Series",
        "period": "Quota",
        "period.month": "monthly",
        "period.week": "weekly",
        "series_required": "Required",
        "series_done": "Done",
        "weeks_missing": "Weeks not aired",
        "weeks_count": "{count} weeks",
        "no_series": "No plan series in the logs counted.",
        "emergency": "Emergency",
        "priority": "Priority",
        "normal": "Normal",
        "bulletins_total": "All bulletins",
        "legend": "Legend:",
        "partial": "* Month cut by the report's range: only airings inside it are counted.",
        "annex": "ANNEX",
        "annex_title": "Input files checked",
        "source": "File",
        "check": "Check",
        "counted": "Counted",
        "notes": "Notes",
        "yes": "yes",
        "no_": "no",
        "input.ok": "intact",
        "input.untrusted": "untrusted (changed)",
        "input.unchecked": "cannot be checked",
        "origin.yes": "signed by the station's key",
        "origin.no": "not the station's key",
        "cell_notes": "Notes per month",
        "month_head": "M{month}",
        "month_col": "Month",
    },
}

# A station-month in the grid: the short word in the cell, the full words in the legend.
STATES: tuple[str, ...] = ("met", "not_met", "cannot", "in_progress", "not_yet")
STATES += ("not_started", "missing", "untrusted", "unchecked")
SHORT = {
    "vi": {
        "met": "Đạt",
        "not_met": "Không đạt",
        "cannot": "Không thể đạt",
        "in_progress": "Đang TH",
        "not_yet": "Chưa đến",
        "not_started": "Chưa HĐ",
        "missing": "Thiếu NK",
        "untrusted": "Bị sửa",
        "unchecked": "Không KT",
    },
    "en": {
        "met": "met",
        "not_met": "not met",
        "cannot": "cannot",
        "in_progress": "running",
        "not_yet": "not yet",
        "not_started": "not started",
        "missing": "missing",
        "untrusted": "changed",
        "unchecked": "no check",
    },
}
FULL = STATE_WORDS  # the words of labels.py, as in the workbook
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
    table = WORDS.get(lang, WORDS["vi"])
    return table.get(key, WORDS["vi"][key])


def _lang(lang: str) -> str:
    return lang if lang in WORDS else "vi"


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
    return FULL[lang][key]


def state_short(key: str, lang: str) -> str:
    return SHORT[_lang(lang)][key]


def level_words(level: str, lang: str) -> str:
    return word(level, lang) if level in tuple(Priority) else level


def verdict_words(verdict: str | None, lang: str) -> str:
    return label(f"verdict.{verdict}", lang) if verdict else ""
