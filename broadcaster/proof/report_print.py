"""The supervisor's report as a PDF an office signs and files: A4 portrait in the frame of
Nghị định 30/2020 (bodies, number, motto, place and date, title), the summary tables, the
signature block right after them, then the annex of the inputs checked.

The words and tables come from report_content.py (shared with the Word writer); this module
only places them. Page numbers from the second page, centred in the top margin (Nghị định 30).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from fpdf import FPDF

from broadcaster.proof.office import GAP, Office, frame
from broadcaster.proof.pdf_frame import (
    BOTTOM,
    LEFT,
    PT,
    RIGHT,
    SERIF,
    TOP,
    add_serif,
    centred,
    draw_signatures,
    draw_top,
    left_lines,
    signature_height,
)
from broadcaster.proof.print_table import Wrapper, draw_table
from broadcaster.proof.report_content import Content, Part, Table, report_content

BODY = 11.0  # pt: paragraphs; tables use their own smaller size
HEADING = 11.5


class _Document(FPDF):
    def header(self) -> None:
        if self.page > 1:
            self.set_font(SERIF, "", 11)
            number = str(self.page)
            self.text((self.w - self.get_string_width(number)) / 2, TOP / 2 + 2, number)


def report_office(office: Office | None) -> Office:
    """With no `[document]` table, the issuing unit's line is left for the office to write."""
    office = office or Office()
    return office if office.issuer else replace(office, issuer=GAP)


def report_day(report: Mapping[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(report.get("today")))
    except ValueError:
        return None


class _Writer:
    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.width = pdf.w - LEFT - RIGHT
        self.bottom = pdf.h - BOTTOM
        self.wrapper = Wrapper(pdf)
        self.y = TOP

    def new_page(self) -> float:
        self.pdf.add_page()
        self.y = TOP + 4
        return self.y

    def room(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    def paragraph(self, text: str, style: str = "", size: float = BODY, gap: float = 1.0) -> None:
        lines = self.wrapper.lines(text, self.width, style, size)
        self.room(len(lines) * size * PT * 1.3)
        self.y = left_lines(self.pdf, lines, LEFT, self.width, self.y, style, size) + gap

    def table(self, table: Table) -> None:
        self.y = draw_table(
            self.pdf, table, LEFT, self.y, self.width, self.bottom, self.new_page, self.wrapper
        )
        self.y += 2

    def section(self, section: Part) -> None:
        if section.heading:
            # A heading never ends a page: it keeps the room of a few lines under it.
            self.room(HEADING * PT * 1.3 + 20)
            self.paragraph(section.heading, "B", HEADING, 1.5)
        for block in section.blocks:
            if isinstance(block, Table):
                self.table(block)
            else:
                self.paragraph(block, "I", 9.5)
        self.y += 2


def draw_report(pdf: FPDF, content: Content, office: Office, on: date | None, lang: str) -> None:
    texts = frame(office, on, lang)
    writer = _Writer(pdf)
    pdf.add_page()
    writer.y = draw_top(pdf, texts, content.title)
    for line in content.intro:
        writer.paragraph(line, "", BODY)
    writer.y += 2
    for section in content.summary:
        writer.section(section)
    writer.room(signature_height(pdf, texts, bool(office.preparer_name)))
    draw_signatures(pdf, texts, writer.y + 2, with_preparer=bool(office.preparer_name))
    writer.new_page()
    usable = pdf.w - LEFT - RIGHT
    writer.y = centred(pdf, content.annex_title[0], LEFT, usable, TOP, "B", 13)
    writer.y = centred(pdf, content.annex_title[1], LEFT, usable, writer.y, "B", 12) + 4
    for section in content.annex:
        writer.section(section)


def write_report_pdf(
    report: Mapping[str, Any], path: Path, lang: str, office: Office | None = None
) -> None:
    """Write the report (report_version 2) as a PDF at `path`."""
    pdf = _Document(orientation="P", unit="mm", format="A4")
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(False)  # the breaks are ours: headers repeat, rows stay whole
    content = report_content(report, lang)
    pdf.set_title(" ".join(content.title))
    add_serif(pdf)
    draw_report(pdf, content, report_office(office), report_day(report), lang)
    pdf.output(str(path))
