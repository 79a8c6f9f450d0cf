"""A small table engine for the printed report (fpdf2, serif face): column widths from
shares of the page, every cell wrapped to its column, the header row repeated on each page,
a row never split across pages, cell colours, and one-text rows across the whole width.

Wrapping is measured with the font's own widths and cached per (text, width, style, size):
a 200-station report wraps the same station names and state words many times over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from fpdf import FPDF

from broadcaster.proof.pdf_frame import PT, SERIF, nfc
from broadcaster.proof.report_content import Row, Table
from broadcaster.proof.report_words import GROUP_FILL, HEAD_FILL

PAD = 1.0  # mm inside a cell, each side
LINE = 1.22  # line height as a multiple of the font size
MAX_LINES = 40  # a cell never grows past a page
SHRINK = 2.5  # pt a cell's print may lose so that its longest word fits its column


@dataclass
class Wrapper:
    """Wraps and measures text, cached: fpdf's `get_string_width` copies the graphics state on
    every call, which made it 2/3 of the time of a 200-station report. A string's width is
    the sum of its characters' widths (fpdf2 applies no kerning without text shaping), so
    each character is measured once per style, at 1 pt."""

    pdf: FPDF
    cache: dict[tuple[str, float, str, float], list[str]] = field(default_factory=dict)
    sizes: dict[tuple[str, float, str, float], float] = field(default_factory=dict)
    chars: dict[str, dict[str, float]] = field(default_factory=dict)

    def width(self, text: str, style: str, size: float) -> float:
        table = self.chars.setdefault(style, {})
        total = 0.0
        for char in text:
            one = table.get(char)
            if one is None:
                one = table[char] = self._measure(char, style)
            total += one
        return total * size

    def lines(self, text: str, width: float, style: str, size: float) -> list[str]:
        key = (text, width, style, size)
        found = self.cache.get(key)
        if found is None:
            found = wrap(lambda t: self.width(t, style, size), nfc(text), width)
            found = self.cache[key] = found[:MAX_LINES]
        return found

    def _measure(self, char: str, style: str) -> float:
        """One character's width at 1 pt; the caller's font is left as it was."""
        pdf = self.pdf
        before = (pdf.font_family, pdf.font_style, pdf.font_size_pt) if pdf.font_family else None
        pdf.set_font(SERIF, style, 1)
        width = pdf.get_string_width(char)
        if before:
            pdf.set_font(*before)
        return width

    def fitted(self, text: str, width: float, style: str, size: float) -> tuple[list[str], float]:
        """The lines, and the size at which no word of `text` is cut if one down to
        `size - SHRINK` allows it ("Thiếu" rather than "Thiế / u"); else cut at `size`."""
        key = (text, width, style + "fit", size)
        found = self.sizes.get(key)
        if found is None:
            found = size
            words = nfc(text).split()
            trial = size
            while trial >= size - SHRINK:
                if all(self.width(w, style, trial) <= width for w in words):
                    found = trial
                    break
                trial -= 0.5
            self.sizes[key] = found
        return self.lines(text, width, style, found), found


def wrap(measure: Callable[[str], float], text: str, width: float) -> list[str]:
    """Words onto lines no wider than `width` as `measure` gives widths; a word wider than a
    line (a file path, a long name) is cut between characters."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for token in paragraph.split():
            trial = f"{current} {token}" if current else token
            if measure(trial) <= width:
                current = trial
                continue
            if current:
                lines.append(current)
                current = ""
            if measure(token) <= width:
                current = token
                continue
            for char in token:
                if current and measure(current + char) > width:
                    lines.append(current)
                    current = ""
                current += char
        lines.append(current)
    return lines or [""]


def widths(table: Table, width: float) -> list[float]:
    total = sum(c.share for c in table.columns) or 1.0
    return [width * c.share / total for c in table.columns]


def draw_table(
    pdf: FPDF,
    table: Table,
    x: float,
    y: float,
    width: float,
    bottom: float,
    new_page: Callable[[], float],
    wrapper: Wrapper,
) -> float:
    """Draw `table` from `y`; `new_page()` starts a page and returns its first y. Returns
    the y below the table."""
    cols = widths(table, width)
    size = table.size

    Cells = list[tuple[list[str], float]]

    def layout(row: Row, style: str) -> tuple[Cells, float]:
        if row.span:
            cells = [(wrapper.lines(row.cells[0], width - 2 * PAD, style, size), size)]
        else:
            cells = [
                wrapper.fitted(text, w - 2 * PAD, style, size)
                for text, w in zip(row.cells, cols, strict=False)
            ]
        height = max(len(c) * n * PT * LINE for c, n in cells) + 2 * PAD
        return cells, height

    def draw_row(row: Row, cells: Cells, height: float, style: str, head: bool) -> None:
        pdf.set_draw_color(90, 90, 90)
        pdf.set_line_width(0.2)
        spans = [(x, width)] if row.span else list(zip(_lefts(x, cols), cols, strict=True))
        for i, ((left, w), (lines, cell_size)) in enumerate(zip(spans, cells, strict=False)):
            fill = HEAD_FILL if head else GROUP_FILL if row.span else None
            if not head and not row.span and i < len(row.fills) and row.fills[i]:
                fill = row.fills[i]
            if fill:
                pdf.set_fill_color(*fill)
            pdf.rect(left, y, w, height, "DF" if fill else "D")
            align = "C" if head else "L" if row.span else table.columns[i].align
            pdf.set_font(SERIF, style, cell_size)
            ty = y + PAD
            for line in lines:
                line_w = wrapper.width(line, style, cell_size)
                if align == "R":
                    tx = left + w - PAD - line_w
                elif align == "C":
                    tx = left + (w - line_w) / 2
                else:
                    tx = left + PAD
                pdf.text(tx, ty + cell_size * PT, line)
                ty += cell_size * PT * LINE

    header = Row(tuple(c.head for c in table.columns)) if table.header else None
    head_cells: Cells = []
    head_h = 0.0
    if header:
        head_cells, head_h = layout(header, "B")

    def start_header() -> None:
        nonlocal y
        if header:
            draw_row(header, head_cells, head_h, "B", True)
            y += head_h

    rows = table.rows
    if table.keep:
        whole = head_h + sum(layout(r, "B" if r.bold or r.span else "")[1] for r in rows)
        if y + whole > bottom and whole <= bottom - new_page_top(pdf):
            y = new_page()
    first = True
    for index, row in enumerate(rows):
        style = "B" if row.bold or row.span else ""
        cells, height = layout(row, style)
        # The header never stands alone at a page's foot: it goes with the first row; nor
        # does a group's heading: it goes with the group's first row.
        needed = height + (head_h if first else 0)
        if row.span and index + 1 < len(rows):
            following = rows[index + 1]
            needed += layout(following, "B" if following.bold or following.span else "")[1]
        if y + needed > bottom:
            y = new_page()
            start_header()
        elif first:
            start_header()
        first = False
        draw_row(row, cells, height, style, False)
        y += height
    if first:
        start_header()
    return y


def new_page_top(pdf: FPDF) -> float:
    return pdf.t_margin + 4


def _lefts(x: float, cols: list[float]) -> list[float]:
    lefts = []
    for w in cols:
        lefts.append(x)
        x += w
    return lefts
