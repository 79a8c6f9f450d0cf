"""The province service's rows on a real PostgreSQL 15 (#14): an upload judged and stored in
one transaction; a batch sent twice or by two connections at once adds each row once; a
divergence is recorded and nothing held is overwritten; a reinstalled station's new chain
is an epoch of its own; months land in their own partitions; the rows are append-only."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from broadcaster.core import witness
from broadcaster.store import central_rows, migrations
from broadcaster.store.db import connect
from broadcaster.store.migrations_central import NotPostgreSQL
from tests.support.chains import chain
from tests.support.postgres import throwaway_cluster

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Debian's postgresql-15")

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    with throwaway_cluster() as url:
        engine = connect(url)
        assert migrations.apply_pending(engine, NOW, migrations.CENTRAL_MIGRATIONS) == [
            "c0001_central"
        ]
        assert migrations.apply_pending(engine, NOW, migrations.CENTRAL_MIGRATIONS) == []
        yield engine
        engine.dispose()


def count(engine: Engine, station: str) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT COUNT(*) FROM central_row WHERE station_id = :s"), {"s": station}
            ).scalar_one()
        )


def test_a_batch_sent_twice_adds_each_row_once(engine: Engine) -> None:
    rows = chain(8, station="xa-mot")
    first = central_rows.accept_batch(engine, "xa-mot", "db-1", rows[:5], NOW)
    assert (first.verdict.kind, first.head_seq) == (witness.ACCEPT, 5)
    again = central_rows.accept_batch(engine, "xa-mot", "db-1", rows[:5], NOW)
    assert (again.verdict.kind, again.verdict.new, again.head_seq) == (witness.ACCEPT, (), 5)
    more = central_rows.accept_batch(engine, "xa-mot", "db-1", rows[3:], NOW)
    assert more.head_seq == 8
    assert count(engine, "xa-mot") == 8
    assert central_rows.station_head(engine, "xa-mot") == ("db-1", 8, rows[-1]["row_hash"])


def test_two_connections_sending_the_same_rows_at_once_add_them_once(engine: Engine) -> None:
    rows = chain(40, station="xa-hai")
    # Known already (its row exists): the uploads meet at its lock, not at its first insert.
    central_rows.accept_batch(engine, "xa-hai", "db-1", rows[:5], NOW)
    results: list[central_rows.Stored] = []
    start = threading.Barrier(4)

    def send() -> None:
        start.wait()
        results.append(central_rows.accept_batch(engine, "xa-hai", "db-1", rows, NOW))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(len(r.verdict.new) for r in results) == [0, 0, 0, 35]
    assert count(engine, "xa-hai") == 40


def test_a_divergence_is_recorded_and_nothing_held_is_overwritten(engine: Engine) -> None:
    rows = chain(6, station="xa-ba")
    central_rows.accept_batch(engine, "xa-ba", "db-1", rows[:4], NOW)
    rewritten = chain(6, station="xa-ba", title="Đã sửa")
    stored = central_rows.accept_batch(engine, "xa-ba", "db-1", rewritten, NOW)
    assert (stored.verdict.kind, stored.verdict.why, stored.head_seq) == (
        witness.DIVERGENCE,
        witness.CHANGED,
        4,
    )
    [seen] = central_rows.divergences(engine, "xa-ba")
    assert (seen["seq"], seen["why"]) == (1, "changed")
    assert (seen["held_hash"], seen["sent_hash"]) == (rows[0]["row_hash"], rewritten[0]["row_hash"])
    with engine.connect() as conn:
        held = conn.execute(
            text("SELECT row_hash FROM central_row WHERE station_id = 'xa-ba' ORDER BY seq")
        ).scalars()
        assert list(held) == [r["row_hash"] for r in rows[:4]]
    assert central_rows.accept_batch(engine, "xa-ba", "db-1", rows[4:], NOW).head_seq == 6


def test_a_reinstalled_station_starts_an_epoch_of_its_own(engine: Engine) -> None:
    central_rows.accept_batch(engine, "xa-bon", "db-1", chain(3, station="xa-bon"), NOW)
    fresh = chain(2, station="xa-bon", title="Sau khi cài lại")
    stored = central_rows.accept_batch(engine, "xa-bon", "db-2", fresh, NOW)
    assert (stored.verdict.kind, stored.epoch, stored.head_seq) == (witness.NEW_EPOCH, "db-2", 2)
    with engine.connect() as conn:
        epochs = conn.execute(
            text(
                "SELECT epoch, previous_epoch FROM central_epoch WHERE station_id = 'xa-bon'"
                " ORDER BY started_at, epoch"
            )
        ).all()
        kept = conn.execute(
            text("SELECT COUNT(*) FROM central_row WHERE station_id = 'xa-bon' AND epoch = 'db-1'")
        ).scalar_one()
    assert [tuple(e) for e in epochs] == [("db-1", None), ("db-2", "db-1")]
    assert kept == 3  # the old chain stays witnessed


def test_months_land_in_their_own_partitions_and_rows_are_append_only(engine: Engine) -> None:
    rows = chain(3, station="xa-nam")
    for row, month in zip(rows, (10, 11, 12), strict=True):
        at = datetime(2025, month, 15, 6, 10, tzinfo=UTC)
        row["scheduled_at"] = row["started_at"] = at
        row["ended_at"] = row["recorded_at"] = at + timedelta(minutes=10)
    # Rebuild the links after the edit, as the station would have hashed them.
    from broadcaster.core.chain import GENESIS, row_hash

    previous = GENESIS
    for row in rows:
        row["prev_hash"] = previous
        row["row_hash"] = previous = row_hash(previous, row)
    assert central_rows.accept_batch(engine, "xa-nam", "db-1", rows, NOW).head_seq == 3
    with engine.connect() as conn:
        where = conn.execute(
            text(
                "SELECT tableoid::regclass::text, seq FROM central_row"
                " WHERE station_id = 'xa-nam' ORDER BY seq"
            )
        ).all()
    assert [tuple(w) for w in where] == [
        ("central_row_2025_10", 1),
        ("central_row_2025_11", 2),
        ("central_row_2025_12", 3),
    ]
    for statement in (
        "UPDATE central_row SET row_hash = 'x' WHERE station_id = 'xa-nam'",
        "DELETE FROM central_row WHERE station_id = 'xa-nam'",
        "TRUNCATE central_row_2025_11",
        "DELETE FROM central_divergence",
    ):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    assert count(engine, "xa-nam") == 3


def test_the_service_schema_is_postgresql_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    sqlite = connect(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(NotPostgreSQL):
        migrations.apply_pending(sqlite, NOW, migrations.CENTRAL_MIGRATIONS)
    sqlite.dispose()


def test_the_fleet_puts_the_stations_that_need_someone_first(engine: Engine) -> None:
    for station in ("xa-on", "xa-im-lang", "xa-lech"):
        central_rows.accept_batch(engine, station, "db-1", chain(2, station=station), NOW)
    fresh = {
        "version": "0.1.0",
        "on_air": {"title": "Chuyển đổi số 2"},
        "last": [{"status": "aired"}],
        "outbox": {"backlog": 0},
    }
    central_rows.record_heartbeat(engine, "xa-on", fresh, NOW - timedelta(minutes=2))
    central_rows.record_heartbeat(engine, "xa-im-lang", fresh, NOW - timedelta(hours=3))
    central_rows.record_heartbeat(engine, "xa-lech", fresh, NOW - timedelta(minutes=1))
    central_rows.accept_batch(
        engine, "xa-lech", "db-1", chain(2, station="xa-lech", title="x"), NOW
    )
    rows = {r.station_id: r for r in central_rows.fleet(engine, NOW, offline_after_s=900)}
    order = [r.station_id for r in central_rows.fleet(engine, NOW, offline_after_s=900)]
    ours = [s for s in order if s in ("xa-on", "xa-im-lang", "xa-lech")]
    assert ours == ["xa-im-lang", "xa-lech", "xa-on"]  # red (offline, diverged) first
    assert (rows["xa-im-lang"].online, rows["xa-im-lang"].red) == (False, True)
    assert (rows["xa-lech"].online, rows["xa-lech"].divergences) == (True, 1)
    on = rows["xa-on"]
    assert (on.online, on.red, on.on_air, on.last_status, on.backlog, on.version) == (
        True,
        False,
        "Chuyển đổi số 2",
        "aired",
        0,
        "0.1.0",
    )
    assert on.head_seq == 2


def test_the_months_quota_across_stations_counts_corrections_as_the_station_does(
    engine: Engine,
) -> None:
    from tests.support.chains import airing_rows

    aired = ("aired", None)
    specs = {
        "q-du": [("new", *aired)] + [("repeat", *aired)] * 3,
        "q-thieu": [
            ("new", *aired),
            ("repeat", *aired),
            ("repeat", *aired),
            ("repeat", "missed", None),
        ],
        # A repeat recorded missed, then corrected to aired by the station (row 5 corrects row 4).
        "q-dinh-chinh": [
            ("new", *aired),
            ("repeat", *aired),
            ("repeat", *aired),
            ("repeat", "missed", None),
            ("repeat", "aired", "3"),
        ],
    }
    for station, spec in specs.items():
        stored = central_rows.accept_batch(engine, station, "db-1", airing_rows(station, spec), NOW)
        assert stored.head_seq == len(spec)
    central_rows.accept_batch(engine, "q-khong", "db-1", chain(1, station="q-khong"), NOW)
    # q-khong has a new airing only: not met.
    start, end = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
    quota = {q.station_id: q for q in central_rows.month_quota(engine, start, end, "chuyen-doi-so")}
    assert (quota["q-du"].new_aired, quota["q-du"].repeats_aired, quota["q-du"].met) == (1, 3, True)
    assert (quota["q-thieu"].repeats_aired, quota["q-thieu"].missed, quota["q-thieu"].met) == (
        2,
        1,
        False,
    )
    fixed = quota["q-dinh-chinh"]
    assert (fixed.repeats_aired, fixed.missed, fixed.met) == (3, 0, True)
    order = [q.station_id for q in central_rows.month_quota(engine, start, end, "chuyen-doi-so")]
    ours = [s for s in order if s.startswith("q-")]
    assert ours[-2:] == ["q-dinh-chinh", "q-du"]  # not met first
    assert central_rows.month_quota(engine, start, end, "khac")[0].met is False  # none aired


def test_a_database_left_behind_cannot_come_back_as_a_new_chain(engine: Engine) -> None:
    central_rows.accept_batch(engine, "xa-quay-lai", "db-1", chain(2, station="xa-quay-lai"), NOW)
    fresh = chain(1, station="xa-quay-lai", title="Cài lại")
    assert central_rows.accept_batch(engine, "xa-quay-lai", "db-2", fresh, NOW).epoch == "db-2"
    back = central_rows.accept_batch(
        engine, "xa-quay-lai", "db-1", chain(3, station="xa-quay-lai", title="Khác"), NOW
    )
    assert (back.verdict.kind, back.verdict.why) == ("divergence", "other_epoch")
    assert central_rows.station_head(engine, "xa-quay-lai")[:2] == ("db-2", 1)  # type: ignore[index]
