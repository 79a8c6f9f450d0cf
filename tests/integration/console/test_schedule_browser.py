"""Lịch phát in a real browser: change a slot with the time picker and see the plan move in
the calendar; a refused slot shows the rules' line; the calendar and the slot editor at the
desk's and the phone's size.

No daemon runs here: the rows move by the re-plan the console makes when it saves (the same
`replan` the daemon makes when it reloads the series files)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from broadcaster.clock import FakeClock
from broadcaster.config import Config
from broadcaster.core.vocab import Status
from broadcaster.station.replan import replan
from broadcaster.store.db import open_engine
from broadcaster.store.snapshots import plan_rows
from tests.support import factories
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

NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # Monday 2/11/2026 08:00 at the station
HCM = timedelta(hours=7)


@pytest.fixture
def planned_station(station: StationDir) -> Iterator[tuple[LiveConsole, Config, Any]]:
    """A monthly series (1 new + 3 repeats, 7 days apart) at 06:10 and 17:15 every day,
    with this month's programme planned."""
    station.write_series("chuyen-doi-so", series_toml(["17:15", "20:00"], repeats=3, gap="7d"))
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    add_account(engine, "ba", "operator")
    factories.programme(engine, NOW - timedelta(days=1), title="Chuyển đổi số tháng 11")
    replan(engine, config, NOW, timedelta(seconds=2))
    with live_console(config, engine, FakeClock(NOW)) as live:
        yield live, config, engine
    engine.dispose()


def slot_times(engine: Any) -> list[str]:
    start, end = datetime(2026, 10, 31, 17, tzinfo=UTC), datetime(2026, 11, 30, 17, tzinfo=UTC)
    return [
        (a.slot_at + HCM).strftime("%d/%m %H:%M") for a, _ in plan_rows(engine, start, end).airings
    ]


def test_change_a_slot_with_the_time_picker_and_see_the_plan_move(
    browser: Any, planned_station: tuple[LiveConsole, Config, Any]
) -> None:
    live, config, engine = planned_station
    assert slot_times(engine) == ["02/11 17:15", "09/11 17:15", "16/11 17:15", "23/11 17:15"]
    page = browser.new_page(viewport=DESK, locale="vi-VN")
    log_in_page(page, live.url)
    page.goto(f"{live.url}/lich-phat?thang=2026-11")
    monday = page.locator('#calendar li[data-day="2026-11-02"]')
    assert "17:15" in monday.inner_text()
    assert "1 mới + 3 phát lại: 0/4" in page.inner_text(".quotas")
    shot(page, "schedule-calendar-desk")

    # The day's list, without leaving the page.
    page.click('#calendar li[data-day="2026-11-09"] a.date')
    page.wait_for_selector("#day >> text=Các buổi phát T2 09/11/2026")
    assert "phát lại" in page.inner_text("#day")

    editor = page.locator("#series-chuyen-doi-so")
    editor.locator('input[type=time][value="17:15"]').fill("18:40")
    editor.locator("button.save-slots").click()
    page.wait_for_selector("#series-chuyen-doi-so .saved")
    assert "Đã lưu khung giờ mới" in editor.inner_text()
    # The calendar reloads itself (HX-Trigger: plan-changed) and shows the moved airings.
    page.wait_for_selector('#calendar li[data-day="2026-11-02"] >> text=18:40')
    assert "17:15" not in page.inner_text("#calendar")
    assert slot_times(engine) == ["02/11 18:40", "09/11 18:40", "16/11 18:40", "23/11 18:40"]

    # A new slot with no day ticked: the rules refuse it, the file stays as saved.
    text = (config.paths.schedules / "chuyen-doi-so.toml").read_text(encoding="utf-8")
    editor = page.locator("#series-chuyen-doi-so")
    editor.locator("button.add-slot").click()
    row = editor.locator("fieldset.slot").last
    row.locator("input[type=time]").fill("21:30")
    for label in row.locator("label.day-toggle").all():
        label.click()  # untick each of the seven
    editor.locator("button.save-slots").click()
    page.wait_for_selector("#series-chuyen-doi-so .problems")
    assert "slots[2].days" in page.inner_text("#series-chuyen-doi-so .problems")
    assert (config.paths.schedules / "chuyen-doi-so.toml").read_text(encoding="utf-8") == text
    page.locator("#series-chuyen-doi-so").scroll_into_view_if_needed()
    shot(page, "schedule-editor-desk")
    page.close()


def test_the_calendar_and_the_editor_on_a_phone(
    browser: Any, planned_station: tuple[LiveConsole, Config, Any]
) -> None:
    live, _config, _engine = planned_station
    page = browser.new_page(viewport=PHONE, locale="vi-VN")
    log_in_page(page, live.url)
    page.goto(f"{live.url}/lich-phat?thang=2026-11")
    # A list of days: no weekday header, each day with its name, days without airings left out.
    assert not page.locator("#calendar .weekdays").is_visible()
    monday = page.locator('#calendar li[data-day="2026-11-02"]')
    assert monday.is_visible() and "T2 02/11" in monday.inner_text()
    assert "theo lịch" in monday.inner_text()
    assert not page.locator('#calendar li[data-day="2026-11-04"]').is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways ({width}px)"
    shot(page, "schedule-calendar-phone")
    editor = page.locator("#series-chuyen-doi-so")
    editor.scroll_into_view_if_needed()
    editor.locator("label.day-toggle").nth(8).click()  # T3 of the second slot
    shot(page, "schedule-editor-phone")
    page.close()


def test_every_status_and_mark_in_the_calendar(browser: Any, station: StationDir) -> None:
    """A month with an airing of each status and mark, as the calendar and the day list
    show them (screenshots at both sizes)."""
    station.write_series("chuyen-doi-so", series_toml(["06:10", "17:15"], repeats=3, gap="1d"))
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    add_account(engine, "ba", "operator")
    sid = config.station.id
    one = factories.programme(engine, NOW - timedelta(days=2), title="Chuyển đổi số tháng 11")
    news = factories.programme(engine, NOW, series_id="bulletin", title="Thông báo tiêm chủng")
    sample = factories.programme(engine, NOW, series_id="test", title="Phát thử loa")

    def at(day: int, hour: int, minute: int) -> datetime:
        return datetime(2026, 11, day, hour, minute, tzinfo=UTC) - HCM

    aired = factories.planned(engine, one, at(1, 6, 10))
    partial = factories.planned(engine, one, at(1, 17, 15), seq=1, kind="repeat")
    makeup = factories.planned(engine, one, at(2, 6, 10), seq=101, kind="makeup")
    failed = factories.planned(engine, one, at(2, 7, 0), seq=2, kind="repeat")
    factories.planned(engine, one, at(2, 17, 15), seq=3, kind="repeat")
    bulletin = factories.planned(engine, news, at(1, 7, 0), kind="bulletin", priority="normal")
    factories.planned(engine, sample, at(3, 9, 0), kind="test")
    factories.as_run(engine, sid, aired, one)
    factories.as_run(engine, sid, partial, one, Status.PARTIAL, played_s=90, reason="mất điện")
    factories.as_run(engine, sid, makeup, one)
    factories.as_run(engine, sid, failed, one, Status.FAILED, played_s=0)
    factories.as_run(engine, sid, bulletin, news)
    clock = FakeClock(datetime(2026, 11, 2, 3, 0, tzinfo=UTC))  # 10:00: the 07:00 is past
    with live_console(config, engine, clock) as live:
        for size_name, size in (("desk", DESK), ("phone", PHONE)):
            page = browser.new_page(viewport=size, locale="vi-VN")
            log_in_page(page, live.url)
            page.goto(f"{live.url}/lich-phat?thang=2026-11")
            first = page.inner_text('#calendar li[data-day="2026-11-01"]')
            assert "BẢN TIN" in first.upper()
            second = page.locator('#calendar li[data-day="2026-11-02"]')
            statuses = second.locator(".chip").evaluate_all("cs => cs.map(c => c.dataset.status)")
            assert statuses == ["aired", "failed", "planned"]
            assert "BÙ" in second.inner_text().upper()
            assert "1 mới + 3 phát lại: 2/4" in page.inner_text(".quotas")
            shot(page, f"schedule-statuses-{size_name}")
            page.close()
    engine.dispose()
