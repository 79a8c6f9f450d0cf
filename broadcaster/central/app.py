"""The province service's station API (#14): a station uploads its as-run rows and asks what
the service holds. The station is its TLS certificate (central/server.py): a connection
may write only the rows of the station its certificate names.

- `POST /api/v1/rows` `{"epoch": ..., "rows": [...]}`: rows in seq order, as the station
  hashed them. 200 with the verdict (accept, new epoch: what was added and the head after);
  409 for a gap (`expected`: send again from there) or a divergence (where, why: recorded,
  nothing stored). Idempotent: the same batch again adds nothing.
- `GET /api/v1/head`: the epoch and head the service holds for the station (0: nothing).
- `POST /api/v1/heartbeat` (a JSON object, at most 64 KB): the station's latest state, kept
  as sent; the reply says how far its clock is from the service's.

Bodies are bounded before they are read (`MAX_BODY`), a batch to `MAX_ROWS` rows; anything
malformed is one line (400), never a traceback.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from sqlalchemy.engine import Engine

from broadcaster._lib import pki
from broadcaster.central.server import peer_of
from broadcaster.core import witness
from broadcaster.core.chain import CHAINED_FIELDS, FLOAT_FIELDS, TIME_FIELDS
from broadcaster.i18n import t
from broadcaster.store import central_rows

MAX_BODY = 16 * 1024 * 1024  # a batch of MAX_ROWS rows is about 4 MB
MAX_ROWS = 5000
MAX_HEARTBEAT = 64 * 1024  # a heartbeat is about 2 KB
MAX_FIELD = 4000  # a title, a file name or a reason: longer is not a row of ours
_EPOCH = re.compile(r"[A-Za-z0-9_-]{1,64}")
_HASH = re.compile(r"[0-9a-f]{64}")


def _refuse(status: int, key: str, **values: object) -> HTTPException:
    return HTTPException(status, t(key, **values))


def station_of(request: Request) -> str:
    station = pki.station_of(peer_of(request.scope))
    if station is None:
        raise _refuse(403, "central.api.no_station")
    return station


async def _body(request: Request, limit: int = MAX_BODY) -> Any:
    declared = request.headers.get("content-length")
    too_big = _refuse(413, "central.api.too_big", mb=max(1, limit // 1048576))
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise too_big
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > limit:
            raise too_big
    try:
        return json.loads(received)
    except (ValueError, UnicodeDecodeError, RecursionError):  # a nesting too deep included
        raise _refuse(400, "central.api.not_json") from None


def _rows(station: str, body: Any) -> tuple[str, list[dict[str, Any]]]:
    """The epoch and rows of an upload, checked for shape; one line for anything else."""
    if not isinstance(body, dict) or not isinstance(body.get("rows"), list):
        raise _refuse(400, "central.api.shape")
    epoch = body.get("epoch")
    if not isinstance(epoch, str) or not _EPOCH.fullmatch(epoch):
        raise _refuse(400, "central.api.bad_epoch")
    rows = body["rows"]
    if len(rows) > MAX_ROWS:
        raise _refuse(413, "central.api.too_many", most=MAX_ROWS)
    checked: list[dict[str, Any]] = []
    previous: int | None = None
    for row in rows:
        if not isinstance(row, dict):
            raise _refuse(400, "central.api.shape")
        seq = row.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
            raise _refuse(400, "central.api.bad_row", seq=str(seq)[:20], what="seq")
        if previous is not None and seq != previous + 1:
            raise _refuse(400, "central.api.bad_row", seq=seq, what="order")
        previous = seq
        if row.get("station_id") != station:
            # The certificate says who is talking: another station's rows are refused.
            raise _refuse(403, "central.api.other_station", seq=seq)
        for name in ("prev_hash", "row_hash"):
            if not isinstance(row.get(name), str) or not _HASH.fullmatch(row[name]):
                raise _refuse(400, "central.api.bad_row", seq=seq, what=name)
        for name in CHAINED_FIELDS:
            value = row.get(name)
            if name in FLOAT_FIELDS:
                fine = value is None or (
                    isinstance(value, int | float)
                    and not isinstance(value, bool)
                    and math.isfinite(value)
                )
            else:
                fine = name == "seq" or value is None or isinstance(value, str)
            if not fine or (isinstance(value, str) and len(value) > MAX_FIELD):
                raise _refuse(400, "central.api.bad_row", seq=seq, what=name)
        for name in TIME_FIELDS:
            value = row.get(name)
            if value is None and name != "scheduled_at":
                continue
            try:
                moment = datetime.fromisoformat(str(value))
            except ValueError:
                raise _refuse(400, "central.api.bad_row", seq=seq, what=name) from None
            if moment.tzinfo is None:
                raise _refuse(400, "central.api.bad_row", seq=seq, what=name)
        checked.append(row)
    return epoch, checked


def create_app(engine: Engine, now: Callable[[], datetime]) -> FastAPI:
    app = FastAPI(title="broadcaster province service", version="1", docs_url=None)

    @app.exception_handler(HTTPException)
    async def one_line(_request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)

    @app.post("/api/v1/rows")
    async def upload(request: Request) -> JSONResponse:
        station = station_of(request)
        epoch, rows = _rows(station, await _body(request))
        from starlette.concurrency import run_in_threadpool

        stored = await run_in_threadpool(
            central_rows.accept_batch, engine, station, epoch, rows, now()
        )
        verdict = stored.verdict
        reply: dict[str, Any] = {
            "station": station,
            "verdict": verdict.kind,
            "epoch": stored.epoch,
            "head_seq": stored.head_seq,
            "added": len(verdict.new),
        }
        if verdict.kind == witness.GAP:
            reply["expected"] = verdict.seq
        if verdict.kind == witness.DIVERGENCE:
            reply["divergence"] = {"seq": verdict.seq, "why": verdict.why}
        ok = verdict.kind in (witness.ACCEPT, witness.NEW_EPOCH)
        return JSONResponse(reply, status_code=200 if ok else 409)

    @app.post("/api/v1/heartbeat")
    async def heartbeat(request: Request) -> dict[str, Any]:
        station = station_of(request)
        payload = await _body(request, MAX_HEARTBEAT)
        if not isinstance(payload, dict):
            raise _refuse(400, "central.api.heartbeat_shape")
        from starlette.concurrency import run_in_threadpool

        offset = await run_in_threadpool(
            central_rows.record_heartbeat, engine, station, payload, now()
        )
        return {"station": station, "clock_offset_s": offset}

    @app.get("/api/v1/head")
    def head(request: Request) -> dict[str, Any]:
        station = station_of(request)
        held = central_rows.station_head(engine, station)
        epoch, seq, row_hash = held if held is not None else (None, 0, None)
        return {"station": station, "epoch": epoch, "head_seq": seq, "head_hash": row_hash}

    return app
