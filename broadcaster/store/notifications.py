"""Notifications kept in the database (#10): each one decided (so a restart never sends it
again, and a failed delivery can be seen) and each topic's quiet period."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from broadcaster.store.db import session
from broadcaster.store.models import Notification, NotificationQuiet


def quiet_periods(engine: Engine) -> list[NotificationQuiet]:
    with session(engine) as db:
        return list(db.exec(select(NotificationQuiet)).all())


def save_quiet(
    engine: Engine,
    topic: str,
    subject: str,
    last_sent_at: datetime | None,
    folded: int,
    last_text: str,
) -> None:
    with session(engine) as db:
        row = db.get(NotificationQuiet, (topic, subject)) or NotificationQuiet(
            topic=topic, subject=subject
        )
        row.last_sent_at, row.folded, row.last_text = last_sent_at, folded, last_text
        db.add(row)
        db.commit()


def forget_quiet(engine: Engine, topic: str, subject: str) -> None:
    with session(engine) as db:
        row = db.get(NotificationQuiet, (topic, subject))
        if row is not None:
            db.delete(row)
            db.commit()


def add_notification(engine: Engine, row: Notification) -> int | None:
    """Store a notification decided; its id."""
    with session(engine) as db:
        db.add(row)
        db.commit()
        return row.id


def created_since(engine: Engine, since: datetime) -> list[Notification]:
    with session(engine) as db:
        return list(
            db.exec(
                select(Notification).where(Notification.created_at >= since)  # type: ignore[arg-type]
            ).all()
        )


def record_delivery(
    engine: Engine,
    notification_id: int | None,
    email_state: str,
    webhook_state: str,
    attempts: int,
    last_error: str,
    sent_at: datetime | None,
) -> None:
    """What became of a notification's delivery; `sent_at` None leaves it as it was."""
    with session(engine) as db:
        row = db.get(Notification, notification_id) if notification_id is not None else None
        if row is None:
            return
        row.email_state, row.webhook_state = email_state, webhook_state
        row.attempts, row.last_error = attempts, last_error
        if sent_at is not None:
            row.sent_at = sent_at
        db.add(row)
        db.commit()
