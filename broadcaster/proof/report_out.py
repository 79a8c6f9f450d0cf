"""The supervisor's report as CSV or XLSX (the PDF: report_print.py; Word: report_docx.py). The model is
report_model.py's; the lines are report_table.py's, so both files say the same.

CSV: the per-series table (a line per series of each station-month, bulletins by level,
totals), UTF-8 with BOM for Excel, airtime as h:mm text, formula-safe text cells.
XLSX: three sheets (Tổng hợp, Theo chuyên mục, Tệp đầu vào); numbers are numbers, airtime
a real duration (a fraction of a day shown as `[h]:mm`), text never a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from broadcaster import i18n
from broadcaster.proof.csv_out import neutralise
from broadcaster.proof.labels import state_labels
from broadcaster.proof.office import Office
from broadcaster.proof.report_periods import hours_minutes
from broadcaster.proof.report_table import (
    BAD_STATES,
    Airtime,
    Line,
    heads,
    input_lines,
    series_lines,
    summary_lines,
    title_lines,
    word,
)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Airtime):
        return hours_minutes(value)
    return neutralise(value) if isinstance(value, str) else value


def write_report_csv(report: Mapping[str, Any], path: Path, lang: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(heads("by_series", lang))
    for line in series_lines(report, lang):
        writer.writerow([_csv_value(v) for v in line])
    path.write_text(out.getvalue(), encoding="utf-8-sig", newline="")


SECTIONS: tuple[
    tuple[str, Callable[[Mapping[str, Any], str], list[Line]], tuple[int, ...]], ...
] = (
    # (sheet, its lines, column widths)
    ("summary", summary_lines, (16, 32, 15, 26, 14, 14, 12, 12, 14, 60)),
    ("by_series", series_lines, (16, 28, 15, 20, 30, 8, 12, 12, 12, 12, 10, 36, 14, 16, 50)),
    ("inputs", input_lines, (60, 16, 15, 24, 10, 14, 24, 80)),
)


def write_report_xlsx(report: Mapping[str, Any], path: Path, lang: str) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    title = book.add_format({"bold": True, "font_size": 13})
    head = book.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "border": 1, "valign": "top"}
    )
    text = book.add_format({"text_wrap": True, "valign": "top"})
    bad = book.add_format({"bg_color": "#F8CBAD", "text_wrap": True, "valign": "top"})
    airtime = book.add_format({"num_format": "[h]:mm", "valign": "top"})
    number = book.add_format({"valign": "top"})
    bad_words = {state_labels(lang)[s] for s in BAD_STATES} if lang in i18n.LANGUAGES else set()
    for key, lines_of, widths in SECTIONS:
        sheet = book.add_worksheet(word(key, lang)[:31])
        for r, heading in enumerate(title_lines(report, lang)):
            sheet.write_string(r, 0, heading, title if r == 0 else None)
        first = 4
        sheet.write_row(first, 0, heads(key, lang), head)
        for r, line in enumerate(lines_of(report, lang), start=first + 1):
            for c, value in enumerate(line):
                if value is None or value == "":
                    continue
                if isinstance(value, Airtime):
                    sheet.write_number(r, c, float(value) / 86400, airtime)
                elif isinstance(value, str):
                    sheet.write_string(r, c, value, bad if value in bad_words else text)
                else:
                    sheet.write_number(r, c, value, number)
        for c, width in enumerate(widths):
            sheet.set_column(c, c, width)
        sheet.freeze_panes(first + 1, 0)
    book.close()


Writer = Callable[[Mapping[str, Any], Path, str, Office], None]


def _pdf(report: Mapping[str, Any], path: Path, lang: str, office: Office) -> None:
    # Imported when used: fpdf and python-docx (lxml) cost every command ~0.4 s to load.
    from broadcaster.proof.report_print import write_report_pdf

    write_report_pdf(report, path, lang, office)


def _docx(report: Mapping[str, Any], path: Path, lang: str, office: Office) -> None:
    from broadcaster.proof.report_docx import write_report_docx

    write_report_docx(report, path, lang, office)


# The PDF and the Word document carry the issuing office's frame (Nghị định 30); the
# tables a supervisor computes with do not.
WRITERS: dict[str, Writer] = {
    "csv": lambda report, path, lang, _office: write_report_csv(report, path, lang),
    "xlsx": lambda report, path, lang, _office: write_report_xlsx(report, path, lang),
    "pdf": _pdf,
    "docx": _docx,
}
