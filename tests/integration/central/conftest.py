"""The province service, once per module (a PostgreSQL cluster takes a few seconds)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.province import Service, province_service


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with province_service(tmp_path_factory.mktemp("province")) as running:
        yield running
