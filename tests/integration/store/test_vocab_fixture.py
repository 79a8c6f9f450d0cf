"""The vocabulary became StrEnums (core/vocab.py, #12): rows written by the old code, which
stored bare strings, still verify; a row written now with enum members stores the same words
and chains onto them. Runs on a copy of the committed station fixture, never on it."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from loguru import logger

from broadcaster.cli import main
from broadcaster.config import load_config
from broadcaster.core.chain import TIME_FIELDS, first_break, row_hash
from broadcaster.core.vocab import Kind, Priority, Status
from broadcaster.store.asrun import append
from broadcaster.store.db import open_engine
from broadcaster.store.models import AsRunRecord

# rig: the fixture's config names a bulletin signal, which ffmpeg must decode when the
# config is read.
pytestmark = pytest.mark.rig

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "station-565c682"


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    yield
    logger.remove()
    logger.add(__import__("sys").stderr)


@pytest.fixture
def station(tmp_path: Path) -> Path:
    copy = tmp_path / "station"
    shutil.copytree(FIXTURE, copy)
    return copy


def _rows(station: Path) -> list[dict]:  # type: ignore[type-arg]
    """The as-run rows as SQLite holds them (times are stored naive, in UTC)."""
    connection = sqlite3.connect(station / "var" / "station.db")
    connection.row_factory = sqlite3.Row
    try:
        rows = [dict(r) for r in connection.execute("SELECT * FROM as_run ORDER BY seq")]
    finally:
        connection.close()
    for row in rows:
        for name in TIME_FIELDS:
            if row[name] is not None:
                row[name] = datetime.fromisoformat(row[name]).replace(tzinfo=UTC)
    return rows


def _with_members(row: dict) -> dict:  # type: ignore[type-arg]
    """The row as today's code holds it: its words as enum members."""
    priority = Priority(row["priority"]) if row["priority"] is not None else None
    return {**row, "kind": Kind(row["kind"]), "status": Status(row["status"]), "priority": priority}


def _cli(station: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--config", str(station / "config.toml"), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_old_rows_hash_the_same_with_their_words_as_members(station: Path) -> None:
    rows = [_with_members(r) for r in _rows(station)]
    assert len(rows) == 24 and {type(r["status"]) for r in rows} == {Status}
    assert {r["kind"] for r in rows} == set(Kind)  # every kind the fixture holds is covered
    for row in rows:
        assert row_hash(row["prev_hash"], row) == row["row_hash"], row["seq"]
    assert first_break(rows) is None


def test_a_changed_member_breaks_the_old_chain(station: Path) -> None:
    """The check above can fail: a row read with a different word no longer hashes."""
    rows = [_with_members(r) for r in _rows(station)]
    seq = next(r["seq"] for r in rows if r["status"] == Status.AIRED)
    rows[seq - 1]["status"] = Status.PARTIAL
    found = first_break(rows)
    assert found is not None and (found.seq, found.problem) == (seq, "hash")


def _append_today(station: Path) -> AsRunRecord:
    config = load_config(station / "config.toml")
    engine = open_engine(config.paths.database, config.paths.database_file)
    last = _rows(station)[-1]
    record = AsRunRecord(
        station_id=last["station_id"],
        series_id="bulletin",
        title="Bản tin hôm nay",
        file_name=last["file_name"],
        file_sha256=last["file_sha256"],
        kind=Kind.BULLETIN,
        scheduled_at=datetime(2026, 5, 1, 17, 30, tzinfo=UTC),
        duration_s=12.5,
        status=Status.MISSED,
        reason="daemon down",
        priority=Priority.EMERGENCY,
        recorded_at=datetime(2026, 5, 1, 17, 45, tzinfo=UTC),
    )
    written = append(engine, record)
    engine.dispose()
    return written


def test_a_row_written_with_members_stores_the_words_and_chains_on(station: Path) -> None:
    written = _append_today(station)
    connection = sqlite3.connect(station / "var" / "station.db")
    try:
        stored = connection.execute(
            "SELECT kind, typeof(kind), status, typeof(status), priority, typeof(priority) "
            "FROM as_run WHERE seq = ?",
            (written.seq,),
        ).fetchone()
    finally:
        connection.close()
    assert written.seq == 25
    assert stored == ("bulletin", "text", "missed", "text", "emergency", "text")
    assert first_break(_rows(station)) is None
    code, output = _cli(station, "db", "check")
    assert code == 0, output
    code, output = _cli(station, "verify", "--database")
    assert code == 0, output
    assert "25" in output


def test_a_tampered_new_row_fails_the_check(station: Path) -> None:
    """The check above can fail: the new row's word edited in the file is caught."""
    written = _append_today(station)
    connection = sqlite3.connect(station / "var" / "station.db")
    try:
        connection.execute("DROP TRIGGER as_run_no_update")
        connection.execute("UPDATE as_run SET status = 'aired' WHERE seq = ?", (written.seq,))
        connection.commit()
    finally:
        connection.close()
    code, output = _cli(station, "verify", "--database")
    assert code == 1, output
