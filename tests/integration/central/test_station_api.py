"""The province service's station API over mutual TLS (#14): real uvicorn on loopback with the
province CA's certificates, a real PostgreSQL 15; each station is its certificate."""

from __future__ import annotations

import json
import ssl
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from broadcaster._lib import pki
from broadcaster.store import central_rows
from tests.support.chains import chain
from tests.support.province import Service, client

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Debian's postgresql-15")

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


def wire(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as a station sends them (JSON: times as ISO 8601 with their offset)."""
    return json.loads(json.dumps(rows, default=lambda v: v.isoformat()))


def stored(engine: Engine, station: str) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT COUNT(*) FROM central_row WHERE station_id = :s"), {"s": station}
            ).scalar_one()
        )


def test_a_station_uploads_its_rows_and_a_repeat_adds_nothing(service: Service) -> None:
    rows = wire(chain(6, station="xa-an-binh"))
    with client(service, "xa-an-binh") as station:
        assert station.get("/api/v1/head").json()["head_seq"] == 0
        reply = station.post("/api/v1/rows", json={"epoch": "db-1", "rows": rows[:4]})
        assert reply.status_code == 200, reply.text
        assert (reply.json()["verdict"], reply.json()["added"]) == ("accept", 4)
        again = station.post("/api/v1/rows", json={"epoch": "db-1", "rows": rows[:4]})
        assert (again.status_code, again.json()["added"], again.json()["head_seq"]) == (200, 0, 4)
        gap = station.post("/api/v1/rows", json={"epoch": "db-1", "rows": rows[5:]})
        assert (gap.status_code, gap.json()["verdict"], gap.json()["expected"]) == (409, "gap", 5)
        rest = station.post("/api/v1/rows", json={"epoch": "db-1", "rows": rows[4:]})
        assert rest.json()["head_seq"] == 6
        head = station.get("/api/v1/head").json()
    assert (head["station"], head["epoch"], head["head_seq"]) == ("xa-an-binh", "db-1", 6)
    assert head["head_hash"] == rows[-1]["row_hash"]
    assert stored(service.engine, "xa-an-binh") == 6


def test_a_certificate_of_one_station_cannot_write_another_stations_rows(
    service: Service,
) -> None:
    theirs = wire(chain(3, station="xa-binh-an"))
    with client(service, "xa-an-phu") as other:
        reply = other.post("/api/v1/rows", json={"epoch": "db-1", "rows": theirs})
    assert reply.status_code == 403
    assert "của đài khác" in reply.json()["error"]
    assert stored(service.engine, "xa-binh-an") == 0


def test_a_changed_history_is_a_divergence_and_nothing_is_overwritten(service: Service) -> None:
    rows = wire(chain(4, station="xa-dong"))
    with client(service, "xa-dong") as station:
        station.post("/api/v1/rows", json={"epoch": "db-1", "rows": rows})
        rewritten = wire(chain(4, station="xa-dong", title="Đã sửa"))
        reply = station.post("/api/v1/rows", json={"epoch": "db-1", "rows": rewritten})
    assert reply.status_code == 409
    assert reply.json()["divergence"] == {"seq": 1, "why": "changed"}
    with service.engine.connect() as conn:
        held = conn.execute(
            text("SELECT row_hash FROM central_row WHERE station_id = 'xa-dong' ORDER BY seq")
        ).scalars()
        assert list(held) == [r["row_hash"] for r in rows]


ROW = wire(chain(1, station="xa-tay"))[0]  # a good row, spoiled one field at a time below


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b"not json", 400, "JSON"),
        (b"[]", 400, "epoch"),
        (json.dumps({"epoch": "../x", "rows": []}).encode(), 400, "epoch"),
        (json.dumps({"epoch": "db-1", "rows": [{"seq": "1"}]}).encode(), 400, "seq"),
        (json.dumps({"epoch": "db-1", "rows": [1]}).encode(), 400, "epoch"),
        (b"x" * (17 * 1024 * 1024), 413, "MB"),
        (b"[" * 200_000, 400, "JSON"),  # nested deeper than the parser goes
        (
            json.dumps({"epoch": "db-1", "rows": [{**ROW, "duration_s": "abc"}]}).encode(),
            400,
            "duration_s",
        ),
        (
            json.dumps({"epoch": "db-1", "rows": [{**ROW, "played_s": True}]}).encode(),
            400,
            "played_s",
        ),
        (
            json.dumps({"epoch": "db-1", "rows": [{**ROW, "title": {"a": 1}}]}).encode(),
            400,
            "title",
        ),
        (
            json.dumps({"epoch": "db-1", "rows": [{**ROW, "title": "x" * 5000}]}).encode(),
            400,
            "title",
        ),
        (
            json.dumps({"epoch": "db-1", "rows": [{**ROW, "scheduled_at": "2026-11-01"}]}).encode(),
            400,
            "scheduled_at",
        ),
    ],
)
def test_a_malformed_upload_is_one_line(
    service: Service, body: bytes, status: int, words: str
) -> None:
    with client(service, "xa-tay") as station:
        reply = station.post(
            "/api/v1/rows", content=body, headers={"content-type": "application/json"}
        )
    assert reply.status_code == status
    line = reply.json()["error"]
    assert words in line and "\n" not in line and "Traceback" not in line


def test_without_a_province_certificate_there_is_no_connection(service: Service) -> None:
    stranger_ca = service.folder / "stranger"
    pki.init_ca(stranger_ca, "Not the province", NOW)
    forged = pki.issue_station(stranger_ca, "xa-gia-mao", service.folder / "forged", NOW)
    trusting = pki.client_context(service.ca / pki.CA_CERT, forged.cert, forged.key)
    with (
        httpx.Client(base_url=service.url, verify=trusting, timeout=10) as forger,
        pytest.raises(httpx.HTTPError),
    ):
        rows = wire(chain(2, station="xa-gia-mao"))
        forger.post("/api/v1/rows", json={"epoch": "db-1", "rows": rows}).raise_for_status()
    bare = ssl.create_default_context(cafile=str(service.ca / pki.CA_CERT))
    with (
        httpx.Client(base_url=service.url, verify=bare, timeout=10) as nobody,
        pytest.raises(httpx.HTTPError),
    ):
        nobody.get("/api/v1/head").raise_for_status()
    assert stored(service.engine, "xa-gia-mao") == 0  # nothing of the forger's


def test_a_heartbeat_is_kept_and_the_stations_clock_is_measured(service: Service) -> None:
    ahead = datetime.now(UTC) + timedelta(seconds=90)
    beat = {"sent_at": ahead.isoformat(), "version": "0.1.0", "outbox": {"backlog": 3}}
    with client(service, "xa-nhip") as station:
        reply = station.post("/api/v1/heartbeat", json=beat)
        assert reply.status_code == 200, reply.text
        assert 85 <= reply.json()["clock_offset_s"] <= 91
        again = station.post("/api/v1/heartbeat", json={**beat, "outbox": {"backlog": 0}})
        assert again.status_code == 200
        for body, status in ((b"[1, 2]", 400), (b"{" + b" " * 70_000 + b"}", 413)):
            refused = station.post(
                "/api/v1/heartbeat", content=body, headers={"content-type": "application/json"}
            )
            assert refused.status_code == status and "\n" not in refused.json()["error"]
    kept = central_rows.heartbeat_of(service.engine, "xa-nhip")
    assert kept is not None and kept["payload"]["outbox"] == {"backlog": 0}  # the latest
