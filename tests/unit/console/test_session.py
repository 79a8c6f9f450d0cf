"""Logging in and out, the session cookie, CSRF and roles at the console's door."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from broadcaster.config import Config
from broadcaster.store import accounts
from tests.support.console import PASSWORD, Client, add_account, console_client


def test_a_page_needs_a_login_and_json_gets_401(config: Config, engine: Engine) -> None:
    anonymous = console_client(config, engine, role=None)
    add_account(engine, "ba", "operator")
    assert anonymous.get("/").headers["location"] == "/dang-nhap"
    assert anonymous.get("/api/v1/session").status_code == 401


def test_the_right_password_logs_in_and_a_wrong_one_does_not(
    config: Config, engine: Engine
) -> None:
    client = console_client(config, engine, role=None)
    add_account(engine, "ba", "operator")
    assert client.log_in("ba", "sai-mat-khau").status_code == 401
    assert client.get("/").status_code == 303
    assert client.log_in("ba", PASSWORD).status_code == 200
    assert client.get("/").status_code == 200
    actions = [(r.action, r.outcome) for r in accounts.audit_rows(engine)]
    assert actions[:2] == [("login", "ok"), ("login", "refused")]


def test_a_form_without_the_csrf_token_is_refused_and_recorded(
    console: Client, engine: Engine
) -> None:
    assert console.post("/dang-xuat").status_code == 403
    assert console.post("/dang-xuat", data={"csrf": "not-it"}).status_code == 403
    assert console.get("/").status_code == 200  # still logged in: nothing was done
    assert accounts.audit_rows(engine)[0].action == "csrf"
    assert console.post_form("/dang-xuat").status_code == 303
    assert console.get("/").status_code == 303


def test_no_first_account_form_once_an_account_exists_nor_from_another_machine(
    config: Config, engine: Engine
) -> None:
    far = console_client(config, engine, role=None, client=("192.168.1.20", 40000))
    far.csrf = far.get("/api/v1/csrf").json()["csrf"]
    form = {"name": "ba", "password": PASSWORD, "again": PASSWORD}
    assert far.post_form("/tai-khoan-dau-tien", form).status_code == 403
    assert accounts.count_active(engine) == 0
    near = console_client(config, engine, role=None)
    near.csrf = near.get("/api/v1/csrf").json()["csrf"]
    assert near.post_form("/tai-khoan-dau-tien", form).status_code == 303
    assert accounts.active_account(engine, "ba") is not None
    assert near.post_form("/tai-khoan-dau-tien", {**form, "name": "hai"}).status_code == 303
    assert accounts.active_account(engine, "hai") is None  # only while there is none


def test_a_new_password_logs_out_the_old_sessions(console: Client, engine: Engine) -> None:
    from broadcaster.console.accounts import hash_password

    assert console.get("/").status_code == 200
    accounts.set_password(engine, "ba", hash_password("mot-mat-khau-moi"))
    assert console.get("/").status_code == 303


def test_an_unknown_page_is_one_line_in_the_operators_language(console: Client) -> None:
    assert console.get("/khong-co").status_code == 404
    assert "Không có trang này." in console.get("/khong-co").text
    assert console.get("/api/v1/khong-co").json() == {"error": "Không có trang này."}
