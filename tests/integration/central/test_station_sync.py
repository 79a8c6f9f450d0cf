"""A station's as-run log sent to the province service (#14): the as-run table is the outbox;
a pass resumes from the head the service reports; a reply lost after the commit, a batch
sent again, a reinstalled station and a station restored from an old backup."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from broadcaster.config import Config
from broadcaster.station.central_sync import database_id, sync_once
from broadcaster.store.asrun import last_seq
from tests.support import factories
from tests.support.province import NOW, Service, client
from tests.support.station import StationDir

SLOT = datetime(2026, 11, 1, 6, 10, tzinfo=UTC)


def airings(engine: Engine, config: Config, count: int, first_day: int = 0) -> None:
    """`count` airings, one a day from `first_day`, each of its own programme, recorded."""
    for day in range(first_day, first_day + count):
        slot = SLOT + timedelta(days=day)
        prog = factories.programme(engine, slot - timedelta(days=3))
        airing = factories.planned(engine, prog, slot)
        factories.as_run(engine, config.station.id, airing, prog)


def held(service: Service, station: str) -> list[tuple[str, int]]:
    with service.engine.connect() as conn:
        return [
            (str(epoch), int(seq))
            for epoch, seq in conn.execute(
                text(
                    "SELECT epoch, seq FROM central_row WHERE station_id = :s ORDER BY epoch, seq"
                ),
                {"s": station},
            )
        ]


@pytest.fixture
def station_db(station: StationDir) -> tuple[Config, Engine]:
    station.write_config()
    config = station.config()
    return config, factories.engine_for(config)


def test_a_pass_sends_what_the_service_lacks_and_a_second_sends_nothing(
    service: Service, station_db: tuple[Config, Engine]
) -> None:
    config, engine = station_db
    airings(engine, config, 7)
    seen: list[tuple[int, int]] = []
    with client(service, config.station.id) as link:
        result = sync_once(
            engine, link, NOW, batch_rows=3, progress=lambda a, b: seen.append((a, b))
        )
        assert (result.outcome, result.added, result.head_seq) == ("done", 7, 7)
        assert seen == [(3, 7), (6, 7), (7, 7)]
        again = sync_once(engine, link, NOW, batch_rows=3)
        assert (again.outcome, again.added) == ("done", 0)
        airings(engine, config, 2, first_day=7)
        more = sync_once(engine, link, NOW, batch_rows=3)
    assert (more.added, more.head_seq) == (2, 9)
    epoch = database_id(engine, NOW)
    assert held(service, config.station.id) == [(epoch, s) for s in range(1, 10)]


class LoseTheReply(httpx.BaseTransport):
    """Passes each request on; the reply to the first upload is lost after the service
    committed it (as a 4G link dropping at the wrong moment)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.lost = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.method == "POST" and self.lost == 0:
            response.read()
            self.lost += 1
            raise httpx.ReadError("connection reset after the commit", request=request)
        return response


def test_a_reply_lost_after_the_commit_adds_nothing_twice(
    service: Service, station: StationDir
) -> None:
    station.write_config(station_id="xa-mat-song")
    config = station.config()
    engine = factories.engine_for(config)
    airings(engine, config, 5)
    with client(service, config.station.id) as link:
        lossy = LoseTheReply(link._transport)  # the real TLS transport, its reply lost once
        flaky = httpx.Client(base_url=service.url, transport=lossy, timeout=10)
        with pytest.raises(httpx.ReadError):
            sync_once(engine, flaky, NOW, batch_rows=3)
        assert len(held(service, config.station.id)) == 3  # committed, though unanswered
        result = sync_once(engine, flaky, NOW, batch_rows=3)  # the next pass resumes
    assert (result.outcome, result.added, result.head_seq) == ("done", 2, 5)
    assert [seq for _, seq in held(service, config.station.id)] == [1, 2, 3, 4, 5]


def test_a_reinstalled_station_starts_a_new_epoch(
    service: Service, station: StationDir, tmp_path: Any
) -> None:
    station.write_config(station_id="xa-cai-lai")
    config = station.config()
    engine = factories.engine_for(config)
    airings(engine, config, 4)
    with client(service, config.station.id) as link:
        assert sync_once(engine, link, NOW).added == 4
        old_epoch = database_id(engine, NOW)
        engine.dispose()
        # The PC reinstalled: a new, empty database; two airings since.
        assert config.paths.database_file is not None
        config.paths.database_file.unlink()
        engine = factories.engine_for(config)
        airings(engine, config, 2)
        result = sync_once(engine, link, NOW)
    new_epoch = database_id(engine, NOW)
    assert new_epoch != old_epoch
    assert (result.outcome, result.added) == ("done", 2)
    assert held(service, config.station.id) == sorted(
        [(old_epoch, s) for s in range(1, 5)] + [(new_epoch, 1), (new_epoch, 2)]
    )


def test_a_station_restored_from_an_old_backup_is_told_before_it_forks(
    service: Service, station: StationDir, tmp_path: Any
) -> None:
    station.write_config(station_id="xa-sao-luu")
    config = station.config()
    engine = factories.engine_for(config)
    airings(engine, config, 3)
    with client(service, config.station.id) as link:
        sync_once(engine, link, NOW)  # a station that syncs, then is backed up
    assert config.paths.database_file is not None
    backup = tmp_path / "backup.db"
    engine.dispose()
    shutil.copy(config.paths.database_file, backup)
    engine = factories.engine_for(config)
    airings(engine, config, 3, first_day=3)
    with client(service, config.station.id) as link:
        assert sync_once(engine, link, NOW).head_seq == 6
        engine.dispose()
        shutil.copy(backup, config.paths.database_file)  # three airings lost
        for suffix in ("-wal", "-shm"):
            config.paths.database_file.with_name(config.paths.database_file.name + suffix).unlink(
                missing_ok=True
            )
        engine = factories.engine_for(config)
        assert last_seq(engine) == 3
        result = sync_once(engine, link, NOW)
    assert (result.outcome, result.detail) == ("divergence", "rewind @ 4")
    assert len(held(service, config.station.id)) == 6  # the witness keeps what it saw
