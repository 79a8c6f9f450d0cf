"""The console served for real (uvicorn on a free loopback port) and Debian's Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from broadcaster.config import Config
from broadcaster.store.db import open_engine
from tests.support.console import LiveConsole, add_account, chromium, live_console
from tests.support.station import StationDir, series_toml


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as running:
        yield running


@pytest.fixture
def served(station: StationDir) -> Iterator[tuple[LiveConsole, Config]]:
    """A station with one monthly series and two accounts (ba: operator, xem: viewer)."""
    station.write_config()
    station.write_series("chuyen-doi-so", series_toml(["06:10", "17:15"], repeats=3, gap="7d"))
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    add_account(engine, "ba", "operator")
    add_account(engine, "xem", "viewer")
    with live_console(config, engine) as live:
        yield live, config
    engine.dispose()
