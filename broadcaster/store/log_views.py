"""The console's Nhật ký page (#13): the as-run log a page at a time, and the audit log's
choices. Named queries only: a station-year is 1,500+ rows, a page reads LIMIT rows and a
COUNT over the same filter (the month is a range on the `scheduled_at` index)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from broadcaster.store.db import session
from broadcaster.store.models import AsRunRecord, ConsoleAudit


@dataclass(frozen=True)
class AsRunFilter:
    """Rows scheduled in [start, end), of one series and one status when given."""

    start: datetime
    end: datetime
    series_id: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class AsRunPage:
    rows: list[AsRunRecord]
    total: int  # rows matching the filter, all pages
    corrected_by: dict[str, list[AsRunRecord]]  # uid of a row on the page -> its corrections
    corrects_seq: dict[str, int]  # uid a correction on the page names -> that row's seq


def _where(query, where: AsRunFilter):  # type: ignore[no-untyped-def]
    query = query.where(col(AsRunRecord.scheduled_at) >= where.start).where(
        col(AsRunRecord.scheduled_at) < where.end
    )
    if where.series_id is not None:
        query = query.where(AsRunRecord.series_id == where.series_id)
    if where.status is not None:
        query = query.where(AsRunRecord.status == where.status)
    return query


def asrun_page(engine: Engine, where: AsRunFilter, limit: int, offset: int) -> AsRunPage:
    """One page of the filtered log, newest slot first, with the corrections linked both
    ways (only for the rows on the page: at most `limit` uids are looked up)."""
    with session(engine) as db:
        total = int(db.exec(_where(select(func.count()).select_from(AsRunRecord), where)).one())
        rows = list(
            db.exec(
                _where(select(AsRunRecord), where)
                .order_by(col(AsRunRecord.scheduled_at).desc(), col(AsRunRecord.seq).desc())
                .offset(offset)
                .limit(limit)
            )
        )
        return _linked(db, rows, total)


def rows_page(engine: Engine, rows: list[AsRunRecord]) -> AsRunPage:
    """`rows` as a page of their own, with their corrections linked (after a correction)."""
    with session(engine) as db:
        return _linked(db, rows, len(rows))


def _linked(db: Session, rows: list[AsRunRecord], total: int) -> AsRunPage:
    uids = [r.uid for r in rows]
    named = sorted({r.corrects_uid for r in rows if r.corrects_uid})
    corrections = (
        list(
            db.exec(
                select(AsRunRecord)
                .where(col(AsRunRecord.corrects_uid).in_(uids))
                .order_by(col(AsRunRecord.seq))
            )
        )
        if uids
        else []
    )
    originals = (
        list(
            db.exec(select(AsRunRecord.uid, AsRunRecord.seq).where(col(AsRunRecord.uid).in_(named)))
        )
        if named
        else []
    )
    corrected_by: dict[str, list[AsRunRecord]] = {}
    for row in corrections:
        corrected_by.setdefault(str(row.corrects_uid), []).append(row)
    return AsRunPage(rows, total, corrected_by, {uid: int(seq or 0) for uid, seq in originals})


def asrun_row(engine: Engine, seq: int) -> AsRunRecord | None:
    with session(engine) as db:
        return db.get(AsRunRecord, seq)


def series_in(engine: Engine, start: datetime, end: datetime) -> list[str]:
    """The series that have rows in [start, end) (for the filter's choices)."""
    with session(engine) as db:
        found = db.exec(
            select(AsRunRecord.series_id)
            .where(col(AsRunRecord.scheduled_at) >= start)
            .where(col(AsRunRecord.scheduled_at) < end)
            .distinct()
        )
        return sorted(str(s) for s in found)


def audit_choices(engine: Engine) -> tuple[list[str], list[str]]:
    """The accounts and the actions the audit log names (for its filters)."""
    with session(engine) as db:
        names = db.exec(select(ConsoleAudit.account).distinct())
        actions = db.exec(select(ConsoleAudit.action).distinct())
        return sorted(str(n) for n in names), sorted(str(a) for a in actions)


def audit_count(engine: Engine, account: str | None, action: str | None) -> int:
    query = select(func.count()).select_from(ConsoleAudit)
    if account is not None:
        query = query.where(ConsoleAudit.account == account)
    if action is not None:
        query = query.where(ConsoleAudit.action == action)
    with session(engine) as db:
        return int(db.exec(query).one())


__all__: Sequence[str] = (
    "AsRunFilter",
    "AsRunPage",
    "asrun_page",
    "asrun_row",
    "rows_page",
    "audit_choices",
    "audit_count",
    "series_in",
)
