"""Tổng quan: on air now (from the daemon's note), next and last airings, health, warnings,
the live fragments and the JSON, with the TestClient on a fresh station."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from broadcaster.clock import FakeClock
from broadcaster.config import Config
from broadcaster.core.vocab import Status
from broadcaster.i18n import t
from broadcaster.station.views import alert_texts, status_data
from broadcaster.store.state import ON_AIR, set_state
from tests.support import factories
from tests.support.console import Client, console_client

NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội, the clients' FakeClock


def _client(config: Config, engine: Engine, role: str = "operator") -> tuple[Client, FakeClock]:
    clock = FakeClock(NOW)
    return console_client(config, engine, role=role, name=role[:3], clock=clock), clock


def _note_on_air(engine: Engine, uid: str, played_s: float, at: datetime) -> None:
    """What the airing thread writes about once a second (station/onair.py _on_air)."""
    started = at - timedelta(seconds=played_s)
    value = {"uid": uid, "started_at": started.isoformat(), "played_s": played_s}
    set_state(engine, ON_AIR, value, at)


def test_the_airing_the_daemon_notes_is_on_air_with_elapsed_and_remaining(
    config: Config, engine: Engine
) -> None:
    client, _clock = _client(config, engine, "viewer")
    prog = factories.programme(
        engine, NOW - timedelta(days=3), title="Nông thôn mới", duration_s=900
    )
    airing = factories.planned(engine, prog, NOW - timedelta(seconds=125))
    assert "Không có gì đang phát." in client.get("/").text
    assert client.get("/api/v1/on-air").json()["on_air"] is None

    _note_on_air(engine, airing.uid, 120.0, NOW - timedelta(seconds=1))
    page = client.get("/").text
    assert "Nông thôn mới" in page
    assert "Chuyên mục Chuyển đổi số · phát mới" in page
    assert "2:01" in page  # played: 120 s noted + 1 s since the note
    assert "12:59" in page  # remaining of 15:00
    assert "Bắt đầu lúc 02/11/2026 07:57:59" in page
    on_air = client.get("/api/v1/on-air").json()["on_air"]
    assert on_air["uid"] == airing.uid
    assert on_air["elapsed_s"] == 121.0 and on_air["remaining_s"] == 779.0
    assert on_air["duration_s"] == 900.0


def test_a_stale_note_or_a_recorded_airing_is_not_on_air(config: Config, engine: Engine) -> None:
    client, _clock = _client(config, engine)
    prog = factories.programme(engine, NOW - timedelta(days=3), title="Nông thôn mới")
    airing = factories.planned(engine, prog, NOW - timedelta(minutes=2))
    # The daemon died mid-airing: its last note is a minute old.
    _note_on_air(engine, airing.uid, 60.0, NOW - timedelta(minutes=1))
    assert client.get("/api/v1/on-air").json()["on_air"] is None
    _note_on_air(engine, airing.uid, 60.0, NOW)
    assert client.get("/api/v1/on-air").json()["on_air"]["title"] == "Nông thôn mới"
    factories.as_run(engine, config.station.id, airing, prog)  # its row is written
    assert client.get("/api/v1/on-air").json()["on_air"] is None


def test_next_and_last_airings_with_their_status_badges(config: Config, engine: Engine) -> None:
    client, _clock = _client(config, engine)
    prog = factories.programme(engine, NOW - timedelta(days=30), title="Bản tin nông nghiệp")
    statuses = [Status.AIRED, Status.PARTIAL, Status.MISSED, Status.FAILED]
    for day in range(12):
        airing = factories.planned(engine, prog, NOW - timedelta(days=12 - day), seq=day)
        status = statuses[day % 4]
        played = 0.0 if status in (Status.MISSED, Status.FAILED) else None
        factories.as_run(engine, config.station.id, airing, prog, status, played_s=played)
    for hours in range(1, 8):
        factories.planned(engine, prog, NOW + timedelta(hours=hours), seq=20 + hours)
    live = client.get("/tong-quan/song")
    assert live.status_code == 200
    assert "<html" not in live.text  # a fragment, polled
    assert 'hx-trigger="every 5s"' in live.text
    last = live.text.split('class="last"')[1]
    assert last.count("<tr>") == 1 + 10  # the heading and the ten newest rows
    for status in statuses:
        assert f"badge st-{status}" in last
    assert "đã phát" in last and "phát không trọn" in last and "bị bỏ lỡ" in last
    nexts = live.text.split('class="next"')[1].split("</table>")[0]
    assert nexts.count("<tr>") == 1 + 5
    assert "T2 02/11 09:00" in nexts  # the first one, an hour from now, in Hà Nội's time


def test_an_interrupted_airing_shows_as_interrupted(config: Config, engine: Engine) -> None:
    client, _clock = _client(config, engine)
    prog = factories.programme(engine, NOW - timedelta(days=3))
    airing = factories.planned(engine, prog, NOW - timedelta(hours=1))
    factories.as_run(
        engine,
        config.station.id,
        airing,
        prog,
        Status.PARTIAL,
        played_s=30.0,
        reason=t("asrun.interrupted"),
    )
    text = client.get("/tong-quan/song").text
    assert "badge st-partial st-interrupted" in text
    assert "bị ngắt giữa chừng" in text


def test_a_new_as_run_row_appears_at_the_next_poll(config: Config, engine: Engine) -> None:
    client, _clock = _client(config, engine)
    prog = factories.programme(engine, NOW - timedelta(days=3), title="Tin tức xã nhà")
    airing = factories.planned(engine, prog, NOW - timedelta(minutes=20))
    assert "Tin tức xã nhà" not in client.get("/tong-quan/song").text.split('id="last-title"')[1]
    factories.as_run(engine, config.station.id, airing, prog)
    assert "Tin tức xã nhà" in client.get("/tong-quan/song").text.split('id="last-title"')[1]


def test_health_shows_the_heartbeat_age_disk_and_database(config: Config, engine: Engine) -> None:
    client, _clock = _client(config, engine)
    text = client.get("/tong-quan/tinh-trang").text
    assert "<html" not in text and 'hx-trigger="every 30s"' in text
    assert "chưa từng chạy" in text  # no heartbeat ever
    set_state(engine, "daemon", {"state": "running"}, NOW - timedelta(seconds=3))
    text = client.get("/tong-quan/tinh-trang").text
    daemon = text.split('class="health-daemon"')[1].split("</li>")[0]
    assert "st-aired" in daemon and "đang chạy" in daemon
    assert "tín hiệu cuối cách đây 0:03" in daemon
    set_state(engine, "daemon", {"state": "running"}, NOW - timedelta(minutes=10))
    text = client.get("/tong-quan/tinh-trang").text
    daemon = text.split('class="health-daemon"')[1].split("</li>")[0]
    assert "st-failed" in daemon and "không chạy" in daemon
    assert "tín hiệu cuối cách đây 10:00" in daemon
    assert "Dung lượng đĩa" in text and "còn trống" in text
    assert "kiểm tra toàn vẹn đạt" in text


def test_a_warning_from_the_database_shows_up(config: Config, engine: Engine) -> None:
    client, _clock = _client(config, engine, "viewer")
    assert "Không có cảnh báo nào." in client.get("/tong-quan/tinh-trang").text
    # The page fetches this part as soon as it is loaded (htmx), then every 30 s.
    assert 'hx-get="/tong-quan/tinh-trang" hx-trigger="load"' in client.get("/").text
    # A programme with an airing to come whose file is not in the library.
    prog = factories.programme(engine, NOW - timedelta(days=3), title="Phòng chống bão lũ")
    factories.planned(engine, prog, NOW + timedelta(hours=3))
    expected = alert_texts(engine, config, NOW)
    assert expected and any("Phòng chống bão lũ" in text for text in expected)
    text = client.get("/tong-quan/tinh-trang").text
    assert "Không có cảnh báo nào." not in text
    for line in expected:
        assert f'<p class="alert">{line}</p>' in text.replace("&#34;", '"')
    assert client.get("/api/v1/status").json()["alerts"] == expected


def test_the_status_json_is_what_broadcaster_status_says(config: Config, engine: Engine) -> None:
    client, _clock = _client(config, engine, "viewer")
    prog = factories.programme(engine, NOW - timedelta(days=3))
    airing = factories.planned(engine, prog, NOW - timedelta(hours=1))
    factories.as_run(engine, config.station.id, airing, prog)
    factories.planned(engine, prog, NOW + timedelta(hours=1), seq=1)
    reply = client.get("/api/v1/status")
    assert reply.status_code == 200
    assert reply.json() == status_data(engine, config, NOW)
    assert len(reply.json()["last"]) == 1 and len(reply.json()["next"]) == 1


def test_nothing_without_a_login_and_english_on_request(config: Config, engine: Engine) -> None:
    anonymous = console_client(config, engine, role=None)
    assert anonymous.get("/api/v1/status").status_code == 401
    assert anonymous.get("/api/v1/on-air").status_code == 401
    polled = anonymous.get("/tong-quan/song", headers={"HX-Request": "true"})
    assert polled.status_code == 401 and polled.headers["HX-Redirect"] == "/dang-nhap"
    client, _clock = _client(config, engine)
    assert client.post_form("/ngon-ngu", {"lang": "en"}).status_code in (200, 303)
    text = client.get("/").text + client.get("/tong-quan/tinh-trang").text
    for words in ("On air", "Nothing is on air.", "Coming up", "Recently aired", "Warnings"):
        assert words in text
    assert "Đang phát" not in text and "Cảnh báo" not in text
