"""The province service for tests (#14): real uvicorn over mutual TLS on loopback, with a
province CA made for the test, on a throwaway PostgreSQL 15 cluster."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy.engine import Engine

from broadcaster._lib import pki
from broadcaster.central.app import create_app
from broadcaster.central.server import bind, make_server
from broadcaster.store import migrations
from broadcaster.store.db import connect
from tests.support.postgres import throwaway_cluster

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


@dataclass
class Service:
    url: str
    ca: Path
    engine: Engine
    folder: Path


@contextmanager
def province_service(folder: Path) -> Iterator[Service]:
    ca = folder / "ca"
    pki.init_ca(ca, "Sở Thử", NOW)
    key, cert = pki.issue_service(ca, "127.0.0.1", folder / "service", NOW)
    with throwaway_cluster() as url:
        engine = connect(url)
        migrations.apply_pending(engine, NOW, migrations.CENTRAL_MIGRATIONS)
        app = create_app(engine, lambda: datetime.now(UTC))  # the service's own clock
        sock = bind("127.0.0.1", 0)
        port = sock.getsockname()[1]
        # The CRL is read when the server starts.
        server = make_server(app, ca / pki.CA_CERT, ca / pki.CRL, cert, key)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 15
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the province service did not start")
            time.sleep(0.02)
        try:
            yield Service(f"https://127.0.0.1:{port}", ca, engine, folder)
        finally:
            server.should_exit = True
            thread.join(10)
            engine.dispose()


def client(service: Service, station: str, **extra: object) -> httpx.Client:
    """An httpx client holding a new certificate of `station`."""
    out = service.folder / f"{station}-{time.time_ns()}"
    issued = pki.issue_station(service.ca, station, out, NOW)
    context = pki.client_context(issued.ca_cert, issued.cert, issued.key)
    return httpx.Client(base_url=service.url, verify=context, timeout=10, **extra)  # type: ignore[arg-type]
