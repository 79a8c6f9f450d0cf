"""The framework's own refusals (a body it cannot parse, a method a route does not take) are
said in the operator's words, one line, like every other refusal of the console."""

from __future__ import annotations

from tests.support.console import Client


def test_a_body_that_cannot_be_parsed_is_said_in_vietnamese(console: Client) -> None:
    deep = console.post(
        "/api/v1/asrun/1/correction",
        content=b"[" * 60_000,  # nested deeper than the parser goes
        headers={"content-type": "application/json", "X-CSRF-Token": console.csrf},
    )
    assert deep.status_code == 400
    assert deep.json()["error"].startswith("Nội dung gửi lên không đọc được")
    broken = console.post(
        "/api/v1/asrun/1/correction",
        content=b"{not json",
        headers={"content-type": "application/json", "X-CSRF-Token": console.csrf},
    )
    assert broken.status_code == 422 and "parsing" not in broken.json()["error"]


def test_a_method_a_route_does_not_take_is_said_in_vietnamese(console: Client) -> None:
    reply = console.put(
        "/api/v1/status", headers={"X-CSRF-Token": console.csrf, "accept": "application/json"}
    )
    assert reply.status_code == 405
    assert reply.json()["error"] == "Địa chỉ này không nhận cách gửi đó."
