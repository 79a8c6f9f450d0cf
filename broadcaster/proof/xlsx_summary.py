"""The month workbook's summary sheet: the document's frame on top (issuing bodies, motto,
number, place and date, title, station), then one line per series and per programme with
every "done" and "required" as its own number column, so a supervisor can sum, compare
and filter them, and the totals by status."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from xlsxwriter.worksheet import Worksheet

from broadcaster.core.vocab import BULLETIN_SERIES, Status
from broadcaster.i18n import display
from broadcaster.i18n.display import programme_title
from broadcaster.proof.labels import (
    label,
    level_label,
    series_label,
    verdict_label,
)
from broadcaster.proof.office import Office, frame
from broadcaster.proof.xlsx_cells import (
    Formats,
    Grid,
    offset_note,
    page_setup,
    parse_time,
    period_over,
    term,
)

# Columns of the summary table: (label key of the header, label key of its "done/required").
COLUMNS: tuple[tuple[str, str], ...] = (
    ("series", ""),
    ("programme", ""),
    ("programmes", "done"),
    ("programmes", "required"),
    ("new", "done"),
    ("new", "required"),
    ("repeats", "done"),
    ("repeats", "required"),
    ("airings", "done"),
    ("airings", "required"),
    ("makeups", ""),
    ("airtime", ""),
    ("verdict", ""),
    ("problems", ""),
)
(C_SERIES, C_PROGRAMME) = (0, 1)
C_MAKEUPS, C_AIRTIME, C_VERDICT, C_PROBLEMS = 10, 11, 12, 13
LAST = len(COLUMNS) - 1
# The series line's numbers and the programme line's: (document field, column).
SERIES_NUMBERS = (
    ("programmes_present", 2),
    ("programmes_required", 3),
    ("airings_done", 8),
    ("airings_required", 9),
)
PROGRAMME_NUMBERS = (
    ("new_done", 4),
    ("new_required", 5),
    ("repeats_done", 6),
    ("repeats_required", 7),
)
# The frame's two blocks, as Nghị định 30 places them: bodies left, motto right.
LEFT = (0, 3)
RIGHT = (8, LAST)


def summary_sheet(
    sheet: Worksheet, document: Mapping[str, Any], office: Office, fmt: Formats, lang: str
) -> None:
    grid = Grid(sheet)
    over = period_over(document)
    row = _frame(grid, document, office, fmt, lang)
    header_row = row
    for column, (key, part) in enumerate(COLUMNS):
        text = label(key, lang) if not part else f"{label(key, lang)}: {label(part, lang).lower()}"
        grid.header(row, column, text, fmt.header)
    row += 1
    levels = _bulletin_levels(document.get("rows") or [])
    summary = document.get("summary") or {}
    for series in summary.get("series") or []:
        row = _series(grid, row, series, levels, fmt, lang, over)
    last_table_row = row - 1
    _totals(grid, row + 1, summary.get("totals"), fmt, lang, over)
    grid.size_columns()
    page_setup(sheet, header_row, last_table_row, LAST)


def _frame(grid: Grid, document: Mapping[str, Any], office: Office, fmt: Formats, lang: str) -> int:
    """The frame's rows, as plain text cells; returns the row the table starts on."""
    station = document.get("station") or {}
    generated = parse_time(document.get("generated_at"))
    texts = frame(office, generated.date() if generated else None, lang)
    sheet = grid.sheet
    left = [(text, fmt.frame) for text in texts.bodies[:-1]]
    left += [(text, fmt.frame_underlined) for text in texts.bodies[-1:]]
    left.append((texts.number, fmt.frame))
    right = [(texts.motto[0], fmt.frame_bold), (texts.motto[1], fmt.frame_underlined)]
    right.append((texts.place_date, fmt.frame_italic))
    for row in range(max(len(left), len(right))):
        for (first, last), block in ((LEFT, left), (RIGHT, right)):
            if row < len(block):
                text, cell = block[row]
                sheet.merge_range(row, first, row, last, "", cell)
                sheet.write_string(row, first, text, cell)
    row = max(len(left), len(right)) + 1
    sheet.merge_range(row, 0, row, LAST, "", fmt.title)
    sheet.write_string(row, 0, _title(document, lang), fmt.title)
    row += 2
    for key, value in (
        ("station", station.get("name")),
        ("level", level_label(station.get("level"), lang)),
        ("reports_to", station.get("reports_to")),
    ):
        grid.text(row, 0, label(key, lang), fmt.bold)
        grid.text(row, 1, value, fmt.text, fit=False)
        row += 1
    grid.text(row, 0, label("generated_at", lang), fmt.bold)
    if generated is not None:
        grid.moment(row, 1, document.get("generated_at"), fmt.datetime, fmt.text)
        grid.text(row, 2, offset_note([generated]), fmt.text, fit=False)
    return row + 2


def _title(document: Mapping[str, Any], lang: str) -> str:
    """NHẬT KÝ PHÁT THANH THÁNG 11/2026 (the month as the document names it)."""
    month = str(document.get("month") or "")
    year, _, number = month.partition("-")
    shown = month
    if year.isdigit() and number.isdigit() and 1 <= int(number) <= 12:
        shown = display.month_label(int(year), int(number), lang)
    joint = " " if lang == "vi" else " – "
    return f"{label('title', lang)}{joint}{shown.upper()}"


def _series(
    grid: Grid,
    row: int,
    series: Mapping[str, Any],
    levels: Mapping[str, str],
    fmt: Formats,
    lang: str,
    over: bool,
) -> int:
    series_id = str(series.get("series_id") or "")
    bulletins = series_id == BULLETIN_SERIES
    common = set(levels.values()) if bulletins else set()
    name = series_label(
        series_id, series.get("title"), lang, next(iter(common)) if len(common) == 1 else None
    )
    for column in range(LAST + 1):
        grid.sheet.write_blank(row, column, None, fmt.group_blank)
    grid.text(row, C_SERIES, name, fmt.group_text)
    for field, column in SERIES_NUMBERS:
        grid.number(row, column, series.get(field) or 0, fmt.group_number)
    grid.duration(row, C_AIRTIME, series.get("airtime_s"), fmt.group_duration)
    _verdict(grid, row, series.get("verdict"), fmt, lang, over, bold=True)
    row += 1
    for programme in series.get("programmes") or []:
        title = programme_title(str(programme.get("title") or ""))
        level = levels.get(str(programme.get("file_sha256") or "")) if bulletins else None
        if level and len(common) > 1:
            # Bulletins of several levels: each line says which.
            title = f"{series_label(series_id, None, lang, level)}: {title}"
        grid.text(row, C_SERIES, name, fmt.text)
        grid.text(row, C_PROGRAMME, title, fmt.wrap)
        for field, column in PROGRAMME_NUMBERS:
            grid.number(row, column, programme.get(field) or 0, fmt.number)
        grid.number(row, C_MAKEUPS, programme.get("makeups"), fmt.number)
        grid.duration(row, C_AIRTIME, programme.get("airtime_s"), fmt.duration)
        _verdict(grid, row, programme.get("verdict"), fmt, lang, over)
        grid.text(row, C_PROBLEMS, _problems(programme.get("problems") or [], lang), fmt.wrap)
        row += 1
    return row


def _totals(grid: Grid, row: int, totals: Any, fmt: Formats, lang: str, over: bool) -> None:
    if not isinstance(totals, Mapping) or not totals:
        return
    # The totals' own header row: one column per status, then make-ups and all airings.
    headers = {
        2: label("status.aired", lang),
        3: label("status.partial", lang),
        4: label("status.missed", lang),
        5: label("status.failed", lang),
        C_MAKEUPS: label("makeups", lang),
        9: label("airings", lang),
        C_AIRTIME: label("airtime", lang),
        C_VERDICT: label("verdict", lang),
    }
    for column in range(C_VERDICT + 1):
        grid.sheet.write_blank(row, column, None, fmt.header)
    for column, text in headers.items():
        grid.header(row, column, text, fmt.header)
    row += 1
    grid.text(row, 0, label("total", lang), fmt.total_text)
    for key, column in (
        (Status.AIRED, 2),
        (Status.PARTIAL, 3),
        (Status.MISSED, 4),
        (Status.FAILED, 5),
        ("rows", 9),
        ("makeups", C_MAKEUPS),
    ):
        grid.number(row, column, totals.get(key), fmt.total_number)
    grid.duration(row, C_AIRTIME, totals.get("airtime_s"), fmt.total_duration)
    _verdict(grid, row, totals.get("verdict"), fmt, lang, over, bold=True)


def _verdict(
    grid: Grid, row: int, verdict: Any, fmt: Formats, lang: str, over: bool, bold: bool = False
) -> None:
    if verdict is None or verdict == "":
        return
    value = str(verdict)
    text = verdict_label(value, lang, over) if f"verdict.{value}" in _VERDICTS else value
    grid.text(row, C_VERDICT, text, fmt.for_verdict(value, bold))


_VERDICTS = {"verdict.met", "verdict.not_met", "verdict.pending", "verdict.withdrawn"}


def _problems(problems: Iterable[Mapping[str, Any]], lang: str) -> str:
    lines = []
    for problem in problems:
        status = term("status", problem.get("status") or "", lang)
        when = parse_time(problem.get("scheduled_at"))
        head = f"{status} {when:%d/%m/%Y %H:%M}" if when else status
        reason = str(problem.get("reason") or "")
        lines.append(f"{head}: {reason}" if reason else head)
    return "\n".join(lines)


def _bulletin_levels(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """A bulletin's level (emergency, priority, normal) by its file, from its rows."""
    return {
        str(r.get("file_sha256")): str(r["priority"])
        for r in rows
        if r.get("series_id") == BULLETIN_SERIES and r.get("priority")
    }
