"""The `[document]` table and the Nghị định 30 frame: texts, checks that can fail, and the
frame drawn on a page with nothing overlapping whatever the names' lengths."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fpdf import FPDF

import broadcaster.config  # noqa: F401  (config imports proof.office: load it first, as commands do)
from broadcaster.errors import ConfigError
from broadcaster.proof.office import Office, frame
from broadcaster.proof.pdf_frame import LEFT, RIGHT, TOP, add_serif, draw_signatures, draw_top
from tests.support.pdf_layout import assert_clean_layout

OFFICE = Office(
    parent_body="UBND huyện Bình Sơn",
    issuer="Đài truyền thanh huyện Bình Sơn",
    issuer_code="ĐTT",
    number="12",
    place="Bình Sơn",
    signer_title="Giám đốc",
    signer_name="Nguyễn Văn An",
    recipients=("Phòng Văn hóa và Thông tin huyện Bình Sơn;",),
)


def test_the_frame_texts_follow_decree_30() -> None:
    f = frame(OFFICE, date(2026, 11, 29), "vi")
    assert f.motto == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    assert f.bodies == ("UBND HUYỆN BÌNH SƠN", "ĐÀI TRUYỀN THANH HUYỆN BÌNH SƠN")
    assert f.number == "Số: 12/BC-ĐTT"
    assert f.place_date == "Bình Sơn, ngày 29 tháng 11 năm 2026"
    assert f.recipients == ("- Phòng Văn hóa và Thông tin huyện Bình Sơn;", "- Lưu: VT.")
    assert f.signer_title == "GIÁM ĐỐC" and f.signer_name == "Nguyễn Văn An"
    # Days below 10 and months below 3 take a leading zero; the others do not.
    assert frame(OFFICE, date(2026, 2, 5), "vi").place_date.endswith("ngày 05 tháng 02 năm 2026")
    assert frame(OFFICE, date(2026, 3, 15), "vi").place_date.endswith("ngày 15 tháng 3 năm 2026")


def test_blanks_are_left_for_the_office_to_fill_in() -> None:
    f = frame(Office(), None, "vi")
    assert f.number == "Số: ……/BC-……"
    assert f.place_date == "……, ngày …… tháng …… năm ……"
    assert f.signer_title == "THỦ TRƯỞNG ĐƠN VỊ" and f.recipients == ("- Lưu: VT.",)
    station = Office().with_station("Đài truyền thanh xã A", "Phòng Văn hóa và Thông tin")
    assert frame(station, None, "vi").bodies == ("ĐÀI TRUYỀN THANH XÃ A",)
    assert frame(station, None, "vi").recipients[0] == "- Phòng Văn hóa và Thông tin;"


@pytest.mark.parametrize(
    "line, words",
    [
        ('recipients = "Sở"', None),
        ("recipients = [1]", "text"),
        ('recipients = ["' + '", "'.join("x" * 13) + '"]', "12"),
        ('place = "' + "x" * 121 + '"', "120"),
        ('number = "1\\u0007"', None),
        ('signer = "Giám đốc"', "signer"),
    ],
)
def test_a_bad_document_table_is_one_line_naming_the_key(station, line: str, words) -> None:
    station.write_config(extra=f"\n[document]\n{line}\n")
    if line.startswith('recipients = "'):
        assert station.config().document.recipients == ("Sở",)  # one recipient is fine
        return
    with pytest.raises(ConfigError) as caught:
        station.config()
    text = str(caught.value)
    assert "document." in text and (words is None or words in text)


def test_the_frame_is_drawn_without_overlap_even_for_long_names(tmp_path: Path) -> None:
    long = Office(
        parent_body="Ủy ban nhân dân huyện Bình Sơn, tỉnh Quảng Ngãi, vùng duyên hải",
        issuer="Trung tâm Văn hóa – Thông tin và Truyền thanh huyện Bình Sơn",
        signer_title="KT. Giám đốc, Phó Giám đốc phụ trách",
        recipients=tuple(f"Ủy ban nhân dân xã số {n} của huyện Bình Sơn" for n in range(8)),
    )
    for name, office in (("frame-short", OFFICE), ("frame-long", long)):
        pdf = FPDF(unit="mm", format="A4")
        pdf.set_margins(LEFT, TOP, RIGHT)
        pdf.set_auto_page_break(False)
        add_serif(pdf)
        pdf.add_page()
        f = frame(office, date(2026, 11, 29), "vi")
        y = draw_top(pdf, f, ["BÁO CÁO", "Kết quả phát thanh tháng 11 năm 2026"])
        draw_signatures(pdf, f, y + 10, with_preparer=True)
        out = tmp_path / f"{name}.pdf"
        pdf.output(str(out))
        (page,) = assert_clean_layout(out, name)
        text = " ".join(w.text for w in page.words)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Nơi nhận:" in text
