"""The printed report's table engine: cells wrap inside their column, the header repeats on
every page, a row is never split; and the layout checker catches the engine when a column is
too narrow for its words or when wrapping is switched off (the checks can fail)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from broadcaster.proof import print_table
from broadcaster.proof.pdf_frame import BOTTOM, LEFT, RIGHT, TOP, add_serif
from broadcaster.proof.print_table import Wrapper, draw_table, wrap
from broadcaster.proof.report_content import Column, Row, Table
from tests.support.pdf_layout import assert_clean_layout, layout_problems, pages

NAME = "Đài Truyền thanh – Truyền hình xã Bình Thạnh, huyện Bình Sơn, tỉnh Quảng Ngãi"
PATH = "/thu-muc/nhan/tu-cac-xa/binh-thanh/2026-11/ban-xuat-lan-hai/manifest.json"


def _table(rows: int, shares: tuple[float, ...] = (8, 40, 60, 14)) -> Table:
    heads = ("STT", "Đài", "Tệp đầu vào đã kiểm tra", "Thời lượng (giờ:phút)")
    columns = tuple(Column(h, s, a) for h, s, a in zip(heads, shares, "CLLR", strict=True))
    body = tuple(Row((str(i), NAME, PATH, f"{i}:05")) for i in range(1, rows + 1))
    return Table(columns, body + (Row(("", "Tổng cộng", "", "9:59"), bold=True),))


def _draw(path: Path, table: Table) -> Path:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    add_serif(pdf)
    pdf.add_page()

    def new_page() -> float:
        pdf.add_page()
        return TOP

    width = pdf.w - LEFT - RIGHT
    draw_table(pdf, table, LEFT, TOP, width, pdf.h - BOTTOM, new_page, Wrapper(pdf))
    pdf.output(str(path))
    return path


def test_cells_wrap_and_the_header_repeats_on_every_page(tmp_path: Path) -> None:
    found = assert_clean_layout(_draw(tmp_path / "t.pdf", _table(60)), "table-engine")
    assert len(found) >= 3 and all(p.portrait for p in found)
    for page in found:
        heads = [w for w in page.words if w.text == "STT"]
        rows = [w for w in page.words if w.text == "Ngãi"]
        assert len(heads) == 1 and rows, page.number
        assert heads[0].y1 <= min(w.y0 for w in rows)


def test_a_row_is_never_split_across_pages(tmp_path: Path) -> None:
    found = pages(_draw(tmp_path / "t.pdf", _table(60)))
    total = 0
    for page in found:
        texts = [w.text for w in page.words]
        # A row's first words, its last word and its time all land on the same page.
        rows = sum(1 for t in texts if t.endswith(":05"))
        assert texts.count("Thạnh,") == texts.count("Ngãi") == rows, page.number
        total += rows
    assert total == 60


def test_a_word_wider_than_its_column_is_cut_between_characters() -> None:
    pdf = FPDF(unit="mm")
    add_serif(pdf)
    pdf.set_font("DejaVuSerif", "", 8)
    lines = wrap(pdf.get_string_width, PATH, 20)
    assert len(lines) > 3 and "".join(lines) == PATH
    assert all(pdf.get_string_width(line) <= 20 for line in lines)
    # The cached measure agrees with fpdf's own.
    measured = Wrapper(pdf).width(NAME, "", 8)
    assert abs(measured - pdf.get_string_width(NAME)) < 1e-6


def test_the_checker_catches_a_column_too_narrow_for_a_single_letter(tmp_path: Path) -> None:
    # A share so small that one glyph is wider than the column: the names spill over the
    # paths in the next column.
    narrow = _table(3, shares=(8, 0.3, 60, 14))
    problems = layout_problems(_draw(tmp_path / "narrow.pdf", narrow))
    assert problems, "a column narrower than a letter must show as overlapping words"


def test_the_checker_catches_the_engine_without_wrapping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(print_table, "wrap", lambda measure, text, width: [text])
    problems = layout_problems(_draw(tmp_path / "nowrap.pdf", _table(3)))
    assert any(p.startswith("overlap") for p in problems)
