"""The printable monthly log (PDF), rendered from the month document (`month.py`) in the
form a Vietnamese office files it (an administrative report, Nghị định 30/2020/NĐ-CP).

A4 portrait throughout, with the decree's margins. Page 1: the frame's head (bodies, number,
motto, place and date, the title), the station's facts, the summary per series with its
verdicts, then the signature block right under the summary it certifies (the last summary
rows move with it rather than leave it alone on a page). Then the annexes, each on new
pages: *Phụ lục I*, every airing (`pdf_detail.py`: the table wraps its cells and repeats its
header), and
*Phụ lục II*, the calendar of the month. Every page's footer names the station, the month
and the start of the chain hash, so a loose printed page can be matched to its file.

Words come from `labels.py`, the frame's texts from `office.frame()`; drawing primitives
and the table engine are in `pdf_kit.py`, the frame in `pdf_frame.py`.
"""

from __future__ import annotations

import pathlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fpdf import FPDF

from broadcaster.core.vocab import BULLETIN_SERIES
from broadcaster.i18n.display import programme_title
from broadcaster.proof.labels import (
    label,
    level_label,
    series_label,
    verdict_label,
)
from broadcaster.proof.office import Frame, Office, frame
from broadcaster.proof.pdf_calendar import draw_calendar
from broadcaster.proof.pdf_detail import DETAIL_COLS, detail_header, detail_rows
from broadcaster.proof.pdf_detail import moment as _at
from broadcaster.proof.pdf_detail import text as _nfc
from broadcaster.proof.pdf_frame import (
    BOTTOM,
    LEFT,
    RIGHT,
    SERIF,
    TOP,
    add_serif,
    centred,
    draw_signatures,
    draw_top,
    signature_height,
)
from broadcaster.proof.pdf_kit import (
    BLACK,
    GRID,
    HEAD_FILL,
    MUTED,
    STATUS_ORDER,
    Cell,
    Col,
    Kit,
    Row,
)

SERIES_FILL = (240, 240, 240)
VERDICT_FILL = {
    "met": (200, 230, 201),
    "not_met": (255, 205, 210),
    "pending": (255, 224, 178),
    "withdrawn": (225, 225, 225),
}
MAX_PROBLEMS = 4  # problem lines a programme shows in the summary
FOOTER_GAP = 4.0  # mm from the content's bottom to the footer's rule
SIGNATURE_GAP = 6.0  # mm between the summary and the signatures


def write_pdf(
    document: Mapping[str, Any], path: pathlib.Path, lang: str = "vi", office: Office | None = None
) -> None:
    """Render the month document as a printable PDF at `path`. `office` gives the frame's
    names, number, place, signer and recipients (`[document]` in config); None leaves the
    blanks an office fills in by hand, under the document's own station."""
    if office is None:
        station = document.get("station") or {}
        office = Office().with_station(_nfc(station.get("name")), _nfc(station.get("reports_to")))
    _Month(document, lang, office).render(pathlib.Path(path))


def _hms(seconds: Any) -> str:
    total = int(round(float(seconds or 0)))
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


class _PDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        y = self.h - BOTTOM + FOOTER_GAP
        self.set_draw_color(*GRID)
        self.set_line_width(0.2)
        self.line(LEFT, y, self.w - RIGHT, y)
        self.set_font(SERIF, "", 7)
        self.set_text_color(*MUTED)
        self.text(LEFT, y + 3.5, self.footer_text)
        # `cell` (not `text`) so that fpdf2 replaces the total-pages alias.
        self.set_xy(self.w - RIGHT - 20, y + 1)
        self.cell(20, 3.5, f"{self.page_no()}/{self.str_alias_nb_pages}", align="R")
        self.set_text_color(*BLACK)


class _Month:
    def __init__(self, document: Mapping[str, Any], lang: str, office: Office) -> None:
        self.doc = document
        self.lang = lang if lang in ("vi", "en") else "vi"
        self.rows: list[Mapping[str, Any]] = list(document.get("rows") or [])
        self.when = [_at(r.get("scheduled_at")) or datetime(1970, 1, 1) for r in self.rows]
        self.year, self.month = (int(p) for p in str(document["month"]).split("-"))
        generated = _at(document.get("generated_at"))
        self.generated = generated
        # Over once the document was made in a later month (the station's own clock).
        self.period_over = (
            (generated.year, generated.month) > (self.year, self.month)
            if generated
            else bool(document.get("complete"))
        )
        self.frame: Frame = frame(office, generated.date() if generated else None, self.lang)
        pdf = self.pdf = _PDF(orientation="P", unit="mm", format="A4")
        # One face, as Nghị định 30 asks (and each face embedded costs time in a year's export).
        add_serif(pdf)
        for font in pdf.fonts.values():
            # Subsetting keeps each glyph's outline, so its stored bounding box stays true;
            # recomputing them would unpack and re-encode every glyph (a third of the time
            # of a month's PDF, twelve times over in a year's export).
            ttfont = getattr(font, "ttfont", None)
            if ttfont is not None:
                ttfont.recalcBBoxes = False
        pdf.set_margins(LEFT, TOP, RIGHT)
        pdf.set_auto_page_break(False)  # page breaks are ours, so table headers repeat
        self.kit = Kit(pdf, LEFT, TOP, pdf.h - BOTTOM, pdf.w - RIGHT, SERIF)
        station = document.get("station") or {}
        self.station = station
        chain = document.get("chain") or {}
        self.chain_hash = _nfc(chain.get("hash_after")) or "—"
        self.month_text = self.L("month_of").format(month=self.month, year=self.year)
        pdf.footer_text = "  ·  ".join(
            [
                _nfc(station.get("name")),
                self.month_text,
                f"{self.L('chain')} {self.chain_hash[:16]}",
            ]
        )
        self.title = self.L("log_of_month").format(month=self.month, year=self.year)
        pdf.set_title(f"{self.L('report')} — {self.title}")
        pdf.set_creator(_nfc(document.get("generator")))
        pdf.set_lang(self.lang)
        # Series names by id, for the detail's series column (the plan's, then the summary's).
        summary = document.get("summary") or {}
        plan = document.get("plan") or {}
        self.series_titles: dict[str, str] = {}
        for item in [*(plan.get("series") or []), *(summary.get("series") or [])]:
            if isinstance(item, Mapping):
                key = _nfc(item.get("id") or item.get("series_id"))
                self.series_titles.setdefault(key, _nfc(item.get("title")))
        # A bulletin's level is on its rows (`priority`); the summary's programme has its file.
        self.level_of_file = {
            r.get("file_sha256"): _nfc(r.get("priority"))
            for r in self.rows
            if r.get("series_id") == BULLETIN_SERIES and r.get("priority")
        }

    def L(self, key: str) -> str:  # noqa: N802 - short name keeps the drawing code readable
        return _nfc(label(key, self.lang))

    def verdict_cell(self, verdict: Any, bold: bool = False) -> Cell:
        v = _nfc(verdict)
        text = _nfc(verdict_label(v, self.lang, self.period_over)) if v else ""
        return Cell(text, bold=bold, fill=VERDICT_FILL.get(v))

    # -- the document

    def render(self, path: pathlib.Path) -> None:
        pdf = self.pdf
        pdf.add_page(orientation="P")
        self.kit.text_color(BLACK)
        y = draw_top(pdf, self.frame, [self.L("report"), self.title])
        pdf.set_y(self.facts(y + 1))
        self.summary()
        self.signatures()
        self.annex_heading("I", self.L("annex.detail"))
        self.kit.table(DETAIL_COLS, detail_header(self.lang), self.detail_rows(), 7)
        self.annex_heading("II", self.L("annex.calendar"))
        draw_calendar(
            self.kit,
            str(self.doc["month"]),
            self.rows,
            self.when,
            list(self.doc.get("pending") or []),
            self.lang,
        )
        pdf.output(str(path))

    def facts(self, y: float) -> float:
        pdf = self.pdf
        generated = self.generated.strftime("%d/%m/%Y %H:%M") if self.generated else "—"
        period = self.L("period.over" if self.period_over else "period.running")
        facts = [
            ("station", _nfc(self.station.get("name"))),
            ("level", _nfc(level_label(self.station.get("level"), self.lang))),
            ("reports_to", _nfc(self.station.get("reports_to"))),
            ("period", f"{self.month_text} ({period})"),
            ("generated_at", generated),
        ]
        size, line_h = 11.0, 11.0 * 25.4 / 72 * 1.3
        pdf.set_font(SERIF, "B", size)
        key_w = max(pdf.get_string_width(self.L(k) + ":") for k, _ in facts) + 3
        for key, value in facts:
            pdf.set_font(SERIF, "B", size)
            pdf.text(LEFT, y + size * 25.4 / 72, self.L(key) + ":")
            pdf.set_font(SERIF, "", size)
            for text in self.kit_wrap_serif(value or "—", self.kit.content_width - key_w, size):
                pdf.text(LEFT + key_w, y + size * 25.4 / 72, text)
                y += line_h
        chain = self.doc.get("chain") or {}
        text = f"{self.L('chain')}: {self.chain_hash}"
        if chain.get("first_seq") is not None:
            text += f"  ({self.L('seq')} {chain.get('first_seq')}–{chain.get('last_seq')})"
        self.kit.line_text(LEFT, y + 0.5, text, 7, color=MUTED)
        return y + 6

    def kit_wrap_serif(self, text: str, width: float, size: float) -> list[str]:
        """Words onto lines in the serif face (the facts are few: fpdf's measure will do)."""
        pdf = self.pdf
        pdf.set_font(SERIF, "", size)
        lines, current = [], ""
        for word in text.split():
            trial = f"{current} {word}".strip()
            if current and pdf.get_string_width(trial) > width:
                lines.append(current)
                trial = word
            current = trial
        return [*lines, current] if current or not lines else lines

    # -- summary and signatures

    def summary(self) -> None:
        pdf = self.pdf
        self.kit.text_color(BLACK)
        width = self.kit.content_width
        y = centred(pdf, self.L("summary_heading"), LEFT, width, pdf.get_y(), "B", 12)
        y = centred(pdf, self.L("figures_note"), LEFT, width, y, "I", 10, 7)
        pdf.set_y(y + 1.5)
        summary = self.doc.get("summary") or {}
        # 165 mm: the A4 portrait width inside Nghị định 30's margins.
        cols = [Col(36), Col(15, "C"), Col(14, "C"), Col(11, "C"), Col(11, "C"), Col(10, "C")]
        cols += [Col(27), Col(17, "R"), Col(24, "C")]
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
        rows: list[Row] = []
        headings: set[int] = set()  # a series' row stays with its first programme
        for series in summary.get("series") or []:
            if series.get("programmes"):
                headings.add(len(rows))
            sid = _nfc(series.get("series_id"))
            present, needed = (
                series.get("programmes_present", 0),
                series.get("programmes_required", 0),
            )
            done, required = series.get("airings_done", 0), series.get("airings_required", 0)
            title = series_label(sid, _nfc(series.get("title")), self.lang)
            rows.append(
                (
                    [
                        Cell(_nfc(title), bold=True),
                        Cell(f"{present}/{needed}", bold=True),
                        Cell(f"{done}/{required}", bold=True),
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
                rows.append(self.programme_row(sid, prog))
        totals = summary.get("totals") or {}
        counts = ", ".join(f"{self.L(f'status.{s}')} {totals.get(s, 0)}" for s in STATUS_ORDER)
        rows.append(
            (
                [
                    Cell(self.L("total"), bold=True),
                    *(Cell() for _ in range(4)),
                    Cell(str(totals.get("makeups", 0)), bold=True),
                    Cell(counts, bold=True),
                    Cell(_hms(totals.get("airtime_s")), bold=True),
                    self.verdict_cell(totals.get("verdict"), bold=True),
                ],
                HEAD_FILL,
            )
        )
        self.kit.table(cols, header, rows, 7.5, tail=self.signature_room(), keep=3, sticky=headings)

    def programme_row(self, series_id: str, prog: Mapping[str, Any]) -> Row:
        problems = [self.problem_text(p) for p in prog.get("problems") or []]
        if len(problems) > MAX_PROBLEMS:
            # The detail annex lists every airing; the summary stays a page.
            more = self.L("more_problems").format(count=len(problems) - MAX_PROBLEMS + 1)
            problems = [*problems[: MAX_PROBLEMS - 1], more]
        if prog.get("pending"):
            problems.append(f"{self.L('pending')}: {prog['pending']}")
        title = programme_title(_nfc(prog.get("title")))
        level = self.level_of_file.get(prog.get("file_sha256"))
        if series_id == BULLETIN_SERIES and level:
            title = f"{series_label(series_id, None, self.lang, level)}: {title}"
        return (
            [
                Cell(title, indent=3.0),
                Cell(),
                Cell(),
                Cell(f"{prog.get('new_done', 0)}/{prog.get('new_required', 0)}"),
                Cell(f"{prog.get('repeats_done', 0)}/{prog.get('repeats_required', 0)}"),
                Cell(str(prog.get("makeups", 0))),
                Cell("\n".join(problems)),
                Cell(_hms(prog.get("airtime_s"))),
                self.verdict_cell(prog.get("verdict")),
            ],
            None,
        )

    def problem_text(self, problem: Mapping[str, Any]) -> str:
        at = _at(problem.get("scheduled_at"))
        when = at.strftime("%H:%M %d/%m") if at else "—"
        status = self.L(f"status.{problem.get('status')}")
        reason = _nfc(problem.get("reason"))
        return f"{status} {when}: {reason}" if reason else f"{status} {when}"

    def detail_rows(self) -> list[Row]:
        return detail_rows(self.rows, self.when, self.series_titles, self.lang)

    def signature_room(self) -> float:
        return signature_height(self.pdf, self.frame, True) + SIGNATURE_GAP

    def signatures(self) -> None:
        pdf = self.pdf
        if not self.kit.fits(self.signature_room()):
            self.kit.new_page()
        self.kit.text_color(BLACK)
        draw_signatures(pdf, self.frame, pdf.get_y() + SIGNATURE_GAP, with_preparer=True)

    # -- annexes

    def annex_heading(self, number: str, title: str) -> None:
        pdf = self.pdf
        self.kit.new_page()
        self.kit.text_color(BLACK)
        width = self.kit.content_width
        y = centred(pdf, self.L("annex").format(number=number), LEFT, width, TOP, "B", 13)
        y = centred(pdf, f"{title} — {self.month_text}", LEFT, width, y, "B", 12)
        office_number = self.frame.number.split(":", 1)[-1].strip()
        y = centred(pdf, self.L("annex_of").format(number=office_number), LEFT, width, y, "I", 11)
        pdf.set_y(y + 3)
