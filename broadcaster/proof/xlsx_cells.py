"""What both sheets of the month workbook share: cell formats, a grid that writes cells and
sizes its columns to what it wrote, the page set-up, and reading the document's times.

Strings are always written as text (a title that starts with `=` must not become a
formula), numbers as numbers, times as real Excel dates in the station's wall-clock time
(Excel dates carry no offset, so the headers name it), airtime as an Excel duration (days,
shown `[h]:mm:ss`) so it sums and sorts like a number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from broadcaster.proof.labels import has_label, label

DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"
DURATION_FORMAT = "[h]:mm:ss"
DATETIME_WIDTH = 20  # "29/11/2026 06:10:00" and a little room
DURATION_WIDTH = 10
VERDICT_COLOURS = {
    # verdict: (fill, font) — Excel's own "good / bad / neutral" cell styles.
    "met": ("#C6EFCE", "#006100"),
    "not_met": ("#FFC7CE", "#9C0006"),
    "pending": ("#FFEB9C", "#9C5700"),
}
A4 = 9  # xlsxwriter's paper code
# Column widths, in characters: a header wraps at its words, long text wraps at the cap.
MIN_WIDTH = 6.0
MAX_WIDTH = 48.0
# A SHA-256 in full hex shown on two lines of 32: the cell holds all 64 characters (it is
# copied and compared), and the sheet still prints one A4 page wide at a readable scale.
HASH_WIDTH = 34.0


class Formats:
    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        add = workbook.add_format
        self.title = add({"bold": True, "font_size": 14, "align": "center"})
        self.frame = add({"align": "center"})
        self.frame_bold = add({"align": "center", "bold": True})
        # Nghị định 30 underlines the issuing unit and the motto's second line.
        self.frame_underlined = add({"align": "center", "bold": True, "underline": 1})
        self.frame_italic = add({"align": "center", "italic": True})
        self.bold = add({"bold": True})
        self.header = add(
            {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#D9D9D9", "border": 1}
        )
        self.text = add({"valign": "top"})
        self.wrap = add({"valign": "top", "text_wrap": True})
        self.number = add({"valign": "top"})
        self.datetime = add({"valign": "top", "num_format": DATETIME_FORMAT, "align": "left"})
        self.duration = add({"valign": "top", "num_format": DURATION_FORMAT})
        self.group_text = add({"valign": "top", "bold": True, "bg_color": "#F2F2F2"})
        self.group_number = add({"valign": "top", "bold": True, "bg_color": "#F2F2F2"})
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


class Grid:
    """A worksheet written cell by cell, remembering how wide each column must be."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.widths: dict[int, float] = {}
        self.rules: dict[int, float] = {}

    def _fit(self, column: int, width: float) -> None:
        if width > self.widths.get(column, 0.0):
            self.widths[column] = width

    def header(self, row: int, column: int, text: str, cell: Format) -> None:
        """A header wraps between its words, on at most about three lines."""
        self.sheet.write_string(row, column, text, cell)
        longest = max((len(word) for word in text.split()), default=0)
        self._fit(column, max(longest, -(-len(text) // 3)) + 2.0)

    def text(self, row: int, column: int, value: Any, cell: Format, fit: bool = True) -> str | None:
        """`value` as text (never a formula); nothing for None or "". `fit` False: a cell
        whose text may run over its empty neighbours (the sheet's frame)."""
        if value is None or value == "":
            return None
        text = str(value)
        self.sheet.write_string(row, column, text, cell)
        if fit:
            longest = max(map(len, text.splitlines())) if "\n" in text else len(text)
            self._fit(column, longest + 2.0)
        return text

    def number(self, row: int, column: int, value: Any, cell: Format) -> None:
        if value is None or value == "":
            return
        number = float(value)
        self.sheet.write_number(row, column, number, cell)
        shown = str(int(number)) if number.is_integer() else str(number)
        self._fit(column, len(shown) + 2.0)

    def duration(self, row: int, column: int, seconds: Any, cell: Format) -> None:
        if seconds is None or seconds == "":
            return
        self.sheet.write_number(row, column, float(seconds) / 86400, cell)
        self._fit(column, DURATION_WIDTH)

    def moment(self, row: int, column: int, value: Any, cell: Format, fallback: Format) -> None:
        moment = parse_time(value)
        if moment is not None:
            self.sheet.write_datetime(row, column, moment.replace(tzinfo=None), cell)
            self._fit(column, DATETIME_WIDTH)
        else:
            self.text(row, column, value, fallback)

    def fixed(self, column: int, width: float) -> None:
        """A column sized by rule rather than content (a hash in full)."""
        self.rules[column] = width

    def size_columns(self) -> None:
        for column in sorted({*self.widths, *self.rules}):
            width = self.rules.get(column)
            if width is None:
                width = max(MIN_WIDTH, min(self.widths[column], MAX_WIDTH))
            self.sheet.set_column(column, column, width)


def page_setup(sheet: Worksheet, header_row: int, last_row: int, last_column: int) -> None:
    """A4 portrait, as wide as one page, the header row on every printed page, frozen on
    screen and filtering the table below it."""
    sheet.set_paper(A4)
    sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.freeze_panes(header_row + 1, 0)
    sheet.autofilter(header_row, 0, max(header_row, last_row), last_column)


def term(prefix: str, value: Any, lang: str) -> str:
    """The label of a coded value (`status.aired`), or the value itself if it has none."""
    key = f"{prefix}.{value}"
    return label(key, lang) if has_label(key) else str(value)


def parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def period_over(document: Mapping[str, Any]) -> bool:
    """Whether the document's month had ended when it was written (its `generated_at`, in
    the station's time): until then a `not_met` reads *không thể đạt*, not *không đạt*."""
    generated = parse_time(document.get("generated_at"))
    year, _, month = str(document.get("month") or "").partition("-")
    try:
        first_after = date(int(year) + int(month) // 12, int(month) % 12 + 1, 1)
    except ValueError:
        return bool(document.get("complete"))
    if generated is None:
        return bool(document.get("complete"))
    return generated.date() >= first_after


def all_times(rows: Iterable[Mapping[str, Any]], fields: Iterable[str]) -> Iterable[datetime]:
    names = tuple(fields)
    for record in rows:
        for field in names:
            moment = parse_time(record.get(field))
            if moment is not None:
                yield moment


def offset_note(moments: Iterable[datetime]) -> str:
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
