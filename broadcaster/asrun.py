"""The as-run log: appending rows to the hash chain, reading them back, checking it.

Only `append()` writes as-run rows. The database refuses UPDATE and DELETE on them
(db.py), and the unique `prev_hash` keeps the chain linear even with two writers.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from broadcaster.chain import CHAINED_FIELDS, GENESIS, Break, first_break, row_hash
from broadcaster.db import session
from broadcaster.models import AsRunRecord

_append_lock = threading.Lock()
_ATTEMPTS = 5


def record_fields(record: AsRunRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in CHAINED_FIELDS}


def append(engine: Engine, record: AsRunRecord) -> AsRunRecord:
    """Append one row at the end of the chain (retrying if another process got there)."""
    with _append_lock:
        for attempt in range(_ATTEMPTS):
            with session(engine) as db:
                last = db.exec(
                    select(AsRunRecord).order_by(AsRunRecord.seq.desc()).limit(1)  # type: ignore[union-attr]
                ).first()
                record.seq = (last.seq or 0) + 1 if last else 1
                record.prev_hash = last.row_hash if last else GENESIS
                record.row_hash = row_hash(record.prev_hash, record_fields(record))
                db.add(record)
                try:
                    db.commit()
                    return record
                except IntegrityError:
                    db.rollback()
                    if attempt == _ATTEMPTS - 1:
                        raise
                    db.expunge(record)
    raise RuntimeError("unreachable")


def verify_database(engine: Engine) -> tuple[int, Break | None]:
    """Check the whole chain in the station's database: (rows checked, first break)."""
    with session(engine) as db:
        records = db.exec(select(AsRunRecord).order_by(AsRunRecord.seq)).all()  # type: ignore[arg-type]
    rows = [{**record_fields(r), "prev_hash": r.prev_hash, "row_hash": r.row_hash} for r in records]
    if rows and rows[0]["seq"] == 1 and rows[0]["prev_hash"] != GENESIS:
        return len(rows), Break(1, "link")
    return len(rows), first_break(rows, GENESIS if rows and rows[0]["seq"] == 1 else None)
