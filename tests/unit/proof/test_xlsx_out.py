"""The month document as an Excel workbook, read back with openpyxl."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from broadcaster.proof.labels import label
from broadcaster.proof.office import Office
from broadcaster.proof.xlsx_out import write_xlsx

QUOTED = 'Tuần 3, "đặc biệt"'
STATION = "Đài truyền thanh xã Thử Nghiệm"
SLUG = "bao-so-5_khan-cap"  # a bulletin titled by its file name


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _row(seq: int, series_id: str, title: str, kind: str, status: str, when: str, **extra: Any):
    row: dict[str, Any] = {
        "seq": seq,
        "uid": f"uid-{seq}",
        "station_id": "xa-thu-nghiem",
        "series_id": series_id,
        "title": title,
        "file_name": f"{series_id}/{title}.mp3",
        "file_sha256": _sha(title),
        "kind": kind,
        "scheduled_at": when,
        "started_at": when,
        "ended_at": when.replace(":00+", ":02+"),
        "duration_s": 2.0,
        "played_s": 2.0,
        "status": status,
        "reason": "",
        "corrects_uid": None,
        "makeup_of_uid": None,
        "priority": None,
        "recorded_at": when,
        "prev_hash": _sha(f"row {seq - 1}"),
        "row_hash": _sha(f"row {seq}"),
    }
    row.update(extra)
    return row


def _programme(title: str, verdict: str, **extra: Any) -> dict[str, Any]:
    programme: dict[str, Any] = {
        "title": title,
        "file_name": f"x/{title}.mp3",
        "file_sha256": _sha(title),
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
        _row(
            7,
            "bulletin",
            SLUG,
            "bulletin",
            "aired",
            "2026-03-24T09:00:00+07:00",
            priority="emergency",
        ),
        # The operator's correction of row 3: it did air in full.
        _row(
            8,
            "chuyen-doi-so",
            "Chuyển đổi số tháng 3",
            "repeat",
            "aired",
            "2026-03-16T06:10:00+07:00",
            corrects_uid="uid-3",
            reason="đính chính: đã phát trọn",
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
    bulletins = {
        "series_id": "bulletin",
        "title": "bulletin",
        "period": "",
        "programmes_required": 1,
        "programmes_present": 1,
        "airings_required": 1,
        "airings_done": 1,
        "airtime_s": 2.0,
        "verdict": "met",
        "programmes": [_programme(SLUG, "met")],
    }
    return {
        "format_version": 3,
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
        "plan": {
            "series": [
                {"id": "chuyen-doi-so", "title": "Chuyên mục Chuyển đổi số"},
                {"id": "tinh-hang-tuan", "title": "Chuyển đổi số – Đài tỉnh"},
            ]
        },
        "summary": {
            "series": [monthly, weekly, bulletins],
            "totals": {
                "rows": 7,
                "aired": 5,
                "partial": 0,
                "missed": 1,
                "failed": 1,
                "makeups": 1,
                "airtime_s": 10.0,
                "verdict": "not_met",
            },
        },
        "pending": [],
        "rows": rows,
        "chain": {
            "first_seq": 1,
            "last_seq": 8,
            "hash_before": "0" * 64,
            "hash_after": "1" * 64,
            "links": [],
        },
    }


OFFICE = Office(
    parent_body="UBND huyện Bình Sơn",
    issuer="Đài truyền thanh xã Thử Nghiệm",
    issuer_code="ĐTT",
    number="12",
    place="Bình Sơn",
)
SUMMARY_HEADERS = {
    "vi": [
        "Chuyên mục",
        "Chương trình",
        "Số chương trình: đã thực hiện",
        "Số chương trình: yêu cầu",
        "Phát mới: đã thực hiện",
        "Phát mới: yêu cầu",
        "Phát lại: đã thực hiện",
        "Phát lại: yêu cầu",
        "Số lần phát: đã thực hiện",
        "Số lần phát: yêu cầu",
        "Phát bù",
        "Tổng thời lượng phát",
        "Đánh giá",
        "Sự cố",
    ],
    "en": [
        "Series",
        "Programme",
        "Programmes: done",
        "Programmes: required",
        "New: done",
        "New: required",
        "Repeats: done",
        "Repeats: required",
        "Airings: done",
        "Airings: required",
        "Make-ups",
        "Total airtime",
        "Verdict",
        "Problems",
    ],
}
DETAIL_HEADERS = {
    "vi": [
        "STT",
        "Giờ theo lịch (UTC+07:00)",
        "Giờ bắt đầu thực tế (UTC+07:00)",
        "Giờ kết thúc thực tế (UTC+07:00)",
        "Chuyên mục",
        "Chương trình",
        "Tệp",
        "Loại",
        "Trạng thái",
        "Thời lượng (giây)",
        "Đã phát (giây)",
        "Ghi chú",
        "Đính chính dòng số",
        "Đính chính",
        "Mã SHA-256 của tệp",
        "Mã băm của dòng",
    ],
    "en": [
        "No.",
        "Scheduled (UTC+07:00)",
        "Actual start (UTC+07:00)",
        "Actual end (UTC+07:00)",
        "Series",
        "Programme",
        "File",
        "Kind",
        "Status",
        "Duration (s)",
        "Played (s)",
        "Notes",
        "Corrects row no.",
        "Correction",
        "File SHA-256",
        "Row hash",
    ],
}


def _workbook(
    document: dict[str, Any], tmp_path: Path, lang: str = "vi", office: Office | None = None
) -> openpyxl.Workbook:
    path = tmp_path / f"month-{lang}.xlsx"
    if office is None:
        write_xlsx(document, path, lang)  # as older callers do
    else:
        write_xlsx(document, path, lang, office)
    return openpyxl.load_workbook(path)


def _cells(sheet: Worksheet, value: Any) -> list[Cell]:
    return [cell for row in sheet.iter_rows() for cell in row if cell.value == value]


def _header_row(sheet: Worksheet) -> int:
    """The table's header row: the one the sheet repeats on every printed page."""
    rows = sheet.print_title_rows  # "$12:$12"
    return int(rows.split(":")[0].strip("$"))


def _header(sheet: Worksheet) -> list[str]:
    return [cell.value for cell in sheet[_header_row(sheet)]]


def _column(sheet: Worksheet, key: str, lang: str = "vi") -> int:
    """1-based index of the column whose header starts with `label(key)`."""
    for index, text in enumerate(_header(sheet), start=1):
        if text and text.split(" (UTC")[0] == label(key, lang):
            return index
    raise AssertionError(f"no column {key!r} in {_header(sheet)}")


def _line(sheet: Worksheet, first: str, second: str | None = None) -> list[Any]:
    """The summary line whose first cells are `first` (and `second`)."""
    for row in sheet.iter_rows(min_row=_header_row(sheet) + 1):
        if row[0].value == first and row[1].value == second:
            return [cell.value for cell in row]
    raise AssertionError(f"no line {first!r} / {second!r}")


def _width(sheet: Worksheet, column: int) -> float:
    # openpyxl folds neighbouring columns of one width into the first one's entry.
    for dimension in sheet.column_dimensions.values():
        if dimension.min <= column <= dimension.max:
            return float(dimension.width)
    raise AssertionError(column)


def _detail_values(detail: Worksheet, key: str, lang: str = "vi") -> list[Any]:
    column = _column(detail, key, lang)
    return [row[0].value for row in detail.iter_rows(min_row=2, min_col=column, max_col=column)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_two_sheets_named_by_label(document, tmp_path, lang):
    workbook = _workbook(document, tmp_path, lang)
    assert workbook.sheetnames == [label("summary", lang), label("detail", lang)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_sheet_has_its_headers_in_the_readers_language(document, tmp_path, lang):
    # Old code: '(done/required)' text columns and a `series` id column; fails on both sheets.
    summary, detail = _workbook(document, tmp_path, lang).worksheets
    assert _header(summary) == SUMMARY_HEADERS[lang]
    assert _header(detail) == DETAIL_HEADERS[lang]


def test_no_formula_anywhere_and_a_formula_like_title_stays_text(document, tmp_path):
    workbook = _workbook(document, tmp_path)
    for sheet in workbook.worksheets:
        assert [c.coordinate for r in sheet.iter_rows() for c in r if c.data_type == "f"] == []
        cells = _cells(sheet, "=Tuần 1")
        assert cells, sheet.title
        assert all(cell.data_type == "s" for cell in cells)


def test_the_no_formula_check_can_fail(tmp_path):
    # The check above reads a formula cell as one: a workbook that has one is caught.
    import xlsxwriter

    path = tmp_path / "formula.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet().write("A1", "=1+1")
    book.close()
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [c.coordinate for r in sheet.iter_rows() for c in r if c.data_type == "f"] == ["A1"]


def test_done_and_required_are_two_number_columns(document, tmp_path):
    # Old code wrote '1/1' and '3/4' as text.
    summary = _workbook(document, tmp_path).worksheets[0]
    monthly = _line(summary, "Chuyên mục Chuyển đổi số")
    assert monthly[2:4] == [1, 1]  # programmes done, required
    assert monthly[8:10] == [3, 4]  # airings done, required
    assert monthly[11] == timedelta(seconds=5.5)
    programme = _line(summary, "Chuyên mục Chuyển đổi số", "Chuyển đổi số tháng 3")
    assert programme[4:8] == [1, 1, 2, 3]  # new done, required; repeats done, required
    assert programme[10] == 1  # make-ups
    weekly = _line(summary, "Chuyển đổi số – Đài tỉnh")
    assert weekly[2:4] == [3, 5] and weekly[8:10] == [1, 5]
    missed = _line(summary, "Chuyển đổi số – Đài tỉnh", QUOTED)
    assert missed[4:6] == [0, 1]
    first = _header_row(summary) + 1
    last = int(summary.auto_filter.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOP"))
    assert last - first + 1 == 8  # three series, five programmes
    for row in summary.iter_rows(min_row=first, max_row=last, min_col=3, max_col=12):
        for cell in row:
            # Numbers, or airtime: a number of days shown as a duration (openpyxl: "d").
            assert cell.value is None or cell.data_type in "nd", (cell.coordinate, cell.value)
            assert isinstance(cell.value, int | float | timedelta | None)


def test_problems_in_words(document, tmp_path):
    summary = _workbook(document, tmp_path).worksheets[0]
    programme = _line(summary, "Chuyên mục Chuyển đổi số", "Chuyển đổi số tháng 3")
    assert programme[13] == (
        f"{label('status.partial', 'vi')} 16/03/2026 06:10: bị dừng khi đang phát (dừng chương trình)"
    )
    quoted = _line(summary, "Chuyển đổi số – Đài tỉnh", QUOTED)
    assert quoted[13] == "bị bỏ lỡ 21/03/2026 16:30: phần mềm không chạy vào giờ phát"


def test_summary_totals(document, tmp_path):
    summary = _workbook(document, tmp_path).worksheets[0]
    total = _cells(summary, label("total", "vi"))[0]
    values = [cell.value for cell in summary[total.row]]
    assert values[2:6] == [5, 0, 1, 1]  # aired, partial, missed, failed
    assert values[9:11] == [7, 1]  # airings, make-ups
    assert all(summary.cell(total.row, c).data_type == "n" for c in (3, 4, 5, 6, 10, 11))
    assert values[11] == timedelta(seconds=10)
    headings = [cell.value for cell in summary[total.row - 1]]
    assert headings[2:6] == ["đã phát", "phát không trọn", "bị bỏ lỡ", "lỗi phát"]


def test_a_month_still_running_reads_cannot_be_met(document, tmp_path):
    # Old code: 'không đạt' while the month ran (no period rule).
    summary = _workbook(document, tmp_path).worksheets[0]
    assert _line(summary, "Chuyển đổi số – Đài tỉnh")[12] == "không thể đạt"
    assert _line(summary, "Chuyển đổi số – Đài tỉnh", "Tuần 2")[12] == "không thể đạt"
    assert _line(summary, "Chuyển đổi số – Đài tỉnh", "=Tuần 1")[12] == "đạt"
    assert _line(summary, "Chuyên mục Chuyển đổi số")[12] == "đang thực hiện"
    total = _cells(summary, label("total", "vi"))[0]
    assert summary.cell(total.row, 13).value == "không thể đạt"


@pytest.mark.parametrize(
    "generated, word",
    [
        ("2026-04-01T00:00:00+07:00", "không đạt"),  # the month's end, in the station's time
        ("2026-03-31T23:59:59+07:00", "không thể đạt"),  # its last second
        ("2026-04-10T08:00:00+07:00", "không đạt"),
    ],
)
def test_after_the_month_a_missed_series_is_not_met(document, tmp_path, generated, word):
    document["generated_at"] = generated
    summary = _workbook(document, tmp_path).worksheets[0]
    assert _line(summary, "Chuyển đổi số – Đài tỉnh")[12] == word


def test_verdicts_coloured(document, tmp_path):
    summary = _workbook(document, tmp_path).worksheets[0]
    cells = {text: _cells(summary, text)[0] for text in ("đạt", "không thể đạt", "đang thực hiện")}
    fills = {text: cell.fill.fgColor.rgb for text, cell in cells.items()}
    assert fills == {
        "đạt": "FFC6EFCE",
        "không thể đạt": "FFFFC7CE",
        "đang thực hiện": "FFFFEB9C",
    }


def test_bulletins_by_level_and_titles_readable(document, tmp_path):
    # Old code: the series id 'bulletin' and the slug title.
    summary, detail = _workbook(document, tmp_path).worksheets
    series = _detail_values(detail, "series")
    assert series[6] == "Bản tin khẩn cấp"
    assert series[0] == "Chuyên mục Chuyển đổi số" and series[1] == "Chuyển đổi số – Đài tỉnh"
    assert _detail_values(detail, "programme")[6] == "Bao so 5 khan cap"
    assert _line(summary, "Bản tin khẩn cấp")[2:4] == [1, 1]
    assert _line(summary, "Bản tin khẩn cấp", "Bao so 5 khan cap")[12] == "đạt"
    assert not _cells(summary, "bulletin") and not _cells(detail, "bulletin")
    english = _workbook(document, tmp_path, "en").worksheets[1]
    assert _detail_values(english, "series", "en")[6] == "Emergency bulletins"


def test_bulletins_of_several_levels_say_each_level(document, tmp_path):
    other = dict(document["rows"][6], seq=9, uid="uid-9", title="Lịch cắt điện")
    other.update(priority="normal", file_sha256=_sha("Lịch cắt điện"))
    document["rows"].append(other)
    bulletins = document["summary"]["series"][2]
    bulletins["programmes"].append(_programme("Lịch cắt điện", "met"))
    summary = _workbook(document, tmp_path).worksheets[0]
    assert _line(summary, "Bản tin")[12] == "đạt"
    assert _line(summary, "Bản tin", "Bản tin khẩn cấp: Bao so 5 khan cap")
    assert _line(summary, "Bản tin", "Bản tin thông thường: Lịch cắt điện")


def test_detail_hashes_in_full_as_text(document, tmp_path):
    # Old code had no hash columns.
    detail = _workbook(document, tmp_path).worksheets[1]
    for key, field in (("file_sha256", "file_sha256"), ("row_hash", "row_hash")):
        column = _column(detail, key)
        for index, row in enumerate(document["rows"], start=2):
            cell = detail.cell(index, column)
            assert cell.data_type == "s" and cell.value == row[field] and len(cell.value) == 64
            assert cell.alignment.wrap_text  # two lines of 32 on screen and paper
        assert 33 <= _width(detail, column) < 64


def test_corrections_linked_both_ways(document, tmp_path):
    # Old code: the correction repeated row 3 with nothing to link them.
    detail = _workbook(document, tmp_path).worksheets[1]
    corrects = _detail_values(detail, "corrects_seq")
    notes = _detail_values(detail, "correction")
    assert corrects == [None] * 7 + [3]
    assert detail.cell(9, _column(detail, "corrects_seq")).data_type == "n"
    assert notes[7] == "đính chính dòng 3"
    assert notes[2] == "đã được đính chính bởi dòng 8"
    assert [n for i, n in enumerate(notes) if i not in (2, 7)] == [None] * 6
    english = _workbook(document, tmp_path, "en").worksheets[1]
    assert _detail_values(english, "correction", "en")[2] == "corrected by row 8"


def test_a_correction_of_a_row_outside_the_month_has_no_number(document, tmp_path):
    document["rows"][7]["corrects_uid"] = "uid-of-february"
    detail = _workbook(document, tmp_path).worksheets[1]
    assert _detail_values(detail, "corrects_seq")[7] is None
    assert _detail_values(detail, "correction") == [None] * 8


def test_frame_above_the_summary(document, tmp_path):
    # Old code: one title line, no bodies, no motto, no number.
    summary = _workbook(document, tmp_path, office=OFFICE).worksheets[0]
    texts = [c.value for r in summary.iter_rows(max_row=_header_row(summary) - 1) for c in r]
    for words in (
        "UBND HUYỆN BÌNH SƠN",
        "ĐÀI TRUYỀN THANH XÃ THỬ NGHIỆM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/BC-ĐTT",
        "Bình Sơn, ngày 25 tháng 3 năm 2026",
        "NHẬT KÝ PHÁT THANH THÁNG 3/2026",
        STATION,
        "xã",
        "Phòng Văn hóa và Thông tin",
    ):
        assert words in texts, words
    assert all(not isinstance(t, str) or t.isprintable() for t in texts)
    issuer = _cells(summary, "ĐÀI TRUYỀN THANH XÃ THỬ NGHIỆM")[0]
    motto = _cells(summary, "Độc lập - Tự do - Hạnh phúc")[0]
    assert issuer.font.b and issuer.font.u and motto.font.b and motto.font.u
    assert issuer.column == 1 and motto.column > 8  # the bodies left, the motto right
    assert not _cells(summary, "UBND HUYỆN BÌNH SƠN")[0].font.u
    generated = _cells(summary, label("generated_at", "vi"))[0]
    assert summary.cell(generated.row, 2).value == datetime(2026, 3, 25, 7, 0)
    assert summary.cell(generated.row, 3).value == "UTC+07:00"


def test_frame_without_office_names_the_station(document, tmp_path):
    summary = _workbook(document, tmp_path).worksheets[0]
    assert summary["A1"].value == STATION.upper()
    assert _cells(summary, "Số: ……/BC-……")
    english = _workbook(document, tmp_path, "en").worksheets[0]
    assert _cells(english, "BROADCAST LOG – MARCH 2026")


@pytest.mark.parametrize("sheet_index", [0, 1])
def test_printing_and_screen(document, tmp_path, sheet_index):
    # Old code: landscape, no paper size, no filter or frozen header on the summary.
    sheet = _workbook(document, tmp_path).worksheets[sheet_index]
    header = _header_row(sheet)
    assert sheet.page_setup.paperSize == 9
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToHeight == 0 and sheet.page_setup.fitToWidth in (None, 1)
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.auto_filter.ref.startswith(f"A{header}:")


def test_columns_fit_their_text(document, tmp_path):
    summary, detail = _workbook(document, tmp_path).worksheets

    assert _width(summary, 1) >= len("Chuyên mục Chuyển đổi số")
    assert _width(summary, 2) >= len("Chuyển đổi số tháng 3")
    assert _width(detail, _column(detail, "file_name")) >= len(
        "chuyen-doi-so/Chuyển đổi số tháng 3.mp3"
    )
    assert _width(detail, _column(detail, "seq")) < 10
    assert detail.cell(4, _column(detail, "reason")).alignment.wrap_text


def test_detail_dates_are_excel_dates_in_station_time(document, tmp_path):
    detail = _workbook(document, tmp_path).worksheets[1]
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


def test_detail_numbers_words_and_filter(document, tmp_path):
    detail = _workbook(document, tmp_path).worksheets[1]
    for key in ("seq", "duration_s", "played_s"):
        column = _column(detail, key)
        for index, row in enumerate(document["rows"], start=2):
            cell = detail.cell(index, column)
            assert cell.data_type == "n" and cell.value == row[key]
    assert detail.max_row == len(document["rows"]) + 1
    assert detail.auto_filter.ref == f"A1:P{len(document['rows']) + 1}"
    assert _detail_values(detail, "status") == [
        label(f"status.{row['status']}", "vi") for row in document["rows"]
    ]
    assert _detail_values(detail, "kind") == [
        label(f"kind.{row['kind']}", "vi") for row in document["rows"]
    ]
    assert _detail_values(detail, "reason")[0] is None  # "" stays empty


def test_vietnamese_text_and_punctuation_intact(document, tmp_path):
    summary, detail = _workbook(document, tmp_path).worksheets
    assert _cells(summary, STATION)
    assert _cells(summary, QUOTED) and _cells(detail, QUOTED)
    assert _cells(detail, "phần mềm không chạy vào giờ phát")
    assert _cells(detail, f"tinh-hang-tuan/{QUOTED}.mp3")


def test_empty_month(document, tmp_path):
    document["rows"] = []
    document["summary"] = {"series": [], "totals": {}}
    summary, detail = _workbook(document, tmp_path).worksheets
    assert detail.max_row == 1
    assert _header(summary) == SUMMARY_HEADERS["vi"]
