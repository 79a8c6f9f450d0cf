"""The as-run hash chain (pure): each row's hash covers its canonical content and the
previous row's hash, so an edited, deleted, inserted or reordered row breaks the chain.

The canonical form is independent of how a row is stored or exported: timestamps in UTC
ISO 8601 with microseconds, numbers as Python's shortest round-trip repr, keys sorted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64

# What the hash covers: every fact of the airing, and where it sits in the chain.
CHAINED_FIELDS = (
    "seq",
    "uid",
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
    "corrects_uid",
    "makeup_of_uid",
    "priority",
    "recorded_at",
)
TIME_FIELDS = ("scheduled_at", "started_at", "ended_at", "recorded_at")
# Left out of the canonical form when empty, so that rows written before a field existed
# keep their hashes when a later version adds it.
OPTIONAL_FIELDS = ("corrects_uid", "makeup_of_uid", "priority")
FLOAT_FIELDS = ("duration_s", "played_s")


def _utc(value: Any) -> str | None:
    if value is None or value == "":
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without offset: {value!r}")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def canonical(row: Mapping[str, Any]) -> bytes:
    content: dict[str, Any] = {}
    for name in CHAINED_FIELDS:
        value = row.get(name)
        if name in TIME_FIELDS:
            value = _utc(value)
        elif name in FLOAT_FIELDS and value is not None:
            value = float(value)
        elif name == "seq" and value is not None:
            value = int(value)
        elif name in OPTIONAL_FIELDS and value in ("", None):
            continue
        content[name] = value
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def row_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(row)).hexdigest()


@dataclass(frozen=True)
class Break:
    seq: int | None
    problem: str  # "hash" (content edited) | "link" (not after the row before) | "missing"

    def describe(self) -> str:
        return f"seq {self.seq}: {self.problem}"


def first_break(rows: Iterable[Mapping[str, Any]], start_hash: str | None = None) -> Break | None:
    """Walk rows in order; return the first one whose hash or link does not hold.

    Each row needs `prev_hash` and `row_hash`; rows given only as links (no content, a
    `link_only` flag) are checked for linkage, not recomputed.
    """
    previous_hash = start_hash
    previous_seq: int | None = None
    for row in rows:
        seq = int(row["seq"])
        if previous_seq is not None and seq != previous_seq + 1:
            return Break(previous_seq + 1, "missing")
        if previous_hash is not None and row["prev_hash"] != previous_hash:
            return Break(seq, "link")
        if not row.get("link_only") and row_hash(row["prev_hash"], row) != row["row_hash"]:
            return Break(seq, "hash")
        previous_hash, previous_seq = row["row_hash"], seq
    return None
