"""Nhật ký in a real browser: filter the log, correct a row, download the month's proof pack,
upload it to verify and see it intact, upload an edited copy and see it fail; the audit
tab; screenshots at both screen sizes."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from broadcaster.config import Config
from broadcaster.proof.verify import verify_path
from tests.support import factories
from tests.support.console import DESK, PHONE, LiveConsole, log_in_page, shot

# The console runs on the real clock: rows in the current month, so the page opens on them.
NOW = datetime.now(UTC)
MONTH_START = NOW.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _history(config: Config) -> None:
    """Eight rows this month: 5 aired, 2 failed, 1 missed, in two series."""
    engine = factories.engine_for(config)
    spec = ["aired", "aired", "failed", "missed", "aired", "failed", "aired", "aired"]
    for number, status in enumerate(spec):
        slot = MONTH_START + timedelta(hours=1 + 2 * number)
        series_id = "chuyen-doi-so" if number % 2 == 0 else "tinh-hang-tuan"
        prog = factories.programme(engine, slot - timedelta(days=2), series_id)
        airing = factories.planned(engine, prog, slot)
        failed = status in ("failed", "missed")
        factories.as_run(
            engine,
            config.station.id,
            airing,
            prog,
            status,
            played_s=0.0 if failed else None,
            reason="không có đầu ra âm thanh hoạt động" if failed else "",
        )
    engine.dispose()


def _tampered(data: bytes) -> bytes:
    """The pack again with one byte of its CSV changed (a title's first letter)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith(".csv"):
                at = content.index("Chương trình".encode())
                content = content[:at] + b"X" + content[at + 1 :]
            target.writestr(info.filename, content)
    return out.getvalue()


def test_filter_correct_download_and_verify_the_months_pack(
    browser: Any, served: tuple[LiveConsole, Config], tmp_path: Path
) -> None:
    live, config = served
    _history(config)
    page = browser.new_page(viewport=DESK, accept_downloads=True)
    page.on("dialog", lambda dialog: dialog.accept())
    log_in_page(page, live.url)
    page.goto(f"{live.url}/nhat-ky")
    rows = page.locator("tbody.asrun-row")
    expect(rows).to_have_count(8)
    page.select_option("select[name=status]", "failed")
    expect(rows).to_have_count(2)
    assert "status=failed" in page.url
    expect(page.locator("tbody.asrun-row .badge").first).to_have_text("lỗi phát")
    page.select_option("select[name=series]", "chuyen-doi-so")
    expect(rows).to_have_count(1)
    page.select_option("select[name=status]", "aired")
    expect(rows).to_have_count(3)
    page.select_option("select[name=series]", "")
    page.select_option("select[name=status]", "missed")
    expect(rows).to_have_count(1)

    # correct the missed row: a new row, the old one stays
    page.click("tbody.asrun-row details summary")
    page.fill("tbody.asrun-row textarea[name=reason]", "Trưởng thôn xác nhận đã nghe đủ")
    page.select_option("tbody.asrun-row select[name=status]", "aired")
    page.click("tbody.asrun-row button.primary")
    expect(page.locator("tbody.asrun-row .correction")).to_contain_text("Đã đính chính bởi dòng 9")
    expect(page.locator("tbody.asrun-row .badge").first).to_have_text("bị bỏ lỡ")
    shot(page, "log-desk")

    # the month's proof pack, downloaded as an operator does
    with page.expect_download() as waiting:
        page.click("#download-month")
    download = waiting.value
    month = NOW.astimezone(config.station.tz).strftime("%Y-%m")
    assert download.suggested_filename == f"nhat-ky-{config.station.id}-{month}.zip"
    pack = tmp_path / download.suggested_filename
    download.save_as(pack)
    assert verify_path(pack).exit_code == 0

    # ... uploaded to verify: intact
    page.set_input_files("input[name=file]", str(pack))
    page.click("#verify-button")
    verdict = page.locator("#verdict .verdict")
    expect(verdict).to_have_class("verdict verdict-intact")
    expect(verdict).to_contain_text("TOÀN VẸN")
    expect(verdict).to_contain_text("9 dòng")
    shot(page, "log-verified-desk")

    # ... and an edited copy: the failure, in the page
    edited = tmp_path / "sua.zip"
    edited.write_bytes(_tampered(pack.read_bytes()))
    page.set_input_files("input[name=file]", str(edited))
    page.click("#verify-button")
    expect(verdict).to_have_class("verdict verdict-tampered")
    expect(verdict).to_contain_text("ĐÃ BỊ THAY ĐỔI")
    expect(verdict).to_contain_text("SHA-256")
    shot(page, "log-tampered-desk")

    # the audit tab names all of it
    page.click("nav.tabs >> text=Nhật ký thao tác")
    page.wait_for_url("**/nhat-ky/thao-tac")
    audit = page.inner_text("table.audit")
    for words in ("đính chính nhật ký", "tải gói bằng chứng", "kiểm tra gói bằng chứng"):
        assert words in audit
    page.select_option("select[name=action]", "correct")
    page.wait_for_url("**action=correct**")
    expect(page.locator("table.audit tbody tr")).to_have_count(1)
    shot(page, "log-audit-desk")
    page.close()


def test_the_log_on_a_phone_and_a_viewer_has_no_correction_form(
    browser: Any, served: tuple[LiveConsole, Config]
) -> None:
    live, config = served
    _history(config)
    page = browser.new_page(viewport=PHONE)
    log_in_page(page, live.url, name="xem")
    page.goto(f"{live.url}/nhat-ky")
    expect(page.locator("tbody.asrun-row")).to_have_count(8)
    expect(page.locator("tbody.asrun-row details")).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the page scrolls sideways: {width}px"
    shot(page, "log-phone")
    page.goto(f"{live.url}/nhat-ky/thao-tac")
    shot(page, "log-audit-phone")
    page.close()
