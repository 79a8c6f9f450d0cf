"""The supervisor's report as CSV, XLSX or PDF (see report.py for what it contains)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from broadcaster.durations import format_duration
from broadcaster.proof.csv_out import neutralise
from broadcaster.proof.labels import label

FONTS = Path(__file__).resolve().parent.parent / "fonts"
STATE_WORDS = {
    "vi": {
        "missing": "thiếu nhật ký",
        "untrusted": "KHÔNG TIN CẬY (đã bị sửa)",
        "unchecked": "KHÔNG KIỂM TRA ĐƯỢC",
    },
    "en": {
        "missing": "log missing",
        "untrusted": "UNTRUSTED (changed)",
        "unchecked": "CANNOT BE CHECKED",
    },
}
HEAD = {
    "vi": (
        "Mã đài",
        "Tên đài",
        "Tháng",
        "Số lần phát yêu cầu",
        "Số lần phát đã thực hiện",
        "Số chương trình đã phát",
        "Tổng thời lượng phát (giây)",
        "Đánh giá",
        "Ghi chú",
    ),
    "en": (
        "Station id",
        "Station",
        "Month",
        "Airings required",
        "Airings done",
        "Items aired",
        "Total airtime (s)",
        "Verdict",
        "Notes",
    ),
}
TITLE = {"vi": "BÁO CÁO TỔNG HỢP PHÁT THANH", "en": "BROADCAST SUMMARY REPORT"}
INPUTS = {"vi": "Kiểm tra tệp đầu vào", "en": "Inputs checked"}


def _cell_words(cell: Mapping[str, Any], lang: str) -> tuple[str, str]:
    if cell["state"] != "ok":
        note = "; ".join(cell.get("problems", []))
        return STATE_WORDS[lang][cell["state"]], note
    return label(f"verdict.{cell['verdict']}", lang), ""


def _lines(report: Mapping[str, Any], lang: str) -> list[list[Any]]:
    lines: list[list[Any]] = []
    for station in report["stations"]:
        for cell in station["cells"]:
            verdict, note = _cell_words(cell, lang)
            ok = cell["state"] == "ok"
            lines.append(
                [
                    station["id"],
                    station["name"],
                    cell["month"],
                    cell.get("airings_required") if ok else None,
                    cell.get("airings_done") if ok else None,
                    cell.get("items_aired") if ok else None,
                    cell.get("airtime_s") if ok else None,
                    verdict,
                    note,
                ]
            )
        t = station["totals"]
        lines.append(
            [
                station["id"],
                station["name"],
                label("total", lang),
                t["airings_required"],
                t["airings_done"],
                t["items_aired"],
                t["airtime_s"],
                "",
                "",
            ]
        )
    o = report["overall"]
    lines.append(
        [
            "",
            label("total", lang),
            "",
            o["airings_required"],
            o["airings_done"],
            o["items_aired"],
            o["airtime_s"],
            "",
            "",
        ]
    )
    return lines


def write_report_csv(report: Mapping[str, Any], path: Path, lang: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEAD[lang])
    for line in _lines(report, lang):
        writer.writerow(
            [neutralise(v) if isinstance(v, str) else ("" if v is None else v) for v in line]
        )
    path.write_text(out.getvalue(), encoding="utf-8-sig", newline="")


def write_report_xlsx(report: Mapping[str, Any], path: Path, lang: str) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "border": 1})
    bad = book.add_format({"bg_color": "#F8CBAD"})
    sheet = book.add_worksheet(label("summary", lang))
    sheet.write_string(0, 0, TITLE[lang], bold)
    sheet.write_row(2, 0, HEAD[lang], head)
    for r, line in enumerate(_lines(report, lang), start=3):
        for c, value in enumerate(line):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(
                    r, c, value, bad if c == 7 and value in STATE_WORDS[lang].values() else None
                )
            else:
                sheet.write_number(r, c, value)
    for c, width in enumerate((16, 32, 10, 12, 12, 12, 14, 24, 50)):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(3, 0)
    inputs = book.add_worksheet(INPUTS[lang][:31])
    inputs.write_row(0, 0, ("source", "station_id", "month", "verified", "problems"), head)
    for r, item in enumerate(report["inputs"], start=1):
        inputs.write_string(r, 0, item["source"])
        inputs.write_string(r, 1, item["station_id"] or "")
        inputs.write_string(r, 2, item["month"] or "")
        inputs.write_string(
            r, 3, "OK" if item["verified"] else "!!", None if item["verified"] else bad
        )
        inputs.write_string(r, 4, "; ".join(item["problems"]))
    inputs.set_column(0, 0, 60)
    inputs.set_column(4, 4, 80)
    book.close()


def write_report_pdf(report: Mapping[str, Any], path: Path, lang: str) -> None:
    from fpdf import FPDF

    pdf = FPDF(orientation="L", format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, 12)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    scope = report["scope"]
    pdf.cell(
        0,
        9,
        f"{TITLE[lang]} — {scope['month'] or scope['year'] or ''}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    widths = (24, 58, 22, 24, 24, 22, 26, 40, 37)
    pdf.set_font("DejaVu", "B", 7.5)
    for width, text in zip(widths, HEAD[lang], strict=True):
        pdf.cell(width, 8, text, border=1)
    pdf.ln()
    pdf.set_font("DejaVu", "", 7.5)
    for line in _lines(report, lang):
        for c, (width, value) in enumerate(zip(widths, line, strict=True)):
            text = "" if value is None else (format_duration(value) if c == 6 else str(value))
            if c == 7 and text in STATE_WORDS[lang].values():
                pdf.set_text_color(180, 0, 0)
            pdf.cell(width, 6, text[: int(width * 0.55)], border=1)
            pdf.set_text_color(0, 0, 0)
        pdf.ln()
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 9)
    pdf.cell(0, 7, INPUTS[lang], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 7)
    for item in report["inputs"]:
        mark = "OK" if item["verified"] else "!!"
        text = f"[{mark}] {item['source']} — {item['station_id'] or '?'} {item['month'] or '?'}"
        if item["problems"]:
            text += " — " + "; ".join(item["problems"])
        pdf.multi_cell(0, 4.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


WRITERS = {"csv": write_report_csv, "xlsx": write_report_xlsx, "pdf": write_report_pdf}
