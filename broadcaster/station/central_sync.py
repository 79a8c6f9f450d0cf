"""Sending the station's as-run log to the province service (#14), one pass.

The as-run table is the outbox: nothing is queued apart, nothing is marked sent. A pass asks
the service what it holds of this station (its head), then sends the rows after it in
batches, in seq order. Whatever the service already has (a batch sent twice, a reply lost
after its commit) it recognises and adds nothing, so a pass that stops anywhere is simply
run again: it resumes from the head the service reports. A gap reported by the service
(rows it has not seen before the batch) sends again from the seq it names.

The station's database is named by an id made once, when first needed, and kept in it
(`database_id`): a station reinstalled from scratch has a new one, and the service records
its chain as a new epoch instead of taking it for a rewritten history. (Not yet told apart:
a backup restored from before the id was made comes back as a new epoch too, its rows the
same as the witnessed ones; the service records it as a new epoch, visibly, keeping the old
chain. A station restored from a backup made after its first pass is told at once.)

This module does not decide when to run (the daemon, or a command, does) nor how the
connection is made: it is given an httpx client already holding the station's certificate
and the province CA (central/pki.client_context).
"""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.config import Config
from broadcaster.store.asrun import chain_rows_after, last_seq
from broadcaster.store.state import first_state

DATABASE_ID = "central_epoch"
BATCH_ROWS = 500
MAX_GAP_RESTARTS = 3  # a service that keeps naming gaps is not one a pass can satisfy


def database_id(engine: Engine, now: datetime) -> str:
    """This database's id for the province service, made the first time it is asked for."""
    made = first_state(engine, DATABASE_ID, {"id": secrets.token_hex(16)}, now)
    return str(made["id"])


@dataclass
class SyncResult:
    """What a pass did: rows the service added, where its head is now, and how it ended
    ("done", "divergence": the service holds another history of this station, "refused":
    it said no (the error line in `detail`))."""

    added: int
    head_seq: int
    local_seq: int
    outcome: str
    detail: str = ""


def _wire(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}


def sync_once(
    engine: Engine,
    client: httpx.Client,
    now: datetime,
    batch_rows: int = BATCH_ROWS,
    progress: Callable[[int, int], None] | None = None,
) -> SyncResult:
    """One pass: send every row the service does not hold yet. httpx errors (the service
    unreachable, a reply lost) are left to the caller, who tries again later."""
    epoch = database_id(engine, now)
    local = last_seq(engine)
    reply = client.get("/api/v1/head")
    if reply.status_code != 200:
        return SyncResult(0, 0, local, "refused", _error(reply))
    held = reply.json()
    start = int(held["head_seq"]) if held.get("epoch") == epoch else 0
    if start > local:
        # The service holds rows this database no longer has (restored from an older
        # backup?): the next row would fork the witnessed chain. Said now, nothing sent.
        return SyncResult(0, start, local, "divergence", f"rewind @ {local + 1}")
    added = 0
    restarts = 0
    while start < local:
        rows = chain_rows_after(engine, start, batch_rows)
        if not rows:
            break
        reply = client.post("/api/v1/rows", json={"epoch": epoch, "rows": [_wire(r) for r in rows]})
        answer = (
            reply.json()
            if reply.headers.get("content-type", "").startswith("application/json")
            else {}
        )
        if reply.status_code == 200:
            added += int(answer.get("added", 0))
            start = int(rows[-1]["seq"])
            if progress is not None:
                progress(start, local)
            continue
        if answer.get("verdict") == "gap" and restarts < MAX_GAP_RESTARTS:
            restarts += 1
            start = int(answer["expected"]) - 1
            continue
        if answer.get("verdict") == "divergence":
            where = answer.get("divergence") or {}
            return SyncResult(
                added,
                int(answer.get("head_seq", 0)),
                local,
                "divergence",
                f"{where.get('why')} @ {where.get('seq')}",
            )
        return SyncResult(added, start, local, "refused", _error(reply))
    return SyncResult(added, start, local, "done")


def _error(reply: httpx.Response) -> str:
    try:
        return str(reply.json().get("error") or reply.status_code)
    except ValueError:
        return str(reply.status_code)


def heartbeat(engine: Engine, config: Config, now: datetime, acked_seq: int) -> dict[str, Any]:
    """What the station tells the service every few minutes: what it airs and airs next, how
    its last airing went, its health and warnings, its disk, its outbox (rows it has, rows
    the service acknowledged) and its chain head; `sent_at` lets the service tell how far
    the station's clock is from its own."""
    from broadcaster import __version__
    from broadcaster.station.now_playing import on_air_data
    from broadcaster.station.views import status_data

    status = status_data(engine, config, now)
    local = last_seq(engine)
    head = chain_rows_after(engine, local - 1, 1) if local else []
    try:
        free = shutil.disk_usage(config.paths.library).free
    except OSError:
        free = None
    return {
        "sent_at": now.isoformat(),
        "version": __version__,
        "on_air": on_air_data(engine, config, now),
        "next": status["next"][:1],
        "last": status["last"][:1],
        "health": status["health"],
        "alerts": status["alerts"],
        "disk_free_bytes": free,
        "outbox": {"local_seq": local, "acked_seq": acked_seq, "backlog": local - acked_seq},
        "chain_head": {"seq": local, "row_hash": head[0]["row_hash"] if head else None},
    }


def send_heartbeat(client: httpx.Client, payload: dict[str, Any]) -> float | None:
    """The heartbeat sent; the station's clock offset the service measured (seconds)."""
    reply = client.post("/api/v1/heartbeat", content=json.dumps(payload, default=str))
    reply.raise_for_status()
    offset = reply.json().get("clock_offset_s")
    return None if offset is None else float(offset)


def why_failed(exc: BaseException) -> str:
    """What went wrong on the way, in the operator's words."""
    if isinstance(exc, httpx.TimeoutException):
        return i18n.t("sync.why_timeout")
    text = str(exc).upper()
    if "CERTIFICATE" in text or "SSL" in text or "TLS" in text:
        return i18n.t("sync.why_tls")
    if isinstance(exc, httpx.ConnectError):
        return i18n.t("sync.why_connect")
    return i18n.t("sync.why_broken")


def divergence_words(detail: str) -> str:
    """A divergence as `SyncResult.detail` records it ("changed @ 12", "rewind @ 4"), in
    the operator's words: what differs, and from which row."""
    why, _, seq = detail.partition(" @ ")
    key = f"sync.diverged_{why}"
    return i18n.t(key, seq=seq) if i18n.has(key) else i18n.t("sync.diverged_other", seq=seq)
