"""Retention: nothing recent is purged; a purge exports and verifies first, and the chain
still verifies afterwards from its anchor."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from sqlmodel import select

from broadcaster.cli import main
from broadcaster.errors import RetentionError
from broadcaster.proof.retention import plan_purge, purge
from broadcaster.proof.verify import verify_path
from broadcaster.store.asrun import verify_database
from broadcaster.store.db import session
from broadcaster.store.models import AsRunRecord, ChainAnchor
from tests.support.history import make_history


def test_rows_younger_than_the_retention_are_never_purged(station, tone) -> None:
    history = make_history(station, tone)
    config, engine = history["config"], history["engine"]
    with pytest.raises(RetentionError):
        plan_purge(engine, config, "2026-04", datetime(2028, 3, 1, tzinfo=UTC))
    result = CliRunner().invoke(
        main, ["--config", str(station.config_path), "purge", "--before", "2026-04", "--yes"]
    )
    assert result.exit_code == 2 and "24" in result.output
    with session(engine) as db:
        assert len(db.exec(select(AsRunRecord)).all()) == 7


def test_a_purge_exports_first_and_the_chain_still_verifies(station, tone) -> None:
    history = make_history(station, tone)
    config, engine = history["config"], history["engine"]
    later = datetime(2028, 5, 1, tzinfo=UTC)
    plan, folders = purge(engine, config, "2026-04", later)
    assert plan.months == ["2026-03"] and plan.rows == 7
    (folder,) = folders
    assert verify_path(folder).ok
    with session(engine) as db:
        assert db.exec(select(AsRunRecord)).all() == []
        (anchor,) = db.exec(select(ChainAnchor)).all()
    assert anchor.seq == 7 and anchor.rows_purged == 7 and str(folder) in anchor.exported_to
    assert verify_database(engine) == (0, None)

    # The log goes on from the anchor: the next row is seq 8, linked to the purged seq 7.
    from broadcaster.store.asrun import append
    from broadcaster.store.models import AsRunRecord as Row

    row = append(
        engine,
        Row(
            station_id="xa-thu-nghiem",
            series_id="chuyen-doi-so",
            title="t",
            file_name="f",
            file_sha256="h",
            kind="new",
            scheduled_at=later,
            duration_s=1.0,
            status="missed",
            recorded_at=later,
        ),
    )
    assert row.seq == 8 and row.prev_hash == anchor.row_hash
    assert verify_database(engine) == (1, None)
