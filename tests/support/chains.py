"""Chained as-run rows as a station's log holds them, for the province service's tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from broadcaster.core.chain import GENESIS, row_hash

T0 = datetime(2026, 11, 1, 6, 10, tzinfo=UTC)


def chain(count: int, station: str = "xa-an-binh", title: str = "Chuyển đổi số") -> list[dict]:
    """`count` chained rows, seq 1…count."""
    rows: list[dict[str, Any]] = []
    previous = GENESIS
    for seq in range(1, count + 1):
        at = T0 + timedelta(days=seq)
        row = {
            "seq": seq,
            "uid": f"u{seq}",
            "station_id": station,
            "series_id": "chuyen-doi-so",
            "title": f"{title} {seq}",
            "file_name": f"{seq}.mp3",
            "file_sha256": "ab" * 32,
            "kind": "new",
            "scheduled_at": at,
            "started_at": at,
            "ended_at": at + timedelta(minutes=10),
            "duration_s": 600.0,
            "played_s": 600.0,
            "status": "aired",
            "reason": "",
            "recorded_at": at + timedelta(minutes=10),
            "prev_hash": previous,
        }
        row["row_hash"] = row_hash(previous, row)
        previous = row["row_hash"]
        rows.append(row)
    return rows


def rehashed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` after their content was changed, chained again from the genesis as a station
    would have hashed them (seq 1…n in this order)."""
    previous = GENESIS
    for seq, row in enumerate(rows, start=1):
        row["seq"] = seq
        row["prev_hash"] = previous
        row["row_hash"] = previous = row_hash(previous, row)
    return rows


def airing_rows(station: str, specs: list[tuple[str, str, str | None]]) -> list[dict[str, Any]]:
    """Rows of `station` from (kind, status, corrects: the index of the row it corrects or
    None) specs, one a day in November 2026, chained."""
    rows = chain(len(specs), station=station)
    for row, (kind, status, corrects) in zip(rows, specs, strict=True):
        row["kind"], row["status"] = kind, status
        if corrects is not None:
            original = rows[int(corrects)]
            row["corrects_uid"] = original["uid"]
            for name in ("scheduled_at", "started_at", "ended_at", "kind", "series_id"):
                row[name] = original[name]
    return rehashed(rows)
