"""Retention: as-run rows are kept at least `retention.months` (24 by default). A purge
removes only whole months older than that, and only after it has written and verified an
export of every month it removes; the chain then hangs from an anchor (asrun.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from broadcaster._lib.signing import sealed
from broadcaster.config import Config
from broadcaster.core.periods import month_period, parse_month
from broadcaster.errors import RetentionError
from broadcaster.proof.export import base_name, key_of, office_of, write_formats
from broadcaster.proof.month import build_month
from broadcaster.proof.verify import verify_path
from broadcaster.store.asrun import all_records, purge_through


@dataclass(frozen=True)
class PurgePlan:
    months: list[str]
    last_seq: int | None
    rows: int


def oldest_allowed(config: Config, now: datetime) -> str:
    """The first month that must be kept."""
    local = now.astimezone(config.station.tz)
    index = local.year * 12 + local.month - 1 - config.retention.months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def plan_purge(engine: Engine, config: Config, before: str, now: datetime) -> PurgePlan:
    keep_from = oldest_allowed(config, now)
    if before > keep_from:
        raise RetentionError(f"{before} > {keep_from}", before, keep_from, config.retention.months)
    cutoff = month_period(*parse_month(before), config.station.tz).start
    records = all_records(engine)
    # Only a prefix of the chain can go: stop at the first row that must be kept.
    prefix = []
    for record in records:
        if record.scheduled_at >= cutoff:
            break
        prefix.append(record)
    months = sorted(
        {r.scheduled_at.astimezone(config.station.tz).strftime("%Y-%m") for r in prefix}
    )
    return PurgePlan(months, prefix[-1].seq if prefix else None, len(prefix))


def purge(
    engine: Engine, config: Config, before: str, now: datetime
) -> tuple[PurgePlan, list[Path]]:
    plan = plan_purge(engine, config, before, now)
    if plan.last_seq is None:
        return plan, []
    folders = []
    key = key_of(config)
    for month in plan.months:
        folder = config.paths.archive / f"{config.station.id}-{month}"
        document = sealed(build_month(engine, config, month, now), key)
        write_formats(
            document,
            folder,
            base_name(config, month),
            config.station.language,
            key,
            office_of(config),
        )
        verdict = verify_path(folder, trusted=key.public)
        if not verdict.ok:
            keep_from = oldest_allowed(config, now)
            detail = f"{folder}: {verdict.problems[0]}"
            raise RetentionError(detail, before, keep_from, config.retention.months)
        folders.append(folder)
    purge_through(engine, plan.last_seq, ", ".join(str(f) for f in folders), now)
    return plan, folders
