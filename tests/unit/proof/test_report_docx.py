"""The report as a Word document, read back with python-docx: A4 portrait with the margins
of Nghị định 30, Times New Roman 13 pt (east-Asian name too), the head and the signature
block as borderless two-column tables, the content as real tables with repeated header rows
and the figures of the model, the annex; no English word in the Vietnamese document."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from broadcaster.proof.office import Office
from broadcaster.proof.report_docx import write_report_docx
from tests.support import report_samples
from tests.unit.proof.test_report_print import OFFICE, STATE_WORDS


def _read(tmp_path: Path, report: dict, lang: str = "vi", office: Office | None = OFFICE):
    path = tmp_path / "bao-cao.docx"
    write_report_docx(report, path, lang, office)
    return docx.Document(str(path))


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_page_and_font_follow_decree_30(tmp_path: Path) -> None:
    document = _read(tmp_path, report_samples.year_report())
    page = document.sections[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)
    margins = (page.top_margin, page.bottom_margin, page.left_margin, page.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 13
    fonts = normal.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    # Pages are numbered from the second (the first page's header is empty).
    assert page.different_first_page_header_footer
    field = page.header.paragraphs[0]._p.find(qn("w:fldSimple"))
    assert field is not None and field.get(qn("w:instr")) == "PAGE"
    assert not page.first_page_header.paragraphs[0].text


def test_head_title_signature_and_annex_in_order(tmp_path: Path) -> None:
    document = _read(tmp_path, report_samples.year_report())
    head, *content, signatures = [t for t in document.tables if t.style.name != "Table Grid"]
    assert not content  # only the head and the signatures are borderless
    left, right = (c.text for c in head.rows[0].cells)
    assert "UBND HUYỆN BÌNH SƠN" in left and "Số: ……/BC-VHTT" in left
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    assert "Bình Sơn, ngày 29 tháng 11 năm 2026" in right
    recipients, signer = (c.text for c in signatures.rows[0].cells)
    assert recipients.startswith("Nơi nhận:") and "- Lưu: VT." in recipients
    assert signer.startswith("TRƯỞNG PHÒNG\n(Ký, ghi rõ họ tên, đóng dấu)\n\n\n\n\nNguyễn Văn An")
    texts = [p.text for p in document.paragraphs if p.text]
    order = ["BÁO CÁO", "Tổng hợp kết quả phát thanh năm 2026", "1. Kết quả chung của từng đài"]
    order += ["4. Tình trạng nhật ký theo tháng", "PHỤ LỤC", "Các tệp đầu vào đã kiểm tra"]
    assert [t for t in texts if t in order] == order
    # The signatures come right after the summary's tables and before the annex.
    marks = []
    for child in document.element.body:
        tag = child.tag.split("}")[1]
        if tag == "tbl":
            style = child.tblPr.find(qn("w:tblStyle"))
            marks.append("grid" if style is not None else "plain")
        elif tag == "p" and Paragraph(child, document).text == "PHỤ LỤC":
            marks.append("annex")
    assert marks == ["plain"] + ["grid"] * 5 + ["plain", "annex"] + ["grid"] * 2


def test_content_tables_have_repeated_header_rows_and_the_models_figures(tmp_path: Path) -> None:
    report = report_samples.year_report()
    document = _read(tmp_path, report)
    grids = [t for t in document.tables if t.style.name == "Table Grid"]
    overall, series, bulletins, grid, legend, inputs, notes = grids
    for table in (overall, series, bulletins, grid, inputs, notes):
        first = table.rows[0]._tr
        assert first.trPr.find(qn("w:tblHeader")) is not None
        assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert [c.text for c in overall.rows[0].cells][:4] == [
        "STT",
        "Đài",
        "Số lần phát",
        "Thời lượng (giờ:phút)",
    ]
    total = [c.text for c in overall.rows[-1].cells]
    assert total[1] == "Tổng cộng" and total[2] == str(report["overall"]["airings"])
    assert [c.text for c in bulletins.rows[0].cells][2:5] == ["Khẩn cấp", "Ưu tiên", "Thông thường"]
    assert [c.text for c in grid.rows[0].cells][1:] == [f"T{m}" for m in range(1, 13)]
    station_one = [c.text for c in grid.rows[1].cells]
    assert station_one[1] == "Chưa HĐ" and station_one[8] == "Bị sửa"
    shading = grid.rows[1].cells[3]._tc.tcPr.find(qn("w:shd"))
    assert shading is not None and shading.get(qn("w:fill")) == "C6EFCE"  # đạt is green
    assert len(inputs.rows) == 1 + len(report["inputs"])
    assert "hai bản hợp lệ" in notes.rows[1].cells[2].text
    # Column widths sum to the page's usable width.
    width = sum(c.width for c in overall.rows[1].cells)
    assert abs(width - Mm(165)) < Mm(1)


def test_every_state_and_no_english_word_in_the_vietnamese_document(tmp_path: Path) -> None:
    text = _all_text(_read(tmp_path, report_samples.year_report()))
    for words in STATE_WORDS:
        assert words in text, words
    assert "tuần 11/05–17/05" in text
    lowered = text.lower()
    for english in ("bulletin", "emergency", "priority", "verdict", "missing", "airtime"):
        assert english not in lowered, english
    assert "bulletins" in _all_text(_read(tmp_path, report_samples.year_report(), "en")).lower()


def test_hostile_text_in_an_input_is_written_not_a_traceback(tmp_path: Path) -> None:
    report = report_samples.month_report()
    report["inputs"][0]["problems"] = ["bad\x00byte\x1b[31m \ud800 <w:p> & \ufffe"]
    report["stations"][0]["name"] = "Đài <b>xã</b>\x07"
    text = _all_text(_read(tmp_path, report))
    assert "Đài <b>xã</b>" in text and "bad byte [31m" in text and "<w:p> &" in text


@pytest.mark.parametrize(
    "months", [["2026-10"], report_samples.months_between("2026-01", "2026-12")]
)
def test_two_hundred_stations_are_written_well_inside_the_report_budget(
    tmp_path: Path, months: list[str]
) -> None:
    report = report_samples.many_stations(200, months)
    started = time.perf_counter()
    write_report_docx(report, tmp_path / "r.docx", "vi")
    elapsed = time.perf_counter() - started
    assert elapsed < (1.5 if len(months) == 1 else 5.0), f"{elapsed:.2f} s, {len(months)} months"


def test_a_preparer_signs_beside_the_head_with_the_recipients_below(tmp_path: Path) -> None:
    office = replace(OFFICE, preparer_name="Trần Thị Bình")
    document = _read(tmp_path, report_samples.month_report(), office=office)
    signatures = [t for t in document.tables if t.style.name != "Table Grid"][-1]
    preparer, signer = (c.text for c in signatures.rows[0].cells)
    assert preparer.startswith("NGƯỜI LẬP BIỂU") and preparer.endswith("Trần Thị Bình")
    assert signer.startswith("TRƯỞNG PHÒNG") and signer.endswith("Nguyễn Văn An")
    assert signatures.rows[1].cells[0].text.startswith("Nơi nhận:")
