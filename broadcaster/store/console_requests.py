"""Approval requests of the console (người tạo → người duyệt, #13): named queries.

A request is a bulletin or a programme an account entered while `[console] approval` is on;
it waits, pending, until a second account decides. A decision is written once: the update
only touches a row still pending, so two approvers clicking at once cannot both decide it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from broadcaster.store.models import ConsoleRequest

APPROVED = "approved"
REJECTED = "rejected"


def create_request(
    engine: Engine, kind: str, payload: dict[str, Any], by: str, now: datetime
) -> ConsoleRequest:
    row = ConsoleRequest(
        kind=kind, payload=json.dumps(payload, ensure_ascii=False), created_by=by, created_at=now
    )
    with Session(engine) as db:
        db.add(row)
        db.commit()
        db.refresh(row)
        return row


def request_by_id(engine: Engine, request_id: int) -> ConsoleRequest | None:
    with Session(engine) as db:
        return db.get(ConsoleRequest, request_id)


def pending_requests(engine: Engine, kinds: Iterable[str] | None = None) -> list[ConsoleRequest]:
    """Oldest first: the order they are to be decided in."""
    query = select(ConsoleRequest).where(col(ConsoleRequest.decision).is_(None))
    if kinds is not None:
        query = query.where(col(ConsoleRequest.kind).in_(list(kinds)))
    with Session(engine) as db:
        return list(db.exec(query.order_by(col(ConsoleRequest.id))))


def recent_requests(engine: Engine, kind: str, limit: int = 50) -> list[ConsoleRequest]:
    """Newest first, decided or not."""
    query = select(ConsoleRequest).where(ConsoleRequest.kind == kind)
    with Session(engine) as db:
        return list(db.exec(query.order_by(col(ConsoleRequest.id).desc()).limit(limit)))


def decide(
    engine: Engine, request_id: int, decision: str, by: str, now: datetime, result: str = ""
) -> bool:
    """Record the decision on a pending request; False when it was decided already (or
    is not there)."""
    assert decision in (APPROVED, REJECTED)
    statement = (
        update(ConsoleRequest)
        .where(col(ConsoleRequest.id) == request_id, col(ConsoleRequest.decision).is_(None))
        .values(decision=decision, decided_by=by, decided_at=now, result=result[:2000])
    )
    with Session(engine) as db:
        done = db.execute(statement).rowcount  # type: ignore[attr-defined]
        db.commit()
        return bool(done)


def payload_of(row: ConsoleRequest) -> dict[str, Any]:
    try:
        value = json.loads(row.payload)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
