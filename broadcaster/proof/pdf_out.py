"""The printable monthly log (PDF), rendered from the month document (`month.py`).

Pages, in order: header and summary (A4 portrait), a calendar picture of the month
(portrait), the detail table of every as-run row (A4 landscape, header repeated on each
page) and the signature block with the chain hash. Every page's footer names the station,
the month and the start of the chain hash, so a loose printed page can be matched to its
file. All visible words come from `labels.py`; the only fonts are the shipped DejaVu ones.

Drawing is done with `FPDF.text`/`rect` and our own line wrapping (not `multi_cell` or
`table`), which keeps a 1,500-row month well under a second.
"""

from __future__ import annotations

import calendar
import pathlib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from fpdf import FPDF
from fpdf.fonts import TTFFont

from broadcaster.proof.labels import label, level_label
from broadcaster.proof.summary import TEST as TEST_KIND

FONT_DIR = pathlib.Path(__file__).resolve().parent.parent / "fonts"
FAMILY = "DejaVu"
MARGIN = 12.0  # mm, all sides
FOOTER_H = 9.0  # mm reserved above the bottom margin for the footer
PAD = 0.9  # mm of padding inside table cells
LINE = 1.25  # line height as a multiple of the font size

Color = tuple[int, int, int]
BLACK: Color = (0, 0, 0)
GRID: Color = (120, 120, 120)
MUTED: Color = (90, 90, 90)
HEAD_FILL: Color = (225, 225, 225)
SERIES_FILL: Color = (240, 240, 240)
ZEBRA_FILL: Color = (246, 246, 246)
OUTSIDE_FILL: Color = (236, 236, 236)
WEEKEND_FILL: Color = (250, 246, 236)
VERDICT_FILL: dict[str, Color] = {
    "met": (200, 230, 201),
    "not_met": (255, 205, 210),
    "pending": (255, 224, 178),
}
STATUSES = ("aired", "partial", "missed", "failed")
STATUS_COLOR: dict[str, Color] = {
    "aired": (46, 125, 50),
    "partial": (245, 150, 0),
    "missed": (140, 140, 140),
    "failed": (200, 30, 30),
}
# Shapes as well as colours, so a black-and-white print still tells the statuses apart.
STATUS_SHAPE = {"aired": "circle", "partial": "diamond", "missed": "square", "failed": "triangle"}
PENDING_COLOR: Color = (90, 90, 90)


def write_pdf(document: dict, path: pathlib.Path, lang: str = "vi") -> None:
    """Render the month document as a printable PDF at `path`."""
    _Renderer(document, lang).render(pathlib.Path(path))


# --------------------------------------------------------------------------- formatting


def _nfc(value: Any) -> str:
    return "" if value is None else unicodedata.normalize("NFC", str(value))


def _when(value: str | None, fmt: str) -> str:
    # Station-local: the ISO string carries the station's offset; keep it, do not convert.
    return "—" if not value else datetime.fromisoformat(value).strftime(fmt)


def _hms(seconds: Any) -> str:
    total = int(round(float(seconds or 0)))
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


def _seconds(value: Any, lang: str) -> str:
    if value is None:
        return "—"
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "vi" else text


def _month_text(month: str) -> str:
    year, mon = month.split("-")
    return f"{mon}/{year}"


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Col:
    width: float
    align: str = "L"  # L, C or R


@dataclass
class Cell:
    text: str = ""
    bold: bool = False
    fill: Color | None = None
    marker: str | None = None  # a status whose marker goes before the text
    indent: float = 0.0
    size: float | None = None  # smaller print than the row's, for a header word that is long


class _PDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-(MARGIN + 4))
        self.set_font(FAMILY, "", 7)
        self.set_text_color(*MUTED)
        self.set_draw_color(*GRID)
        self.set_line_width(0.2)
        self.line(MARGIN, self.get_y() - 1, self.w - MARGIN, self.get_y() - 1)
        self.text(MARGIN, self.get_y() + 2.5, self.footer_text)
        # `cell` (not `text`) so that fpdf2 replaces the total-pages alias.
        number = f"{self.page_no()}/{self.str_alias_nb_pages}"
        self.set_xy(self.w - MARGIN - 30, self.get_y())
        self.cell(30, 3.5, number, align="R")
        self.set_text_color(*BLACK)


def _glyph_widths(pdf: FPDF) -> dict[int, float]:
    font = pdf.current_font
    if not isinstance(font, TTFFont):  # pragma: no cover - we only ever set the TTF fonts
        raise TypeError("expected a TrueType font")
    return font.cw


class _Renderer:
    def __init__(self, document: Mapping[str, Any], lang: str) -> None:
        self.doc = document
        self.lang = lang if lang in ("vi", "en") else "vi"
        self.pdf = _PDF(orientation="P", unit="mm", format="A4")
        pdf = self.pdf
        pdf.add_font(FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
        pdf.add_font(FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(False)  # page breaks are ours, so table headers repeat
        pdf.set_font(FAMILY, "", 9)
        # Glyph widths (1/1000 em) for our own, fast line wrapping.
        pdf.set_font(FAMILY, "B", 9)
        self._cw_bold = _glyph_widths(pdf)
        pdf.set_font(FAMILY, "", 9)
        self._cw_regular = _glyph_widths(pdf)
        self._widths: dict[tuple[str, bool], float] = {}
        self.rows: list[Mapping[str, Any]] = list(document.get("rows") or [])
        self.when = [datetime.fromisoformat(r["scheduled_at"]) for r in self.rows]
        station = document.get("station") or {}
        chain = document.get("chain") or {}
        self.month = _month_text(str(document["month"]))
        self.chain_hash = _nfc(chain.get("hash_after")) or "—"
        pdf.footer_text = "  ·  ".join(
            [
                _nfc(station.get("name")),
                f"{self.L('month')} {self.month}",
                f"{self.L('chain')} {self.chain_hash[:16]}",
            ]
        )
        title = f"{self.L('title')} — {self.L('month')} {self.month}"
        pdf.set_title(title)
        pdf.set_creator(_nfc(document.get("generator")))
        pdf.set_lang(self.lang)
        self.title = title

    def L(self, key: str) -> str:  # noqa: N802 - short name keeps the drawing code readable
        return _nfc(label(key, self.lang))

    # -- text measurement and wrapping

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
                    lines.append(current[:cut])
                    current = current[cut:]
            lines.append(current)
        return lines or [""]

    def fit_words(self, text: str, avail: float, size: float) -> float:
        """The largest print, at most `size`, at which no word of a header is broken."""
        longest = max((self.width(w, True, 1.0) for w in text.split()), default=0.0)
        return size if longest * size <= avail else max(5.0, avail / longest)

    # -- drawing primitives

    def marker(self, status: str, x: float, y: float, size: float, pending: bool = False) -> None:
        """A status marker in the box (x, y, size, size)."""
        pdf = self.pdf
        if pending:
            pdf.set_draw_color(*PENDING_COLOR)
            pdf.set_line_width(0.25)
            pdf.ellipse(x + 0.15, y + 0.15, size - 0.3, size - 0.3, style="D")
            return
        color = STATUS_COLOR.get(status, PENDING_COLOR)
        pdf.set_fill_color(*color)
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

    def line_text(
        self, x: float, top: float, text: str, size: float, bold: bool = False, color: Color = BLACK
    ) -> None:
        """One line of text whose line box starts at `top`."""
        pdf = self.pdf
        pdf.set_font(FAMILY, "B" if bold else "", size)
        pdf.set_text_color(*color)
        pdf.text(x, top + size / pdf.k * 0.98, text)

    def fits(self, height: float) -> bool:
        return self.pdf.get_y() + height <= self.pdf.h - MARGIN - FOOTER_H

    def table_row(
        self,
        cols: Sequence[Col],
        cells: Sequence[Cell],
        size: float,
        fill: Color | None = None,
        max_height: float | None = None,
    ) -> tuple[float, Callable[[], None]]:
        """Lay out one row: its height and a function that draws it at the current y."""
        line_h = size / self.pdf.k * LINE
        marker_w = size / self.pdf.k * 0.8
        laid: list[list[str]] = []
        for col, cell in zip(cols, cells, strict=True):
            avail = col.width - 2 * PAD - cell.indent - (marker_w + 1.0 if cell.marker else 0)
            csize = cell.size or size
            laid.append(self.wrap(cell.text, avail, cell.bold, csize) if cell.text else [""])
        lines = max(len(x) for x in laid)
        if max_height is not None:
            most = max(1, int((max_height - 2 * PAD) // line_h))
            if lines > most:
                laid = [x if len(x) <= most else [*x[: most - 1], x[most - 1] + " …"] for x in laid]
                lines = most
        height = lines * line_h + 2 * PAD

        def draw() -> None:
            pdf = self.pdf
            y = pdf.get_y()
            x = MARGIN
            pdf.set_draw_color(*GRID)
            pdf.set_line_width(0.15)
            if fill is not None:
                pdf.set_fill_color(*fill)
                pdf.rect(x, y, sum(c.width for c in cols), height, style="F")
            for col, cell, text_lines in zip(cols, cells, laid, strict=True):
                if cell.fill is not None:
                    pdf.set_fill_color(*cell.fill)
                    pdf.rect(x, y, col.width, height, style="F")
                left = x + PAD + cell.indent
                if cell.marker:
                    self.marker(cell.marker, left, y + PAD + (line_h - marker_w) / 2, marker_w)
                    left += marker_w + 1.0
                for i, text in enumerate(text_lines):
                    if not text:
                        continue
                    if col.align == "L":
                        tx = left
                    else:
                        w = self.width(text, cell.bold, cell.size or size)
                        tx = (
                            x + col.width - PAD - w if col.align == "R" else x + (col.width - w) / 2
                        )
                    self.line_text(tx, y + PAD + i * line_h, text, cell.size or size, cell.bold)
                pdf.rect(x, y, col.width, height, style="D")
                x += col.width
            pdf.set_y(y + height)

        return height, draw

    def table(
        self,
        cols: Sequence[Col],
        header: Sequence[str],
        rows: Sequence[tuple[Sequence[Cell], Color | None]],
        size: float,
        new_page: Callable[[], None],
    ) -> None:
        head_cells = [
            Cell(h, bold=True, size=self.fit_words(h, c.width - 2 * PAD, size))
            for h, c in zip(header, cols, strict=True)
        ]
        head_cols = [Col(c.width, "C") for c in cols]
        head_h, _ = self.table_row(head_cols, head_cells, size, HEAD_FILL)
        page_room = self.pdf.h - 2 * MARGIN - FOOTER_H - head_h - 20

        def draw_header() -> None:
            _, draw = self.table_row(head_cols, head_cells, size, HEAD_FILL)
            draw()

        first = rows[0][0] if rows else None
        first_h = self.table_row(cols, first, size)[0] if first else 0
        if not self.fits(head_h + first_h):
            new_page()
        draw_header()
        for cells, fill in rows:
            height, draw = self.table_row(cols, cells, size, fill, max_height=page_room)
            if not self.fits(height):
                new_page()
                draw_header()
            draw()

    def heading(self, text: str, size: float = 11) -> None:
        pdf = self.pdf
        self.line_text(MARGIN, pdf.get_y(), text, size, bold=True)
        pdf.set_y(pdf.get_y() + size / pdf.k * 1.6)

    # -- the document

    def render(self, path: pathlib.Path) -> None:
        self.pdf.add_page(orientation="P")
        self.header_block()
        self.summary()
        self.calendar_page()
        self.detail()
        self.signatures()
        self.pdf.output(str(path))

    def header_block(self) -> None:
        pdf = self.pdf
        station = self.doc.get("station") or {}
        size = 15
        w = self.width(self.title, True, size)
        self.line_text((pdf.w - w) / 2, MARGIN, self.title, size, bold=True)
        y = MARGIN + 10
        generated = _nfc(self.doc.get("generated_at"))
        facts = [
            ("station", _nfc(station.get("name"))),
            ("level", _nfc(level_label(station.get("level"), self.lang))),
            ("reports_to", _nfc(station.get("reports_to"))),
            ("generated_at", _when(generated, "%d/%m/%Y %H:%M") if generated else "—"),
        ]
        key_w = max(self.width(self.L(k) + ":", True, 9.5) for k, _ in facts) + 3
        for key, value in facts:
            self.line_text(MARGIN, y, self.L(key) + ":", 9.5, bold=True)
            for text in self.wrap(value or "—", pdf.w - 2 * MARGIN - key_w, False, 9.5):
                self.line_text(MARGIN + key_w, y, text, 9.5)
                y += 4.6
        pdf.set_draw_color(*GRID)
        pdf.set_line_width(0.3)
        pdf.line(MARGIN, y + 1.5, pdf.w - MARGIN, y + 1.5)
        pdf.set_y(y + 5)

    def verdict_cell(self, verdict: Any, bold: bool = False) -> Cell:
        v = _nfc(verdict)
        return Cell(self.L(f"verdict.{v}") if v else "", bold=bold, fill=VERDICT_FILL.get(v))

    def problem_text(self, problem: Mapping[str, Any]) -> str:
        when = _when(problem.get("scheduled_at"), "%H:%M %d/%m")
        status = self.L(f"status.{problem.get('status')}")
        reason = _nfc(problem.get("reason"))
        return f"{status} {when}: {reason}" if reason else f"{status} {when}"

    def summary(self) -> None:
        summary = self.doc.get("summary") or {}
        self.heading(self.L("summary"))
        cols = [
            Col(42),
            Col(19, "C"),
            Col(15, "C"),
            Col(12, "C"),
            Col(14, "C"),
            Col(15, "C"),
            Col(35),
            Col(16, "R"),
            Col(18, "C"),
        ]  # 186 mm: the A4 portrait width inside the margins
        header = [
            f"{self.L('series')} / {self.L('programme')}",
            self.L("programmes"),
            self.L("airings"),
            self.L("new"),
            self.L("repeats"),
            self.L("makeups"),
            self.L("problems"),
            self.L("airtime"),
            self.L("verdict"),
        ]
        rows: list[tuple[Sequence[Cell], Color | None]] = []
        for series in summary.get("series") or []:
            rows.append(
                (
                    [
                        Cell(_nfc(series.get("title")), bold=True),
                        Cell(
                            f"{series.get('programmes_present', 0)}/{series.get('programmes_required', 0)}",
                            bold=True,
                        ),
                        Cell(
                            f"{series.get('airings_done', 0)}/{series.get('airings_required', 0)}",
                            bold=True,
                        ),
                        Cell(),
                        Cell(),
                        Cell(),
                        Cell(),
                        Cell(_hms(series.get("airtime_s")), bold=True),
                        self.verdict_cell(series.get("verdict"), bold=True),
                    ],
                    SERIES_FILL,
                )
            )
            for prog in series.get("programmes") or []:
                problems = [self.problem_text(p) for p in prog.get("problems") or []]
                if prog.get("pending"):
                    problems.append(f"{self.L('pending')}: {prog['pending']}")
                rows.append(
                    (
                        [
                            Cell(_nfc(prog.get("title")), indent=3.0),
                            Cell(),
                            Cell(),
                            Cell(f"{prog.get('new_done', 0)}/{prog.get('new_required', 0)}"),
                            Cell(
                                f"{prog.get('repeats_done', 0)}/{prog.get('repeats_required', 0)}"
                            ),
                            Cell(str(prog.get("makeups", 0))),
                            Cell("\n".join(problems)),
                            Cell(_hms(prog.get("airtime_s"))),
                            self.verdict_cell(prog.get("verdict")),
                        ],
                        None,
                    )
                )
        totals = summary.get("totals") or {}
        counts = ", ".join(f"{self.L(f'status.{s}')} {totals.get(s, 0)}" for s in STATUSES)
        rows.append(
            (
                [
                    Cell(self.L("total"), bold=True),
                    Cell(),
                    Cell(),
                    Cell(),
                    Cell(),
                    Cell(str(totals.get("makeups", 0)), bold=True),
                    Cell(counts, bold=True),
                    Cell(_hms(totals.get("airtime_s")), bold=True),
                    self.verdict_cell(totals.get("verdict"), bold=True),
                ],
                HEAD_FILL,
            )
        )
        self.table(cols, header, rows, 7.5, lambda: self.pdf.add_page(orientation="P"))

    # -- calendar

    def calendar_page(self) -> None:
        pdf = self.pdf
        pdf.add_page(orientation="P")
        year, month = (int(p) for p in str(self.doc["month"]).split("-"))
        self.heading(f"{self.L('calendar')} — {self.L('month')} {self.month}", 13)
        by_day: dict[date, list[tuple[str, str, bool]]] = {}
        for row, when in sorted(zip(self.rows, self.when, strict=True), key=lambda p: p[1]):
            by_day.setdefault(when.date(), []).append(
                (when.strftime("%H:%M"), str(row.get("status")), False)
            )
        for item in self.doc.get("pending") or []:
            if item.get("scheduled_at"):
                when = datetime.fromisoformat(item["scheduled_at"])
                by_day.setdefault(when.date(), []).append((when.strftime("%H:%M"), "", True))
        for entries in by_day.values():
            entries.sort(key=lambda e: e[0])

        weeks = calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
        names = self.L("weekday").split()
        grid_w = pdf.w - 2 * MARGIN
        cell_w = grid_w / 7
        head_h = 6.5
        legend_h = 12.0
        top = pdf.get_y()
        avail = pdf.h - MARGIN - FOOTER_H - legend_h - head_h - top
        cell_h = min(avail / len(weeks), 42.0)
        pdf.set_line_width(0.25)
        pdf.set_draw_color(*GRID)
        for i in range(7):
            x = MARGIN + i * cell_w
            pdf.set_fill_color(*HEAD_FILL)
            pdf.rect(x, top, cell_w, head_h, style="DF")
            name = names[i] if i < len(names) else ""
            w = self.width(name, True, 9)
            self.line_text(x + (cell_w - w) / 2, top + 1.6, name, 9, bold=True)
        # The largest print that lists every day's airings; busier months get smaller print
        # and two entries a line, and a day that still overflows shows counts per status.
        busiest = max((len(e) for e in by_day.values()), default=0)
        for size, wanted in ((9.0, 1), (8.0, 1), (8.0, 2), (7.0, 2), (6.5, 2)):
            line_h = size / pdf.k * 1.45
            mark = size / pdf.k * 0.85
            entry_w = mark + 0.7 + self.width("00:00", False, size) + 1.3
            per_line = min(wanted, max(1, int((cell_w - 2 * 1.2 + 1.3) // entry_w)))
            lines = max(1, int((cell_h - 7.0) // line_h))
            if per_line * lines >= busiest:
                break
        for r, week in enumerate(weeks):
            y = top + head_h + r * cell_h
            for c, day in enumerate(week):
                x = MARGIN + c * cell_w
                pdf.set_draw_color(*GRID)
                pdf.set_line_width(0.25)
                if not day:
                    pdf.set_fill_color(*OUTSIDE_FILL)
                    pdf.rect(x, y, cell_w, cell_h, style="DF")
                    continue
                if c >= 5:
                    pdf.set_fill_color(*WEEKEND_FILL)
                    pdf.rect(x, y, cell_w, cell_h, style="DF")
                else:
                    pdf.rect(x, y, cell_w, cell_h, style="D")
                self.line_text(x + 1.2, y + 1.0, str(day), 9, bold=True)
                entries = by_day.get(date(year, month, day), [])
                body_top = y + 6.0
                if len(entries) <= per_line * lines:
                    for k, (hhmm, status, pending) in enumerate(entries):
                        ex = x + 1.2 + (k % per_line) * entry_w
                        ey = body_top + (k // per_line) * line_h
                        self.marker(status, ex, ey + (line_h - mark) / 2 - 0.3, mark, pending)
                        self.line_text(ex + mark + 0.7, ey, hhmm, size)
                else:
                    # Too many to list: one line per status with its count.
                    counts: dict[tuple[str, bool], int] = {}
                    for _, status, pending in entries:
                        counts[(status, pending)] = counts.get((status, pending), 0) + 1
                    order = [(s, False) for s in STATUSES] + [("", True)]
                    order += [k for k in counts if k not in order]
                    k = 0
                    for status, pending in order:
                        if (status, pending) not in counts:
                            continue
                        ey = body_top + k * line_h
                        self.marker(status, x + 1.2, ey + (line_h - mark) / 2 - 0.3, mark, pending)
                        text = f"× {counts[(status, pending)]}"
                        self.line_text(x + 1.2 + mark + 0.9, ey, text, size + 0.5, bold=True)
                        k += 1
        self.legend(top + head_h + len(weeks) * cell_h + 4)

    def legend(self, y: float) -> None:
        pdf = self.pdf
        # Counted as the summary counts: a test airing (phát thử) is a legend item of its
        # own, never one of the month's airings.
        scored = [r for r in self.rows if r.get("kind") != TEST_KIND]
        statuses = [str(r.get("status")) for r in scored]
        items: list[tuple[str | None, str, bool]] = [
            (s, f"{self.L(f'status.{s}')} ({statuses.count(s)})", False) for s in STATUSES
        ]
        if self.doc.get("pending"):
            items.append(("", f"{self.L('pending')} ({len(self.doc['pending'])})", True))
        if len(scored) < len(self.rows):
            items.append((None, f"{self.L('kind.test')} ({len(self.rows) - len(scored)})", False))
        size = 8.5
        mark = 3.0
        gap = 7.0
        widths = [mark + 1.5 + self.width(text, False, size) for _, text, _ in items]
        x = (pdf.w - sum(widths) - gap * (len(items) - 1)) / 2
        for (status, text, pending), w in zip(items, widths, strict=True):
            if status is not None:
                self.marker(status, x, y + 0.2, mark, pending)
            self.line_text(x + mark + 1.5, y, text, size)
            x += w + gap
        pdf.set_y(y + 8)

    # -- detail table

    def detail(self) -> None:
        pdf = self.pdf
        pdf.add_page(orientation="L")
        self.heading(f"{self.L('detail')} — {self.L('month')} {self.month}")
        cols = [
            Col(10, "R"),
            Col(24, "C"),
            Col(24, "C"),
            Col(24, "C"),
            Col(52),
            Col(16),
            Col(25),
            Col(15, "R"),
            Col(15, "R"),
            Col(pdf.w - 2 * MARGIN - 205),
        ]
        header = [
            self.L(k)
            for k in (
                "seq",
                "scheduled_at",
                "started_at",
                "ended_at",
                "programme",
                "kind",
                "status",
                "duration_s",
                "played_s",
                "reason",
            )
        ]
        fmt = "%d/%m %H:%M:%S"
        rows: list[tuple[Sequence[Cell], Color | None]] = []
        for i, row in enumerate(self.rows):
            status = _nfc(row.get("status"))
            rows.append(
                (
                    [
                        Cell(_nfc(row.get("seq"))),
                        Cell(self.when[i].strftime(fmt)),
                        Cell(_when(row.get("started_at"), fmt)),
                        Cell(_when(row.get("ended_at"), fmt)),
                        Cell(_nfc(row.get("title"))),
                        Cell(self.L(f"kind.{row.get('kind')}")),
                        Cell(
                            self.L(f"status.{status}"),
                            marker=status if status in STATUS_COLOR else None,
                        ),
                        Cell(_seconds(row.get("duration_s"), self.lang)),
                        Cell(_seconds(row.get("played_s"), self.lang)),
                        Cell(_nfc(row.get("reason"))),
                    ],
                    ZEBRA_FILL if i % 2 else None,
                )
            )
        self.table(cols, header, rows, 7, lambda: pdf.add_page(orientation="L"))

    # -- signatures

    def signatures(self) -> None:
        pdf = self.pdf
        needed = 52.0
        if not self.fits(needed):
            pdf.add_page(orientation="L" if pdf.w > pdf.h else "P")
        y = pdf.get_y() + 8
        half = (pdf.w - 2 * MARGIN) / 2
        for i, key in enumerate(("prepared_by", "approved_by")):
            centre = MARGIN + half * i + half / 2
            text = self.L(key)
            self.line_text(centre - self.width(text, True, 10.5) / 2, y, text, 10.5, bold=True)
            hint = self.L("sign_hint")
            self.line_text(centre - self.width(hint, False, 8.5) / 2, y + 5.5, hint, 8.5)
        y += 36
        chain = self.doc.get("chain") or {}
        text = f"{self.L('chain')}: {self.chain_hash}"
        if chain.get("first_seq") is not None:
            text += f"   ({self.L('seq')} {chain.get('first_seq')}–{chain.get('last_seq')})"
        self.line_text(MARGIN, y, text, 7, color=MUTED)
        pdf.set_y(y + 5)
