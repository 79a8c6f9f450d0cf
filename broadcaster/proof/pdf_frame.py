"""The administrative frame of a printed document (Nghị định 30/2020/NĐ-CP, phụ lục I),
drawn with fpdf2 in the serif face: the top (bodies and number at the left, the motto and
the place-date line at the right, then the title) and the signature block (*Nơi nhận* at the
left, the signer at the right with room for the seal, and the preparer when there is one).

The texts come from `office.frame()`; this module only places them. Every line is fitted to
its column (smaller print down to a floor, then wrapped), so a long body's name never runs
into the motto.
"""

from __future__ import annotations

import pathlib
import unicodedata
from collections.abc import Sequence

from fpdf import FPDF

from broadcaster.proof.office import Frame

FONT_DIR = pathlib.Path(__file__).resolve().parent.parent / "fonts"
SERIF = "DejaVuSerif"
# Page margins of Nghị định 30 (mm): top and bottom 20-25, left 30-35, right 15-20.
TOP, BOTTOM, LEFT, RIGHT = 20.0, 20.0, 30.0, 15.0
LEFT_SHARE = 0.42  # the bodies' column; the motto takes the rest
GUTTER = 4.0  # mm between the two columns of the head
SEAL_SPACE = 24.0  # mm left blank for the signature and the seal
LINE = 1.3  # line height as a multiple of the font size
PT = 25.4 / 72  # mm per point


def add_serif(pdf: FPDF) -> None:
    """Register the shipped serif face in its four styles (once per document)."""
    for style, suffix in (("", ""), ("B", "-Bold"), ("I", "-Italic"), ("BI", "-BoldItalic")):
        pdf.add_font(SERIF, style, str(FONT_DIR / f"DejaVuSerif{suffix}.ttf"))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fit(pdf: FPDF, text: str, style: str, size: float, width: float, floor: float) -> float:
    """The largest size from `size` down to `floor` at which `text` fits on one line."""
    while size > floor:
        pdf.set_font(SERIF, style, size)
        if pdf.get_string_width(text) <= width:
            return size
        size -= 0.5
    return floor


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Words onto lines no wider than `width` in the current font; a single word too wide
    for a line is cut by characters (a long name has no spaces to break at)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if pdf.get_string_width(trial) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:
            if pdf.get_string_width(current + char) > width and current:
                lines.append(current)
                current = ""
            current += char
    if current:
        lines.append(current)
    return lines or [""]


def _balanced(pdf: FPDF, text: str, width: float) -> list[str]:
    """Wrapped into as few lines as at `width`, but as even as they can be: a name is read
    as "PHÒNG VĂN HÓA / VÀ THÔNG TIN", never with one word left alone on its last line."""
    lines = _wrap(pdf, text, width)
    if len(lines) < 2:
        return lines
    low, high = width / len(lines), width
    for _ in range(12):  # a tenth of a millimetre is as even as print gets
        middle = (low + high) / 2
        if len(_wrap(pdf, text, middle)) > len(lines):
            low = middle
        else:
            high = middle
    return _wrap(pdf, text, high)


def centred(
    pdf: FPDF,
    text: str,
    x: float,
    width: float,
    y: float,
    style: str = "",
    size: float = 12.0,
    floor: float = 8.0,
    underline: float = 0.0,
    draw: bool = True,
) -> float:
    """Draw `text` centred in [x, x+width] from `y` (the top of the line), fitted then
    wrapped; `underline` (a share of the widest line) draws the rule under it. Returns the
    y below the text; with `draw` False only measures (the same fitting and wrapping)."""
    text = nfc(text)
    size = _fit(pdf, text, style, size, width, floor)
    pdf.set_font(SERIF, style, size)
    height = size * PT * LINE
    widest = 0.0
    for line in _balanced(pdf, text, width):
        line_width = pdf.get_string_width(line)
        widest = max(widest, line_width)
        if draw:
            pdf.text(x + (width - line_width) / 2, y + size * PT, line)
        y += height
    if underline:
        rule = widest * underline
        if draw:
            pdf.set_line_width(0.3)
            pdf.line(x + (width - rule) / 2, y - 0.4, x + (width + rule) / 2, y - 0.4)
        y += 1.0
    return y


def left_lines(
    pdf: FPDF,
    lines: Sequence[str],
    x: float,
    width: float,
    y: float,
    style: str,
    size: float,
    draw: bool = True,
) -> float:
    pdf.set_font(SERIF, style, size)
    for text in lines:
        for line in _wrap(pdf, nfc(text), width):
            if draw:
                pdf.text(x, y + size * PT, line)
            y += size * PT * LINE
    return y


def draw_top(pdf: FPDF, frame: Frame, title: Sequence[str], y: float | None = None) -> float:
    """The document's head on the current page; returns the y below the title."""
    y = TOP if y is None else y
    usable = pdf.w - LEFT - RIGHT
    left_w = usable * LEFT_SHARE - GUTTER / 2
    right_x, right_w = LEFT + left_w + GUTTER, usable - left_w - GUTTER
    # Left: the parent body (plain), the issuing unit (bold, a short rule under it), Số.
    ly = y
    bodies = list(frame.bodies)
    for i, body in enumerate(bodies):
        last = i == len(bodies) - 1
        ly = centred(
            pdf, body, LEFT, left_w, ly, "B" if last else "", 12, 10.5, underline=0.4 if last else 0
        )
    ly = centred(pdf, frame.number, LEFT, left_w, ly + 2, "", 12, 8)
    # Right: Quốc hiệu, Tiêu ngữ (underlined as long as itself), then the place and date.
    ry = centred(pdf, frame.motto[0], right_x, right_w, y, "B", 12, 7.5)
    ry = centred(pdf, frame.motto[1], right_x, right_w, ry, "B", 12.5, 8, underline=1.0)
    ry = centred(pdf, frame.place_date, right_x, right_w, ry + 2, "I", 12, 8)
    ty = max(ly, ry) + 6
    for i, line in enumerate(title):
        ty = centred(pdf, line, LEFT, usable, ty, "B", 14 if i == 0 else 12.5, 9)
    return ty + 3


def signature_height(pdf: FPDF, frame: Frame, with_preparer: bool) -> float:
    """The height `draw_signatures` takes, measured by the same fitting and wrapping (not
    drawn), so a caller can keep the block with what it certifies or start a new page."""
    return draw_signatures(pdf, frame, 0.0, with_preparer, draw=False)


def draw_signatures(
    pdf: FPDF,
    frame: Frame,
    y: float,
    with_preparer: bool = False,
    draw: bool = True,
) -> float:
    """The signature block from `y`: with a preparer, a row of two signatures (preparer
    left, signer right) and *Nơi nhận* below; without, *Nơi nhận* left and the signer
    right as in Nghị định 30. Returns the y below it (`draw` False: only measures)."""
    usable = pdf.w - LEFT - RIGHT
    half = usable / 2

    def signer(x: float, top: float, title: str, hint: str, name: str) -> float:
        bottom = centred(pdf, title, x, half, top, "B", 12, 10, draw=draw)
        bottom = centred(pdf, hint, x, half, bottom, "I", 11, 8, draw=draw)
        bottom += SEAL_SPACE
        if name:
            bottom = centred(pdf, name, x, half, bottom, "B", 12, 8, draw=draw)
        return bottom

    recipients_top = y
    right_bottom = y
    if with_preparer:
        preparer_bottom = signer(
            LEFT, y, frame.preparer_title, frame.preparer_hint, frame.preparer_name
        )
        right_bottom = signer(
            LEFT + half, y, frame.signer_title, frame.sign_hint, frame.signer_name
        )
        recipients_top = max(preparer_bottom, right_bottom) + 4
    else:
        right_bottom = signer(
            LEFT + half, y, frame.signer_title, frame.sign_hint, frame.signer_name
        )
    ry = left_lines(pdf, [frame.recipients_title], LEFT, half - 4, recipients_top, "BI", 11, draw)
    ry = left_lines(pdf, frame.recipients, LEFT, half - 4, ry, "", 10, draw)
    return max(ry, right_bottom)
