"""The console's memo (#13: page p95 ≤ 150 ms): kept only while the database is unchanged
and for at most its ttl, one value per language; and a page built from it shows a write at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from broadcaster import i18n
from broadcaster.clock import FakeClock
from broadcaster.config import Config
from broadcaster.console.memo import Memo
from broadcaster.store import accounts
from broadcaster.store.data_version import DataVersion
from broadcaster.store.db import connect
from tests.support import factories
from tests.support.console import Client


def write(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT OR REPLACE INTO daemon_state (key, value, updated_at) "
                "VALUES ('memo-test', '{}', CURRENT_TIMESTAMP)"
            )
        )


def counting() -> tuple[list[int], object]:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    return calls, compute


def test_the_data_version_changes_with_any_other_connections_commit(engine: Engine) -> None:
    version = DataVersion(engine)
    first = version()
    assert first is not None
    assert version() == first  # nothing written: the same
    write(engine)
    assert version() != first
    version.close()


def test_a_database_in_memory_has_no_version() -> None:
    memory = connect("sqlite://")
    assert DataVersion(memory)() is None
    calls, compute = counting()
    memo = Memo(DataVersion(memory), lambda: 0.0)
    memo.get("k", compute)  # type: ignore[arg-type]
    memo.get("k", compute)  # type: ignore[arg-type]
    assert len(calls) == 2  # never kept
    memory.dispose()


def test_kept_until_a_write_or_the_ttl(engine: Engine) -> None:
    clock = FakeClock(datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    memo = Memo(DataVersion(engine), clock.monotonic, ttl=5.0)
    calls, compute = counting()
    assert memo.get("k", compute) == 1  # type: ignore[arg-type]
    assert memo.get("k", compute) == 1  # type: ignore[arg-type]
    write(engine)
    assert memo.get("k", compute) == 2  # type: ignore[arg-type]
    clock.advance(timedelta(seconds=4))
    assert memo.get("k", compute) == 2  # type: ignore[arg-type]
    clock.advance(timedelta(seconds=2))
    assert memo.get("k", compute) == 3  # type: ignore[arg-type]
    with i18n.speaking("en"):
        assert memo.get("k", compute) == 4  # type: ignore[arg-type]
    # Not versioned: the key says what it depends on, a write does not matter, the ttl does.
    assert memo.get("p", compute, versioned=False) == 5  # type: ignore[arg-type]
    write(engine)
    assert memo.get("p", compute, versioned=False) == 5  # type: ignore[arg-type]
    clock.advance(timedelta(seconds=6))
    assert memo.get("p", compute, versioned=False) == 6  # type: ignore[arg-type]


def test_the_library_shows_a_new_programme_at_once(
    console: Client, engine: Engine, config: Config
) -> None:
    before = console.get("/api/v1/programmes").json()
    assert console.get("/api/v1/programmes").json() == before  # kept, the same
    factories.programme(engine, datetime(2026, 11, 1, tzinfo=UTC), title="Mới về hôm nay")
    after = console.get("/api/v1/programmes").json()
    assert [p["title"] for p in after] == ["Mới về hôm nay", *(p["title"] for p in before)]
    assert "Mới về hôm nay" in console.get("/chuong-trinh").text


def test_bounded_the_least_recently_used_goes_first(engine: Engine) -> None:
    clock = FakeClock(datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    memo = Memo(DataVersion(engine), clock.monotonic, ttl=60.0, max_entries=2)
    calls, compute = counting()
    memo.get("a", compute)  # type: ignore[arg-type]
    memo.get("b", compute)  # type: ignore[arg-type]
    memo.get("a", compute)  # type: ignore[arg-type]  # a kept, and now the newer
    memo.get("c", compute)  # type: ignore[arg-type]  # b goes
    assert len(calls) == 3
    memo.get("a", compute)  # type: ignore[arg-type]
    assert len(calls) == 3
    memo.get("b", compute)  # type: ignore[arg-type]
    assert len(calls) == 4


def test_an_audit_row_written_unseen_leaves_the_version(engine: Engine) -> None:
    version = DataVersion(engine)
    first = version()
    at = datetime(2026, 11, 2, 1, 2, 3, 456789, tzinfo=UTC)

    def audit(target: str) -> Callable[[Engine], None]:
        return lambda on: accounts.record_audit(on, at, "lan", "export", target=target)

    assert version.write_unseen(audit("2026-11")) is True
    assert version() == first  # nothing cached reads it: the cache stays fresh
    rows = accounts.audit_rows(engine)  # written, and read back through the pool as usual
    assert [(r.account, r.target, r.at) for r in rows] == [("lan", "2026-11", at)]
    # Still append-only: the same triggers refuse a change made through that connection.
    with pytest.raises(DBAPIError):
        version.write_unseen(
            lambda on: on.connect().execute(text("UPDATE console_audit SET account = 'x'"))
        )
    assert accounts.audit_rows(engine)[0].account == "lan"
    # The same row through the pool would have changed the version (the check can fail).
    audit("2026-12")(engine)
    assert version() != first
    version.close()


def test_downloading_a_pack_keeps_the_cached_pages(console: Client, engine: Engine) -> None:
    station = console.app.state.station  # type: ignore[attr-defined]
    console.get("/api/v1/programmes")
    before = station.version()
    reply = console.get("/api/v1/export")
    assert reply.status_code == 200
    assert station.version() == before
    assert accounts.audit_rows(engine)[0].action == "export"  # audited all the same


def test_the_unseen_connection_writes_as_durably_as_the_store(engine: Engine) -> None:
    version = DataVersion(engine)
    seen: dict[str, int] = {}

    def read(on: Engine) -> None:
        with on.connect() as conn:
            for pragma in ("synchronous", "foreign_keys", "recursive_triggers", "busy_timeout"):
                seen[pragma] = int(conn.execute(text(f"PRAGMA {pragma}")).scalar_one())

    assert version.write_unseen(read)
    assert seen == {
        "synchronous": 2,  # FULL: a committed row survives a power cut
        "foreign_keys": 1,
        "recursive_triggers": 1,
        "busy_timeout": 10000,
    }
    version.close()
