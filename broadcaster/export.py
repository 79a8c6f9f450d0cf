"""Exporting a month's as-run rows (JSON or CSV). Issue #3 grows this into the full report."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import select

from broadcaster.config import Config
from broadcaster.db import session
from broadcaster.models import AsRunRecord
from broadcaster.periods import month_period, parse_month
from broadcaster.views import local_iso

FIELDS = (
    "station_id",
    "series_id",
    "title",
    "file_name",
    "file_sha256",
    "kind",
    "scheduled_at",
    "started_at",
    "ended_at",
    "duration_s",
    "played_s",
    "status",
    "reason",
)
EXTRA_FIELDS = ("uid", "seq")
FORMAT_VERSION = 1
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")


def month_rows(engine: Engine, config: Config, month: str) -> list[dict[str, Any]]:
    period = month_period(*parse_month(month), config.station.tz)
    with session(engine) as db:
        records = db.exec(
            select(AsRunRecord)
            .where(AsRunRecord.scheduled_at >= period.start, AsRunRecord.scheduled_at < period.end)  # type: ignore[arg-type]
            .order_by(AsRunRecord.scheduled_at, AsRunRecord.seq)  # type: ignore[arg-type]
        ).all()
    rows = []
    for r in records:
        rows.append(
            {
                "station_id": r.station_id,
                "series_id": r.series_id,
                "title": r.title,
                "file_name": r.file_name,
                "file_sha256": r.file_sha256,
                "kind": r.kind,
                "scheduled_at": local_iso(r.scheduled_at, config),
                "started_at": local_iso(r.started_at, config),
                "ended_at": local_iso(r.ended_at, config),
                "duration_s": r.duration_s,
                "played_s": r.played_s,
                "status": r.status,
                "reason": r.reason,
                "uid": r.uid,
                "seq": r.seq,
            }
        )
    return rows


def to_json(config: Config, month: str, rows: list[dict[str, Any]]) -> str:
    document = {
        "format_version": FORMAT_VERSION,
        "station_id": config.station.id,
        "station_name": config.station.name,
        "station_level": config.station.level,
        "reports_to": config.station.reports_to,
        "timezone": config.station.timezone,
        "month": month,
        "rows": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any) -> Any:
    # A text cell that Excel would run as a formula (CWE-1236) is neutralised with a quote.
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = FIELDS + EXTRA_FIELDS
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
    return out.getvalue()
