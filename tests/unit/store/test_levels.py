"""Loudness rows read for a page's few programmes (#13), the same as `load_all` gives them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from broadcaster.core.loudness import Loudness
from broadcaster.store import levels
from tests.support import factories

NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def test_load_for_reads_only_the_programmes_asked(engine: Engine) -> None:
    ids = [factories.programme(engine, NOW, title=f"Số {n}").id for n in range(3)]
    for n, pid in enumerate(ids[:2]):
        assert pid is not None
        levels.save(engine, pid, Loudness(-20.0 - n, 3.0, -2.0, 0.1, 0.2), NOW)
    everything = levels.load_all(engine)
    assert levels.load_for(engine, [ids[0], ids[2], None]) == {ids[0]: everything[ids[0]]}
    assert levels.load_for(engine, ids) == everything
    assert levels.load_for(engine, []) == {}
