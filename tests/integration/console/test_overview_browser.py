"""Tổng quan and Kiểm tra in a real browser: the overview updates by itself when the daemon
writes an as-run row or notes an airing on air, the elapsed time moves, a viewer sees the
checks without the buttons; screenshots of both pages at both sizes."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from broadcaster.config import Config
from broadcaster.core.vocab import Status
from broadcaster.store.db import open_engine
from broadcaster.store.state import ON_AIR, set_state
from tests.support import factories
from tests.support.console import DESK, PHONE, LiveConsole, log_in_page, shot


def test_the_overview_updates_live_without_a_reload(
    browser: Any, served: tuple[LiveConsole, Config]
) -> None:
    live, config = served
    engine = open_engine(config.paths.database, config.paths.database_file)
    now = datetime.now(UTC)
    prog = factories.programme(engine, now - timedelta(days=2), title="Nông nghiệp sạch")
    earlier = factories.planned(engine, prog, now - timedelta(hours=2))
    factories.as_run(engine, config.station.id, earlier, prog)
    factories.planned(engine, prog, now + timedelta(hours=5), seq=2)
    airing_ended = threading.Event()
    page = browser.new_page(viewport=DESK)
    try:
        log_in_page(page, live.url)
        page.evaluate("window.notReloaded = true")
        last = page.locator("table.last tbody")
        assert last.locator("tr").count() == 1
        assert page.locator(".nothing-on-air").is_visible()
        # Health and warnings arrive right after the page: the programme to come whose
        # file is not in the library is warned about.
        page.wait_for_selector("ul.health li.health-daemon", timeout=10_000)
        assert "Nông nghiệp sạch" in page.inner_text(".overview-health .alert >> nth=-1")

        # The daemon records an airing while the page is open.
        fresh = factories.programme(engine, now - timedelta(days=1), title="Tin tức xã nhà")
        airing = factories.planned(engine, fresh, now - timedelta(minutes=15))
        factories.as_run(engine, config.station.id, airing, fresh, Status.PARTIAL, played_s=42.0)
        page.wait_for_function(
            "document.querySelectorAll('table.last tbody tr').length === 2", timeout=12_000
        )
        row = last.locator("tr").first
        assert "Tin tức xã nhà" in row.inner_text()
        assert row.locator(".badge.st-partial").inner_text() == "phát không trọn"

        # The daemon notes an airing on air: it appears, and its elapsed time moves.
        on_air = factories.programme(engine, now, title="Chuyện làng quê", duration_s=1200)
        slot = factories.planned(engine, on_air, datetime.now(UTC) - timedelta(seconds=90))
        started = datetime.now(UTC) - timedelta(seconds=90)

        def airing_thread() -> None:  # notes what is on air every second, as onair.py does
            while not airing_ended.is_set():
                at = datetime.now(UTC)
                played = (at - started).total_seconds()
                value = {"uid": slot.uid, "started_at": started.isoformat(), "played_s": played}
                set_state(engine, ON_AIR, value, at)
                airing_ended.wait(1.0)

        noting = threading.Thread(target=airing_thread, daemon=True)
        noting.start()
        page.wait_for_selector(".now-playing", timeout=12_000)
        assert "Chuyện làng quê" in page.inner_text(".on-air")
        # It moves (the page's own clock, or a poll), and never steps back.
        first = page.inner_text(".now-playing .elapsed")
        page.evaluate(
            """() => {
              const seconds = (text) => text.split(':').reduce((a, b) => a * 60 + Number(b), 0);
              window.stepsBack = 0;
              let last = seconds(document.querySelector('.now-playing .elapsed').textContent);
              setInterval(() => {
                const now = seconds(document.querySelector('.now-playing .elapsed').textContent);
                if (now < last) window.stepsBack += 1;
                last = now;
              }, 100);
            }"""
        )
        page.wait_for_function(
            "text => document.querySelector('.now-playing .elapsed').textContent !== text",
            arg=first,
            timeout=6_000,
        )
        page.wait_for_timeout(5_500)  # across the next poll of the live part
        # A figure rendered a moment before its swap (a slow reply) is behind the clock
        # the page already shows: the same airing's clock still does not step back.
        page.evaluate(
            """() => {
              const box = document.querySelector('.now-playing');
              const late = box.cloneNode(true);
              late.dataset.elapsed = String(Number(box.dataset.elapsed) - 3);
              box.replaceWith(late);
            }"""
        )
        page.wait_for_timeout(1_500)
        assert page.evaluate("window.stepsBack") == 0
        assert page.evaluate("window.notReloaded") is True  # never reloaded
        shot(page, "overview-desk")
        page.set_viewport_size(PHONE)
        shot(page, "overview-phone")
        page.set_viewport_size(DESK)

        # Its row is written (and the note emptied): at the next poll it is no longer on air.
        airing_ended.set()
        noting.join(5)
        factories.as_run(engine, config.station.id, slot, on_air)
        set_state(engine, ON_AIR, {}, datetime.now(UTC))
        page.wait_for_selector(".nothing-on-air", timeout=12_000)
        assert "Chuyện làng quê" in last.locator("tr").first.inner_text()
    finally:
        airing_ended.set()
        page.close()
        engine.dispose()


def test_the_checks_page_runs_again_and_a_viewer_only_sees(
    browser: Any, served: tuple[LiveConsole, Config]
) -> None:
    live, _config = served
    for size_name, size in (("desk", DESK), ("phone", PHONE)):
        page = browser.new_page(viewport=size)
        try:
            log_in_page(page, live.url)
            page.click("nav.menu >> text=Kiểm tra")
            page.wait_for_url("**/kiem-tra")
            assert page.locator("li.check").count() == 9  # eight checks and the daemon's note
            assert "ffprobe" in page.inner_text("ul.check-list")
            page.evaluate("document.querySelector('.ran-at').dataset.old = 'yes'")
            with page.expect_response("**/kiem-tra/chay", timeout=20_000) as reply:
                page.click("button.run-again")
            assert reply.value.status == 200
            page.wait_for_selector(".ran-at:not([data-old])")  # swapped in, no reload
            assert "(ba)" in page.inner_text(".ran-at")
            shot(page, f"checks-{size_name}")
        finally:
            page.close()
    page = browser.new_page(viewport=PHONE)
    try:
        log_in_page(page, live.url, name="xem")
        page.goto(f"{live.url}/kiem-tra")
        assert page.locator("li.check").count() == 9
        assert page.locator("button.run-again").count() == 0
        assert page.locator("button.test-audio").count() == 0
        assert page.locator(".viewer-note").is_visible()
    finally:
        page.close()
