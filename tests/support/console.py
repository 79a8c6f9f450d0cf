"""The station console under test: the app in-process (TestClient), or served for real by
uvicorn in a thread on a free loopback port, and Debian's Chromium driven by Playwright.

- `console_client(station, role=...)`: a logged-in `Client` on a fresh station, with the
  session's CSRF token at hand (`client.csrf`, and `client.post_form(...)` puts it in);
- `LiveConsole`: the real server (uvicorn) on 127.0.0.1:<free port>, for the browser;
- `browser_page(...)`: a Chromium page at 1280×800 or 390×844; `shot(page, name)` saves a
  screenshot under the artefacts folder and checks it is not blank.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from broadcaster.clock import Clock, FakeClock
from broadcaster.config import Config
from broadcaster.console import accounts as rules
from broadcaster.console import server as server_module
from broadcaster.console.app import create_app
from broadcaster.store import accounts
from broadcaster.store.db import open_engine

PASSWORD = "mat-khau-thu-1"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Screenshots are test artefacts: kept after the run (CI collects the folder).
ARTEFACTS = Path(
    os.environ.get("BROADCASTER_ARTEFACTS", Path(__file__).parents[2] / "var" / "artefacts")
)
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 800}


def add_account(engine: Engine, name: str, role: str, password: str = PASSWORD) -> None:
    accounts.add_account(
        engine, name, rules.hash_password(password), role, "test", datetime.now(UTC)
    )


class Client(TestClient):
    csrf: str = ""

    def post_form(self, url: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
        return self.post(url, data={"csrf": self.csrf, **(data or {})}, **kw)

    def post_json(self, url: str, body: Any = None, **kw: Any) -> Any:
        return self.post(url, json=body, headers={"X-CSRF-Token": self.csrf}, **kw)

    def log_in(self, name: str, password: str = PASSWORD) -> Any:
        self.csrf = self.get("/api/v1/csrf").json()["csrf"]
        reply = self.post_json("/api/v1/session", {"name": name, "password": password})
        if reply.status_code == 200:
            self.csrf = reply.json()["csrf"]
        return reply


def console_client(
    config: Config,
    engine: Engine | None = None,
    role: str | None = rules.OPERATOR,
    name: str = "ba",
    clock: Clock | None = None,
    client: tuple[str, int] = ("127.0.0.1", 50000),
) -> Client:
    """A TestClient on the console; with `role`, an account `name` of it, logged in."""
    engine = engine or open_engine(config.paths.database, config.paths.database_file)
    app = create_app(config, engine, clock or FakeClock(datetime(2026, 11, 2, 1, 0, tzinfo=UTC)))
    test = Client(app, base_url="http://127.0.0.1", client=client, follow_redirects=False)
    if role is not None:
        add_account(engine, name, role)
        reply = test.log_in(name)
        assert reply.status_code == 200, reply.text
    return test


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveConsole:
    """uvicorn serving the console in a thread of the test process."""

    url: str
    server: Any
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@contextmanager
def live_console(
    config: Config, engine: Engine, clock: Clock | None = None
) -> Iterator[LiveConsole]:
    # The station's own listening socket and uvicorn settings (console/server.py).
    app = create_app(config, engine, clock)
    sock = server_module.bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = server_module.make_server(app)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the console did not start")
        time.sleep(0.02)
    live = LiveConsole(f"http://127.0.0.1:{port}", server, thread)
    try:
        yield live
    finally:
        live.stop()


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, through Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def log_in_page(page: Any, base: str, name: str = "ba", password: str = PASSWORD) -> None:
    page.goto(f"{base}/dang-nhap")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("form button.primary")
    page.wait_for_url(re.compile(r".*/$"))


def shot(page: Any, name: str) -> Path:
    """A full-page screenshot kept as an artefact, checked to show something: a blank or
    one-colour page (a failed render) fails the test."""
    from io import BytesIO

    from PIL import Image

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    png = page.screenshot(full_page=True)
    path.write_bytes(png)
    image = Image.open(BytesIO(png)).convert("L")
    histogram = image.histogram()
    total = sum(histogram)
    commonest = max(histogram)
    # A rendered page: many grey levels, and the background is not all of it.
    assert sum(1 for count in histogram if count) > 16, f"{name}: almost no colours"
    assert commonest < 0.97 * total, f"{name}: blank page"
    return path


def http_logged_in(base: str, name: str, password: str = PASSWORD, timeout: float = 10.0) -> Any:
    """An httpx client logged in to a console served at `base` (a real server)."""
    import httpx

    client = httpx.Client(base_url=base, timeout=timeout, follow_redirects=False)
    csrf = client.get("/api/v1/csrf").json()["csrf"]
    reply = client.post(
        "/api/v1/session",
        json={"name": name, "password": password},
        headers={"X-CSRF-Token": csrf},
    )
    if reply.status_code != 200:
        raise RuntimeError(f"log-in of {name} refused: {reply.status_code} {reply.text[:200]}")
    client.headers["X-CSRF-Token"] = reply.json().get("csrf", csrf)  # for its changes
    return client
