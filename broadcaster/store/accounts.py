"""The console's accounts, its audit log and its approval requests (#13): named queries.

The password is never here, only its argon2 hash (console/accounts.py makes and checks it).
The audit log is append-only like the as-run log: rows are inserted, never changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from broadcaster.store.models import ConsoleAccount, ConsoleAudit, ConsoleRequest

__all__ = [
    "AccountExists",
    "AuditFilter",
    "ConsoleAccount",
    "ConsoleAudit",
    "ConsoleRequest",
    "active_account",
    "add_account",
    "audit_rows",
    "count_active",
    "disable_account",
    "list_accounts",
    "record_audit",
    "set_password",
]


class AccountExists(Exception):
    """An account of that name is there already (disabled ones included: names are kept)."""


def add_account(
    engine: Engine, name: str, password_hash: str, role: str, by: str, now: datetime
) -> None:
    row = ConsoleAccount(
        name=name, password_hash=password_hash, role=role, created_at=now, created_by=by
    )
    with Session(engine) as db:
        db.add(row)
        try:
            db.commit()
        except IntegrityError:
            raise AccountExists(name) from None


def active_account(engine: Engine, name: str) -> ConsoleAccount | None:
    with Session(engine) as db:
        row = db.get(ConsoleAccount, name)
        return row if row is not None and row.disabled_at is None else None


def list_accounts(engine: Engine) -> list[ConsoleAccount]:
    with Session(engine) as db:
        return list(db.exec(select(ConsoleAccount).order_by(col(ConsoleAccount.name))))


def count_active(engine: Engine) -> int:
    with Session(engine) as db:
        query = select(func.count()).select_from(ConsoleAccount)
        return int(db.exec(query.where(col(ConsoleAccount.disabled_at).is_(None))).one())


def set_password(engine: Engine, name: str, password_hash: str) -> bool:
    with Session(engine) as db:
        row = db.get(ConsoleAccount, name)
        if row is None:
            return False
        row.password_hash = password_hash
        db.add(row)
        db.commit()
        return True


def disable_account(engine: Engine, name: str, now: datetime) -> bool:
    with Session(engine) as db:
        row = db.get(ConsoleAccount, name)
        if row is None or row.disabled_at is not None:
            return False
        row.disabled_at = now
        db.add(row)
        db.commit()
        return True


def record_audit(
    engine: Engine,
    at: datetime,
    account: str,
    action: str,
    target: str = "",
    detail: str = "",
    client: str = "",
    outcome: str = "ok",
) -> None:
    with Session(engine) as db:
        db.add(
            ConsoleAudit(
                at=at,
                account=account,
                action=action,
                target=target,
                detail=detail,
                client=client,
                outcome=outcome,
            )
        )
        db.commit()


@dataclass(frozen=True)
class AuditFilter:
    account: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def audit_rows(
    engine: Engine, where: AuditFilter = AuditFilter(), limit: int = 200, offset: int = 0
) -> Sequence[ConsoleAudit]:
    """Newest first."""
    query = select(ConsoleAudit)
    if where.account is not None:
        query = query.where(ConsoleAudit.account == where.account)
    if where.action is not None:
        query = query.where(ConsoleAudit.action == where.action)
    if where.since is not None:
        query = query.where(col(ConsoleAudit.at) >= where.since)
    if where.until is not None:
        query = query.where(col(ConsoleAudit.at) < where.until)
    query = query.order_by(col(ConsoleAudit.id).desc()).offset(offset).limit(limit)
    with Session(engine) as db:
        return list(db.exec(query))
