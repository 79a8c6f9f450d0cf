"""The detail annex of the monthly log (*Phụ lục I*): one table row per as-run row, in
Vietnamese words (series by `series_label`, bulletins by their level, titles readable),
with a correction linked both ways (*đính chính dòng N* / *đã đính chính tại dòng M*).

Portrait: ten columns in the 165 mm between Nghị định 30's margins; the cells wrap.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from broadcaster.i18n.display import programme_title
from broadcaster.proof.labels import corrects_label, label, series_label
from broadcaster.proof.pdf_kit import STATUS_COLOR, Cell, Col, Row

ZEBRA_FILL = (246, 246, 246)
CORRECTED_FILL = (232, 232, 232)  # a row a later one corrects: kept, but greyed
DETAIL_COLS = [Col(8, "R"), Col(22), Col(28), Col(12), Col(16, "C"), Col(18, "C"), Col(17)]
DETAIL_COLS += [Col(11, "R"), Col(11, "R"), Col(22)]
KEYS = (
    *("seq", "series", "programme", "kind", "scheduled_at", "actual", "status"),
    *("duration_s", "played_s", "reason"),
)


def text(value: Any) -> str:
    """A document's value as printed text (NFC, so pdftotext and search find it)."""
    return "" if value is None else unicodedata.normalize("NFC", str(value))


def moment(value: Any) -> datetime | None:
    """A station-local ISO time (its offset kept, never converted); None if unreadable."""
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def seconds(value: Any, lang: str) -> str:
    if value is None:
        return "—"
    figure = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return figure.replace(".", ",") if lang == "vi" else figure


def actual(row: Mapping[str, Any], scheduled: datetime) -> str:
    """Start and end times; a date only where it is not the scheduled day."""
    parts = []
    for at in (moment(row.get("started_at")), moment(row.get("ended_at"))):
        if at is None:
            continue
        same_day = at.date() == scheduled.date()
        parts.append(at.strftime("%H:%M:%S" if same_day else "%d/%m %H:%M:%S"))
    return " –\n".join(parts) if parts else "—"


def detail_header(lang: str) -> list[str]:
    return [text(label(key, lang)) for key in KEYS]


def detail_rows(
    rows: Sequence[Mapping[str, Any]],
    when: Sequence[datetime],
    series_titles: Mapping[str, str],
    lang: str,
) -> list[Row]:
    seq_of = {r.get("uid"): r.get("seq") for r in rows if r.get("uid")}
    corrected_by = {r.get("corrects_uid"): r.get("seq") for r in rows if r.get("corrects_uid")}
    out: list[Row] = []
    for i, row in enumerate(rows):
        status = text(row.get("status"))
        notes = []
        if row.get("corrects_uid"):
            notes.append(corrects_label(text(seq_of.get(row["corrects_uid"], "?")), lang))
        later = corrected_by.get(row.get("uid"))
        if later is not None:
            notes.append(text(label("corrected_by", lang)).format(seq=later))
        if row.get("reason"):
            notes.append(text(row.get("reason")))
        sid = text(row.get("series_id"))
        series = series_label(sid, series_titles.get(sid), lang, row.get("priority"))
        fill = CORRECTED_FILL if later is not None else (ZEBRA_FILL if i % 2 else None)
        cells = [
            Cell(text(row.get("seq"))),
            Cell(text(series)),
            Cell(programme_title(text(row.get("title")))),
            Cell(text(label(f"kind.{row.get('kind')}", lang))),
            Cell(when[i].strftime("%d/%m %H:%M")),
            Cell(actual(row, when[i])),
            Cell(
                text(label(f"status.{status}", lang)),
                marker=status if status in STATUS_COLOR else None,
            ),
            Cell(seconds(row.get("duration_s"), lang)),
            Cell(seconds(row.get("played_s"), lang)),
            Cell("; ".join(notes)),
        ]
        out.append((cells, fill))
    return out
