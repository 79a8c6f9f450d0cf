"""The console's door, proven: every route that can change something refuses a request
without the CSRF token, a viewer and someone not logged in; wrong passwords are limited;
sessions end; the first account is made only here and only once; the key file and the
audit log hold.

The route table is read from the menu pages' routers (console/pages ROUTERS) when the
tests are collected, so a route another page adds is checked here without a word changed;
a route put on the app some other way fails `test_every_changing_route_is_in_the_table`.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

try:
    from fastapi.routing import iter_route_contexts
except ImportError:  # FastAPI before 0.165
    iter_route_contexts = None  # type: ignore[assignment]
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.clock import FakeClock
from broadcaster.config import Config
from broadcaster.console import accounts as rules
from broadcaster.console import security
from broadcaster.console.app import UNSAFE, create_app
from broadcaster.console.pages import ROUTERS
from broadcaster.console.pages.session import back_to
from broadcaster.errors import UserError
from broadcaster.store import accounts
from tests.support.console import PASSWORD, Client, add_account, console_client

START = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)

# Used before anyone has logged in, or by every account: each still needs the CSRF token.
OPEN_TO_ALL = {
    ("POST", "/dang-nhap"),
    ("POST", "/api/v1/session"),
    ("POST", "/tai-khoan-dau-tien"),
    ("POST", "/dang-xuat"),
    ("POST", "/ngon-ngu"),
}
# Changes nothing but must send a file: any account may (a viewer verifies a proof pack).
READ_BY_ANY_ACCOUNT = {
    ("POST", "/api/v1/verify"),
    ("POST", "/nhat-ky/kiem-tra"),
}


def changing_routes(routes: Sequence[Any]) -> list[tuple[str, str]]:
    """(method, path) of every route that can change something, routers included in
    routers followed (FastAPI 0.165 keeps an included router as one entry)."""
    found = []
    if iter_route_contexts is None:  # FastAPI before 0.165: included routes are copied
        found = [(route.path, route.methods) for route in routes if isinstance(route, APIRoute)]
    else:
        for context in iter_route_contexts(routes):
            if isinstance(context.original_route, APIRoute):
                found.append((context.path, context.methods))
    return sorted((method, path) for path, methods in found for method in set(methods) & UNSAFE)


TABLE = changing_routes([route for router in ROUTERS for route in router.routes])


def concrete(path: str) -> str:
    """A path with every {parameter} filled in (the door is checked before the value)."""
    return re.sub(r"\{[^}]+\}", "1", path)


@dataclass
class Door:
    operator: Client
    viewer: Client
    anonymous: Client


def door(config: Config, engine: Engine, extend: Callable[[FastAPI], None] | None = None) -> Door:
    app = create_app(config, engine, FakeClock(START))
    if extend is not None:
        extend(app)
    add_account(engine, "ba", rules.OPERATOR)
    add_account(engine, "xem", rules.VIEWER)
    clients = []
    for port, name in ((50001, "ba"), (50002, "xem"), (50003, None)):
        client = Client(
            app, base_url="http://127.0.0.1", client=("127.0.0.1", port), follow_redirects=False
        )
        if name is None:
            client.csrf = client.get("/api/v1/csrf").json()["csrf"]
        else:
            assert client.log_in(name).status_code == 200
        clients.append(client)
    return Door(*clients)


def door_problems(gate: Door, method: str, path: str) -> list[str]:
    """What is wrong at this route's door (empty: it holds)."""
    url = concrete(path)
    problems = []
    # An operator's request without the token: refused before anything is done.
    reply = gate.operator.request(method, url, json={})
    if reply.status_code != 403:
        problems.append(f"{method} {path} without the CSRF token: {reply.status_code}")
    reply = gate.operator.request(method, url, data={"csrf": "not-the-token"})
    if reply.status_code != 403:
        problems.append(f"{method} {path} with a wrong CSRF token: {reply.status_code}")
    if (method, path) in OPEN_TO_ALL:
        return problems
    token = {"X-CSRF-Token": gate.viewer.csrf}
    reply = gate.viewer.request(method, url, json={}, headers=token)
    if (method, path) not in READ_BY_ANY_ACCOUNT and reply.status_code != 403:
        problems.append(f"{method} {path} by a viewer: {reply.status_code}")
    token = {"X-CSRF-Token": gate.anonymous.csrf}
    reply = gate.anonymous.request(method, url, json={}, headers=token)
    if reply.status_code not in (401, 303):
        problems.append(f"{method} {path} not logged in: {reply.status_code}")
    return problems


def test_the_table_has_the_console_own_changing_routes() -> None:
    assert {("POST", "/dang-xuat"), ("POST", "/api/v1/session")} <= set(TABLE)


def test_every_changing_route_is_in_the_table(config: Config, engine: Engine) -> None:
    """A route put on the app beside the pages' routers would escape the table."""
    app = create_app(config, engine, FakeClock(START))
    assert changing_routes(app.routes) == TABLE


@pytest.mark.parametrize(("method", "path"), TABLE, ids=[f"{m} {p}" for m, p in TABLE])
def test_the_door_of_every_changing_route_holds(
    config: Config, engine: Engine, method: str, path: str
) -> None:
    gate = door(config, engine)
    assert door_problems(gate, method, path) == []
    # A refused CSRF token is in the audit log.
    assert any(
        row.action == "csrf" and row.outcome == "refused" for row in accounts.audit_rows(engine)
    )


def test_the_door_check_catches_a_route_without_the_account_dependency(
    config: Config, engine: Engine
) -> None:
    def made_up(app: FastAPI) -> None:
        @app.post("/api/v1/made-up")
        def anyone_may() -> dict:
            return {"done": True}

        @app.delete("/made-up/{id}")
        def any_viewer_may(request_id: int = 0) -> dict:
            return {"done": True}

    gate = door(config, engine, made_up)
    assert door_problems(gate, "POST", "/api/v1/made-up") == [
        "POST /api/v1/made-up by a viewer: 200",
        "POST /api/v1/made-up not logged in: 200",
    ]
    assert len(door_problems(gate, "DELETE", "/made-up/{id}")) == 2
    assert ("POST", "/api/v1/made-up") in changing_routes(gate.operator.app.routes)  # type: ignore[attr-defined]
    assert ("POST", "/api/v1/made-up") not in TABLE


# -- wrong passwords ------------------------------------------------------------------------


def test_the_sixth_wrong_password_waits_even_with_the_right_one(
    config: Config, engine: Engine
) -> None:
    clock = FakeClock(START)
    here = console_client(config, engine, role=None, clock=clock, client=("10.0.0.5", 40000))
    add_account(engine, "ba", rules.OPERATOR)
    add_account(engine, "hai", rules.OPERATOR)
    for _ in range(5):
        assert here.log_in("ba", "sai-mat-khau").status_code == 401
    reply = here.log_in("ba", PASSWORD)
    assert reply.status_code == 429
    with i18n.speaking(config.station.language):
        assert reply.json() == {"error": i18n.t("console.login_wait", minutes=15)}
    assert here.get("/").status_code == 303  # not logged in
    rows = accounts.audit_rows(engine)
    assert (rows[0].action, rows[0].outcome, rows[0].detail) == ("login", "refused", "rate-limited")
    # Another address, another name: not held up.
    other = Client(
        here.app, base_url="http://127.0.0.1", client=("10.0.0.6", 40000), follow_redirects=False
    )
    assert other.log_in("hai", PASSWORD).status_code == 200
    # Another address for the same name waits too (the limit is per name as well).
    assert other.log_in("ba", PASSWORD).status_code == 429
    clock.advance(timedelta(minutes=14))
    assert here.log_in("ba", PASSWORD).status_code == 429
    clock.advance(timedelta(minutes=1, seconds=1))
    assert here.log_in("ba", PASSWORD).status_code == 200


def test_the_limiter_lets_the_first_five_through_and_forgets_only_past_its_bound() -> None:
    limiter = rules.LoginLimiter(attempts=5, window=900.0, keys=10)
    for i in range(4):
        limiter.failed(["address:a"], float(i))
    assert limiter.wait_for(["address:a"], 5.0) == 0.0
    limiter.failed(["address:a"], 5.0)
    assert limiter.wait_for(["address:a"], 6.0) == 894.0
    for i in range(50):  # a flood of made-up names from other places
        limiter.failed([f"name:x{i}"], 10.0 + i)
        limiter.failed(["address:a"], 10.0 + i)  # the guesser keeps failing
    assert limiter.remembered() <= 10
    assert limiter.wait_for(["address:a"], 61.0) > 0  # still held: it failed last


def test_a_huge_name_is_kept_cut_in_the_limiter(config: Config, engine: Engine) -> None:
    client = console_client(config, engine, role=None)
    add_account(engine, "ba", rules.OPERATOR)
    assert client.log_in("x" * 60_000, "sai-mat-khau").status_code == 401  # under 64 KiB
    limiter = client.app.state.station.limiter  # type: ignore[attr-defined]
    assert max(len(key) for key in limiter._failures) <= rules.MAX_NAME + 6


def test_every_login_costs_one_argon2_check_whether_or_not_the_name_exists(
    config: Config, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = console_client(config, engine, role=None)
    add_account(engine, "ba", rules.OPERATOR)
    calls: list[str] = []
    real = rules.password_matches

    def counted(password_hash: str, password: str) -> bool:
        calls.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(rules, "password_matches", counted)
    for name, password in [
        ("khong-co", "sai-mat-khau"),
        ("ba", "sai-mat-khau"),
        ("ba", "x" * 5000),
        ("khong-co", "x" * 5000),
        ("y" * 500, "sai-mat-khau"),
    ]:
        calls.clear()
        client.log_in(name, password)
        assert len(calls) == 1, (name[:10], len(password))


# -- sessions ---------------------------------------------------------------------------------


def test_a_login_gives_a_new_session_and_a_new_token(config: Config, engine: Engine) -> None:
    client = console_client(config, engine, role=None)
    add_account(engine, "ba", rules.OPERATOR)
    before = client.get("/api/v1/csrf").json()["csrf"]
    cookie_before = client.cookies.get("broadcaster_session")
    assert client.log_in("ba").status_code == 200
    assert client.csrf != before
    assert client.cookies.get("broadcaster_session") != cookie_before


def test_a_session_ends_session_hours_after_the_login_however_busy(
    config: Config, engine: Engine
) -> None:
    clock = FakeClock(START)
    client = console_client(config, engine, clock=clock)
    hours = config.console.session_hours
    for _ in range(hours - 1):
        clock.advance(timedelta(hours=1))
        assert client.get("/").status_code == 200  # each reply re-signs the cookie
    clock.advance(timedelta(minutes=59))
    assert client.get("/").status_code == 200
    clock.advance(timedelta(minutes=2))
    assert client.get("/").status_code == 303


def test_a_copy_of_the_cookie_is_worthless_after_logging_out(
    config: Config, engine: Engine
) -> None:
    client = console_client(config, engine)
    copy = client.cookies.get("broadcaster_session")
    assert client.post_form("/dang-xuat").status_code == 303
    thief = Client(client.app, base_url="http://127.0.0.1", follow_redirects=False)
    thief.cookies.set("broadcaster_session", copy)
    assert thief.get("/").status_code == 303
    assert thief.get("/api/v1/session").status_code == 401


def test_a_disabled_account_is_logged_out_at_its_next_request_and_cannot_log_in(
    config: Config, engine: Engine
) -> None:
    client = console_client(config, engine)
    assert client.get("/").status_code == 200
    assert accounts.disable_account(engine, "ba", START)
    assert client.get("/").status_code == 303
    assert client.log_in("ba").status_code == 401


def test_every_reply_carries_the_guard_headers(console: Client) -> None:
    for url in ("/", "/api/v1/session", "/dang-nhap"):
        headers = console.get(url).headers
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["cache-control"] == "no-store"
    cookie = console.post_json("/api/v1/session", {"name": "ba", "password": PASSWORD})
    flags = cookie.headers["set-cookie"].lower()
    assert "httponly" in flags and "samesite=strict" in flags


# -- the language switch goes back only to the console ------------------------------------------


@pytest.mark.parametrize(
    ("referer", "back"),
    [
        ("http://127.0.0.1:8470/lich-phat?thang=2026-11", "/lich-phat?thang=2026-11"),
        ("http://127.0.0.1:8470/", "/"),
        ("http://evil.example", "/"),
        ("http://127.0.0.1:8470//evil.example/x", "/"),
        ("http://127.0.0.1:8470/\\evil.example", "/"),
        ("http://127.0.0.1:8470/\t/evil.example", "/"),
        ("//evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("http://[::1", "/"),
        ("", "/"),
    ],
)
def test_the_language_switch_goes_back_only_to_a_page_of_ours(referer: str, back: str) -> None:
    assert back_to(referer) == back


def test_the_language_switch_route_uses_it(console: Client) -> None:
    reply = console.post_form(
        "/ngon-ngu", {"lang": "en"}, headers={"referer": "http://127.0.0.1/\\evil.example"}
    )
    assert (reply.status_code, reply.headers["location"]) == (303, "/")
    reply = console.post_form(
        "/ngon-ngu", {"lang": "vi"}, headers={"referer": "http://127.0.0.1/cach-ly"}
    )
    assert reply.headers["location"] == "/cach-ly"


# -- the first account -------------------------------------------------------------------------


def test_the_first_account_form_only_here_only_while_none_exists(
    config: Config, engine: Engine
) -> None:
    form = {"name": "ba", "password": PASSWORD, "again": PASSWORD}
    far = console_client(config, engine, role=None, client=("192.168.1.20", 40000))
    far.csrf = far.get("/api/v1/csrf").json()["csrf"]
    assert far.get("/tai-khoan-dau-tien").status_code == 403
    assert far.post_form("/tai-khoan-dau-tien", form).status_code == 403
    # Here, but asked for by another site's name pointed at 127.0.0.1 (DNS rebinding).
    rebound = console_client(config, engine, role=None)
    rebound.csrf = rebound.get("/api/v1/csrf").json()["csrf"]
    evil = {"host": "evil.example:8470"}
    assert rebound.post_form("/tai-khoan-dau-tien", form, headers=evil).status_code == 403
    assert accounts.count_active(engine) == 0
    refused = [r for r in accounts.audit_rows(engine) if r.action == "account_add"]
    assert len(refused) == 3 and {r.outcome for r in refused} == {"refused"}
    near = console_client(config, engine, role=None)
    near.csrf = near.get("/api/v1/csrf").json()["csrf"]
    assert near.get("/tai-khoan-dau-tien").status_code == 200
    for host in ("localhost:8470", "[::1]:8470", "127.0.0.1"):
        assert near.get("/tai-khoan-dau-tien", headers={"host": host}).status_code == 200
    assert near.post_form("/tai-khoan-dau-tien", form).status_code == 303
    (row,) = accounts.list_accounts(engine)
    assert (row.name, row.role) == ("ba", rules.APPROVER)
    assert near.get("/tai-khoan-dau-tien").status_code == 303
    again = {"name": "hai", "password": PASSWORD, "again": PASSWORD}
    assert near.post_form("/tai-khoan-dau-tien", again).status_code == 303
    assert [r.name for r in accounts.list_accounts(engine)] == ["ba"]
    assert near.log_in("ba").status_code == 200


def test_a_bad_first_account_is_one_line_and_recorded(config: Config, engine: Engine) -> None:
    near = console_client(config, engine, role=None)
    near.csrf = near.get("/api/v1/csrf").json()["csrf"]
    reply = near.post_form(
        "/tai-khoan-dau-tien", {"name": "ba\u202e", "password": PASSWORD, "again": PASSWORD}
    )
    assert reply.status_code == 400
    assert accounts.count_active(engine) == 0
    assert accounts.audit_rows(engine)[0].outcome == "refused"


# -- the key file --------------------------------------------------------------------------------


def test_the_key_file_is_made_0600_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "var" / "console.key"
    key = security.session_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert security.session_key(path) == key
    assert re.fullmatch(r"[0-9a-f]{64}", key)


def test_a_symlink_at_the_key_place_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.key"
    target.write_text(security.secrets.token_hex(32))
    target.chmod(0o600)
    path = tmp_path / "console.key"
    path.symlink_to(target)
    with pytest.raises(UserError) as refused:
        security.session_key(path)
    assert refused.value.exit_code == 2 and "\n" not in str(refused.value)
    dangling = tmp_path / "dangling.key"
    dangling.symlink_to(tmp_path / "not-there.key")
    with pytest.raises(UserError):
        security.session_key(dangling)
    assert not (tmp_path / "not-there.key").exists()  # nothing written through it


@pytest.mark.parametrize(
    "content", ["", "abc\n", "zz" * 32, "ab" * 32 + "ff", "ab" * 32 + "\n" + "x" * 9000]
)
def test_a_damaged_key_is_refused_in_one_line(tmp_path: Path, content: str) -> None:
    path = tmp_path / "console.key"
    path.write_text(content)
    path.chmod(0o600)
    with pytest.raises(UserError) as refused:
        security.session_key(path)
    assert refused.value.exit_code == 2 and "\n" not in str(refused.value)


def test_a_key_others_may_read_is_refused_and_a_fifo_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "console.key"
    security.session_key(path)
    path.chmod(0o644)
    with pytest.raises(UserError, match="0644"):
        security.session_key(path)
    fifo = tmp_path / "fifo.key"
    os.mkfifo(fifo)
    with pytest.raises(UserError):
        security.session_key(fifo)


# -- the audit log ---------------------------------------------------------------------------------


def test_the_audit_log_is_append_only(console: Client, engine: Engine) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    rows = len(accounts.audit_rows(engine))
    assert rows >= 1
    for statement in ("UPDATE console_audit SET outcome = 'ok'", "DELETE FROM console_audit"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as db:
            db.execute(text(statement))
    assert len(accounts.audit_rows(engine)) == rows
    with engine.begin() as db:  # the same connection may add a row: only change is refused
        db.execute(
            text(
                "INSERT INTO console_audit (at, account, action, target, detail, client, outcome)"
                " VALUES ('2026-11-02 01:00:00', 'x', 'test', '', '', '', 'ok')"
            )
        )
    assert len(accounts.audit_rows(engine)) == rows + 1


# -- bodies are bounded before anything reads them ---------------------------------------------------


def test_someone_not_logged_in_cannot_send_a_big_body(config: Config, engine: Engine) -> None:
    client = console_client(config, engine, role=None)
    add_account(engine, "ba", rules.OPERATOR)
    client.csrf = client.get("/api/v1/csrf").json()["csrf"]
    big = {"name": "ba", "password": PASSWORD, "pad": "x" * 100_000}
    reply = client.post_form("/dang-nhap", big)
    assert reply.status_code == 413
    with i18n.speaking(config.station.language):
        assert i18n.t("console.accounts.too_big_here") in reply.text

    def streamed() -> Iterator[bytes]:  # no Content-Length: counted as it comes
        yield f"csrf={client.csrf}&name=ba&password={PASSWORD}&pad=".encode()
        for _ in range(100):
            yield b"x" * 1024

    reply = client.post(
        "/api/v1/session",
        content=streamed(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert reply.status_code == 413, reply.text
    assert "error" in reply.json()
    assert client.log_in("ba").status_code == 200  # a login of ordinary size goes through


def test_a_logged_in_body_is_bounded_by_upload_max_mb(console: Client, config: Config) -> None:
    limit = (config.console.upload_max_mb + 1) * 1024 * 1024
    reply = console.post(
        "/api/v1/made-up",
        content=b"",
        headers={"content-length": str(limit + 1), "X-CSRF-Token": console.csrf},
    )
    assert reply.status_code == 413
    assert str(config.console.upload_max_mb) in reply.json()["error"]
    assert console.post_json("/api/v1/made-up", {}).status_code == 404  # under it: routed
