"""The committed station fixture (tests/fixtures/station-*) is what its manifest says, and
today's code reads it as intact: the "before" of #12's upgrade test must be sound before
anything is upgraded. The committed files are only ever read: every check runs on a copy."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from broadcaster.cli import main
from tests.support.paths import FIXTURES

# One per release whose schema an upgrade must still carry (tests/fixtures/README.md).
STATIONS = sorted(FIXTURES.glob("station-*"))
# What each manifest set is read from.
PRESENT_SQL = {
    "as_run_kinds": "SELECT DISTINCT kind FROM as_run",
    "as_run_statuses": "SELECT DISTINCT status FROM as_run",
    "as_run_priorities": "SELECT DISTINCT priority FROM as_run",
    "planned_kinds": "SELECT DISTINCT kind FROM planned_airing",
    "change_actions": "SELECT DISTINCT action FROM programme_change",
    "ingest_outcomes": "SELECT DISTINCT outcome FROM ingest_event",
}


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module", params=STATIONS, ids=lambda p: p.name)
def committed(request: pytest.FixtureRequest) -> Iterator[Path]:
    """A committed fixture, its files' SHA-256 checked unchanged once its tests are done."""
    folder: Path = request.param
    before = _digests(folder)
    yield folder
    assert _digests(folder) == before, "a test wrote into the committed fixture"


@pytest.fixture
def station(tmp_path: Path, committed: Path) -> Path:
    copy = tmp_path / "station"
    shutil.copytree(committed, copy)
    assert _digests(copy) == _digests(committed)
    return copy


def _manifest(folder: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _database(folder: Path) -> Path:
    return folder / _manifest(folder)["database"]


def _read(db_file: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    connection = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def count_mismatches(db_file: Path, manifest: dict) -> list[str]:  # type: ignore[type-arg]
    """Every table count and the chain's last row against the manifest; [] when all agree."""
    wrong = []
    tables = {
        name
        for (name,) in _read(
            db_file,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
    }
    if tables != set(manifest["row_counts"]):
        wrong.append(f"tables {sorted(tables ^ set(manifest['row_counts']))}")
    for table, expected in manifest["row_counts"].items():
        if table in tables:
            ((got,),) = _read(db_file, f'SELECT count(*) FROM "{table}"')
            if got != expected:
                wrong.append(f"{table}: {got} rows, manifest {expected}")
    last = _read(db_file, "SELECT seq, row_hash FROM as_run ORDER BY seq DESC LIMIT 1")
    if last != [(manifest["as_run_last"]["seq"], manifest["as_run_last"]["row_hash"])]:
        wrong.append(f"as_run last {last}, manifest {manifest['as_run_last']}")
    return wrong


def _cli(folder: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--config", str(folder / "config.toml"), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_there_is_a_fixture() -> None:
    assert STATIONS


def test_the_fixture_is_small_and_clean(committed: Path) -> None:
    files = [p for p in committed.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 1_000_000
    names = {p.name for p in files}
    assert not {n for n in names if n.endswith(("-wal", "-shm", "-journal", ".lock"))}
    manifest = _manifest(committed)
    assert committed.name == f"station-{manifest['code_commit']}"
    database = _database(committed)
    for beside in (database.with_suffix(".head"), database.with_suffix(".key")):
        assert beside.is_file(), beside  # the chain head and the key it is signed with


# rig: the fixture's config names its attention signal, which loading decodes with ffmpeg
@pytest.mark.rig
def test_today_s_code_reads_the_database_as_intact(station: Path) -> None:
    code, output = _cli(station, "db", "check")
    assert code == 0, output
    code, output = _cli(station, "verify", "--database")
    assert code == 0, output
    assert str(_manifest(station)["as_run_last"]["seq"]) in output


def test_the_counts_and_the_chain_s_last_row_are_the_manifest_s(station: Path) -> None:
    manifest = _manifest(station)
    assert count_mismatches(_database(station), manifest) == []


def test_every_kind_status_level_and_action_listed_is_present(station: Path) -> None:
    manifest = _manifest(station)
    database = _database(station)
    for key, sql in PRESENT_SQL.items():
        found = {value for (value,) in _read(database, sql) if value is not None}
        assert found == set(manifest["present"][key]), key
    # What #12's upgrade must carry over, named so a thinner fixture fails here.
    present = manifest["present"]
    assert set(present["as_run_statuses"]) == {"aired", "partial", "failed", "missed"}
    assert {"new", "repeat", "makeup", "late", "bulletin", "test"} <= set(present["as_run_kinds"])
    assert set(present["as_run_priorities"]) == {"emergency", "priority", "normal"}
    assert {"title", "replace", "withdraw"} <= set(present["change_actions"])
    assert manifest["as_run_corrections"] >= 1 and manifest["as_run_makeups"] >= 1
    for table in ("programme_loudness", "bulletin_assembly", "notification", "ingest_event"):
        assert manifest["row_counts"][table] >= 1, table


# rig: the fixture's config names its attention signal, which loading decodes with ffmpeg
@pytest.mark.rig
def test_each_month_exports_and_the_export_verifies(station: Path, tmp_path: Path) -> None:
    for month in _manifest(station)["months"]:
        out = tmp_path / f"export-{month}"
        code, output = _cli(station, "export", "--month", month, "-o", str(out))
        assert code == 0, output
        code, output = _cli(station, "verify", str(out))
        assert code == 0, output


# ---- the checks above can fail --------------------------------------------------------
# rig: the fixture's config names its attention signal, which loading decodes with ffmpeg
@pytest.mark.rig
def test_an_edited_as_run_row_fails_the_chain_check(station: Path) -> None:
    database = _database(station)
    connection = sqlite3.connect(database)
    try:
        connection.execute("DROP TRIGGER as_run_no_update")  # what a forger would do first
        connection.execute("UPDATE as_run SET status = 'aired', played_s = 2.0 WHERE seq = 6")
        connection.commit()
    finally:
        connection.close()
    code, output = _cli(station, "db", "check")
    assert code == 1, output
    code, output = _cli(station, "verify", "--database")
    assert code == 1, output


def test_a_count_off_by_one_fails_the_count_check(station: Path) -> None:
    manifest = _manifest(station)
    manifest["row_counts"]["programme_loudness"] += 1
    wrong = count_mismatches(_database(station), manifest)
    assert wrong == [
        f"programme_loudness: {manifest['row_counts']['programme_loudness'] - 1} "
        f"rows, manifest {manifest['row_counts']['programme_loudness']}"
    ]
    manifest = _manifest(station)
    manifest["as_run_last"]["row_hash"] = "0" * 64
    assert len(count_mismatches(_database(station), manifest)) == 1
