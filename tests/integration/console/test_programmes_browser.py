"""Chương trình and Cách ly in real Chromium: a file picked and a file dropped upload with a
progress bar, wait in the inbox, are taken in by the ingester and appear in the library;
the quarantine page; both pages at desk and phone size, and in English."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from broadcaster.clock import SystemClock
from broadcaster.config import Config
from broadcaster.ingest.ingester import Ingester
from broadcaster.store.db import open_engine
from broadcaster.store.models import IngestEvent
from broadcaster.store.programmes import add_event
from tests.support.console import DESK, PHONE, LiveConsole, log_in_page, shot

DROP = """
([name, text]) => {
  const transfer = new DataTransfer();
  transfer.items.add(new File([text], name, {type: "audio/mpeg"}));
  const zone = document.getElementById("drop");
  for (const type of ["dragenter", "dragover", "drop"]) {
    zone.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
  }
}
"""


def _quarantine_one(config: Config) -> None:
    engine = open_engine(config.paths.database, config.paths.database_file)
    config.paths.quarantine.mkdir(parents=True, exist_ok=True)
    path = config.paths.quarantine / "ghi-âm hỏng.mp3"
    path.write_bytes(b"not audio")
    (config.paths.quarantine / (path.name + ".reason.txt")).write_text(
        f"{path.name}\n\nTệp không phải âm thanh đọc được.\nThe file is not readable audio.\n\n"
        "Hãy xuất lại tệp từ máy thu âm.\nExport the file again from the recorder.\n",
        encoding="utf-8-sig",
    )
    stat = path.stat()
    add_event(
        engine,
        IngestEvent(
            at=datetime.now(UTC),
            source_name=path.name,
            series_id="chuyen-doi-so",
            size_bytes=stat.st_size,
            outcome="rejected",
            reason="The file is not readable audio.",
            quarantine_name=path.name,
            quarantine_size=stat.st_size,
            quarantine_mtime_ns=stat.st_mtime_ns,
        ),
    )
    engine.dispose()


def test_upload_by_picker_and_by_drop_then_the_ingester_takes_it(
    browser: Any, served: tuple[LiveConsole, Config], tone: Callable[..., Path]
) -> None:
    live, config = served
    page = browser.new_page(viewport=DESK)
    log_in_page(page, live.url)
    page.goto(f"{live.url}/chuong-trinh")
    source = tone(4.0, 660)
    page.set_input_files("#upload-file", str(source))
    item = page.locator("#progress li").first
    item.wait_for(state="attached")
    page.wait_for_function(
        "() => document.querySelector('#progress li')?.dataset.state === 'sent'", timeout=15000
    )
    assert page.eval_on_selector("#progress li progress", "bar => bar.value") == 100
    assert "Đã nhận tệp" in item.inner_text()
    inbox = config.paths.inbox / "chuyen-doi-so"
    assert (inbox / source.name).read_bytes() == source.read_bytes()
    page.wait_for_selector("#pending li[data-state=waiting]", timeout=10000)
    assert source.name in page.inner_text("#pending")

    # A file dropped onto the zone (a real DataTransfer, as a file manager gives it).
    page.evaluate(DROP, ["thả xuống.mp3", "ID3 dropped bytes"])
    page.wait_for_function(
        "() => document.querySelectorAll('#progress li[data-state=sent]').length === 2",
        timeout=15000,
    )
    assert (inbox / "thả xuống.mp3").read_bytes() == b"ID3 dropped bytes"

    # The daemon's ingester takes the real one; the page sees it and the library reloads.
    engine = open_engine(config.paths.database, config.paths.database_file)
    ingester = Ingester(config, engine, SystemClock())
    outcomes: list[Any] = []
    for _ in range(3):
        done, _waiting = ingester.scan()
        outcomes += done
        if any(o.outcome == "accepted" for o in outcomes):
            break
    accepted = [o for o in outcomes if o.outcome == "accepted"]
    assert len(accepted) == 1, outcomes
    pid = accepted[0].programme_id
    page.wait_for_selector("#pending li[data-state=taken]", timeout=10000)
    assert f"đã nhận: số {pid}" in page.inner_text("#pending")
    page.wait_for_selector(f"#library tr#p-{pid}", timeout=10000)
    shot(page, "programmes-desk")
    # Listening: the player's source answers with the file.
    page.click(f"#p-{pid} summary")
    src = page.get_attribute(f"#p-{pid} audio", "src")
    assert src == f"/api/v1/programmes/{pid}/audio"
    assert page.request.get(f"{live.url}{src}").body() == source.read_bytes()
    # A new title through the page's form: the line says so and the table reloads.
    form = page.locator(f"#p-{pid} form[hx-post$='/tieu-de']")
    form.locator("input[name=title]").fill("Chuyển đổi số tháng Mười Một")
    form.locator("input[name=reason]").fill("tiêu đề đúng")
    form.locator("button").click()
    page.wait_for_selector("#change-result p.good", timeout=10000)
    page.wait_for_function(
        f"() => document.querySelector('#p-{pid} .title')?.textContent"
        " === 'Chuyển đổi số tháng Mười Một'",
        timeout=10000,
    )
    engine.dispose()

    phone = browser.new_page(viewport=PHONE)
    log_in_page(phone, live.url)
    phone.goto(f"{live.url}/chuong-trinh")
    shot(phone, "programmes-phone")
    phone.click("button[name=lang][value=en]")
    phone.wait_for_url(re.compile(r".*/chuong-trinh$"))
    text = phone.inner_text("main")
    assert "Library" in text and "Upload a programme" in text and "Thư viện" not in text
    phone.click("button[name=lang][value=vi]")
    phone.close()
    page.close()


def test_the_quarantine_page_retries_and_sets_aside(
    browser: Any, served: tuple[LiveConsole, Config]
) -> None:
    live, config = served
    _quarantine_one(config)
    for size_name, size in (("desk", DESK), ("phone", PHONE)):
        page = browser.new_page(viewport=size)
        log_in_page(page, live.url)
        page.goto(f"{live.url}/cach-ly")
        assert "Tệp không phải âm thanh đọc được." in page.inner_text("main")
        shot(page, f"quarantine-{size_name}")
        page.close()
    page = browser.new_page(viewport=DESK)
    log_in_page(page, live.url)
    page.goto(f"{live.url}/cach-ly")
    page.click("#quarantine button.primary")
    page.wait_for_selector("#quarantine p.good")
    assert "đài sẽ kiểm tra lại" in page.inner_text("#quarantine")
    assert (config.paths.inbox / "chuyen-doi-so" / "ghi-âm hỏng.mp3").read_bytes() == b"not audio"
    page.close()


def test_a_fixed_copy_goes_to_the_inbox_and_the_quarantined_file_is_set_aside(
    browser: Any, served: tuple[LiveConsole, Config], tmp_path: Path
) -> None:
    live, config = served
    _quarantine_one(config)
    fixed = tmp_path / "ghi-âm đã sửa.mp3"
    fixed.write_bytes(b"ID3 fixed copy")
    page = browser.new_page(viewport=DESK)
    log_in_page(page, live.url)
    page.goto(f"{live.url}/cach-ly")
    page.set_input_files("form.fixed input[type=file]", str(fixed))
    page.click("form.fixed button")
    page.wait_for_selector("#quarantine p.good", timeout=15000)
    assert (config.paths.inbox / "chuyen-doi-so" / fixed.name).read_bytes() == b"ID3 fixed copy"
    kept = config.paths.archive / "cach-ly-de-rieng" / "ghi-âm hỏng.mp3"
    assert kept.read_bytes() == b"not audio"
    assert not (config.paths.quarantine / "ghi-âm hỏng.mp3").exists()
    page.close()
