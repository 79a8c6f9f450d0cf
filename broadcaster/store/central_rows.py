"""The province service's rows (#14): a station's upload judged and stored in one transaction.

`accept_batch` takes the station's row lock (`central_station ... FOR UPDATE`), so uploads
of one station are judged one after another against the head they leave: a batch sent
twice, or two connections sending the same rows at once, add each row once. What to make
of a batch is core/witness.py's; this module only reads what is held and writes what the
verdict says: the new rows, a new epoch, or the divergence (never over what is held).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from broadcaster.core import witness
from broadcaster.core.chain import CHAINED_FIELDS, GENESIS, TIME_FIELDS


@dataclass(frozen=True)
class Stored:
    """What an upload did: the verdict, and the station's head after it."""

    verdict: witness.Verdict
    head_seq: int
    epoch: str


def _json(row: Mapping[str, Any]) -> str:
    """The row's content as the station hashed it (times as ISO 8601 with their offset)."""
    content: dict[str, Any] = {}
    for name in (*CHAINED_FIELDS, "prev_hash", "row_hash"):
        value = row.get(name)
        if name in TIME_FIELDS and isinstance(value, datetime):
            value = value.isoformat()
        content[name] = value
    return json.dumps(content, ensure_ascii=False, sort_keys=True)


def _scheduled(row: Mapping[str, Any]) -> datetime:
    value = row["scheduled_at"]
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.astimezone(UTC)


def _ensure_month(conn: Connection, moment: datetime) -> None:
    """The partition of `moment`'s month (UTC), made if missing, with the TRUNCATE guard
    (row triggers come from the parent by themselves; statement ones do not)."""
    start = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )
    name = f"central_row_{start:%Y_%m}"
    exists = conn.execute(text("SELECT to_regclass(:name)"), {"name": name}).scalar()
    if exists is not None:
        return
    # Two uploads making the same month at once: one waits for the other (until commit).
    conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})
    conn.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF central_row "
            f"FOR VALUES FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"
        )
    )
    conn.execute(
        text(
            f"CREATE OR REPLACE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {name} "
            "FOR EACH STATEMENT EXECUTE FUNCTION broadcaster_append_only()"
        )
    )


def _held(conn: Connection, station: str, epoch: str, now: datetime) -> witness.Witnessed:
    row = conn.execute(
        text(
            "SELECT epoch, head_seq, head_hash FROM central_station "
            "WHERE station_id = :station FOR UPDATE"
        ),
        {"station": station},
    ).first()
    if row is not None:
        return witness.Witnessed(str(row.epoch), int(row.head_seq), str(row.head_hash))
    # First contact: the station's row made now (and locked), its chain empty.
    conn.execute(
        text(
            "INSERT INTO central_station (station_id, epoch, head_seq, head_hash,"
            " first_seen_at, last_upload_at) VALUES (:station, :epoch, 0, :genesis, :now, :now)"
            " ON CONFLICT (station_id) DO NOTHING"
        ),
        {"station": station, "epoch": epoch, "genesis": GENESIS, "now": now},
    )
    again = conn.execute(
        text(
            "SELECT epoch, head_seq, head_hash FROM central_station "
            "WHERE station_id = :station FOR UPDATE"
        ),
        {"station": station},
    ).one()
    if int(again.head_seq) == 0:
        return witness.Witnessed(None)  # nothing witnessed yet, whatever epoch it was made with
    return witness.Witnessed(str(again.epoch), int(again.head_seq), str(again.head_hash))


def _had_epoch(conn: Connection, station: str, epoch: str) -> bool:
    found = conn.execute(
        text("SELECT 1 FROM central_epoch WHERE station_id = :s AND epoch = :e"),
        {"s": station, "e": epoch},
    ).first()
    return found is not None


def _held_hashes(
    conn: Connection, station: str, held: witness.Witnessed, rows: Sequence[Mapping[str, Any]]
) -> dict[int, str]:
    seqs = [int(r["seq"]) for r in rows if held.epoch and int(r["seq"]) <= held.head_seq]
    if not seqs:
        return {}
    found = conn.execute(
        text(
            "SELECT seq, row_hash FROM central_row WHERE station_id = :station"
            " AND epoch = :epoch AND seq = ANY(:seqs)"
        ),
        {"station": station, "epoch": held.epoch, "seqs": seqs},
    )
    return {int(seq): str(row_hash) for seq, row_hash in found}


def accept_batch(
    engine: Engine, station: str, epoch: str, rows: Sequence[Mapping[str, Any]], now: datetime
) -> Stored:
    """Judge `rows` (in seq order) from `station`'s database `epoch` and store what the
    verdict allows, in one transaction."""
    with engine.begin() as conn:
        held = _held(conn, station, epoch, now)
        hashes = _held_hashes(conn, station, held, rows)
        verdict = witness.judge(held, epoch, rows, hashes.get)
        if verdict.kind == witness.NEW_EPOCH and _had_epoch(conn, station, epoch):
            # A database the service followed before and left: going back to it would
            # rewrite the epoch it holds; never a new chain.
            verdict = witness.Verdict(witness.DIVERGENCE, seq=1, why=witness.OTHER_EPOCH)
        if verdict.kind == witness.DIVERGENCE:
            sent = next((r for r in rows if int(r["seq"]) == verdict.seq), None)
            conn.execute(
                text(
                    "INSERT INTO central_divergence (station_id, epoch, seq, why, held_hash,"
                    " sent_hash, seen_at) VALUES (:station, :epoch, :seq, :why, :held, :sent,"
                    " :now)"
                ),
                {
                    "station": station,
                    "epoch": epoch,
                    "seq": verdict.seq,
                    "why": verdict.why,
                    "held": hashes.get(verdict.seq or 0) if verdict.seq else None,
                    "sent": sent["row_hash"] if sent is not None else None,
                    "now": now,
                },
            )
            return Stored(verdict, held.head_seq, held.epoch or epoch)
        if not verdict.new:
            conn.execute(
                text("UPDATE central_station SET last_upload_at = :now WHERE station_id = :s"),
                {"now": now, "s": station},
            )
            return Stored(verdict, held.head_seq, held.epoch or epoch)
        if verdict.kind == witness.NEW_EPOCH or held.epoch is None:
            conn.execute(
                text(
                    "INSERT INTO central_epoch (station_id, epoch, started_at, previous_epoch)"
                    " VALUES (:station, :epoch, :now, :previous)"
                ),
                {"station": station, "epoch": epoch, "now": now, "previous": held.epoch},
            )
        for month in sorted({_scheduled(r).replace(day=1).date() for r in verdict.new}):
            _ensure_month(conn, datetime(month.year, month.month, 1, tzinfo=UTC))
        conn.execute(
            text(
                "INSERT INTO central_row (station_id, epoch, seq, scheduled_at, prev_hash,"
                " row_hash, content, received_at) VALUES (:station, :epoch, :seq, :at,"
                " :prev, :hash, CAST(:content AS jsonb), :now)"
            ),
            [
                {
                    "station": station,
                    "epoch": epoch,
                    "seq": int(r["seq"]),
                    "at": _scheduled(r),
                    "prev": r["prev_hash"],
                    "hash": r["row_hash"],
                    "content": _json(r),
                    "now": now,
                }
                for r in verdict.new
            ],
        )
        last = verdict.new[-1]
        conn.execute(
            text(
                "UPDATE central_station SET epoch = :epoch, head_seq = :seq, head_hash = :hash,"
                " last_upload_at = :now WHERE station_id = :station"
            ),
            {
                "epoch": epoch,
                "seq": int(last["seq"]),
                "hash": last["row_hash"],
                "now": now,
                "station": station,
            },
        )
        return Stored(verdict, int(last["seq"]), epoch)


def station_head(engine: Engine, station: str) -> tuple[str, int, str] | None:
    """(epoch, head seq, head hash) the service holds for `station`, or None."""
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT epoch, head_seq, head_hash FROM central_station WHERE station_id = :s"),
            {"s": station},
        ).first()
    return None if row is None else (str(row.epoch), int(row.head_seq), str(row.head_hash))


def divergences(engine: Engine, station: str) -> list[dict[str, Any]]:
    """The station's divergences, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT epoch, seq, why, held_hash, sent_hash, seen_at FROM central_divergence"
                " WHERE station_id = :s ORDER BY id"
            ),
            {"s": station},
        )
        return [dict(r._mapping) for r in rows]


def record_heartbeat(
    engine: Engine, station: str, payload: Mapping[str, Any], received: datetime
) -> float | None:
    """Keep `station`'s latest heartbeat; returns the station's clock offset in seconds
    (its `sent_at` minus the service's clock when it arrived; None without one)."""
    offset = None
    sent = payload.get("sent_at")
    if isinstance(sent, str):
        try:
            moment = datetime.fromisoformat(sent)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            offset = round((moment - received).total_seconds(), 3)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO central_heartbeat (station_id, payload, received_at, clock_offset_s)"
                " VALUES (:s, CAST(:p AS jsonb), :at, :offset) ON CONFLICT (station_id) DO UPDATE"
                " SET payload = EXCLUDED.payload, received_at = EXCLUDED.received_at,"
                " clock_offset_s = EXCLUDED.clock_offset_s"
            ),
            {
                "s": station,
                "p": json.dumps(payload, ensure_ascii=False),
                "at": received,
                "offset": offset,
            },
        )
    return offset


def heartbeat_of(engine: Engine, station: str) -> dict[str, Any] | None:
    """The station's latest heartbeat: payload, received_at, clock_offset_s."""
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT payload, received_at, clock_offset_s FROM central_heartbeat"
                " WHERE station_id = :s"
            ),
            {"s": station},
        ).first()
    return None if row is None else dict(row._mapping)


@dataclass(frozen=True)
class FleetRow:
    """One station as the province sees it (the fleet page's row)."""

    station_id: str
    head_seq: int
    last_upload_at: datetime | None
    heartbeat_at: datetime | None
    online: bool
    backlog: int | None  # rows the station has that the service does not, as it said
    on_air: str | None  # the title on air, as the last heartbeat said
    last_status: str | None  # the last airing's status, as the last heartbeat said
    version: str | None
    clock_offset_s: float | None
    divergences: int

    @property
    def red(self) -> bool:
        """Needs someone: offline, or its history differs from the one witnessed."""
        return not self.online or self.divergences > 0


def fleet(engine: Engine, now: datetime, offline_after_s: float) -> list[FleetRow]:
    """Every station the service knows, red first (offline or diverged), then by id. A
    station is online when its last heartbeat is at most `offline_after_s` old. One query:
    the page for 10,000 stations is one round trip."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT s.station_id, s.head_seq, s.last_upload_at, h.received_at,"
                " h.clock_offset_s,"
                " h.payload -> 'outbox' ->> 'backlog' AS backlog,"
                " h.payload -> 'on_air' ->> 'title' AS on_air,"
                " h.payload -> 'last' -> 0 ->> 'status' AS last_status,"
                " h.payload ->> 'version' AS version,"
                " (SELECT COUNT(*) FROM central_divergence d"
                "   WHERE d.station_id = s.station_id) AS divergences"
                " FROM central_station s"
                " LEFT JOIN central_heartbeat h ON h.station_id = s.station_id"
            )
        ).all()
    result = []
    for r in rows:
        online = r.received_at is not None and (now - r.received_at).total_seconds() <= (
            offline_after_s
        )
        backlog = int(r.backlog) if r.backlog is not None and str(r.backlog).isdigit() else None
        result.append(
            FleetRow(
                station_id=str(r.station_id),
                head_seq=int(r.head_seq),
                last_upload_at=r.last_upload_at,
                heartbeat_at=r.received_at,
                online=online,
                backlog=backlog,
                on_air=r.on_air,
                last_status=r.last_status,
                version=r.version,
                clock_offset_s=r.clock_offset_s,
                divergences=int(r.divergences),
            )
        )
    return sorted(result, key=lambda row: (not row.red, row.station_id))


@dataclass(frozen=True)
class QuotaRow:
    """One station's month of one series, as the province counts it from the rows."""

    station_id: str
    new_aired: int  # new airings aired in full (status aired)
    repeats_aired: int
    partial: int
    missed: int  # missed or failed: the reasons are in the rows
    met: bool


def month_quota(
    engine: Engine,
    start: datetime,
    end: datetime,
    series_id: str,
    new_needed: int = 1,
    repeats_needed: int = 3,
) -> list[QuotaRow]:
    """Every station's airings of `series_id` scheduled in [start, end) (the month, in the
    province's time), counted from the witnessed rows of each station's current epoch: who
    met `new_needed` + `repeats_needed`, who did not. Not met first, then by station. The
    month's partitions only are read (the range is on the partition key)."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                # The month's rows of the series in each station's current epoch; a row a
                # later row corrects counts as that correction says (the last correction of
                # a row wins), as the station's own export counts it.
                "WITH m AS ("
                "  SELECT r.station_id, r.seq, r.content FROM central_row r"
                "  JOIN central_station s ON s.station_id = r.station_id AND s.epoch = r.epoch"
                "  WHERE r.scheduled_at >= :start AND r.scheduled_at < :end"
                "    AND r.content->>'series_id' = :series),"
                " corrected AS ("
                "  SELECT station_id, content->>'corrects_uid' AS uid, MAX(seq) AS last_seq"
                "  FROM m WHERE content->>'corrects_uid' IS NOT NULL GROUP BY 1, 2)"
                " SELECT m.station_id,"
                " COUNT(*) FILTER (WHERE m.content->>'kind' = 'new'"
                "   AND m.content->>'status' = 'aired') AS new_aired,"
                " COUNT(*) FILTER (WHERE m.content->>'kind' = 'repeat'"
                "   AND m.content->>'status' = 'aired') AS repeats_aired,"
                " COUNT(*) FILTER (WHERE m.content->>'status' = 'partial') AS partial,"
                " COUNT(*) FILTER (WHERE m.content->>'status' IN ('missed', 'failed')) AS missed"
                " FROM m"
                " LEFT JOIN corrected later"
                "   ON later.station_id = m.station_id AND later.uid = m.content->>'uid'"
                " LEFT JOIN corrected mine"
                "   ON mine.station_id = m.station_id AND mine.uid = m.content->>'corrects_uid'"
                " WHERE later.uid IS NULL"
                "   AND (m.content->>'corrects_uid' IS NULL OR m.seq = mine.last_seq)"
                " GROUP BY m.station_id"
            ),
            {"start": start, "end": end, "series": series_id},
        ).all()
        stations = [
            str(s) for s in conn.execute(text("SELECT station_id FROM central_station")).scalars()
        ]
    counted = {
        str(r.station_id): QuotaRow(
            str(r.station_id),
            int(r.new_aired),
            int(r.repeats_aired),
            int(r.partial),
            int(r.missed),
            int(r.new_aired) >= new_needed and int(r.repeats_aired) >= repeats_needed,
        )
        for r in rows
    }
    result = [counted.get(s) or QuotaRow(s, 0, 0, 0, 0, False) for s in stations]
    return sorted(result, key=lambda q: (q.met, q.station_id))
