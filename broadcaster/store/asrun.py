"""The as-run log: appending rows to the hash chain, reading them back, checking it.

Only `append()` writes as-run rows. The database refuses UPDATE and DELETE on them
(db.py), and the unique `prev_hash` keeps the chain linear even with two writers.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from loguru import logger
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import func, select

from broadcaster import i18n
from broadcaster.core.chain import CHAINED_FIELDS, GENESIS, Break, first_break, row_hash
from broadcaster.core.vocab import Status
from broadcaster.errors import BadCorrection, KeyFileError
from broadcaster.i18n import display
from broadcaster.store import chainhead
from broadcaster.store.db import APPEND_ONLY, session
from broadcaster.store.models import AsRunRecord, ChainAnchor

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
                if last is not None:
                    record.seq, record.prev_hash = (last.seq or 0) + 1, last.row_hash
                else:  # an empty log: the genesis, or the anchor a purge left
                    start_seq, start_hash = chain_start(engine)
                    record.seq, record.prev_hash = start_seq + 1, start_hash
                record.row_hash = row_hash(record.prev_hash, record_fields(record))
                db.add(record)
                try:
                    db.commit()
                except IntegrityError:
                    db.rollback()
                    if attempt == _ATTEMPTS - 1:
                        raise
                    db.expunge(record)
                    continue
                _write_head(engine)
                return record
    raise RuntimeError("unreachable")


def _write_head(engine: Engine) -> None:
    """The row is committed; its line in the head file follows (chainhead.py). A failure
    here (a full disk) must not lose the airing: the next append or start catches up."""
    try:
        chainhead.catch_up(engine)
    except (OSError, SQLAlchemyError, KeyFileError) as exc:
        where = chainhead.database_file(engine)
        shown = chainhead.head_path(where) if where is not None else ""
        logger.error(i18n.t("chainhead.not_written", path=shown, detail=display.failure(exc)))
        logger.debug("chain head file not written: {}", exc)


def chain_start(engine: Engine) -> tuple[int, str]:
    """(seq, hash) the remaining chain hangs from: the genesis, or the last purge's anchor."""
    with session(engine) as db:
        anchor = db.exec(select(ChainAnchor).order_by(ChainAnchor.seq.desc()).limit(1)).first()  # type: ignore[attr-defined]
    return (anchor.seq, anchor.row_hash) if anchor else (0, GENESIS)


def verify_database(engine: Engine) -> tuple[int, Break | None]:
    """Check the whole chain in the station's database: (rows checked, first break)."""
    start_seq, start_hash = chain_start(engine)
    with session(engine) as db:
        records = db.exec(select(AsRunRecord).order_by(AsRunRecord.seq)).all()  # type: ignore[arg-type]
    rows = [{**record_fields(r), "prev_hash": r.prev_hash, "row_hash": r.row_hash} for r in records]
    if rows and rows[0]["seq"] != start_seq + 1:
        return len(rows), Break(start_seq + 1, "missing")
    return len(rows), first_break(rows, start_hash)


def purge_through(engine: Engine, last_seq: int, exported_to: str, now: datetime) -> int:
    """Remove the chain's rows up to `last_seq` and anchor the rest to the last one's hash.

    The only place rows are ever deleted: the append-only trigger is lifted and restored in
    the same transaction, and the caller must already have exported and verified them.
    """
    with _append_lock, engine.begin() as conn:
        last = conn.execute(
            text("SELECT row_hash FROM as_run WHERE seq = :seq"), {"seq": last_seq}
        ).scalar_one()
        count = conn.execute(
            text("SELECT COUNT(*) FROM as_run WHERE seq <= :seq"), {"seq": last_seq}
        ).scalar_one()
        conn.execute(text("DROP TRIGGER IF EXISTS as_run_no_delete"))
        conn.execute(text("DELETE FROM as_run WHERE seq <= :seq"), {"seq": last_seq})
        conn.execute(text(APPEND_ONLY[1]))
        conn.execute(
            text(
                "INSERT INTO chain_anchor (seq, row_hash, rows_purged, exported_to, purged_at) "
                "VALUES (:seq, :hash, :count, :to, :at)"
            ),
            {
                "seq": last_seq,
                "hash": last,
                "count": count,
                "to": exported_to,
                "at": now.astimezone(UTC).replace(tzinfo=None),
            },
        )
    return int(count)


# A real airing's wall-clock time runs past the file's length by at most the output's
# buffered tail (about a second: player/vlc_player.py DRAIN_MAX_S) and timer rounding.
PLAYED_TOLERANCE_S = 2.0
# seq numbers are SQLite integers (at most 2**63 - 1): longer digit strings are no seq.
_MAX_SEQ_DIGITS = 18


def correct(
    engine: Engine,
    target: str,
    status: Status,
    reason: str,
    played_s: float | None,
    now: datetime,
) -> AsRunRecord:
    """Append a correction of the row whose seq or uid is `target`: the original stays as it
    was written; the new row names it in `corrects_uid`.

    The log is permanent, so a correction is checked first: LookupError for no such row,
    BadCorrection for played seconds that are not finite, negative, or longer than the
    programme (plus PLAYED_TOLERANCE_S).
    """
    with session(engine) as db:
        query = select(AsRunRecord)
        is_seq = target.isascii() and target.isdigit() and len(target) <= _MAX_SEQ_DIGITS
        query = (
            query.where(AsRunRecord.seq == int(target))
            if is_seq
            else query.where(AsRunRecord.uid == target)
        )
        original = db.exec(query).first()
    if original is None:
        raise LookupError(target)
    if played_s is not None:
        limit = original.duration_s + PLAYED_TOLERANCE_S
        if not 0 <= played_s <= limit:  # also false for NaN and the infinities
            raise BadCorrection(played_s, limit)
    fields = original.model_dump(
        exclude={"seq", "uid", "prev_hash", "row_hash", "corrects_uid", "recorded_at"}
    )
    fields.update(status=status, reason=reason, corrects_uid=original.uid, recorded_at=now)
    if played_s is not None:
        fields["played_s"] = played_s
    return append(engine, AsRunRecord(**fields))


def has_record(engine: Engine, planned_uid: str) -> bool:
    """Whether the planned airing `planned_uid` has an as-run row already."""
    with session(engine) as db:
        found = db.exec(
            select(AsRunRecord.seq).where(AsRunRecord.planned_airing_uid == planned_uid)
        ).first()
    return found is not None


def all_records(engine: Engine) -> list[AsRunRecord]:
    """Every row of the log, in chain order."""
    with session(engine) as db:
        return list(db.exec(select(AsRunRecord).order_by(AsRunRecord.seq)).all())  # type: ignore[arg-type]


def newest_recorded_at(engine: Engine) -> Any:
    """When the newest row was recorded (as the database gives it back: a datetime, or
    None for an empty log)."""
    with session(engine) as db:
        return db.exec(select(func.max(AsRunRecord.recorded_at))).first()


def hashes_and_anchors(engine: Engine) -> tuple[dict[int, str], list[tuple[Any, ...]]]:
    """Each row's hash by seq, and the purge anchors (seq, hash, exported_to, purged_at as
    stored), read without the ORM: a witness check compares them with outside copies."""
    with engine.connect() as conn:
        hashes = {
            int(seq): str(h) for seq, h in conn.execute(text("SELECT seq, row_hash FROM as_run"))
        }
        anchors = [
            tuple(r)
            for r in conn.execute(
                text("SELECT seq, row_hash, exported_to, purged_at FROM chain_anchor ORDER BY seq")
            )
        ]
    return hashes, anchors


def is_empty(engine: Engine) -> bool:
    """Whether the as-run log has no row at all."""
    with session(engine) as db:
        return db.exec(select(AsRunRecord.seq).limit(1)).first() is None


def chain_rows_after(engine: Engine, seq: int, limit: int) -> list[dict[str, Any]]:
    """Up to `limit` rows after `seq`, in chain order, as the chain hashes them (their
    content, `prev_hash` and `row_hash`): what an upload to the province service carries."""
    with session(engine) as db:
        records = db.exec(
            select(AsRunRecord)
            .where(AsRunRecord.seq > seq)  # type: ignore[operator]
            .order_by(AsRunRecord.seq)  # type: ignore[arg-type]
            .limit(limit)
        ).all()
    return [{**record_fields(r), "prev_hash": r.prev_hash, "row_hash": r.row_hash} for r in records]


def last_seq(engine: Engine) -> int:
    """The newest row's seq (0: an empty log)."""
    with session(engine) as db:
        found = db.exec(select(func.max(AsRunRecord.seq))).first()
    return int(found or 0)
