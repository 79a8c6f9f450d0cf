"""The month document: everything a proof-of-broadcast export says, as one JSON-ready
dict. Every format (JSON, CSV, XLSX, PDF) is rendered from it, and `report` reads it back.

Rows are those scheduled in the month. The chain segment covers the sequence numbers from
the month's first row to its last; rows of other months inside that range (a missed
airing recorded after midnight on the 1st, say) appear only as links (seq and hashes), so
the chain can be checked end to end without them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import select

from broadcaster import __version__
from broadcaster.config import Config
from broadcaster.core.chain import CHAINED_FIELDS
from broadcaster.core.periods import month_period, parse_month
from broadcaster.programmes.changes import load_states
from broadcaster.programmes.state import REPLACED, WITHDRAWN
from broadcaster.proof.summary import RULES_VERSION, ProgrammeChanges, rule_of, summarize
from broadcaster.store.asrun import record_fields
from broadcaster.store.db import session
from broadcaster.store.models import AsRunRecord, PlannedAiring, Programme

# 2: signed (`seal`), with the series rules it was scored against (`plan`) and the
# database's chain head when it was written (`head`). Version 1 exports carry neither.
# 3: a series is `not_met` as soon as it cannot be met (proof/summary.py), and `plan` may
# carry the operator's programme changes.
FORMAT_VERSION = RULES_VERSION
KIND = "broadcaster-month-log"
ROW_FIELDS = (*CHAINED_FIELDS, "prev_hash", "row_hash")


def _local(value: datetime | None, config: Config) -> str | None:
    return None if value is None else value.astimezone(config.station.tz).isoformat()


def row_document(record: AsRunRecord, config: Config) -> dict[str, Any]:
    fields = record_fields(record)
    for name in ("scheduled_at", "started_at", "ended_at", "recorded_at"):
        fields[name] = _local(fields[name], config)
    fields["prev_hash"] = record.prev_hash
    fields["row_hash"] = record.row_hash
    return {name: fields[name] for name in ROW_FIELDS}


def build_month(engine: Engine, config: Config, month: str, now: datetime) -> dict[str, Any]:
    tz = config.station.tz
    period = month_period(*parse_month(month), tz)
    with session(engine) as db:
        records = list(
            db.exec(
                select(AsRunRecord)
                .where(
                    AsRunRecord.scheduled_at >= period.start, AsRunRecord.scheduled_at < period.end
                )  # type: ignore[arg-type]
                .order_by(AsRunRecord.seq)  # type: ignore[arg-type]
            ).all()
        )
        links: list[dict[str, Any]] = []
        if records:
            first, last = records[0].seq, records[-1].seq
            mine = {r.seq for r in records}
            for other in db.exec(
                select(AsRunRecord)
                .where(AsRunRecord.seq >= first, AsRunRecord.seq <= last)  # type: ignore[operator]
                .order_by(AsRunRecord.seq)  # type: ignore[arg-type]
            ).all():
                if other.seq not in mine:
                    links.append(
                        {
                            "seq": other.seq,
                            "prev_hash": other.prev_hash,
                            "row_hash": other.row_hash,
                            "month": other.scheduled_at.astimezone(tz).strftime("%Y-%m"),
                        }
                    )
        newest = db.exec(select(AsRunRecord).order_by(AsRunRecord.seq.desc()).limit(1)).first()  # type: ignore[union-attr]
        head = {"seq": newest.seq, "hash": newest.row_hash} if newest else None
        waiting = db.exec(
            select(PlannedAiring, Programme)
            .join(Programme, Programme.id == PlannedAiring.programme_id)  # type: ignore[arg-type]
            .where(
                PlannedAiring.slot_at >= max(period.start, now),  # type: ignore[arg-type]
                PlannedAiring.slot_at < period.end,  # type: ignore[arg-type]
            )
        ).all()
        # Only a month not over has airings still to come: its rows' plan uids, not the
        # whole log (a year's export would read every row twelve times).
        recorded = (
            set(
                db.exec(
                    select(AsRunRecord.planned_airing_uid).where(
                        AsRunRecord.planned_airing_uid.in_([p.uid for p, _ in waiting])  # type: ignore[union-attr]
                    )
                ).all()
            )
            if waiting
            else set()
        )
        changes = _programme_changes(db)
    rows = [row_document(r, config) for r in records]
    pending = [
        {
            "series_id": p.series_id,
            "title": prog.title,
            "file_name": prog.file_name,
            "file_sha256": prog.sha256,
            "kind": p.kind,
            "scheduled_at": _local(p.slot_at, config),
        }
        for p, prog in waiting
        if p.uid not in recorded
    ]
    last_day = (period.end - timedelta(days=1)).date()
    rules = [rule_of(series) for series in config.series]
    changes = changes.about({r["file_sha256"] for r in [*rows, *pending]})
    summary = summarize(rules, rows, pending, period.start.date(), last_day, changes)
    plan: dict[str, Any] = {"series": [rule.as_dict() for rule in rules]}
    if changes:
        # The operator's replacements and withdrawals the scoring followed, signed with it.
        plan["programmes"] = changes.as_dict()
    return {
        "format_version": FORMAT_VERSION,
        "kind": KIND,
        "generator": f"broadcaster {__version__}",
        "generated_at": now.astimezone(tz).isoformat(timespec="seconds"),
        "station": {
            "id": config.station.id,
            "name": config.station.name,
            "level": config.station.level,
            "reports_to": config.station.reports_to,
            "timezone": config.station.timezone,
        },
        "month": month,
        "complete": now >= period.end,
        "plan": plan,
        "summary": summary,
        "pending": pending,
        "rows": rows,
        "chain": {
            "first_seq": rows[0]["seq"] if rows else None,
            "last_seq": rows[-1]["seq"] if rows else None,
            "hash_before": rows[0]["prev_hash"] if rows else None,
            "hash_after": rows[-1]["row_hash"] if rows else None,
            "links": links,
        },
        "head": head,
    }


def _programme_changes(db: Any) -> ProgrammeChanges:
    """The operator's replacements and withdrawals (`programme_change`), by file."""
    states = load_states(db)
    if not states:
        return ProgrammeChanges()
    sha = dict(db.exec(select(Programme.id, Programme.sha256)).all())
    replaced = {
        sha[pid]: sha[state.replaced_by]
        for pid, state in states.items()
        if state.state == REPLACED and state.replaced_by in sha and pid in sha
    }
    withdrawn = frozenset(
        sha[pid] for pid, state in states.items() if state.state == WITHDRAWN and pid in sha
    )
    return ProgrammeChanges(replaced, withdrawn)
