"""`report` over exports of several stations: gaps, a tampered input, a station that met
every target; the supervisor's numbers only count what verifies."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document

from broadcaster._lib.signing import sealed
from broadcaster.cli import main
from broadcaster.proof.export import key_of, write_formats
from broadcaster.proof.json_out import write_json
from broadcaster.proof.month import build_month
from broadcaster.proof.report import collect
from broadcaster.proof.report_model import build_report
from tests.support.history import make_history, make_perfect_month
from tests.support.pdf_layout import assert_clean_layout
from tests.support.station import SERIES_MONTHLY, StationDir


def _station(root: Path, station_id: str, name: str) -> StationDir:
    s = StationDir(root / station_id)
    s.root.mkdir(parents=True)
    s.write_config(station_id=station_id, name=name)
    s.write_series("chuyen-doi-so", SERIES_MONTHLY)
    return s


def _document(history: dict) -> dict:
    month = build_month(history["engine"], history["config"], "2026-03", history["clock"].now())
    return sealed(month, key_of(history["config"]))


@pytest.fixture(scope="module")
def exports(tmp_path_factory, tone) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("stations")
    out = tmp_path_factory.mktemp("exports")
    good = _station(root, "xa-an-binh", "Đài truyền thanh xã An Bình")
    patchy = _station(root, "xa-binh-chau", "Đài truyền thanh xã Bình Châu")
    forged = _station(root, "xa-binh-hai", "Đài truyền thanh xã Bình Hải")
    paths = {}
    paths["good"] = out / "an-binh-2026-03.json"
    write_json(_document(make_perfect_month(good, tone)), paths["good"])
    history = make_history(patchy, tone)
    paths["patchy"] = out / "binh-chau-2026-03"
    write_formats(_document(history), paths["patchy"], "nhat-ky", "vi", key_of(history["config"]))
    forged_doc = _document(make_perfect_month(forged, tone))
    forged_doc["rows"][1]["played_s"] = forged_doc["rows"][1]["played_s"] + 600  # padding airtime
    paths["forged"] = out / "binh-hai-2026-03.json"
    write_json(forged_doc, paths["forged"])
    return paths


def _report(exports, tmp_path, *args: str) -> tuple[dict, str]:
    out = tmp_path / "report.xlsx"
    result = CliRunner().invoke(
        main, ["report", *map(str, exports.values()), "-o", str(out), "--json", *args]
    )
    assert result.exit_code == 0, result.output
    text = result.stdout
    return json.loads(text[text.index("{") :]), result.stderr


def test_month_report_scores_each_station_and_flags_the_forgery(exports, tmp_path) -> None:
    report, messages = _report(exports, tmp_path, "--month", "2026-03")
    by_id = {s["id"]: s for s in report["stations"]}
    assert by_id["xa-an-binh"]["cells"][0]["verdict"] == "met"
    assert by_id["xa-an-binh"]["totals"]["airings_done"] == 4
    assert by_id["xa-binh-chau"]["cells"][0]["verdict"] == "not_met"
    assert by_id["xa-binh-hai"]["cells"][0]["state"] == "untrusted"
    assert by_id["xa-binh-hai"]["totals"]["airings_done"] == 0  # never silently counted
    assert report["overall"]["airings_done"] == 4 + by_id["xa-binh-chau"]["totals"]["airings_done"]
    flagged = [i for i in report["inputs"] if not i["verified"]]
    assert [Path(i["source"]).name for i in flagged] == ["binh-hai-2026-03.json"]
    assert "KHÔNG TÍNH" in messages and "binh-hai-2026-03.json" in messages


def test_year_report_made_in_november(exports) -> None:
    """Finding (#11 §1): the year report marked December *thiếu nhật ký* in November. Now
    the months before the first log are not started, November is in progress and
    December not yet due; only the months between are missing. (On the old code every
    month without a log was `missing`, December and February too.)"""
    report = build_report(collect(list(exports.values())), year="2026", today=date(2026, 11, 29))
    for station in report["stations"]:
        states = {c["month"]: c["state"] for c in station["cells"]}
        assert len(states) == 12
        assert states["2026-02"] == "not_started" and states["2026-04"] == "missing"
        assert states["2026-11"] == "in_progress" and states["2026-12"] == "not_yet"
    good = next(s for s in report["stations"] if s["id"] == "xa-an-binh")
    totals = good["totals"]
    assert (totals["months_met"], totals["months_missing"], totals["months_not_started"]) == (
        1,
        7,
        2,
    )
    assert (totals["months_in_progress"], totals["months_not_yet"]) == (1, 1)


def test_each_series_apart(exports) -> None:
    """Finding (#11 §1): totals mixed the monthly programme and the weekly segment into one
    "required 11 / done 3". Each series now has its own figures and missing weeks."""
    report = build_report(collect([exports["patchy"]]), month="2026-03", today=date(2026, 11, 29))
    (cell,) = report["stations"][0]["cells"]
    series = {s["series_id"]: s for s in cell["series"]}
    monthly, weekly = series["chuyen-doi-so"], series["tinh-hang-tuan"]
    assert monthly["period"] == "month" and monthly["airings_required"] == 4
    assert weekly["period"] == "week" and len(weekly["weeks_required"]) == 5
    assert weekly["airings_done"] == 1  # one week aired; one failed, one missed, one never came
    assert len(weekly["weeks_missing"]) >= 2
    assert cell["bulletins"]["count"] == 0


def test_report_files_open(exports, tmp_path) -> None:
    from openpyxl import load_workbook

    paths = {fmt: tmp_path / f"report.{fmt}" for fmt in ("xlsx", "csv", "pdf", "docx")}
    # The culture office's own config: only its [document] table is read by `report`.
    office = tmp_path / "phong-vhtt.toml"
    office.write_text(
        '[document]\nissuer = "Phòng Văn hóa và Thông tin"\nplace = "Bình Sơn"\n'
        'signer_title = "Trưởng phòng"\nsigner_name = "Trần Thị Bình"\n',
        encoding="utf-8",
    )
    for fmt, path in paths.items():
        result = CliRunner().invoke(
            main,
            [
                "--config",
                str(office),
                "report",
                *map(str, exports.values()),
                "--month",
                "2026-03",
                "--format",
                fmt,
                "-o",
                str(path),
            ],
        )
        assert result.exit_code == 0, result.output
    book = load_workbook(paths["xlsx"])
    assert book.sheetnames == ["Tổng hợp", "Theo chuyên mục", "Tệp đầu vào"]
    summary = book["Tổng hợp"]
    assert summary["A5"].value == "Mã đài" and summary["C5"].value == "Tháng"
    lines = [row for row in summary.iter_rows(min_row=6, values_only=True)]
    good = next(line for line in lines if line[0] == "xa-an-binh" and line[2] == "tháng 3/2026")
    assert good[1] == "Đài truyền thanh xã An Bình" and good[3] == "đạt"
    assert (good[4], good[5]) == (4, 4) and all(isinstance(v, int) for v in good[4:8])
    forged = next(line for line in lines if line[0] == "xa-binh-hai" and line[2] == "tháng 3/2026")
    assert forged[3] == "không tin cậy (đã bị sửa)" and forged[4] is None
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)  # no formula
                if cell.column_letter == "C":  # months in words, never the ISO key
                    assert not (isinstance(cell.value, str) and "2026-03" in cell.value)
    airtime = summary.cell(row=6 + lines.index(good), column=9)
    # a real duration (a number of days, which openpyxl reads back as a timedelta)
    assert airtime.number_format == "[h]:mm" and airtime.data_type == "d"  # not text
    assert airtime.value == timedelta(seconds=4)
    by_series = book["Theo chuyên mục"]
    heads = [c.value for c in by_series[5]]
    assert "Số lần phát yêu cầu" in heads and "Số lần phát đã thực hiện" in heads
    assert "Tuần thiếu" in heads
    weekly = [
        row
        for row in by_series.iter_rows(min_row=6, values_only=True)
        if row[0] == "xa-binh-chau" and row[4] == "Chuyển đổi số – Đài tỉnh"
    ]
    assert weekly[0][5] == "tuần" and weekly[0][11].startswith("tuần ")
    csv_text = paths["csv"].read_bytes()
    assert csv_text.startswith(b"\xef\xbb\xbf") and "xã Bình Châu".encode() in csv_text
    lines = list(csv.reader(io.StringIO(csv_text.decode("utf-8-sig"))))
    assert lines[0][:3] == ["Mã đài", "Tên đài", "Tháng"]
    assert {line[2] for line in lines[1:]} == {"tháng 3/2026", "Tổng cộng"}
    text = subprocess.run(
        ["pdftotext", "-layout", str(paths["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "PHÒNG VĂN HÓA" in text
    assert "TRƯỞNG PHÒNG" in text and "Trần Thị Bình" in text and "Bình Sơn, ngày" in text
    assert "BÁO CÁO" in text and "không tin cậy" in text
    pages = assert_clean_layout(paths["pdf"], "report-cli-month")
    assert all(page.portrait for page in pages)
    word = Document(str(paths["docx"]))
    head = " ".join(cell.text for row in word.tables[0].rows for cell in row.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head and "PHÒNG VĂN HÓA VÀ THÔNG TIN" in head
    body = "\n".join(p.text for p in word.paragraphs) + " ".join(
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    )
    assert "Trần Thị Bình" in body and "không tin cậy" in body


def test_a_bad_document_table_is_one_line_exit_2(exports, tmp_path) -> None:
    office = tmp_path / "phong-vhtt.toml"
    office.write_text('[document]\nsigner = "Trưởng phòng"\n', encoding="utf-8")
    out = tmp_path / "r.pdf"
    result = CliRunner().invoke(
        main,
        [
            "--config",
            str(office),
            "report",
            str(exports["good"]),
            "--format",
            "pdf",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 2 and "document.signer" in result.output, result.output
    assert "Traceback" not in result.output and not out.exists()


def _run(*args: object) -> Result:
    return CliRunner().invoke(main, ["report", *map(str, args)])


def test_a_range_is_read_both_ways(exports, tmp_path) -> None:
    out = tmp_path / "r.csv"
    for first, last in (("15/12/2025", "14/12/2026"), ("2025-12-15", "2026-12-14")):
        result = _run(
            *exports.values(), "--from", first, "--to", last, "-o", out, "--force", "--json"
        )
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout[result.stdout.index("{") :])
        assert report["scope"]["kind"] == "range" and len(report["scope"]["months"]) == 13
        assert (report["scope"]["from"], report["scope"]["to"]) == ("2025-12-15", "2026-12-14")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--from", "14/12/2026", "--to", "15/12/2025"], "ở trước ngày bắt đầu"),
        (["--from", "01/01/2020", "--to", "02/01/2026"], "dài quá 5 năm"),
        (["--from", "31/02/2026", "--to", "01/03/2026"], "không đọc được"),
        (["--from", "hôm qua", "--to", "01/03/2026"], "không đọc được"),
        (["--from", "15/12/2025"], "Cần cả --from và --to"),
        (["--to", "15/12/2025"], "Cần cả --from và --to"),
        (["--from", "15/12/2025", "--to", "14/12/2026", "--year", "2026"], "Chỉ chọn một"),
    ],
)
def test_a_range_that_is_no_range_is_one_line(exports, tmp_path, args, words) -> None:
    result = _run(*exports.values(), *args, "-o", tmp_path / "r.csv")
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "r.csv").exists()
