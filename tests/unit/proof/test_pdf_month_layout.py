"""The monthly log PDF in the form an office files (#11 §2): the Nghị định 30 frame, A4
portrait throughout, the signatures right under the summary, the annexes after them,
Vietnamese words everywhere, nothing overlapping on any page; a golden file of page 1.

Regenerate the golden file after a deliberate layout change with
`UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/proof/test_pdf_month_layout.py`, then read the diff.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from broadcaster.proof.office import Office
from broadcaster.proof.pdf_kit import page_starts
from broadcaster.proof.pdf_out import write_pdf
from tests.support.paths import GOLDEN as GOLDEN_DIR
from tests.support.pdf_layout import assert_clean_layout, tool
from tests.support.pdf_month_data import realistic_month

GOLDEN = GOLDEN_DIR / "month-pdf-page1.txt"
OFFICE = Office(
    parent_body="Ủy ban nhân dân huyện Bình Sơn",
    issuer="Đài truyền thanh xã Bình Sơn",
    issuer_code="ĐTT",
    number="12",
    place="Bình Sơn",
    signer_title="Trưởng đài",
    signer_name="Nguyễn Văn An",
    preparer_name="Trần Thị Bình",
    recipients=("Phòng Văn hóa và Thông tin huyện Bình Sơn", "Đảng ủy, HĐND, UBND xã"),
)
# The head's two columns, all above the title (their lines interleave in the text).
HEAD_VI = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 12/BC-ĐTT",
    "Bình Sơn, ngày 02 tháng 12 năm 2026",
)
# Then in the order a reader meets them: title, content, signatures, the annexes.
ORDER_VI = (
    "BÁO CÁO",
    "Nhật ký phát thanh tháng 11 năm 2026",
    "Kết quả thực hiện kế hoạch phát thanh",
    "Tổng cộng",
    "TRƯỞNG ĐÀI",
    "Nguyễn Văn An",
    "Nơi nhận:",
    "Phụ lục I",
    "Chi tiết các lần phát",
    "Phụ lục II",
    "Lịch phát trong tháng",
)


def _text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = []
    if first is not None:
        pages = ["-f", str(first), "-l", str(last or first)]
    out = subprocess.run(
        [tool("pdftotext"), "-layout", *pages, str(pdf), "-"], capture_output=True, check=True
    )
    return out.stdout.decode("utf-8")


def _flow(pdf: Path) -> str:
    """The words in the order they are drawn, one space apart: a cell's wrapped lines
    read as one text (`-layout` interleaves them with the next columns)."""
    out = subprocess.run(
        [tool("pdftotext"), "-raw", str(pdf), "-"], capture_output=True, check=True
    )
    return " ".join(out.stdout.decode("utf-8").split())


def _in_order(text: str, words: tuple[str, ...], head: tuple[str, ...] = ()) -> None:
    title = text.find(words[0])
    for word in head:
        assert -1 < text.find(word) < title, f"{word!r} missing or not above the title"
    at = -1
    for word in words:
        found = text.find(word, at + 1)
        assert found > at, f"{word!r} missing or out of order"
        at = found


@pytest.fixture(scope="module")
def month() -> dict[str, Any]:
    return realistic_month(320)


def test_a_realistic_month_is_an_administrative_report(month, tmp_path: Path) -> None:
    out = tmp_path / "month.pdf"
    write_pdf(month, out, "vi", OFFICE)
    pages = assert_clean_layout(out, "month-vi")
    assert len(pages) >= 5 and all(p.portrait for p in pages)
    text = _text(out)
    _in_order(text, ORDER_VI, HEAD_VI)
    assert "bulletin" not in text.lower() and "2026-11" not in text
    for words in ("Bản tin khẩn cấp", "Bản tin ưu tiên", "Bản tin thông thường", "Phát thử"):
        assert words in text, words
    # A correction names the row it corrects, and the corrected row is marked too.
    flow = _flow(out)
    assert "đính chính dòng 4" in flow and "đã được đính chính bởi dòng 5" in flow
    # A title made from a file name reads with spaces; no slug is printed.
    assert "chuong-trinh-tuyen-truyen" not in text and "Chuong trinh tuyen" in text
    assert "612,35" in text and "612.35" not in text  # decimal commas
    # Every page carries the footer: station, month, the chain's start, page x/y.
    for number, page in enumerate(text.split("\f")[: len(pages)], start=1):
        assert f"{number}/{len(pages)}" in page and "tháng 11/2026" in page
        assert month["chain"]["hash_after"][:16] in page


def test_the_detail_wraps_and_repeats_its_header(month, tmp_path: Path) -> None:
    out = tmp_path / "month.pdf"
    write_pdf(month, out, "vi", OFFICE)
    pages = [p for p in _text(out).split("\f") if p.strip()]
    detail = [p for p in pages if "Giờ phát" in p]
    assert len(detail) >= 5
    assert all("STT" in p and "Chuyên mục" in p and "Ghi chú" in p for p in detail)
    assert " 320 " in detail[-1]
    # The signatures stand on the summary's page, before any annex.
    signed = [i for i, p in enumerate(pages) if "NGƯỜI LẬP BIỂU" in p]
    first_annex = next(i for i, p in enumerate(pages) if "Phụ lục I" in p)
    assert signed == [signed[0]] and signed[0] < first_annex
    assert "Tổng cộng" in pages[signed[0]]


def test_a_blank_office_leaves_the_gaps_to_fill_in(month, tmp_path: Path) -> None:
    out = tmp_path / "blank.pdf"
    write_pdf(month, out, "vi")
    pages = assert_clean_layout(out, "month-blank-office")
    assert all(p.portrait for p in pages)
    text = _text(out)
    _in_order(
        text,
        (
            "BÁO CÁO",
            "THỦ TRƯỞNG ĐƠN VỊ",
            "Nơi nhận:",
            "Phụ lục I",
        ),
        # The document's station issues it; the number and the place are left blank.
        ("ĐÀI TRUYỀN THANH", "Số: ……/BC-……", "……, ngày 02 tháng 12 năm 2026"),
    )
    # The station's `reports_to` is the first recipient when the office names none.
    assert "Nơi nhận: - Phòng Văn hóa và Thông tin huyện Bình Sơn; - Lưu: VT." in _flow(out)


def test_english(month, tmp_path: Path) -> None:
    out = tmp_path / "en.pdf"
    write_pdf(month, out, "en", OFFICE)
    pages = assert_clean_layout(out, "month-en")
    assert all(p.portrait for p in pages)
    text = _text(out)
    _in_order(
        text,
        ("REPORT", "PREPARED BY", "To:", "Annex I", "Annex II"),
        ("SOCIALIST REPUBLIC OF VIET NAM", "No.: 12/BC-ĐTT", "Bình Sơn, 02/12/2026"),
    )
    assert "Emergency bulletins" in _flow(out) and "corrects row 4" in _flow(out)
    assert "Chi tiết" not in text and "không đạt" not in text


def test_a_series_the_plan_cannot_meet_reads_khong_the_dat_while_the_month_runs(
    tmp_path: Path,
) -> None:
    running = realistic_month(40, generated_at="2026-11-29T20:00:00+07:00")
    out = tmp_path / "running.pdf"
    write_pdf(running, out, "vi", OFFICE)
    assert_clean_layout(out, "month-running")
    page_one = _text(out, 1, 2)
    assert "không thể đạt" in page_one and "(chưa kết thúc)" in page_one
    over = realistic_month(40)
    out = tmp_path / "over.pdf"
    write_pdf(over, out, "vi", OFFICE)
    page_one = _text(out, 1, 2)
    assert "không thể đạt" not in page_one and "không đạt" in page_one


@pytest.mark.parametrize("count", range(17, 31))
def test_the_signatures_never_stand_alone(count: int, tmp_path: Path) -> None:
    """Summaries of growing length push the signatures down page 1 and over: whatever the
    length, the page they are on also holds the summary's last rows."""
    document = realistic_month(40)
    series = document["summary"]["series"]
    template = series[2]["programmes"][0]
    series[2]["programmes"] = [dict(template, title=f"Tuần {n}") for n in range(count)]
    out = tmp_path / "long.pdf"
    write_pdf(document, out, "vi", OFFICE)
    pages = [p for p in _text(out).split("\f") if p.strip()]
    (signed,) = [p for p in pages if "NGƯỜI LẬP BIỂU" in p]
    # The summary's header repeats over the rows that came with the signatures.
    assert "Đánh giá" in signed and "Tổng cộng" in signed and "Nơi nhận:" in signed
    assert "Chi tiết các lần phát" not in signed


def test_a_series_heading_never_ends_a_page(tmp_path: Path) -> None:
    """The first series grows a row at a time, so the weekly series' heading falls at
    every place on page 1, its end included (17 rows, without the rule, left it there)."""
    for count in range(12, 24):
        document = realistic_month(40)
        series = document["summary"]["series"]
        template = series[0]["programmes"][0]
        series[0]["programmes"] = [
            dict(template, title=f"Bài {n}", problems=[]) for n in range(count)
        ]
        out = tmp_path / f"heading-{count}.pdf"
        write_pdf(document, out, "vi", OFFICE)
        for page in _text(out, 1, 3).split("\f"):
            if "thanh của Đài tỉnh" in page:  # the heading's second line
                assert "Tuần 1 " in page, f"{count} rows: the heading ends a page alone"


def test_page_starts_keeps_the_tail_with_the_last_rows() -> None:
    # Fits: no break, the tail has its room.
    assert page_starts([10, 10], 5, 100, 200, tail=40) == ([], True)
    # The tail does not fit after the last row: the last two rows move with it.
    assert page_starts([30] * 3, 5, 100, 200, tail=20, keep=2) == ([1], True)
    # A long table: the header repeats on each page; the tail moves with the last rows.
    assert page_starts([10] * 50, 5, 100, 200, tail=60, keep=3) == ([9, 28, 47], True)
    # ... and when the tail is too tall for the last page's rows, they go with it.
    assert page_starts([10] * 50, 5, 100, 200, tail=170, keep=3) == ([9, 28, 47, 48], True)
    # A sticky row (a series' heading) goes over with the row after it.
    assert page_starts([10] * 12, 5, 100, 200) == ([9], True)
    assert page_starts([10] * 12, 5, 100, 200, sticky={8}) == ([8], True)
    # A tail that can never fit with a row is reported, not hidden.
    assert page_starts([150], 5, 200, 200, tail=100) == ([], False)


def test_page_one_matches_the_golden_file(tmp_path: Path) -> None:
    out = tmp_path / "golden.pdf"
    write_pdf(realistic_month(40), out, "vi", OFFICE)
    text = _text(out, 1)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.is_file(), f"{GOLDEN} missing: run with UPDATE_GOLDEN=1 once and review it"
    assert text == GOLDEN.read_text(encoding="utf-8"), "page 1 differs from the golden file"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_room_kept_for_the_signatures_is_what_they_take(lang: str) -> None:
    """The summary keeps exactly the signatures' height free (neither too little, which
    would run them into the footer, nor 3 cm too much, which pushed rows off page 1)."""
    from datetime import date

    from fpdf import FPDF

    from broadcaster.proof.office import frame
    from broadcaster.proof.pdf_frame import add_serif, draw_signatures, signature_height

    long = Office(
        signer_title="KT. Giám đốc Trung tâm Văn hóa, Thông tin và Thể thao, Phó Giám đốc",
        signer_name="Tôn Nữ Thị Hoàng Anh Phương Thảo Nguyên Ngọc Bích",
        preparer_name="Nguyễn Thị",
        recipients=tuple(
            f"Ủy ban nhân dân xã số {n} của huyện Bình Sơn, tỉnh Quảng Ngãi" for n in range(6)
        ),
    )
    for office in (OFFICE, long, Office()):
        pdf = FPDF(unit="mm", format="A4")
        add_serif(pdf)
        pdf.add_page()
        f = frame(office, date(2026, 12, 2), lang)
        room = signature_height(pdf, f, True)
        bottom = draw_signatures(pdf, f, 40.0, with_preparer=True)
        assert abs((bottom - 40.0) - room) < 0.01, office
