"""The month document as an Excel workbook: a summary sheet a supervisor reads at a glance
and a detail sheet with every as-run row.

Every visible word comes from `labels.py`. Strings are always written as text (a title that
starts with `=` must not become a formula), numbers as numbers, and times as real Excel
dates: the station's wall-clock time, with its UTC offset named in the headers (Excel dates
carry no offset). Airtime is an Excel duration (a number of days shown as `[h]:mm:ss`), so
it sums and sorts like a number.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from broadcaster.proof.labels import LABELS, label, level_label

DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"
DURATION_FORMAT = "[h]:mm:ss"
VERDICT_COLOURS = {
    # verdict: (fill, font) — Excel's own "good / bad / neutral" cell styles.
    "met": ("#C6EFCE", "#006100"),
    "not_met": ("#FFC7CE", "#9C0006"),
    "pending": ("#FFEB9C", "#9C5700"),
}
DETAIL_COLUMNS: tuple[tuple[str, str, float], ...] = (
    # (row field, label key, column width)
    ("seq", "seq", 7),
    ("scheduled_at", "scheduled_at", 20),
    ("started_at", "started_at", 20),
    ("ended_at", "ended_at", 20),
    ("series_id", "series", 18),
    ("title", "programme", 32),
    ("file_name", "file_name", 36),
    ("kind", "kind", 11),
    ("status", "status", 15),
    ("duration_s", "duration_s", 11),
    ("played_s", "played_s", 11),
    ("reason", "reason", 48),
)
DATETIME_FIELDS = ("scheduled_at", "started_at", "ended_at")
NUMBER_FIELDS = ("seq", "duration_s", "played_s")


def write_xlsx(document: dict[str, Any], path: pathlib.Path, lang: str = "vi") -> None:
    """Write the month `document` (see `broadcaster.proof.month`) to `path` as .xlsx."""
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            # Not "constant_memory": measured slower here (no shared strings: every repeated
            # title and label is written out again) for a year of rows, which fits in memory.
        },
    )
    # Nothing reaches `path` until close(): a document that fails half-way leaves no file.
    formats = _Formats(workbook)
    offsets = _offset_note(_all_times(document))
    _summary_sheet(workbook.add_worksheet(label("summary", lang)), document, formats, lang)
    _detail_sheet(workbook.add_worksheet(label("detail", lang)), document, formats, offsets, lang)
    workbook.close()


class _Formats:
    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        add = workbook.add_format
        self.title = add({"bold": True, "font_size": 14})
        self.bold = add({"bold": True})
        self.header = add(
            {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#D9D9D9", "border": 1}
        )
        self.text = add({"valign": "top"})
        self.wrap = add({"valign": "top", "text_wrap": True})
        self.number = add({"valign": "top"})
        self.datetime = add({"valign": "top", "num_format": DATETIME_FORMAT, "align": "left"})
        self.duration = add({"valign": "top", "num_format": DURATION_FORMAT})
        self.center = add({"valign": "top", "align": "center"})
        self.group_text = add({"valign": "top", "bold": True, "bg_color": "#F2F2F2"})
        self.group_center = add(
            {"valign": "top", "bold": True, "bg_color": "#F2F2F2", "align": "center"}
        )
        self.group_blank = add({"bold": True, "bg_color": "#F2F2F2"})
        self.group_duration = add(
            {"valign": "top", "bold": True, "bg_color": "#F2F2F2", "num_format": DURATION_FORMAT}
        )
        self.total_text = add({"bold": True, "top": 2})
        self.total_number = add({"bold": True, "top": 2})
        self.total_duration = add({"bold": True, "top": 2, "num_format": DURATION_FORMAT})
        self.verdict: dict[tuple[str, bool], Format] = {}
        for verdict, (fill, font) in VERDICT_COLOURS.items():
            for bold in (False, True):
                self.verdict[verdict, bold] = add(
                    {"valign": "top", "bg_color": fill, "font_color": font, "bold": bold}
                )
        self.verdict_plain = {False: self.text, True: self.group_text}

    def for_verdict(self, verdict: str, bold: bool = False) -> Format:
        return self.verdict.get((verdict, bold)) or self.verdict_plain[bold]


# --- summary sheet ----------------------------------------------------------------------

# Columns of the summary table.
(C_TITLE, C_PROGRAMMES, C_AIRINGS, C_NEW, C_REPEATS, C_MAKEUPS, C_PROBLEMS, C_AIRTIME) = range(8)
C_VERDICT = 8
SUMMARY_WIDTHS = (44, 20, 16, 14, 14, 10, 52, 14, 16)


def _summary_sheet(sheet: Worksheet, document: Mapping[str, Any], fmt: _Formats, lang: str) -> None:
    for column, width in enumerate(SUMMARY_WIDTHS):
        sheet.set_column(column, column, width)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    station = document.get("station") or {}
    summary = document.get("summary") or {}

    row = 0
    sheet.write_string(
        row, 0, f"{label('title', lang)} – {label('month', lang)} {_month(document)}", fmt.title
    )
    row += 2
    for key, value in (
        ("station", station.get("name")),
        ("level", level_label(station.get("level"), lang)),
        ("reports_to", station.get("reports_to")),
    ):
        sheet.write_string(row, 0, label(key, lang), fmt.bold)
        _write_text(sheet, row, 1, value, fmt.text)
        row += 1
    sheet.write_string(row, 0, label("generated_at", lang), fmt.bold)
    generated = _parse_time(document.get("generated_at"))
    if generated is not None:
        sheet.write_datetime(row, 1, generated.replace(tzinfo=None), fmt.datetime)
        sheet.write_string(row, 2, _offset_note([generated]), fmt.text)
    row += 2

    done_of = f"({label('done', lang)}/{label('required', lang)})"
    headers = {
        C_TITLE: f"{label('series', lang)} / {label('programme', lang)}",
        C_PROGRAMMES: f"{label('programmes', lang)} {done_of}",
        C_AIRINGS: f"{label('airings', lang)} {done_of}",
        C_NEW: f"{label('new', lang)} {done_of}",
        C_REPEATS: f"{label('repeats', lang)} {done_of}",
        C_MAKEUPS: label("makeups", lang),
        C_PROBLEMS: label("problems", lang),
        C_AIRTIME: label("airtime", lang),
        C_VERDICT: label("verdict", lang),
    }
    for column, text in headers.items():
        sheet.write_string(row, column, text, fmt.header)
    row += 1

    for series in summary.get("series") or []:
        for column in range(C_VERDICT + 1):
            sheet.write_blank(row, column, None, fmt.group_blank)
        _write_text(sheet, row, C_TITLE, series.get("title"), fmt.group_text)
        sheet.write_string(
            row,
            C_PROGRAMMES,
            _ratio(series.get("programmes_present"), series.get("programmes_required")),
            fmt.group_center,
        )
        sheet.write_string(
            row,
            C_AIRINGS,
            _ratio(series.get("airings_done"), series.get("airings_required")),
            fmt.group_center,
        )
        _write_duration(sheet, row, C_AIRTIME, series.get("airtime_s"), fmt.group_duration)
        _write_verdict(sheet, row, series.get("verdict"), fmt, lang, bold=True)
        row += 1
        for programme in series.get("programmes") or []:
            _write_text(sheet, row, C_TITLE, programme.get("title"), fmt.wrap)
            sheet.write_string(
                row,
                C_NEW,
                _ratio(programme.get("new_done"), programme.get("new_required")),
                fmt.center,
            )
            sheet.write_string(
                row,
                C_REPEATS,
                _ratio(programme.get("repeats_done"), programme.get("repeats_required")),
                fmt.center,
            )
            _write_number(sheet, row, C_MAKEUPS, programme.get("makeups"), fmt.number)
            _write_text(
                sheet, row, C_PROBLEMS, _problems(programme.get("problems") or [], lang), fmt.wrap
            )
            _write_duration(sheet, row, C_AIRTIME, programme.get("airtime_s"), fmt.duration)
            _write_verdict(sheet, row, programme.get("verdict"), fmt, lang)
            row += 1

    totals = summary.get("totals")
    if totals:
        row += 1
        # The totals' own header row: one column per status, then make-ups and all airings.
        total_headers = {
            1: label("status.aired", lang),
            2: label("status.partial", lang),
            3: label("status.missed", lang),
            4: label("status.failed", lang),
            5: label("makeups", lang),
            6: label("airings", lang),
            7: label("airtime", lang),
            8: label("verdict", lang),
        }
        sheet.write_blank(row, 0, None, fmt.header)
        for column, text in total_headers.items():
            sheet.write_string(row, column, text, fmt.header)
        row += 1
        sheet.write_string(row, 0, label("total", lang), fmt.total_text)
        for column, key in enumerate(("aired", "partial", "missed", "failed", "makeups", "rows")):
            _write_number(sheet, row, column + 1, totals.get(key), fmt.total_number)
        _write_duration(sheet, row, C_AIRTIME, totals.get("airtime_s"), fmt.total_duration)
        _write_verdict(sheet, row, totals.get("verdict"), fmt, lang, bold=True)


def _write_verdict(
    sheet: Worksheet, row: int, verdict: Any, fmt: _Formats, lang: str, bold: bool = False
) -> None:
    if verdict is None or verdict == "":
        return
    value = str(verdict)
    sheet.write_string(row, C_VERDICT, _term("verdict", value, lang), fmt.for_verdict(value, bold))


def _problems(problems: Iterable[Mapping[str, Any]], lang: str) -> str:
    lines = []
    for problem in problems:
        status = _term("status", str(problem.get("status") or ""), lang)
        when = _parse_time(problem.get("scheduled_at"))
        head = f"{status} {when:%d/%m/%Y %H:%M}" if when else status
        reason = str(problem.get("reason") or "")
        lines.append(f"{head}: {reason}" if reason else head)
    return "\n".join(lines)


def _ratio(done: Any, required: Any) -> str:
    return f"{_count(done)}/{_count(required)}"


def _count(value: Any) -> str:
    if value is None:
        return "0"
    return str(int(value)) if float(value).is_integer() else str(value)


def _month(document: Mapping[str, Any]) -> str:
    month = str(document.get("month") or "")
    year, _, number = month.partition("-")
    return f"{number}/{year}" if number else month


# --- detail sheet -----------------------------------------------------------------------


def _detail_sheet(
    sheet: Worksheet, document: Mapping[str, Any], fmt: _Formats, offsets: str, lang: str
) -> None:
    rows = document.get("rows") or []
    for column, (_, _, width) in enumerate(DETAIL_COLUMNS):
        sheet.set_column(column, column, width)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(DETAIL_COLUMNS) - 1)

    for column, (field, key, _) in enumerate(DETAIL_COLUMNS):
        text = label(key, lang)
        if field in DATETIME_FIELDS and offsets:
            text = f"{text} ({offsets})"
        sheet.write_string(0, column, text, fmt.header)

    write_string, write_number = sheet.write_string, sheet.write_number
    write_datetime = sheet.write_datetime
    for index, record in enumerate(rows, start=1):
        for column, (field, _, _) in enumerate(DETAIL_COLUMNS):
            value = record.get(field)
            if value is None or value == "":
                continue
            if field in DATETIME_FIELDS:
                moment = _parse_time(value)
                if moment is not None:
                    write_datetime(index, column, moment.replace(tzinfo=None), fmt.datetime)
                else:
                    write_string(index, column, str(value), fmt.text)
            elif field in NUMBER_FIELDS:
                write_number(index, column, float(value), fmt.number)
            elif field == "kind":
                write_string(index, column, _term("kind", str(value), lang), fmt.text)
            elif field == "status":
                write_string(index, column, _term("status", str(value), lang), fmt.text)
            elif field == "reason":
                write_string(index, column, str(value), fmt.wrap)
            else:
                write_string(index, column, str(value), fmt.text)


# --- shared helpers ---------------------------------------------------------------------


def _term(prefix: str, value: str, lang: str) -> str:
    """The label of a coded value (`status.aired`), or the value itself if it has none."""
    key = f"{prefix}.{value}"
    return label(key, lang) if key in LABELS else value


def _write_text(sheet: Worksheet, row: int, column: int, value: Any, cell: Format) -> None:
    if value is not None and value != "":
        sheet.write_string(row, column, str(value), cell)


def _write_number(sheet: Worksheet, row: int, column: int, value: Any, cell: Format) -> None:
    if value is not None:
        sheet.write_number(row, column, float(value), cell)


def _write_duration(sheet: Worksheet, row: int, column: int, seconds: Any, cell: Format) -> None:
    if seconds is not None:
        sheet.write_number(row, column, float(seconds) / 86400, cell)


def _parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _all_times(document: Mapping[str, Any]) -> Iterable[datetime]:
    for record in document.get("rows") or []:
        for field in DATETIME_FIELDS:
            moment = _parse_time(record.get(field))
            if moment is not None:
                yield moment


def _offset_note(moments: Iterable[datetime]) -> str:
    """ "UTC+07:00" — or every offset met, in order, where the zone has summer time."""
    seen: list[str] = []
    for moment in moments:
        offset = moment.utcoffset()
        if offset is None:
            continue
        text = _format_offset(offset)
        if text not in seen:
            seen.append(text)
    return " / ".join(seen)


def _format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"
