"""The month document as an Excel workbook, read back with openpyxl."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from broadcaster.proof.labels import label
from broadcaster.proof.xlsx_out import write_xlsx

QUOTED = 'Tuần 3, "đặc biệt"'
STATION = "Đài truyền thanh xã Thử Nghiệm"


def _row(seq: int, series_id: str, title: str, kind: str, status: str, when: str, **extra: Any):
    row: dict[str, Any] = {
        "seq": seq,
        "uid": f"uid-{seq}",
        "station_id": "xa-thu-nghiem",
        "series_id": series_id,
        "title": title,
        "file_name": f"{series_id}/{title}.mp3",
        "file_sha256": f"sha-{title}",
        "kind": kind,
        "scheduled_at": when,
        "started_at": when,
        "ended_at": when.replace(":00+", ":02+"),
        "duration_s": 2.0,
        "played_s": 2.0,
        "status": status,
        "reason": "",
        "corrects_uid": None,
        "recorded_at": when,
        "prev_hash": "0" * 64,
        "row_hash": "1" * 64,
    }
    row.update(extra)
    return row


def _programme(title: str, verdict: str, **extra: Any) -> dict[str, Any]:
    programme: dict[str, Any] = {
        "title": title,
        "file_name": f"x/{title}.mp3",
        "file_sha256": f"sha-{title}",
        "new_required": 1,
        "new_done": 1,
        "repeats_required": 0,
        "repeats_done": 0,
        "makeups": 0,
        "pending": 0,
        "airtime_s": 2.0,
        "problems": [],
        "verdict": verdict,
    }
    programme.update(extra)
    return programme


@pytest.fixture
def document() -> dict[str, Any]:
    """A small month document shaped like `broadcaster.proof.month.build_month`'s."""
    rows = [
        _row(
            1, "chuyen-doi-so", "Chuyển đổi số tháng 3", "new", "aired", "2026-03-02T06:10:00+07:00"
        ),
        _row(2, "tinh-hang-tuan", "=Tuần 1", "new", "aired", "2026-03-07T16:30:00+07:00"),
        _row(
            3,
            "chuyen-doi-so",
            "Chuyển đổi số tháng 3",
            "repeat",
            "partial",
            "2026-03-16T06:10:00+07:00",
            played_s=1.5,
            reason="bị dừng khi đang phát (dừng chương trình)",
        ),
        _row(
            4,
            "tinh-hang-tuan",
            "Tuần 2",
            "new",
            "failed",
            "2026-03-14T16:30:00+07:00",
            started_at=None,
            ended_at=None,
            played_s=0.0,
            reason="tệp chương trình không còn trong thư viện: tinh-hang-tuan/Tuần 2.mp3",
        ),
        _row(
            5,
            "tinh-hang-tuan",
            QUOTED,
            "new",
            "missed",
            "2026-03-21T16:30:00+07:00",
            started_at=None,
            ended_at=None,
            played_s=0.0,
            reason="phần mềm không chạy vào giờ phát",
        ),
        _row(
            6,
            "chuyen-doi-so",
            "Chuyển đổi số tháng 3",
            "makeup",
            "aired",
            "2026-03-23T06:10:00+07:00",
        ),
    ]
    monthly = {
        "series_id": "chuyen-doi-so",
        "title": "Chuyên mục Chuyển đổi số",
        "period": "month",
        "programmes_required": 1,
        "programmes_present": 1,
        "airings_required": 4,
        "airings_done": 3,
        "airtime_s": 5.5,
        "verdict": "pending",
        "programmes": [
            _programme(
                "Chuyển đổi số tháng 3",
                "pending",
                repeats_required=3,
                repeats_done=2,
                makeups=1,
                pending=1,
                airtime_s=5.5,
                problems=[
                    {
                        "scheduled_at": "2026-03-16T06:10:00+07:00",
                        "kind": "repeat",
                        "status": "partial",
                        "reason": "bị dừng khi đang phát (dừng chương trình)",
                    }
                ],
            )
        ],
    }
    weekly = {
        "series_id": "tinh-hang-tuan",
        "title": "Chuyển đổi số – Đài tỉnh",
        "period": "week",
        "programmes_required": 5,
        "programmes_present": 3,
        "airings_required": 5,
        "airings_done": 1,
        "airtime_s": 2.0,
        "verdict": "not_met",
        "programmes": [
            _programme("=Tuần 1", "met"),
            _programme(
                "Tuần 2",
                "not_met",
                new_done=0,
                airtime_s=0.0,
                problems=[
                    {
                        "scheduled_at": "2026-03-14T16:30:00+07:00",
                        "kind": "new",
                        "status": "failed",
                        "reason": "tệp chương trình không còn trong thư viện: tinh-hang-tuan/Tuần 2.mp3",
                    }
                ],
            ),
            _programme(
                QUOTED,
                "not_met",
                new_done=0,
                airtime_s=0.0,
                problems=[
                    {
                        "scheduled_at": "2026-03-21T16:30:00+07:00",
                        "kind": "new",
                        "status": "missed",
                        "reason": "phần mềm không chạy vào giờ phát",
                    }
                ],
            ),
        ],
    }
    return {
        "format_version": 1,
        "generator": "broadcaster 0.1.0",
        "generated_at": "2026-03-25T07:00:00+07:00",
        "station": {
            "id": "xa-thu-nghiem",
            "name": STATION,
            "level": "commune",
            "reports_to": "Phòng Văn hóa và Thông tin",
            "timezone": "Asia/Ho_Chi_Minh",
        },
        "month": "2026-03",
        "complete": False,
        "summary": {
            "series": [monthly, weekly],
            "totals": {
                "rows": 6,
                "aired": 3,
                "partial": 1,
                "missed": 1,
                "failed": 1,
                "makeups": 1,
                "airtime_s": 7.5,
                "verdict": "not_met",
            },
        },
        "pending": [],
        "rows": rows,
        "chain": {
            "first_seq": 1,
            "last_seq": 6,
            "hash_before": "0" * 64,
            "hash_after": "1" * 64,
            "links": [],
        },
    }


def _workbook(document: dict[str, Any], tmp_path: Path, lang: str = "vi") -> openpyxl.Workbook:
    path = tmp_path / f"month-{lang}.xlsx"
    write_xlsx(document, path, lang)
    return openpyxl.load_workbook(path)


def _cells(sheet: Worksheet, value: Any) -> list[Cell]:
    return [cell for row in sheet.iter_rows() for cell in row if cell.value == value]


def _header(sheet: Worksheet) -> list[str]:
    return [cell.value for cell in sheet[1]]


def _column(sheet: Worksheet, key: str, lang: str = "vi") -> int:
    """1-based index of the detail column whose header starts with `label(key)`."""
    for index, text in enumerate(_header(sheet), start=1):
        if text.split(" (UTC")[0] == label(key, lang):
            return index
    raise AssertionError(f"no column {key!r} in {_header(sheet)}")


def _verdict_cells(sheet: Worksheet, lang: str) -> list[Cell]:
    heading = _cells(sheet, label("verdict", lang))[0]
    return [
        cell
        for (cell,) in sheet.iter_rows(
            min_row=heading.row + 1, min_col=heading.column, max_col=heading.column
        )
        if isinstance(cell.value, str) and cell.value != label("verdict", lang)
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_two_sheets_named_by_label(document, tmp_path, lang):
    workbook = _workbook(document, tmp_path, lang)
    assert workbook.sheetnames == [label("summary", lang), label("detail", lang)]


def test_formula_like_title_stays_text(document, tmp_path):
    workbook = _workbook(document, tmp_path)
    for sheet in workbook.worksheets:
        cells = _cells(sheet, "=Tuần 1")
        assert cells, sheet.title
        for cell in cells:
            assert cell.data_type == "s"
            assert cell.value == "=Tuần 1"


def test_vietnamese_text_and_punctuation_intact(document, tmp_path):
    workbook = _workbook(document, tmp_path)
    summary, detail = workbook.worksheets
    assert _cells(summary, STATION)
    assert _cells(summary, "Chuyển đổi số – Đài tỉnh")
    assert _cells(summary, QUOTED) and _cells(detail, QUOTED)
    assert _cells(detail, "phần mềm không chạy vào giờ phát")
    assert _cells(detail, f"tinh-hang-tuan/{QUOTED}.mp3")


def test_title_block(document, tmp_path):
    summary = _workbook(document, tmp_path).worksheets[0]
    assert summary["A1"].value == f"{label('title', 'vi')} – {label('month', 'vi')} 03/2026"
    generated = _cells(summary, label("generated_at", "vi"))[0]
    stamp = summary.cell(generated.row, generated.column + 1)
    assert stamp.value == datetime(2026, 3, 25, 7, 0)
    assert summary.cell(generated.row, generated.column + 2).value == "UTC+07:00"
    for key in ("station", "level", "reports_to"):
        assert _cells(summary, label(key, "vi"))


def test_detail_dates_are_excel_dates_in_station_time(document, tmp_path):
    detail = _workbook(document, tmp_path).worksheets[1]
    for key in ("scheduled_at", "started_at", "ended_at"):
        assert detail.cell(1, _column(detail, key)).value.endswith("(UTC+07:00)")
    scheduled, started = _column(detail, "scheduled_at"), _column(detail, "started_at")
    ended = _column(detail, "ended_at")
    first = detail.cell(2, scheduled)
    assert first.is_date and first.value == datetime(2026, 3, 2, 6, 10)
    assert "dd/mm/yyyy" in first.number_format
    assert detail.cell(2, ended).value == datetime(2026, 3, 2, 6, 10, 2)
    for index, row in enumerate(document["rows"], start=2):
        assert isinstance(detail.cell(index, scheduled).value, datetime)
        if row["started_at"] is None:
            assert detail.cell(index, started).value is None
            assert detail.cell(index, ended).value is None
        else:
            assert isinstance(detail.cell(index, started).value, datetime)


def test_detail_numbers_are_numbers(document, tmp_path):
    detail = _workbook(document, tmp_path).worksheets[1]
    for key in ("seq", "duration_s", "played_s"):
        column = _column(detail, key)
        for index, row in enumerate(document["rows"], start=2):
            cell = detail.cell(index, column)
            assert cell.data_type == "n"
            assert cell.value == row[key]


def test_detail_rows_header_filter_and_labels(document, tmp_path):
    detail = _workbook(document, tmp_path).worksheets[1]
    assert detail.max_row == len(document["rows"]) + 1
    assert detail.freeze_panes == "A2"
    assert detail.auto_filter.ref == f"A1:L{len(document['rows']) + 1}"
    assert _header(detail)[_column(detail, "series") - 1] == label("series", "vi")
    statuses = [row[0].value for row in detail.iter_rows(min_row=2, min_col=9, max_col=9)]
    assert statuses == [label(f"status.{row['status']}", "vi") for row in document["rows"]]
    kinds = [row[0].value for row in detail.iter_rows(min_row=2, min_col=8, max_col=8)]
    assert kinds == [label(f"kind.{row['kind']}", "vi") for row in document["rows"]]
    assert detail.cell(2, _column(detail, "reason")).value is None  # "" stays empty
    assert detail.cell(4, _column(detail, "reason")).alignment.wrap_text
    assert detail.column_dimensions["L"].width > detail.column_dimensions["A"].width


def test_summary_rows(document, tmp_path):
    summary = _workbook(document, tmp_path).worksheets[0]
    monthly = _cells(summary, "Chuyên mục Chuyển đổi số")[0]
    assert monthly.font.bold
    line = [cell.value for cell in summary[monthly.row]]
    assert line[1:3] == ["1/1", "3/4"]
    assert line[7] == timedelta(seconds=5.5)
    programme = [cell.value for cell in summary[monthly.row + 1]]
    assert programme[0] == "Chuyển đổi số tháng 3"
    assert programme[3:6] == ["1/1", "2/3", 1]
    assert programme[6] == (
        f"{label('status.partial', 'vi')} 16/03/2026 06:10: bị dừng khi đang phát (dừng chương trình)"
    )
    quoted = [cell.value for cell in summary[_cells(summary, QUOTED)[0].row]]
    assert quoted[3] == "0/1"
    assert (
        quoted[6]
        == f"{label('status.missed', 'vi')} 21/03/2026 16:30: phần mềm không chạy vào giờ phát"
    )


def test_summary_totals(document, tmp_path):
    summary = _workbook(document, tmp_path).worksheets[0]
    total = _cells(summary, label("total", "vi"))[0]
    values = [cell.value for cell in summary[total.row]]
    assert values[1:7] == [3, 1, 1, 1, 1, 6]
    assert all(cell.data_type == "n" for cell in summary[total.row][1:7])
    assert values[7] == timedelta(seconds=7.5)
    assert values[8] == label("verdict.not_met", "vi")
    headings = [cell.value for cell in summary[total.row - 1]]
    assert headings[1:5] == [
        label(f"status.{s}", "vi") for s in ("aired", "partial", "missed", "failed")
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_verdicts_labelled_and_coloured(document, tmp_path, lang):
    summary = _workbook(document, tmp_path, lang).worksheets[0]
    cells = _verdict_cells(summary, lang)
    expected = [
        "pending",  # monthly series
        "pending",  # its programme
        "not_met",  # weekly series
        "met",
        "not_met",
        "not_met",
        "not_met",  # totals
    ]
    assert [cell.value for cell in cells] == [label(f"verdict.{v}", lang) for v in expected]
    fills = {v: cell.fill.fgColor.rgb for v, cell in zip(expected, cells, strict=True)}
    assert fills == {"met": "FFC6EFCE", "not_met": "FFFFC7CE", "pending": "FFFFEB9C"}


def test_english_headers(document, tmp_path):
    workbook = _workbook(document, tmp_path, "en")
    detail = workbook.worksheets[1]
    assert _header(detail)[0] == label("seq", "en")
    assert detail.cell(2, _column(detail, "status", "en")).value == label("status.aired", "en")


def test_empty_month(document, tmp_path):
    document["rows"] = []
    document["summary"] = {"series": [], "totals": {}}
    detail = _workbook(document, tmp_path).worksheets[1]
    assert detail.max_row == 1
