"""Drawing primitives for the printed documents: fast text measuring and wrapping, status
markers, and a table engine (columns with widths, cells that wrap, the header row repeated
on every page, a tail kept with the last rows).

The table API, for any PDF the project writes:

    add_sans(pdf)                                               # or pdf_frame.add_serif
    kit = Kit(pdf, LEFT, TOP, pdf.h - BOTTOM, pdf.w - RIGHT)    # the page's content box
    cols = [Col(10, "R"), Col(60), Col(30, "C")]                # widths in mm, alignment
    rows = [([Cell("1"), Cell("Chuyên mục"), Cell("đạt", fill=GREEN)], None), ...]
    kit.table(cols, ["STT", "Tên", "Đánh giá"], rows, size=7.5, tail=40.0)

A cell wraps at spaces (a word too long for its column is cut); the header row repeats at
the top of every page the table runs onto; `tail` keeps the last rows on the page with
whatever the caller draws after the table (a signature block never stands alone); a row
listed in `sticky` (a group's heading) never ends a page.

Text is drawn with `FPDF.text`/`rect` and our own wrapping (not `multi_cell` or `table`),
which keeps a 1,500-row year well under the export's time budget.
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from fpdf import FPDF
from fpdf.fonts import TTFFont

from broadcaster.core.vocab import Status

_HYPHENATED = re.compile(r"(?<=-)")  # a header may break after a hyphen
FONT_DIR = pathlib.Path(__file__).resolve().parent.parent / "fonts"
SANS = "DejaVu"
PAD = 0.9  # mm of padding inside table cells
LINE = 1.25  # line height as a multiple of the font size

Color = tuple[int, int, int]
BLACK: Color = (0, 0, 0)
GRID: Color = (120, 120, 120)
MUTED: Color = (90, 90, 90)
HEAD_FILL: Color = (225, 225, 225)
# The order a reader meets the statuses in (legend, counts): best to worst.
STATUS_ORDER = (Status.AIRED, Status.PARTIAL, Status.MISSED, Status.FAILED)
STATUS_COLOR: dict[str, Color] = {
    Status.AIRED: (46, 125, 50),
    Status.PARTIAL: (245, 150, 0),
    Status.MISSED: (140, 140, 140),
    Status.FAILED: (200, 30, 30),
}
# Shapes as well as colours, so a black-and-white print still tells the statuses apart.
STATUS_SHAPE: dict[str, str] = {
    Status.AIRED: "circle",
    Status.PARTIAL: "diamond",
    Status.MISSED: "square",
    Status.FAILED: "triangle",
}
PENDING_COLOR: Color = (90, 90, 90)


def add_sans(pdf: FPDF) -> None:
    """Register the shipped sans face (regular and bold) the tables are printed in."""
    pdf.add_font(SANS, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(SANS, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))


@dataclass(frozen=True)
class Col:
    width: float  # mm
    align: str = "L"  # L, C or R


@dataclass
class Cell:
    text: str = ""
    bold: bool = False
    fill: Color | None = None
    marker: str | None = None  # a status whose marker goes before the text
    indent: float = 0.0
    size: float | None = None  # smaller print than the row's, for a header word that is long
    color: Color = BLACK


Row = tuple[Sequence[Cell], Color | None]  # the cells and the row's fill


@dataclass
class Laid:
    """A row laid out: its height and each cell's lines."""

    height: float
    lines: list[list[str]] = field(default_factory=list)


def page_starts(
    heights: Sequence[float],
    head: float,
    first_room: float,
    page_room: float,
    tail: float = 0.0,
    keep: int = 1,
    sticky: Collection[int] = (),
) -> tuple[list[int], bool]:
    """Which rows start a new page (pure). `first_room`: the space left on the current
    page; `page_room`: a fresh page's. A `sticky` row (a group's heading) goes to the next
    page with the row after it rather than end a page. With a `tail`, the last rows (up
    to `keep`) move to a new page rather than leave the tail alone on one. Returns the
    rows starting pages and whether the tail fits after the last row."""
    starts: list[int] = []
    if not heights:
        return starts, first_room >= head + tail
    room = first_room
    if head + heights[0] > room:
        starts.append(0)
        room = page_room
    room -= head
    for i, height in enumerate(heights):
        if i and height > room:
            first = starts[-1] if starts else 0
            start = i - 1 if i - 1 in sticky and i - 1 > first else i
            starts.append(start)
            room = page_room - head - sum(heights[start:i])
        room -= height
    if room >= tail:
        return starts, True
    last = starts[-1] if starts else -1
    lower = last + 1 if last >= 0 else 1  # never leave a heading or a lone header behind
    for cut in range(max(len(heights) - keep, lower), len(heights)):
        if cut - 1 in sticky and cut - 1 >= lower:
            cut -= 1
        if head + sum(heights[cut:]) + tail <= page_room:
            return [*starts, cut], True
    return starts, False


class Kit:
    """Measuring and drawing in mm on `pdf`, inside the content box given."""

    def __init__(
        self,
        pdf: FPDF,
        left: float,
        top: float,
        bottom: float,
        right: float,
        family: str = SANS,
    ) -> None:
        """`family`: a face registered in regular and bold (`add_sans`, `add_serif`)."""
        self.pdf = pdf
        self.family = family
        self._key = family.lower()  # as fpdf keeps the current family
        self.left, self.top, self.bottom, self.right = left, top, bottom, right
        pdf.set_font(family, "B", 9)
        self._cw_bold = _glyph_widths(pdf)
        pdf.set_font(family, "", 9)
        self._cw_regular = _glyph_widths(pdf)
        self._widths: dict[tuple[str, bool], float] = {}
        self._color: Color | None = None

    def text_color(self, color: Color) -> None:
        """Set the text colour; fpdf builds a colour object on every call, and a year's
        tables draw tens of thousands of words in two or three colours."""
        if color != self._color:
            self.pdf.set_text_color(*color)
            self._color = color

    @property
    def content_width(self) -> float:
        return self.right - self.left

    # -- text

    def width(self, text: str, bold: bool, size: float) -> float:
        """Width in mm of `text` at `size` pt (cached per string at 1 pt)."""
        key = (text, bold)
        unit = self._widths.get(key)
        if unit is None:
            cw = self._cw_bold if bold else self._cw_regular
            unit = sum(cw[ord(c)] for c in text) / 1000 / self.pdf.k
            self._widths[key] = unit
        return unit * size

    def wrap(self, text: str, avail: float, bold: bool, size: float) -> list[str]:
        lines: list[str] = []
        for para in text.split("\n"):
            if self.width(para, bold, size) <= avail:
                lines.append(para)
                continue
            current = ""
            for word in para.split(" "):
                trial = f"{current} {word}" if current else word
                if self.width(trial, bold, size) <= avail:
                    current = trial
                    continue
                if current:
                    lines.append(current)
                current = word
                while self.width(current, bold, size) > avail and len(current) > 1:
                    cut = len(current) - 1
                    while cut > 1 and self.width(current[:cut], bold, size) > avail:
                        cut -= 1
                    # After a hyphen if there is one ("Make-" / "ups"), else by characters.
                    cut = current.rfind("-", 0, cut) + 1 or cut
                    lines.append(current[:cut])
                    current = current[cut:]
            lines.append(current)
        return lines or [""]

    def fit_words(self, text: str, avail: float, size: float) -> float:
        """The largest print, at most `size`, at which no word of a header is broken."""
        words = [part for w in text.split() for part in _HYPHENATED.split(w) if part]
        longest = max((self.width(w, True, 1.0) for w in words), default=0.0)
        return size if longest * size <= avail else max(5.0, avail / longest)

    def line_text(
        self, x: float, top: float, text: str, size: float, bold: bool = False, color: Color = BLACK
    ) -> None:
        """One line of text whose line box starts at `top`."""
        pdf = self.pdf
        style = "B" if bold else ""
        # fpdf's set_font does its work even for the font already set: most words are not
        # the first of their font.
        if pdf.font_size_pt != size or pdf.font_style != style or pdf.font_family != self._key:
            pdf.set_font(self.family, style, size)
        self.text_color(color)
        pdf.text(x, top + size / pdf.k * 0.98, text)

    def fits(self, height: float) -> bool:
        return self.pdf.get_y() + height <= self.bottom

    def new_page(self) -> None:
        self.pdf.add_page(orientation="P")
        self.pdf.set_y(self.top)
        self._color = None  # the page's footer drew in its own colour

    # -- markers

    def marker(self, status: str, x: float, y: float, size: float, pending: bool = False) -> None:
        """A status marker in the box (x, y, size, size)."""
        pdf = self.pdf
        if pending:
            pdf.set_draw_color(*PENDING_COLOR)
            pdf.set_line_width(0.25)
            pdf.ellipse(x + 0.15, y + 0.15, size - 0.3, size - 0.3, style="D")
            return
        pdf.set_fill_color(*STATUS_COLOR.get(status, PENDING_COLOR))
        shape = STATUS_SHAPE.get(status, "circle")
        if shape == "circle":
            pdf.ellipse(x, y, size, size, style="F")
        elif shape == "square":
            inset = size * 0.08
            pdf.rect(x + inset, y + inset, size - 2 * inset, size - 2 * inset, style="F")
        elif shape == "diamond":
            h = size / 2
            pdf.polygon([(x + h, y), (x + size, y + h), (x + h, y + size), (x, y + h)], style="F")
        else:
            pdf.polygon([(x + size / 2, y), (x + size, y + size), (x, y + size)], style="F")

    # -- tables

    def lay_row(
        self, cols: Sequence[Col], cells: Sequence[Cell], size: float, max_height: float
    ) -> Laid:
        """Wrap every cell; a row taller than `max_height` (a page) is cut with "…"."""
        line_h = size / self.pdf.k * LINE
        marker_w = size / self.pdf.k * 0.8
        laid: list[list[str]] = []
        for col, cell in zip(cols, cells, strict=True):
            avail = col.width - 2 * PAD - cell.indent - (marker_w + 1.0 if cell.marker else 0)
            csize = cell.size or size
            laid.append(self.wrap(cell.text, avail, cell.bold, csize) if cell.text else [""])
        lines = max(len(x) for x in laid)
        most = max(1, int((max_height - 2 * PAD) // line_h))
        if lines > most:
            laid = [x if len(x) <= most else [*x[: most - 1], x[most - 1] + " …"] for x in laid]
            lines = most
        return Laid(lines * line_h + 2 * PAD, laid)

    def draw_row(
        self,
        cols: Sequence[Col],
        cells: Sequence[Cell],
        laid: Laid,
        size: float,
        fill: Color | None = None,
        borders: bool = True,
    ) -> None:
        """Draw a laid-out row at the current y; `borders` False leaves the grid to the
        caller (`table` draws it once per page: far fewer strokes than a box per cell)."""
        pdf = self.pdf
        line_h = size / pdf.k * LINE
        marker_w = size / pdf.k * 0.8
        y, x, height = pdf.get_y(), self.left, laid.height
        if fill is not None:
            pdf.set_fill_color(*fill)
            pdf.rect(x, y, sum(c.width for c in cols), height, style="F")
        for col, cell, text_lines in zip(cols, cells, laid.lines, strict=True):
            if cell.fill is not None:
                pdf.set_fill_color(*cell.fill)
                pdf.rect(x, y, col.width, height, style="F")
            left = x + PAD + cell.indent
            if cell.marker:
                self.marker(cell.marker, left, y + PAD + (line_h - marker_w) / 2, marker_w)
                left += marker_w + 1.0
            csize = cell.size or size
            for i, text in enumerate(text_lines):
                if not text:
                    continue
                tx = left
                if col.align != "L":
                    w = self.width(text, cell.bold, csize)
                    tx = x + col.width - PAD - w if col.align == "R" else x + (col.width - w) / 2
                self.line_text(tx, y + PAD + i * line_h, text, csize, cell.bold, cell.color)
            if borders:
                pdf.set_draw_color(*GRID)
                pdf.set_line_width(0.15)
                pdf.rect(x, y, col.width, height, style="D")
            x += col.width
        pdf.set_y(y + height)

    def grid(self, cols: Sequence[Col], rules: Sequence[float]) -> None:
        """The lines of a table's part on one page: a rule at each y in `rules` (the rows'
        tops and the last bottom) and the columns' edges from the first to the last."""
        pdf = self.pdf
        pdf.set_draw_color(*GRID)
        pdf.set_line_width(0.15)
        right = self.left + sum(c.width for c in cols)
        for y in rules:
            pdf.line(self.left, y, right, y)
        x = self.left
        for col in (None, *cols):
            x += col.width if col else 0.0
            pdf.line(x, rules[0], x, rules[-1])

    def table(
        self,
        cols: Sequence[Col],
        header: Sequence[str],
        rows: Sequence[Row],
        size: float,
        tail: float = 0.0,
        keep: int = 3,
        sticky: Collection[int] = (),
    ) -> bool:
        """Draw the table from the current y, turning pages as needed (the header repeated
        on each). With `tail`, leave that much room after the last row, moving up to `keep`
        last rows to a new page if need be; returns whether the room is there."""
        head_cells = [
            Cell(h, bold=True, size=self.fit_words(h, c.width - 2 * PAD, size))
            for h, c in zip(header, cols, strict=True)
        ]
        head_cols = [Col(c.width, "C") for c in cols]
        page_room = self.bottom - self.top
        head = self.lay_row(head_cols, head_cells, size, page_room)
        laid = [self.lay_row(cols, cells, size, page_room - head.height) for cells, _ in rows]
        starts, tail_fits = page_starts(
            [r.height for r in laid],
            head.height,
            self.bottom - self.pdf.get_y(),
            page_room,
            tail,
            keep,
            sticky,
        )
        breaks = set(starts)
        rules: list[float] = []
        if not rows:
            rules.append(self.pdf.get_y())
            self.draw_row(head_cols, head_cells, head, size, HEAD_FILL, borders=False)
        for i, ((cells, fill), row) in enumerate(zip(rows, laid, strict=True)):
            if i in breaks:
                self.grid(cols, [*rules, self.pdf.get_y()])
                rules = []
                self.new_page()
            if i == 0 or i in breaks:
                rules.append(self.pdf.get_y())
                self.draw_row(head_cols, head_cells, head, size, HEAD_FILL, borders=False)
            rules.append(self.pdf.get_y())
            self.draw_row(cols, cells, row, size, fill, borders=False)
        self.grid(cols, [*rules, self.pdf.get_y()])
        return tail_fits


def _glyph_widths(pdf: FPDF) -> dict[int, float]:
    font = pdf.current_font
    if not isinstance(font, TTFFont):  # pragma: no cover - we only ever set the TTF fonts
        raise TypeError("expected a TrueType font")
    return font.cw
