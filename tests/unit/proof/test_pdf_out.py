"""The printable monthly log: text survives in Vietnamese and English, pages render.
(The administrative layout, page by page, is tested in test_pdf_month_layout.py.)"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from broadcaster.proof.pdf_out import write_pdf
from tests.support.pdf_layout import layout_problems

HASH_AFTER = "f911221aa310b7ea54b7d464508ee141657dbd824aa71b67d8c5e206428425ff"


def _row(
    seq: int,
    series_id: str,
    title: str,
    kind: str,
    when: str,
    status: str,
    played: float,
    reason: str = "",
) -> dict[str, Any]:
    started = None if status in ("missed", "failed") else f"2026-03-{when}+07:00"
    return {
        "seq": seq,
        "uid": f"uid-{seq}",
        "station_id": "xa-thu-nghiem",
        "series_id": series_id,
        "title": title,
        "file_name": f"{series_id}/{title}.mp3",
        "file_sha256": f"sha-{title}",
        "kind": kind,
        "scheduled_at": f"2026-03-{when}+07:00",
        "started_at": started,
        "ended_at": started,
        "duration_s": 2.0,
        "played_s": played,
        "status": status,
        "reason": reason,
        "corrects_uid": None,
        "recorded_at": f"2026-03-{when}+07:00",
        "prev_hash": "0" * 64,
        "row_hash": HASH_AFTER if seq == 5 else f"{seq:064d}",
    }


def _programme(title: str, verdict: str, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
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
    base.update(extra)
    return base


@pytest.fixture
def document() -> dict[str, Any]:
    rows = [
        _row(1, "chuyen-doi-so", "Chuyển đổi số tháng 3", "new", "02T06:10:00", "aired", 2.0),
        _row(
            2,
            "chuyen-doi-so",
            "Chuyển đổi số tháng 3",
            "repeat",
            "09T06:10:00",
            "partial",
            1.0,
            "bị dừng khi đang phát (dừng chương trình)",
        ),
        _row(3, "tinh-hang-tuan", "=Tuần 1", "new", "07T16:30:00", "aired", 2.0),
        _row(
            4,
            "tinh-hang-tuan",
            "Tuần 2",
            "new",
            "14T16:30:00",
            "failed",
            0.0,
            "tệp chương trình không còn trong thư viện",
        ),
        _row(
            5,
            "tinh-hang-tuan",
            'Tuần 3, "đặc biệt"',
            "new",
            "21T16:30:00",
            "missed",
            0.0,
            "phần mềm không chạy vào giờ phát",
        ),
    ]
    return {
        "format_version": 1,
        "generator": "broadcaster 0.1.0",
        "generated_at": "2026-04-02T07:00:00+07:00",
        "station": {
            "id": "xa-thu-nghiem",
            "name": "Đài truyền thanh xã Thử Nghiệm",
            "level": "commune",
            "reports_to": "Phòng Văn hóa và Thông tin",
            "timezone": "Asia/Ho_Chi_Minh",
        },
        "month": "2026-03",
        "complete": True,
        "summary": {
            "series": [
                {
                    "series_id": "chuyen-doi-so",
                    "title": "Chuyên mục Chuyển đổi số",
                    "period": "month",
                    "programmes_required": 1,
                    "programmes_present": 1,
                    "airings_required": 2,
                    "airings_done": 1,
                    "airtime_s": 3.0,
                    "verdict": "not_met",
                    "programmes": [
                        _programme(
                            "Chuyển đổi số tháng 3",
                            "not_met",
                            repeats_required=1,
                            airtime_s=3.0,
                            problems=[
                                {
                                    "scheduled_at": "2026-03-09T06:10:00+07:00",
                                    "kind": "repeat",
                                    "status": "partial",
                                    "reason": "bị dừng khi đang phát (dừng chương trình)",
                                }
                            ],
                        )
                    ],
                },
                {
                    "series_id": "tinh-hang-tuan",
                    "title": "Chuyển đổi số – Đài tỉnh",
                    "period": "week",
                    "programmes_required": 3,
                    "programmes_present": 3,
                    "airings_required": 3,
                    "airings_done": 1,
                    "airtime_s": 2.0,
                    "verdict": "pending",
                    "programmes": [
                        _programme("=Tuần 1", "met"),
                        _programme("Tuần 2", "pending", new_done=0, airtime_s=0.0, pending=1),
                        _programme('Tuần 3, "đặc biệt"', "not_met", new_done=0, airtime_s=0.0),
                    ],
                },
            ],
            "totals": {
                "rows": 5,
                "aired": 2,
                "partial": 1,
                "missed": 1,
                "failed": 1,
                "makeups": 0,
                "airtime_s": 5.0,
                "verdict": "not_met",
            },
        },
        "pending": [
            {
                "series_id": "tinh-hang-tuan",
                "title": "Tuần 2",
                "file_name": "tinh-hang-tuan/Tuần 2.mp3",
                "file_sha256": "sha-Tuần 2",
                "kind": "makeup",
                "scheduled_at": "2026-03-28T16:30:00+07:00",
            }
        ],
        "rows": rows,
        "chain": {
            "first_seq": 1,
            "last_seq": 5,
            "hash_before": "0" * 64,
            "hash_after": HASH_AFTER,
            "links": [],
        },
    }


def tool_path(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} (from poppler-utils) is needed by these tests but is not on PATH")
    return found


def _text(pdf: Path) -> str:
    out = subprocess.run(
        [tool_path("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, check=True
    )
    return out.stdout.decode("utf-8")


def _dark_fraction(pdf: Path, tmp_path: Path) -> float:
    """Render page 1 in grey at 30 dpi (`-gray` writes a binary PGM) and read it with the stdlib."""
    prefix = tmp_path / "page"
    subprocess.run(
        [
            tool_path("pdftoppm"),
            "-gray",
            "-r",
            "30",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(prefix),
        ],
        check=True,
    )
    (image,) = tmp_path.glob("page*.pgm")
    data = image.read_bytes()
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:  # magic, width, height, maxval; '#' starts a comment
        while data[pos : pos + 1].isspace():
            pos += 1
        if data[pos : pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P5"
    width, height, maxval = int(fields[1]), int(fields[2]), int(fields[3])
    assert maxval < 256
    pixels = data[pos + 1 : pos + 1 + width * height]
    assert len(pixels) == width * height
    return sum(1 for p in pixels if p < maxval // 2) / len(pixels)


def test_pdf_is_written(document: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "log.pdf"
    write_pdf(document, out)
    assert not layout_problems(out)  # every PDF: nothing overlaps, nothing cut
    assert out.read_bytes().startswith(b"%PDF-")


def test_vietnamese_words_survive(document: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "log.pdf"
    write_pdf(document, out, lang="vi")
    assert not layout_problems(out)  # every PDF: nothing overlaps, nothing cut
    text = _text(out)
    assert text == unicodedata.normalize("NFC", text)
    for words in (
        "BÁO CÁO",
        "Nhật ký phát thanh tháng 3 năm 2026",
        "tháng 3/2026",
        "Đài truyền thanh xã Thử Nghiệm",
        "Chuyển đổi số tháng 3",
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "(Ký, ghi rõ họ tên)",
        "đã phát",
        "bị bỏ lỡ",
        "phát không trọn",
        "lỗi phát",
        "không đạt",
        "Phụ lục I",
        "Chi tiết các lần phát",
        "Phụ lục II",
        "Lịch phát trong tháng",
    ):
        assert words in text, words


def test_titles_print_as_is(document: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "log.pdf"
    write_pdf(document, out)
    assert not layout_problems(out)  # every PDF: nothing overlaps, nothing cut
    text = _text(out)
    assert "=Tuần 1" in text
    assert "'=Tuần 1" not in text
    assert 'Tuần 3, "đặc biệt"' in text


def test_chain_hash_and_page_numbers(document: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "log.pdf"
    write_pdf(document, out)
    assert not layout_problems(out)  # every PDF: nothing overlaps, nothing cut
    text = _text(out)
    assert HASH_AFTER in text
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"{number}/{len(pages)}" in page
        assert HASH_AFTER[:16] in page  # the footer matches a loose page to its file


def test_english(document: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "log.pdf"
    write_pdf(document, out, lang="en")
    assert not layout_problems(out)  # every PDF: nothing overlaps, nothing cut
    text = _text(out)
    for words in (
        "REPORT",
        "Broadcast log, month 3/2026",
        "PREPARED BY",
        "HEAD OF UNIT",
        "aired",
        "missed",
        "Annex I",
        "Annex II",
    ):
        assert words in text, words
    assert "Nhật ký" not in text and "BÁO CÁO" not in text


def test_many_rows_repeat_the_detail_header(document: dict[str, Any], tmp_path: Path) -> None:
    base = document["rows"]
    document["rows"] = [dict(base[i % len(base)], seq=i + 1) for i in range(300)]
    out = tmp_path / "log.pdf"
    write_pdf(document, out)
    assert not layout_problems(out)  # every PDF: nothing overlaps, nothing cut
    pages = [p for p in _text(out).split("\f") if p.strip()]
    detail = [p for p in pages if "Giờ phát" in p]
    assert len(detail) >= 3
    assert all("Ghi chú" in p for p in detail)
    # The signatures certify the summary: on its page, before the annexes.
    signed = [i for i, p in enumerate(pages) if "NGƯỜI LẬP BIỂU" in p]
    annex = [i for i, p in enumerate(pages) if "Phụ lục I" in p]
    assert len(signed) == 1 and signed[0] < annex[0]
    assert " 300 " in "\n".join(detail)


def test_empty_month(document: dict[str, Any], tmp_path: Path) -> None:
    document["rows"] = []
    document["pending"] = []
    document["chain"] = {"first_seq": None, "last_seq": None, "hash_before": None}
    document["chain"]["hash_after"] = None
    out = tmp_path / "log.pdf"
    write_pdf(document, out)
    assert not layout_problems(out)  # every PDF: nothing overlaps, nothing cut
    text = _text(out)
    assert "THỦ TRƯỞNG ĐƠN VỊ" in text and "Phụ lục II" in text


def test_page_one_renders_and_is_not_blank(document: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "log.pdf"
    write_pdf(document, out)
    assert not layout_problems(out)  # every PDF: nothing overlaps, nothing cut
    png_prefix = tmp_path / "png"
    subprocess.run(
        [
            tool_path("pdftoppm"),
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            str(out),
            str(png_prefix),
        ],
        check=True,
    )
    (png,) = tmp_path.glob("png*.png")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert _dark_fraction(out, tmp_path) > 0.005
