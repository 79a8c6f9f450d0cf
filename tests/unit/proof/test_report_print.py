"""The multi-station report as a PDF an office signs: A4 portrait, nothing overlapping or cut
(every page rendered to PNG under var/artefacts/pdf), the frame of Nghị định 30 and the
content in order, every state's words, no English word in the Vietnamese document, page 1
against a golden file, and the speed for 200 stations."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest

from broadcaster.proof.office import Office
from broadcaster.proof.report_print import write_report_pdf
from tests.support import report_samples
from tests.support.paths import GOLDEN as GOLDEN_DIR
from tests.support.pdf_layout import assert_clean_layout, pages, tool

GOLDEN = GOLDEN_DIR / "report-print-page1.txt"
OFFICE = Office(
    parent_body="UBND huyện Bình Sơn",
    issuer="Phòng Văn hóa và Thông tin",
    issuer_code="VHTT",
    place="Bình Sơn",
    signer_title="Trưởng phòng",
    signer_name="Nguyễn Văn An",
    recipients=("Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Ngãi",),
)
STATE_WORDS = (
    "đạt",
    "không đạt",
    "không thể đạt",
    "đang thực hiện",
    "chưa đến kỳ",
    "chưa hoạt động",
    "thiếu nhật ký",
    "không tin cậy",
    "không kiểm tra được",
)


def _text(pdf: Path) -> str:
    found = pages(pdf)
    return " ".join(w.text for p in found for w in p.words)


def _write(tmp_path: Path, report: dict, lang: str = "vi", office: Office | None = OFFICE) -> Path:
    path = tmp_path / "bao-cao.pdf"
    write_report_pdf(report, path, lang, office)
    return path


@pytest.mark.parametrize(
    "name, make, lang",
    [
        ("month", report_samples.month_report, "vi"),
        ("year", report_samples.year_report, "vi"),
        ("range", report_samples.range_report, "vi"),
        ("year-en", report_samples.year_report, "en"),
    ],
)
def test_every_report_fits_portrait_pages(tmp_path: Path, name: str, make, lang: str) -> None:
    found = assert_clean_layout(_write(tmp_path, make(), lang), f"report-{name}")
    assert all(p.portrait and round(p.width) == 595 for p in found)  # A4 portrait


def test_two_hundred_stations_take_several_clean_pages(tmp_path: Path) -> None:
    report = report_samples.many_stations(200, ["2026-09", "2026-10", "2026-11"])
    found = assert_clean_layout(_write(tmp_path, report, "en", None), "report-200-en")
    assert len(found) > 10 and all(p.portrait for p in found)
    # Each page after the first is numbered in the top margin.
    for page in found[1:]:
        top = min(page.words, key=lambda w: w.y0)
        assert top.text == str(page.number) and top.y1 < 20 * 72 / 25.4


@pytest.mark.parametrize(
    "months", [["2026-10"], report_samples.months_between("2026-01", "2026-12")]
)
def test_two_hundred_stations_are_written_well_inside_the_report_budget(
    tmp_path: Path, months: list[str]
) -> None:
    report = report_samples.many_stations(200, months)
    started = time.perf_counter()
    _write(tmp_path, report)
    elapsed = time.perf_counter() - started
    # `report` over 200 station-months must end within 5 s, verification included.
    assert elapsed < (1.5 if len(months) == 1 else 5.0), f"{elapsed:.2f} s, {len(months)} months"


def test_the_document_reads_in_the_order_of_decree_30(tmp_path: Path) -> None:
    text = _text(_write(tmp_path, report_samples.year_report()))
    order = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: ……/BC-VHTT",
        "BÁO CÁO",
        "Tổng hợp kết quả phát thanh năm 2026",
        "1. Kết quả chung của từng đài",
        "2. Kết quả theo chuyên mục của kế hoạch",
        "3. Bản tin",
        "4. Tình trạng nhật ký theo tháng",
        "TRƯỞNG PHÒNG",
        "Nguyễn Văn An",
        "PHỤ LỤC",
        "Các tệp đầu vào đã kiểm tra",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [p for p, i in zip(order, positions, strict=True) if i == -1]
    assert positions == sorted(positions)
    for words in STATE_WORDS:
        assert words in text, words
    assert "tuần 11/05–17/05" in text  # a missing week of the weekly segment, in words
    assert "tháng 11/2026" in text and "2026-11" not in text.replace("/2026-11/", "")
    assert "Bình Sơn, ngày 29 tháng 11 năm 2026" in text


def test_no_english_word_in_the_vietnamese_document(tmp_path: Path) -> None:
    text = _text(_write(tmp_path, report_samples.year_report())).lower()
    for english in ("bulletin", "emergency", "priority", "verdict", "missing", "airtime"):
        assert english not in text, english
    # Checked against the English document: the same check finds its words there.
    assert "bulletins" in _text(_write(tmp_path, report_samples.year_report(), "en")).lower()


def test_an_office_without_a_document_table_gets_blanks_to_fill_in(tmp_path: Path) -> None:
    path = _write(tmp_path, report_samples.month_report(), office=None)
    found = assert_clean_layout(path, "report-blank-office")
    text = " ".join(w.text for w in found[0].words)
    assert "Số: ……/BC-……" in text and "THỦ TRƯỞNG ĐƠN VỊ" in _text(path)


def test_page_one_matches_the_golden_file(tmp_path: Path) -> None:
    path = _write(tmp_path, report_samples.year_report())
    out = subprocess.run(
        [tool("pdftotext"), "-f", "1", "-l", "1", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8")
    text = "\n".join(line.rstrip() for line in out.splitlines()).strip() + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8", newline="")
    assert GOLDEN.is_file(), f"{GOLDEN} missing: run with UPDATE_GOLDEN=1 once and review it"
    assert text == GOLDEN.read_bytes().decode("utf-8"), "page 1 differs from the golden file"


def test_hostile_text_in_an_input_is_printed_not_a_traceback(tmp_path: Path) -> None:
    report = report_samples.month_report()
    report["inputs"][0]["problems"] = ["bad\x00byte\x1b[31m \ud800 " + "x" * 400 + " \ufffe"]
    report["inputs"][0]["source"] = "/" + "thu-muc-rat-dai/" * 30 + "manifest.json"
    report["stations"][0]["name"] = "Đài\x07 " + "Bình Khương " * 12
    found = assert_clean_layout(_write(tmp_path, report), "report-hostile")
    text = " ".join(w.text for p in found for w in p.words)
    assert "bad byte" in text and "\x00" not in text


def test_a_preparer_signs_beside_the_head_without_overlap(tmp_path: Path) -> None:
    office = replace(OFFICE, preparer_name="Trần Thị Bình")
    path = _write(tmp_path, report_samples.year_report(), office=office)
    assert_clean_layout(path, "report-preparer")
    text = _text(path)
    assert text.index("NGƯỜI LẬP BIỂU") < text.index("Trần Thị Bình") < text.index("PHỤ LỤC")
