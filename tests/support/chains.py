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
