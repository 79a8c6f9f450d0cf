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

from broadcaster import __version__
from broadcaster.config import Config
from broadcaster.core.chain import CHAINED_FIELDS
from broadcaster.core.periods import month_period, parse_month
from broadcaster.core.programme_state import REPLACED, WITHDRAWN
from broadcaster.proof.summary import RULES_VERSION, ProgrammeChanges, rule_of, summarize
from broadcaster.store.asrun import record_fields
from broadcaster.store.models import AsRunRecord
from broadcaster.store.programme_states import states_of
from broadcaster.store.snapshots import MonthRows, month_rows

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
    read = month_rows(engine, period.start, period.end, now)
    records, waiting, recorded = read.records, read.waiting, read.recorded
    links = [
        {
            "seq": other.seq,
            "prev_hash": other.prev_hash,
            "row_hash": other.row_hash,
            "month": other.scheduled_at.astimezone(tz).strftime("%Y-%m"),
        }
        for other in read.between
    ]
    head = {"seq": read.newest.seq, "hash": read.newest.row_hash} if read.newest else None
    changes = _programme_changes(read)
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


def _programme_changes(read: MonthRows) -> ProgrammeChanges:
    """The operator's replacements and withdrawals (`programme_change`), by file."""
    states = states_of(read.changes)
    if not states:
        return ProgrammeChanges()
    sha = read.sha256
    replaced = {
        sha[pid]: sha[state.replaced_by]
        for pid, state in states.items()
        if state.state == REPLACED and state.replaced_by in sha and pid in sha
    }
    withdrawn = frozenset(
        sha[pid] for pid, state in states.items() if state.state == WITHDRAWN and pid in sha
    )
    return ProgrammeChanges(replaced, withdrawn)
