"""The supervisor's report as PDF (a plain table; see report_model.py for the model it
renders). Kept working against report_version 2 until the office-document layout lands."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from broadcaster.proof.report_periods import hours_minutes
from broadcaster.proof.report_table import (
    BAD_STATES,
    STATE_WORDS,
    Airtime,
    heads,
    summary_lines,
    title_lines,
    word,
)

FONTS = Path(__file__).resolve().parent.parent / "fonts"


def write_report_pdf(report: Mapping[str, Any], path: Path, lang: str) -> None:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="L", format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, 12)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    title, scope, made = title_lines(report, lang)
    pdf.cell(0, 9, f"{title} — {scope}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(0, 6, made, new_x="LMARGIN", new_y="NEXT")
    widths = (22, 44, 24, 32, 22, 22, 18, 18, 22, 53)
    bad = {STATE_WORDS[lang][state] for state in BAD_STATES}
    red = FontFace(color=(180, 0, 0))
    pdf.set_font("DejaVu", "", 7)
    # fpdf2's table wraps every cell: the headers no longer run over each other.
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4) as table:
        row = table.row()
        for text in heads("summary", lang):
            row.cell(text)
        for line in summary_lines(report, lang):
            row = table.row()
            for c, value in enumerate(line):
                if isinstance(value, Airtime):
                    text = hours_minutes(value)
                else:
                    text = "" if value is None else str(value)
                row.cell(text, style=red if c == 3 and text in bad else None)
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 9)
    pdf.cell(0, 7, word("inputs", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 7)
    for item in report["inputs"]:
        mark = "OK" if item["verified"] else "!!"
        text = f"[{mark}] {item['source']} — {item['station_id'] or '?'} {item['month'] or '?'}"
        if item["problems"]:
            text += " — " + "; ".join(item["problems"])
        pdf.multi_cell(0, 4.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
