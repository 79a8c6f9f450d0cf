"""The settle wait reads the injected clock: a file is taken once it held still for
`settle` seconds of the clock's time, so a FakeClock drives it without sleeping (#12).
(test_ingest.py has the same rule on the system clock, with a file still growing.)"""

from __future__ import annotations

from datetime import timedelta

from broadcaster.clock import FakeClock
from broadcaster.core.vocab import IngestOutcome
from broadcaster.ingest.ingester import Ingester
from broadcaster.store.db import open_engine
from tests.support.daemon_by_hand import START
from tests.support.onair import drop


def test_a_file_is_taken_after_settle_seconds_on_the_clock(station, tone) -> None:
    station.write_config(settle="2s")
    config = station.config()
    clock = FakeClock(START)
    ingester = Ingester(
        config, open_engine(config.paths.database, config.paths.database_file), clock
    )
    path = drop(tone(1), station.inbox)
    assert ingester.scan() == ([], [path])  # first seen
    clock.jump(timedelta(hours=1))  # the wall clock moving is not the file holding still
    assert ingester.scan() == ([], [path])
    clock.advance(timedelta(seconds=1.9))
    assert ingester.scan() == ([], [path])
    clock.advance(timedelta(seconds=0.2))
    outcomes, waiting = ingester.scan()
    assert [o.outcome for o in outcomes] == [IngestOutcome.ACCEPTED] and waiting == []
