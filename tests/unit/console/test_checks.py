"""Kiểm tra: the doctor's checks in the page and the JSON; an operator runs them again, a
viewer only sees them; the audio output test is refused while an airing is on air or due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from broadcaster.clock import FakeClock
from broadcaster.config import Config
from broadcaster.console.pages import checks as page
from broadcaster.ops.doctor import Check
from broadcaster.store import accounts
from broadcaster.store.state import ON_AIR, set_state
from tests.support import factories
from tests.support.console import Client, console_client

NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def _client(config: Config, engine: Engine, role: str = "operator") -> tuple[Client, FakeClock]:
    clock = FakeClock(NOW)
    return console_client(config, engine, role=role, name=role[:3], clock=clock), clock


def _line(text: str, label: str) -> str:
    """The <li> of one check in the page."""
    before, after = text.split(f"<b>{label}</b>", 1)
    return before.rsplit("<li", 1)[1] + after.split("</li>")[0]


def _audits(engine: Engine) -> list[tuple[str, str, str]]:
    return [(r.action, r.outcome, r.account) for r in accounts.audit_rows(engine)]


def test_each_check_with_its_verdict_and_a_failing_one_passes_once_fixed(
    config: Config, engine: Engine
) -> None:
    client, clock = _client(config, engine)
    text = client.get("/kiem-tra").text
    for label in ("ffmpeg", "ffprobe", "Cơ sở dữ liệu", "Dung lượng đĩa", "Đồng hồ hệ thống"):
        assert "badge st-aired" in _line(text, label)
    inbox = _line(text, "Thư mục nhận")  # the test station has no inbox folder yet
    assert "check fail" in inbox and "badge st-failed" in inbox
    assert "không có hoặc không phải thư mục" in inbox
    assert "1/8 mục có lỗi." in text
    assert "Kiểm tra lúc 02/11/2026 08:00:00 (khi mở trang)." in text
    # The audio line is the daemon's note, not a test run now.
    assert "theo phần mềm phát: chưa kiểm tra" in text

    config.paths.inbox.mkdir(parents=True)
    clock.advance(timedelta(minutes=5))
    assert "check fail" in _line(client.get("/kiem-tra").text, "Thư mục nhận")  # kept until run
    reply = client.post_form("/kiem-tra/chay", headers={"HX-Request": "true"})
    assert reply.status_code == 200 and "<html" not in reply.text
    assert "check ok" in _line(reply.text, "Thư mục nhận")
    assert "Tất cả 8 mục đều tốt." in reply.text
    assert "Kiểm tra lúc 02/11/2026 08:05:00 (ope)." in reply.text
    assert ("checks.run", "ok", "ope") in _audits(engine)
    plain = client.post_form("/kiem-tra/chay")  # without htmx: back to the page
    assert plain.status_code == 303 and plain.headers["location"] == "/kiem-tra"


def test_a_viewer_sees_the_results_but_cannot_run_them(config: Config, engine: Engine) -> None:
    client, _clock = _client(config, engine, "viewer")
    text = client.get("/kiem-tra").text
    assert "ffprobe" in text and "Kiểm tra lại" not in text
    assert "Thử đầu ra âm thanh ngay" not in text
    assert "chỉ xem được kết quả" in text
    assert client.post_form("/kiem-tra/chay").status_code == 403
    assert client.post_json("/api/v1/checks/run").status_code == 403
    assert client.post_json("/api/v1/checks/audio").status_code == 403
    data = client.get("/api/v1/checks").json()
    assert data["checked_by"] is None and len(data["checks"]) == 8
    refused = sorted(a for a in _audits(engine) if a[1] == "refused")
    assert refused == [("forbidden", "refused", "vie")] * 3


def test_the_json_lists_the_checks_and_a_run_again(config: Config, engine: Engine) -> None:
    client, clock = _client(config, engine)
    data = client.get("/api/v1/checks").json()
    names = [c["name"] for c in data["checks"]]
    assert names[:3] == ["Thư viện phát VLC (libVLC)", "ffmpeg", "ffprobe"]
    assert "Đầu ra âm thanh" not in names  # never run from a page by itself
    inbox = next(c for c in data["checks"] if c["name"] == "Thư mục nhận")
    assert inbox["ok"] is False and data["failed"] == 1
    assert data["audio_noted"]["ok"] is None and data["audio_test"] is None
    config.paths.inbox.mkdir(parents=True)
    clock.advance(timedelta(seconds=30))
    again = client.post_json("/api/v1/checks/run").json()
    assert again["failed"] == 0 and again["checked_by"] == "ope"
    assert again["checked_at"] == "2026-11-02T08:00:30+07:00"


def test_the_audio_test_is_refused_while_an_airing_is_on_air(
    config: Config, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    played: list[str] = []

    def fake_probe(config: Config, clock: object) -> Check:  # the real one opens the device
        played.append("probe")
        return Check("Đầu ra âm thanh", True, "phát thử 1,5 giây im lặng được (vlc_args = [])")

    monkeypatch.setattr(page, "audio_check", fake_probe)
    client, clock = _client(config, engine)
    prog = factories.programme(engine, NOW - timedelta(days=1), title="Tin sáng")
    airing = factories.planned(engine, prog, NOW - timedelta(minutes=1))
    value = {"uid": airing.uid, "started_at": airing.slot_at.isoformat(), "played_s": 59.0}
    set_state(engine, ON_AIR, value, NOW)
    reply = client.post_form("/kiem-tra/am-thanh", headers={"HX-Request": "true"})
    assert reply.status_code == 409
    assert reply.text.startswith("Đang có buổi phát trên sóng")
    assert client.post_json("/api/v1/checks/audio").status_code == 409
    assert played == []
    assert ("checks.audio", "refused", "ope") in _audits(engine)

    factories.as_run(engine, config.station.id, airing, prog)  # it ended
    soon = factories.planned(engine, prog, NOW + timedelta(minutes=1), seq=1)
    assert client.post_json("/api/v1/checks/audio").status_code == 409  # one is due
    assert played == []
    factories.as_run(engine, config.station.id, soon, prog)
    clock.advance(timedelta(minutes=10))
    reply = client.post_form("/kiem-tra/am-thanh", headers={"HX-Request": "true"})
    assert reply.status_code == 200 and played == ["probe"]
    assert "phát thử 1,5 giây im lặng được" in reply.text
    assert "Kiểm tra lúc 02/11/2026 08:10:00 (ope)." in reply.text
    assert client.get("/api/v1/checks").json()["audio_test"]["ok"] is True
    assert ("checks.audio", "ok", "ope") in _audits(engine)


def test_checks_speak_english_on_request(config: Config, engine: Engine) -> None:
    client, _clock = _client(config, engine)
    client.post_form("/ngon-ngu", {"lang": "en"})
    text = client.get("/kiem-tra").text
    assert "Check again" in text and "Test the audio output" in text
    assert "1 of 8 checks fail." in text
    assert "Kiểm tra lại" not in text
