"""A proof pack is made by `broadcaster export` in a process of its own (1–2 s); downloads
waiting for it hold none of the page threads, so the pages answer meanwhile (#13)."""

from __future__ import annotations

import io
import sys
import threading
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from broadcaster.config import Config
from broadcaster.console.pages import log
from tests.support.console import LiveConsole, http_logged_in

SLOW_EXPORT_S = 4.0


def test_pages_answer_while_downloads_wait_for_their_export(
    served: tuple[LiveConsole, Config], monkeypatch: pytest.MonkeyPatch
) -> None:
    live, _config = served

    def slow(_config: Config, _period: str, target: Path) -> list[str]:
        code = (
            "import pathlib, sys, time\n"
            f"time.sleep({SLOW_EXPORT_S})\n"
            "target = pathlib.Path(sys.argv[1]); target.mkdir(parents=True)\n"
            "(target / 'manifest.json').write_text('{}')\n"
        )
        return [sys.executable, "-c", code, str(target)]

    monkeypatch.setattr(log, "export_command", slow)
    # Five downloads of different months at once: more than the console's four page threads.
    months = [f"2026-{m:02d}" for m in range(1, 6)]
    clients = [http_logged_in(live.url, "xem", timeout=60) for _ in months]
    answers: dict[str, int] = {}

    def download(client: httpx.Client, month: str) -> None:
        reply = client.get("/api/v1/export", params={"month": month})
        answers[month] = reply.status_code
        if reply.status_code == 200:
            with zipfile.ZipFile(io.BytesIO(reply.content)) as pack:
                assert pack.namelist() == [f"{_config.station.id}-{month}/manifest.json"]

    threads = [
        threading.Thread(target=download, args=(c, m), daemon=True)
        for c, m in zip(clients, months, strict=True)
    ]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # the downloads are waiting for their exports
    page = http_logged_in(live.url, "ba")
    for path in ("/api/v1/series", "/", "/nhat-ky"):
        began = time.monotonic()
        assert page.get(path).status_code == 200
        assert time.monotonic() - began < SLOW_EXPORT_S / 2, path
    for thread in threads:
        thread.join(timeout=SLOW_EXPORT_S * len(months) + 30)
    assert answers == {m: 200 for m in months}  # made one after another, all delivered
    for client in (*clients, page):
        client.close()
