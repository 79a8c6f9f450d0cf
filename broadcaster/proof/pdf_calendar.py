"""The calendar annex of the monthly log: the month as a grid of days, each day listing its
airings' times with a status marker (shape and colour), and a legend with the counts.

Drawn from the current y to the bottom of the kit's content box, on a portrait page.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from broadcaster.core.vocab import Kind
from broadcaster.proof.labels import label
from broadcaster.proof.pdf_kit import GRID, HEAD_FILL, STATUS_ORDER, Kit

OUTSIDE_FILL = (236, 236, 236)
WEEKEND_FILL = (250, 246, 236)
# The largest print that lists every day's airings; busier months get smaller print and two
# entries a line, and a day that still overflows shows counts per status.
STEPS = ((9.0, 1), (8.0, 1), (8.0, 2), (7.0, 2), (6.5, 2))

Entry = tuple[str, str, bool]  # "HH:MM", status, still planned


def _by_day(
    rows: Sequence[Mapping[str, Any]], when: Sequence[datetime], pending: Sequence[Mapping]
) -> dict[date, list[Entry]]:
    by_day: dict[date, list[Entry]] = {}
    for row, at in zip(rows, when, strict=True):
        by_day.setdefault(at.date(), []).append(
            (at.strftime("%H:%M"), str(row.get("status")), False)
        )
    for item in pending:
        if item.get("scheduled_at"):
            at = datetime.fromisoformat(item["scheduled_at"])
            by_day.setdefault(at.date(), []).append((at.strftime("%H:%M"), "", True))
    for entries in by_day.values():
        entries.sort(key=lambda e: e[0])
    return by_day


def draw_calendar(
    kit: Kit,
    month: str,
    rows: Sequence[Mapping[str, Any]],
    when: Sequence[datetime],
    pending: Sequence[Mapping[str, Any]],
    lang: str,
) -> None:
    pdf = kit.pdf
    year, mon = (int(p) for p in month.split("-"))
    by_day = _by_day(rows, when, pending)
    weeks = calendar.Calendar(firstweekday=0).monthdayscalendar(year, mon)
    names = label("weekday", lang).split()
    cell_w = kit.content_width / 7
    head_h, legend_h = 6.5, 12.0
    top = pdf.get_y()
    cell_h = min((kit.bottom - legend_h - head_h - top) / len(weeks), 42.0)
    pdf.set_line_width(0.25)
    pdf.set_draw_color(*GRID)
    for i in range(7):
        x = kit.left + i * cell_w
        pdf.set_fill_color(*HEAD_FILL)
        pdf.rect(x, top, cell_w, head_h, style="DF")
        name = names[i] if i < len(names) else ""
        kit.line_text(x + (cell_w - kit.width(name, True, 9)) / 2, top + 1.6, name, 9, bold=True)
    busiest = max((len(e) for e in by_day.values()), default=0)
    for size, wanted in STEPS:
        line_h = size / pdf.k * 1.45
        mark = size / pdf.k * 0.85
        entry_w = mark + 0.7 + kit.width("00:00", False, size) + 1.3
        per_line = min(wanted, max(1, int((cell_w - 2 * 1.2 + 1.3) // entry_w)))
        lines = max(1, int((cell_h - 7.0) // line_h))
        if per_line * lines >= busiest:
            break
    for r, week in enumerate(weeks):
        y = top + head_h + r * cell_h
        for c, day in enumerate(week):
            x = kit.left + c * cell_w
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
            kit.line_text(x + 1.2, y + 1.0, str(day), 9, bold=True)
            entries = by_day.get(date(year, mon, day), [])
            body_top = y + 6.0
            if len(entries) <= per_line * lines:
                for k, (hhmm, status, pending_) in enumerate(entries):
                    ex = x + 1.2 + (k % per_line) * entry_w
                    ey = body_top + (k // per_line) * line_h
                    kit.marker(status, ex, ey + (line_h - mark) / 2 - 0.3, mark, pending_)
                    kit.line_text(ex + mark + 0.7, ey, hhmm, size)
                continue
            # Too many to list: one line per status with its count.
            counts: dict[tuple[str, bool], int] = {}
            for _, status, pending_ in entries:
                counts[(status, pending_)] = counts.get((status, pending_), 0) + 1
            order = [(s, False) for s in STATUS_ORDER] + [("", True)]
            order += [k for k in counts if k not in order]
            shown = [k for k in order if k in counts]
            for k, (status, pending_) in enumerate(shown):
                ey = body_top + k * line_h
                kit.marker(status, x + 1.2, ey + (line_h - mark) / 2 - 0.3, mark, pending_)
                text = f"× {counts[(status, pending_)]}"
                kit.line_text(x + 1.2 + mark + 0.9, ey, text, size + 0.5, bold=True)
    _legend(kit, rows, pending, lang, top + head_h + len(weeks) * cell_h + 4)


def _legend(
    kit: Kit,
    rows: Sequence[Mapping[str, Any]],
    pending: Sequence[Mapping[str, Any]],
    lang: str,
    y: float,
) -> None:
    # Counted as the summary counts: a test airing (phát thử) is a legend item of its own,
    # never one of the month's airings.
    scored = [r for r in rows if r.get("kind") != Kind.TEST]
    statuses = [str(r.get("status")) for r in scored]
    items: list[tuple[str | None, str, bool]] = [
        (s, f"{label(f'status.{s}', lang)} ({statuses.count(s)})", False) for s in STATUS_ORDER
    ]
    if pending:
        items.append(("", f"{label('pending', lang)} ({len(pending)})", True))
    if len(scored) < len(rows):
        items.append((None, f"{label('kind.test', lang)} ({len(rows) - len(scored)})", False))
    size, mark, gap = 8.5, 3.0, 5.0
    widths = [mark + 1.5 + kit.width(text, False, size) for _, text, _ in items]
    while sum(widths) + gap * (len(items) - 1) > kit.content_width and size > 6:
        size -= 0.5
        widths = [mark + 1.5 + kit.width(text, False, size) for _, text, _ in items]
    x = kit.left + (kit.content_width - sum(widths) - gap * (len(items) - 1)) / 2
    for (status, text, pending_), w in zip(items, widths, strict=True):
        if status is not None:
            kit.marker(status, x, y + 0.2, mark, pending_)
        kit.line_text(x + mark + 1.5, y, text, size)
        x += w + gap
    kit.pdf.set_y(y + 8)
