"""Fixtures for unit tests built on rows (tests/support/factories.py): a station's config from a
temporary folder, and its database, empty. No ffmpeg, no libVLC."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from broadcaster.config import Config
from tests.support import factories
from tests.support.station import StationDir


@pytest.fixture
def config(station: StationDir) -> Config:
    return station.config()


@pytest.fixture
def engine(config: Config) -> Engine:
    return factories.engine_for(config)
