"""Bản tin in the console: each TT 39 level through `announce` (the function of
`broadcaster announce`), its refusals as one line, uploads that are too big or badly named,
and approval (người tạo → người duyệt). The files are real MP3s (`tone`), decoded by the
same checks as the CLI's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from broadcaster.config import Config
from broadcaster.console.pages import bulletins as page
from broadcaster.store import accounts
from broadcaster.store import console_requests as requests
from broadcaster.store.models import ConsoleRequest, PlannedAiring, Programme
from tests.support.console import Client, console_client

NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # console_client's clock: Mon 08:00 station time


def _plan(engine: Engine) -> list[PlannedAiring]:
    with Session(engine) as db:
        return list(db.exec(select(PlannedAiring).where(PlannedAiring.kind == "bulletin")))


def _send(client: Client, path: Path, level: str, at: str = "", name: str | None = None) -> Any:
    files = {"file": (name or path.name, path.read_bytes(), "audio/mpeg")}
    return client.post(
        "/api/v1/bulletins",
        data={"level": level, "at": at},
        files=files,
        headers={"X-CSRF-Token": client.csrf},
    )


def _with(config: Config, **console: Any) -> Config:
    return replace(config, console=replace(config.console, **console))


def _actions(engine: Engine) -> list[tuple[str, str, str]]:
    return [(r.action, r.outcome, r.account) for r in accounts.audit_rows(engine)]


# ---- sending at each level ------------------------------------------------------------


def test_each_level_goes_through_announce_and_gets_its_airing(
    console: Client, engine: Engine, tone: Callable[..., Path]
) -> None:
    sent = {}
    for level, seconds in (("emergency", 1.0), ("priority", 1.5), ("normal", 2.0)):
        reply = _send(console, tone(seconds), level)
        assert reply.status_code == 200, reply.text
        body = reply.json()
        assert body["state"] == "planned" and body["airing"]["level"] == level
        sent[level] = body
    by_level = {row.priority: row for row in _plan(engine)}
    assert set(by_level) == {"emergency", "priority", "normal"}
    # Emergency and priority: now (the daemon cues them at once); normal: the next free
    # slot of the station's series, 17:15 on Monday (06:10 has gone).
    assert by_level["emergency"].slot_at == NOW
    assert by_level["priority"].slot_at == NOW
    assert by_level["normal"].slot_at == datetime(2026, 11, 2, 10, 15, tzinfo=UTC)
    assert (
        "khẩn cấp" in sent["emergency"]["line"] and "02/11/2026 08:00" in sent["emergency"]["line"]
    )
    # In the library, as `announce` puts it.
    with Session(engine) as db:
        files = [p.file_name for p in db.exec(select(Programme))]
    assert len(files) == 3 and all(f.startswith("bulletins/") for f in files)
    listed = console.get("/api/v1/bulletins").json()["bulletins"]
    # The latest slot first (the two at once: the later sent first).
    assert [b["level"] for b in listed] == ["normal", "priority", "emergency"]
    assert {b["status"] for b in listed} == {"planned"}
    assert [a for a in _actions(engine) if a[0] == "bulletin.send"] == [
        ("bulletin.send", "ok", "ba")
    ] * 3


def test_the_time_asked_for_is_kept(console: Client, engine: Engine, tone) -> None:
    reply = _send(console, tone(1), "normal", at="2026-11-03T09:30")
    assert reply.status_code == 200, reply.text
    (row,) = _plan(engine)
    assert row.slot_at == datetime(2026, 11, 3, 2, 30, tzinfo=UTC)  # 09:30 station time


def test_the_emergency_button_on_the_page_sends_and_shows_its_airing(
    console: Client, engine: Engine, tone
) -> None:
    page_html = console.get("/ban-tin").text
    assert 'value="emergency"' in page_html and "data-confirm" in page_html
    reply = console.post(
        "/ban-tin",
        data={"csrf": console.csrf, "level": "emergency", "at": ""},
        files={"file": ("canh-bao-bao.mp3", tone(1).read_bytes(), "audio/mpeg")},
    )
    assert reply.status_code == 303
    (row,) = _plan(engine)
    assert reply.headers["location"] == f"/ban-tin?gui={row.uid}"
    shown = console.get(reply.headers["location"]).text
    assert "Bản tin vừa gửi" in shown and "chờ phát" in shown
    assert "02/11/2026 08:00:00" in shown  # its planned time, at once
    assert f'hx-get="/ban-tin/phat/{row.uid}"' in shown  # polled until it has aired
    assert "Đã lên lịch bản tin khẩn cấp" in shown


def test_the_polled_state_shows_when_it_went_on_air(console: Client, engine: Engine, tone) -> None:
    from broadcaster.store.asrun import append
    from broadcaster.store.models import AsRunRecord

    uid = _send(console, tone(1), "emergency").json()["airing"]["airing"]
    fragment = console.get(f"/ban-tin/phat/{uid}").text
    assert "hx-trigger" in fragment and "—" in fragment
    (row,) = _plan(engine)
    started = NOW + timedelta(seconds=2)
    append(
        engine,
        AsRunRecord(
            station_id="x",
            series_id="bulletin",
            programme_id=row.programme_id,
            planned_airing_uid=row.uid,
            title="t",
            file_name="f",
            file_sha256="0" * 64,
            kind="bulletin",
            priority="emergency",
            scheduled_at=row.slot_at,
            started_at=started,
            ended_at=started + timedelta(seconds=1),
            duration_s=1.0,
            played_s=1.0,
            status="aired",
        ),
    )
    fragment = console.get(f"/ban-tin/phat/{uid}").text
    assert "hx-trigger" not in fragment  # no more polling
    assert "đã phát" in fragment and "02/11/2026 08:00:02" in fragment
    airing = console.get(f"/api/v1/bulletins/{uid}").json()
    assert airing["status"] == "aired" and airing["started_at"].startswith("2026-11-02T01:00:02")


# ---- refusals -------------------------------------------------------------------------------


@pytest.mark.rig  # ffprobe judges the file
def test_a_file_that_is_not_audio_is_refused_in_one_line(
    console: Client, engine: Engine, tmp_path: Path
) -> None:
    junk = tmp_path / "thong-bao.mp3"
    junk.write_bytes(b"not audio at all " * 100)
    reply = _send(console, junk, "emergency")
    assert reply.status_code == 400
    line = reply.json()["error"]
    assert line.startswith("Không nhận bản tin thong-bao.mp3") and "\n" not in line
    assert _plan(engine) == []
    assert _actions(engine)[0][:2] == ("bulletin.send", "refused")


@pytest.mark.parametrize(
    ("level", "at", "words"),
    [
        ("loud", "", "Mức ưu tiên không hợp lệ"),
        ("normal", "25:99", "Giờ không hợp lệ"),
        ("normal", "2030-01-01T00:00", "đã qua hoặc quá xa"),
    ],
)
def test_a_bad_level_or_time_is_refused_in_one_line(
    console: Client, engine: Engine, tone, level: str, at: str, words: str
) -> None:
    reply = _send(console, tone(1), level, at=at)
    assert reply.status_code == 400
    assert words in reply.json()["error"] and "\n" not in reply.json()["error"]
    assert _plan(engine) == []
    assert _actions(engine)[0][:2] == ("bulletin.send", "refused")


def test_no_free_slot_is_one_line(console: Client, engine: Engine, tone, monkeypatch) -> None:
    import broadcaster.station.bulletins as station_bulletins

    monkeypatch.setattr(station_bulletins, "next_free_slot", lambda *a, **k: None)
    reply = _send(console, tone(1), "normal")
    assert reply.status_code == 400
    assert (
        reply.json()["error"] == "Không còn khung giờ trống trong hai tuần tới; hãy chọn giờ phát."
    )
    assert _send(console, tone(1), "emergency").status_code == 200  # at once: no slot needed


@pytest.mark.rig  # ffprobe judges the file
def test_the_page_shows_a_refusal_as_one_line(console: Client, tmp_path: Path) -> None:
    reply = console.post(
        "/ban-tin",
        data={"csrf": console.csrf, "level": "normal"},
        files={"file": ("x.mp3", b"junk" * 10, "audio/mpeg")},
    )
    assert reply.status_code == 303
    assert "Không nhận bản tin x.mp3" in console.get("/ban-tin").text


def test_a_file_over_the_limit_is_refused_with_413_and_nothing_kept(
    config: Config, engine: Engine
) -> None:
    client = console_client(_with(config, upload_max_mb=1), engine)
    big = b"\0" * (2 * 1024 * 1024)
    reply = client.post(
        "/api/v1/bulletins?level=emergency",
        content=big,
        headers={"X-CSRF-Token": client.csrf, "X-File-Name": "lon.mp3"},
    )
    assert reply.status_code == 413 and "tối đa 1 MB" in reply.json()["error"]
    # Without a length given beforehand, the count while it streams stops it too.
    chunks = (b"\0" * 65536 for _ in range(40))
    reply = client.post(
        "/api/v1/bulletins?level=emergency",
        content=chunks,
        headers={"X-CSRF-Token": client.csrf, "X-File-Name": "lon.mp3"},
    )
    assert reply.status_code == 413
    assert _plan(engine) == []
    uploads = page.upload_folder(config)
    assert not uploads.exists() or list(uploads.rglob("*.mp3")) == []


def test_a_raw_body_is_accepted_too(console: Client, engine: Engine, tone) -> None:
    reply = console.post(
        "/api/v1/bulletins?level=priority",
        content=tone(1).read_bytes(),
        headers={"X-CSRF-Token": console.csrf, "X-File-Name": "tin-gap.mp3"},
    )
    assert reply.status_code == 200, reply.text
    assert [r.priority for r in _plan(engine)] == ["priority"]
    # Without the CSRF header: refused, nothing planned.
    reply = console.post("/api/v1/bulletins?level=priority", content=tone(1.5).read_bytes())
    assert reply.status_code == 403 and len(_plan(engine)) == 1


@pytest.mark.parametrize(
    "hostile", ["../../../evil.mp3", "..\\..\\evil.mp3", "/etc/evil.mp3", "\x00\x1b.mp3", "." * 300]
)
def test_a_hostile_name_never_escapes(
    console: Client, config: Config, engine: Engine, tone, hostile: str
) -> None:
    root = config.source.resolve().parent
    before = set(root.parent.rglob("*evil*"))
    reply = _send(console, tone(1), "emergency", name=hostile)
    assert reply.status_code == 200, reply.text
    with Session(engine) as db:
        (programme,) = db.exec(select(Programme)).all()
    assert programme.file_name.startswith("bulletins/") and ".." not in programme.file_name
    assert set(root.parent.rglob("*evil*")) - before <= set(
        (config.paths.library / "bulletins").glob("*")
    )
    assert list(page.upload_folder(config).rglob("*.mp3")) == []  # the upload is gone


def test_clean_name() -> None:
    assert page.clean_name("../../a.mp3") == "a.mp3"
    assert page.clean_name("C:\\x\\b.mp3") == "b.mp3"
    assert page.clean_name("\x00\x07") == "ban-tin"
    assert page.clean_name("...hidden.mp3") == "hidden.mp3"
    long = page.clean_name("a" * 500 + ".mp3")
    assert len(long) <= page.NAME_MAX and long.endswith(".mp3")


def test_a_viewer_can_read_but_not_send_and_is_audited(
    viewer_console: Client, engine: Engine, tone
) -> None:
    assert viewer_console.get("/ban-tin").status_code == 200
    assert 'value="emergency"' not in viewer_console.get("/ban-tin").text
    assert viewer_console.get("/api/v1/bulletins").status_code == 200
    reply = _send(viewer_console, tone(1), "emergency")
    assert reply.status_code == 403 and "\n" not in reply.json()["error"]
    assert _plan(engine) == []
    assert _actions(engine)[0] == ("bulletin.send", "refused", "xem")


# ---- approval --------------------------------------------------------------------------------


@pytest.fixture
def approving(config: Config, engine: Engine) -> dict[str, Client]:
    """Approval on: ba (operator), duyet and thu (approvers)."""
    on = _with(config, approval=True)
    return {
        "ba": console_client(on, engine, role="operator", name="ba"),
        "duyet": console_client(on, engine, role="approver", name="duyet"),
        "thu": console_client(on, engine, role="approver", name="thu"),
    }


def test_with_approval_a_bulletin_waits_and_is_not_planned(
    approving: dict[str, Client], config: Config, engine: Engine, tone
) -> None:
    reply = _send(approving["ba"], tone(1), "normal")
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["state"] == "pending" and body["airing"] is None
    assert "chờ người duyệt" in body["line"]
    assert _plan(engine) == []
    (row,) = requests.pending_requests(engine)
    held = page.held_folder(config) / requests.payload_of(row)["file"]
    assert held.is_file()
    assert not str(held.resolve()).startswith(str(config.paths.inbox.resolve()))
    listed = approving["duyet"].get("/api/v1/approvals").json()["pending"]
    assert [(r["kind"], r["created_by"], r["level"]) for r in listed] == [
        ("bulletin", "ba", "normal")
    ]
    assert ("bulletin.request", "ok", "ba") in _actions(engine)


def test_the_creator_cannot_approve_their_own(approving, engine: Engine, tone) -> None:
    request_id = _send(approving["duyet"], tone(1), "priority").json()["request"]
    reply = approving["duyet"].post_json(f"/api/v1/approvals/{request_id}/approve")
    assert reply.status_code == 403 and "người duyệt khác" in reply.json()["error"]
    assert _plan(engine) == []
    assert _actions(engine)[0] == ("approval.approve", "refused", "duyet")
    # An operator cannot approve at all.
    reply = approving["ba"].post_json(f"/api/v1/approvals/{request_id}/approve")
    assert reply.status_code == 403 and _plan(engine) == []
    assert _actions(engine)[0] == ("approval.decide", "refused", "ba")
    # Another approver can.
    reply = approving["thu"].post_json(f"/api/v1/approvals/{request_id}/approve")
    assert reply.status_code == 200 and [r.priority for r in _plan(engine)] == ["priority"]


def test_an_approver_approves_and_it_is_planned(
    approving, config: Config, engine: Engine, tone
) -> None:
    request_id = _send(approving["ba"], tone(1), "normal").json()["request"]
    reply = approving["duyet"].post_json(f"/api/v1/approvals/{request_id}/approve")
    assert reply.status_code == 200, reply.text
    assert "Đã lên lịch bản tin thông thường" in reply.json()["line"]
    (row,) = _plan(engine)
    assert row.slot_at == datetime(2026, 11, 2, 10, 15, tzinfo=UTC)
    decided = requests.request_by_id(engine, request_id)
    assert decided is not None
    assert (decided.decision, decided.decided_by) == ("approved", "duyet")
    assert requests.pending_requests(engine) == []
    assert list(page.held_folder(config).rglob("*.mp3")) == []  # the library has it now
    # Decided once: a second click is refused.
    again = approving["thu"].post_json(f"/api/v1/approvals/{request_id}/approve")
    assert again.status_code == 409 and len(_plan(engine)) == 1
    assert ("approval.approve", "ok", "duyet") in _actions(engine)


def test_a_rejected_bulletin_is_not_planned_and_its_file_is_kept(
    approving, config: Config, engine: Engine, tone
) -> None:
    request_id = _send(approving["ba"], tone(1), "normal").json()["request"]
    no_reason = approving["duyet"].post_json(f"/api/v1/approvals/{request_id}/reject", {})
    assert no_reason.status_code == 400 and requests.pending_requests(engine) != []
    reply = approving["duyet"].post_json(
        f"/api/v1/approvals/{request_id}/reject", {"reason": "Sai nội dung"}
    )
    assert reply.status_code == 200, reply.text
    assert _plan(engine) == []
    row = requests.request_by_id(engine, request_id)
    assert row is not None and (row.decision, row.result) == ("rejected", "Sai nội dung")
    assert (page.held_folder(config) / requests.payload_of(row)["file"]).is_file()
    assert approving["thu"].post_json(f"/api/v1/approvals/{request_id}/approve").status_code == 409
    assert _plan(engine) == []
    assert ("approval.reject", "ok", "duyet") in _actions(engine)


def test_approving_and_rejecting_from_the_page(approving, engine: Engine, tone) -> None:
    first = _send(approving["ba"], tone(1), "normal").json()["request"]
    second = _send(approving["ba"], tone(1.5), "priority").json()["request"]
    html = approving["duyet"].get("/ban-tin").text
    assert f"/ban-tin/cho-duyet/{first}/duyet" in html
    assert (
        "/duyet"
        not in approving["ba"]
        .get("/ban-tin")
        .text.split('id="cho-duyet"')[1]
        .split("</section>")[0]
    )  # the creator sees no approve button
    duyet = approving["duyet"]
    assert duyet.post_form(f"/ban-tin/cho-duyet/{first}/duyet").status_code == 303
    assert "Đã lên lịch bản tin" in duyet.get("/ban-tin").text
    reply = duyet.post_form(f"/ban-tin/cho-duyet/{second}/tu-choi", {"reason": "Trùng"})
    assert reply.status_code == 303
    page_after = duyet.get("/ban-tin").text
    assert "bị từ chối" in page_after and "Trùng" in page_after
    assert [r.priority for r in _plan(engine)] == ["normal"]


@pytest.mark.parametrize("skips", [True, False])
def test_an_emergency_skips_approval_only_when_set(
    config: Config, engine: Engine, tone, skips: bool
) -> None:
    client = console_client(_with(config, approval=True, emergency_skips_approval=skips), engine)
    body = _send(client, tone(1), "emergency").json()
    if skips:
        assert body["state"] == "planned" and [r.slot_at for r in _plan(engine)] == [NOW]
        assert requests.pending_requests(engine) == []
    else:
        assert body["state"] == "pending" and _plan(engine) == []
        assert len(requests.pending_requests(engine)) == 1


def test_a_programme_request_is_listed_and_released_by_the_programmes_page(
    approving, engine: Engine, monkeypatch
) -> None:
    import broadcaster.console.pages.programmes as programmes

    row = requests.create_request(engine, "programme", {"name": "cds-thang-11.mp3"}, "ba", NOW)
    listed = approving["duyet"].get("/api/v1/approvals").json()["pending"]
    assert [(r["kind"], r["name"]) for r in listed] == [("programme", "cds-thang-11.mp3")]
    assert "cds-thang-11.mp3" in approving["duyet"].get("/ban-tin").text
    released: list[ConsoleRequest] = []

    def release(state: Any, request_row: ConsoleRequest) -> str:
        released.append(request_row)
        return "Đã đưa vào thư viện"

    monkeypatch.setattr(programmes, "release_programme", release)
    reply = approving["duyet"].post_json(f"/api/v1/approvals/{row.id}/approve")
    assert reply.status_code == 200 and reply.json()["line"] == "Đã đưa vào thư viện"
    assert [r.id for r in released] == [row.id]
    assert requests.pending_requests(engine) == []


def test_a_decision_is_written_once(engine: Engine) -> None:
    row = requests.create_request(engine, "bulletin", {}, "ba", NOW)
    assert row.id is not None
    assert requests.decide(engine, row.id, requests.REJECTED, "duyet", NOW, "x")
    assert not requests.decide(engine, row.id, requests.APPROVED, "thu", NOW)
    assert not requests.decide(engine, 999, requests.APPROVED, "thu", NOW)
    decided = requests.request_by_id(engine, row.id)
    assert decided is not None and (decided.decision, decided.decided_by) == ("rejected", "duyet")


def test_the_page_speaks_english(console: Client, tone) -> None:
    assert console.get("/ban-tin").text.count("PHÁT KHẨN CẤP NGAY") == 1
    console.post_form("/ngon-ngu", {"lang": "en"})
    html = console.get("/ban-tin").text
    assert "AIR EMERGENCY NOW" in html and "Recent bulletins" in html and "khẩn cấp" not in html


def test_the_form_reads_a_date_the_operators_way() -> None:
    assert page.iso_of("") is None and page.iso_of("  ") is None
    assert page.iso_of("30/11/2026 17:30") == "2026-11-30T17:30"
    assert page.iso_of("3/1/2027 7:05:09") == "2027-01-03T07:05:09"
    assert page.iso_of("17:30") == "17:30"
    assert page.iso_of("31/02/2026 10:00") == "2026-02-31T10:00"  # judged (refused) later


def test_a_day_first_time_is_planned_then(console: Client, engine: Engine, tone) -> None:
    assert _send(console, tone(1), "normal", at="03/11/2026 09:30").status_code == 200
    assert [r.slot_at for r in _plan(engine)] == [datetime(2026, 11, 3, 2, 30, tzinfo=UTC)]
    reply = _send(console, tone(1.5), "normal", at="31/02/2026 10:00")
    assert reply.status_code == 400 and "Giờ không hợp lệ" in reply.json()["error"]
