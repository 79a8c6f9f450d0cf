"""Bản tin in a real browser: the big red emergency button asks first; dismissed, nothing is
sent; accepted, the bulletin is planned at once and shown with its planned time, then
listed. (Its airing with sound is tested with the daemon.)"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from broadcaster.config import Config
from broadcaster.store.asrun import append
from broadcaster.store.db import open_engine
from broadcaster.store.models import AsRunRecord, PlannedAiring
from tests.support.console import (
    DESK,
    PHONE,
    LiveConsole,
    add_account,
    live_console,
    log_in_page,
    shot,
)
from tests.support.station import StationDir, series_toml


def _planned(config: Config) -> list[PlannedAiring]:
    engine = open_engine(config.paths.database, config.paths.database_file)
    try:
        with Session(engine) as db:
            return list(db.exec(select(PlannedAiring).where(PlannedAiring.kind == "bulletin")))
    finally:
        engine.dispose()


def _record_airing(config: Config, airing: PlannedAiring) -> datetime:
    started = datetime.now(UTC).replace(microsecond=0)
    engine = open_engine(config.paths.database, config.paths.database_file)
    try:
        append(
            engine,
            AsRunRecord(
                station_id=config.station.id,
                series_id=airing.series_id,
                programme_id=airing.programme_id,
                planned_airing_uid=airing.uid,
                title="x",
                file_name="x",
                file_sha256="0" * 64,
                kind="bulletin",
                priority=airing.priority,
                scheduled_at=airing.slot_at,
                started_at=started,
                ended_at=started + timedelta(seconds=1),
                duration_s=1.0,
                played_s=1.0,
                status="aired",
            ),
        )
    finally:
        engine.dispose()
    return started


def test_the_emergency_button_asks_then_sends_and_shows_the_planned_time(
    browser: Any, served: tuple[LiveConsole, Config], tone: Callable[..., Path]
) -> None:
    live, config = served
    questions: list[str] = []

    def dismiss(dialog: Any) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    for size_name, size, seconds in (("desk", DESK, 1.0), ("phone", PHONE, 1.5)):
        page = browser.new_page(viewport=size)
        log_in_page(page, live.url)
        page.goto(f"{live.url}/ban-tin")
        button = page.locator("button#emergency")
        assert button.inner_text().strip() == "PHÁT KHẨN CẤP NGAY"
        colour = button.evaluate("b => getComputedStyle(b).backgroundColor")
        red, green, blue = (int(x) for x in re.findall(r"\d+", colour)[:3])
        assert red > 150 and green < 90 and blue < 90, colour  # red
        assert button.bounding_box()["height"] >= 60  # big
        page.set_input_files("input[name=file]", str(tone(seconds)))
        before = len(_planned(config))

        # Dismissed: nothing is sent.
        questions.clear()
        page.once("dialog", dismiss)
        button.click()
        page.wait_for_timeout(500)
        assert questions and "KHẨN CẤP" in questions[0]
        assert len(_planned(config)) == before and "gui=" not in page.url

        # Accepted: planned at once, shown with its planned time, then listed.
        page.once("dialog", lambda dialog: dialog.accept())
        button.click()
        page.wait_for_url(re.compile(r".*/ban-tin\?gui=.+"))
        rows = _planned(config)
        assert len(rows) == before + 1
        newest = max(rows, key=lambda r: r.id or 0)
        assert newest.priority == "emergency"
        sent = page.locator("#sent")
        assert "Bản tin vừa gửi" in sent.inner_text()
        planned_text = sent.locator(".slot-at").inner_text()
        local = newest.slot_at.astimezone(config.station.tz)
        assert planned_text == local.strftime("%d/%m/%Y %H:%M:%S")
        assert "chờ phát" in sent.inner_text()
        assert sent.get_attribute("hx-trigger") == "every 2s"  # polled until it airs
        listed = page.locator(f"tr[data-airing='{newest.uid}']").inner_text()
        assert "khẩn cấp" in listed
        assert "Đã lên lịch bản tin khẩn cấp" in page.locator("#said").inner_text()
        shot(page, f"bulletins-{size_name}")
        if size_name == "desk":
            # The page polls the as-run table: once the airing is recorded (here by hand;
            # the daemon's own airing is the lead's test), it shows when it went on air.
            started = _record_airing(config, newest)
            page.wait_for_selector("#sent[data-state=aired]", timeout=10_000)
            on_air = page.locator("#sent .on-air").inner_text()
            assert on_air == started.astimezone(config.station.tz).strftime("%d/%m/%Y %H:%M:%S")
            assert "đã phát" in page.locator("#sent").inner_text()
            assert page.locator("#sent").get_attribute("hx-trigger") is None  # polling stops
        page.close()


def test_a_viewer_sees_the_list_but_no_buttons(
    browser: Any, served: tuple[LiveConsole, Config]
) -> None:
    live, _config = served
    page = browser.new_page(viewport=PHONE)
    log_in_page(page, live.url, name="xem")
    page.goto(f"{live.url}/ban-tin")
    assert page.locator("button#emergency").count() == 0
    assert "Bản tin gần đây" in page.inner_text("main")
    page.close()


@pytest.fixture
def approving(station: StationDir) -> Iterator[tuple[LiveConsole, Config]]:
    """Approval on: ba (operator) sends, duyet (approver) decides."""
    station.write_config(extra="[console]\napproval = true\n")
    station.write_series("chuyen-doi-so", series_toml(["06:10", "17:15"], repeats=3, gap="7d"))
    config = station.config()
    assert config.console.approval
    engine = open_engine(config.paths.database, config.paths.database_file)
    add_account(engine, "ba", "operator")
    add_account(engine, "duyet", "approver")
    with live_console(config, engine) as live:
        yield live, config
    engine.dispose()


def test_an_operator_sends_it_waits_an_approver_approves(
    browser: Any, approving: tuple[LiveConsole, Config], tone: Callable[..., Path]
) -> None:
    live, config = approving
    operator = browser.new_page(viewport=DESK)
    log_in_page(operator, live.url)
    operator.goto(f"{live.url}/ban-tin")
    operator.set_input_files("input[name=file]", str(tone(2)))
    operator.fill("input[name=at]", "")
    operator.click("button[value=priority]")
    operator.wait_for_url(re.compile(r".*/ban-tin(#cho-duyet)?$"))
    assert "đang chờ người duyệt" in operator.locator("#said").inner_text()
    assert _planned(config) == []
    mine = operator.locator("#cho-duyet tr[data-request]")
    assert mine.count() == 1 and "người khác duyệt" in mine.inner_text()
    operator.close()
    for size_name, size in (("desk", DESK), ("phone", PHONE)):
        approver = browser.new_page(viewport=size)
        log_in_page(approver, live.url, name="duyet")
        approver.goto(f"{live.url}/ban-tin")
        if size_name == "desk":
            row = approver.locator("#cho-duyet tr[data-request]")
            assert "ưu tiên" in row.inner_text() and "ba" in row.inner_text()
            shot(approver, "bulletins-approvals-desk")
            row.locator("button.primary").click()
            approver.wait_for_url(re.compile(r".*/ban-tin$"))
            assert "Đã lên lịch bản tin ưu tiên" in approver.locator("#said").inner_text()
            assert [r.priority for r in _planned(config)] == ["priority"]
        else:
            assert "đã duyệt" in approver.locator("ul.decided").inner_text()
            shot(approver, "bulletins-approvals-phone")
        approver.close()
