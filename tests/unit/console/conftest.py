"""A console on a fresh station for every test: `console` is a logged-in operator."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from broadcaster.config import Config
from tests.support.console import Client, console_client


@pytest.fixture
def console(config: Config, engine: Engine) -> Client:
    return console_client(config, engine)


@pytest.fixture
def viewer_console(config: Config, engine: Engine) -> Client:
    return console_client(config, engine, role="viewer", name="xem")
