"""The layout checker the PDF tests rely on can fail: overlapping words, a word off the
printable area, and a clean page told apart."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from tests.support.pdf_layout import assert_clean_layout, layout_problems, pages


def _pdf(path: Path, texts: list[tuple[float, float, str]]) -> Path:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for x, y, text in texts:
        pdf.text(x, y, text)
    pdf.output(str(path))
    return path


def test_a_clean_page_passes(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path / "clean.pdf", [(20, 20, "first words"), (20, 30, "second line")])
    (page,) = assert_clean_layout(pdf, "checker-clean")
    assert page.portrait
    assert [w.text for w in page.words] == ["first", "words", "second", "line"]


def test_words_drawn_over_each_other_are_named(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path / "overlap.pdf", [(20, 20, "Airings required"), (30, 20.5, "done")])
    problems = layout_problems(pdf)
    assert problems and all(p.startswith("overlap") for p in problems)
    assert any("'done'" in p for p in problems)


def test_a_word_off_the_printable_area_is_named(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path / "edge.pdf", [(20, 20, "inside"), (200, 40, "cut-off-at-the-edge")])
    problems = layout_problems(pdf)
    assert problems == [p for p in problems if "outside the printable area" in p]
    assert any("cut-of" in p for p in problems)  # poppler reads what is on the page
    assert len(pages(pdf)[0].words) == 2
