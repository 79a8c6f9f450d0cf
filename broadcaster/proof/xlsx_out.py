"""The month document as an Excel workbook a supervisor can compute with: a summary sheet
(the document's frame, then every done and required as its own number column) and a
detail sheet with every as-run row, its hashes and its corrections.

Every visible word comes from `labels.py` (Vietnamese, or English with lang "en"); the
cells are written by `xlsx_cells.Grid`, never as formulas. The sheets: `xlsx_summary.py`,
`xlsx_detail.py`.
"""

from __future__ import annotations

import pathlib
from typing import Any

import xlsxwriter

from broadcaster.proof.labels import label
from broadcaster.proof.office import Office
from broadcaster.proof.xlsx_cells import Formats
from broadcaster.proof.xlsx_detail import detail_sheet
from broadcaster.proof.xlsx_summary import summary_sheet


def write_xlsx(
    document: dict[str, Any], path: pathlib.Path, lang: str = "vi", office: Office | None = None
) -> None:
    """Write the month `document` (see `broadcaster.proof.month`) to `path` as .xlsx.
    `office`: who issues it (config `[document]`); None names the document's station."""
    if office is None:
        station = document.get("station") or {}
        office = Office().with_station(
            str(station.get("name") or ""), str(station.get("reports_to") or "")
        )
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
    formats = Formats(workbook)
    summary_sheet(workbook.add_worksheet(label("summary", lang)), document, office, formats, lang)
    detail_sheet(workbook.add_worksheet(label("detail", lang)), document, formats, lang)
    workbook.close()
