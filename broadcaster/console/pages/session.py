"""Logging in and out, the first account, the language switch.

No account exists until someone makes one: with `broadcaster user add`, or, only from
this machine (127.0.0.1) while there is none, with the first-account form. A wrong
password is limited per address and per name (console/accounts.LoginLimiter) and every
attempt is in the audit log.
"""

from __future__ import annotations

import threading
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from broadcaster import i18n
from broadcaster.console import accounts as rules
from broadcaster.console import web
from broadcaster.store import accounts

router = APIRouter()


class LoginBody(BaseModel):
    name: str
    password: str


def _keys(request: Request, name: str) -> list[str]:
    # No name is longer than MAX_NAME: a longer one is kept cut (a megabyte of "name" in
    # every failure would fill the memory).
    return [
        f"address:{web.client_address(request)}",
        f"name:{name.casefold()[: rules.MAX_NAME + 1]}",
    ]


def _log_in(request: Request, name: str, password: str) -> tuple[web.Account | None, str]:
    """The account, or None and the line to show."""
    station = web.station_of(request)
    name = rules.normal_name(name)
    keys = _keys(request, name)
    wait = station.limiter.wait_for(keys, station.clock.monotonic())
    if wait > 0:
        minutes = max(1, round(wait / 60))
        web.audit(request, "login", target=name[:64], detail="rate-limited", outcome="refused")
        raise HTTPException(429, i18n.t("console.login_wait", minutes=minutes))
    row = accounts.active_account(station.engine, name) if len(name) <= rules.MAX_NAME else None
    # One argon2 check whatever the name and the password: the time of the reply tells
    # nobody whether the name exists (a too-long password is checked cut, and fails).
    right = rules.password_matches(
        row.password_hash if row is not None else rules.DUMMY_HASH,
        password[: rules.MAX_PASSWORD],
    )
    if row is None or not right or len(password) > rules.MAX_PASSWORD:
        station.limiter.failed(keys, station.clock.monotonic())
        web.audit(request, "login", target=name[:64], outcome="refused")
        return None, i18n.t("console.login_wrong")
    station.limiter.succeeded(keys)
    web.start_session(request, row.name, row.password_hash)  # new session, new CSRF token
    web.audit(request, "login", target=row.name, account=row.name)
    return web.Account(row.name, row.role), ""


@router.get("/dang-nhap", include_in_schema=False)
def login_form(request: Request) -> Response:
    station = web.station_of(request)
    if accounts.count_active(station.engine) == 0:
        return RedirectResponse("/tai-khoan-dau-tien", status_code=303)
    return web.page(request, "login.html", account=None)


@router.post("/dang-nhap", include_in_schema=False)
def login(
    request: Request, name: Annotated[str, Form()], password: Annotated[str, Form()]
) -> Response:
    account, problem = _log_in(request, name, password)
    if account is None:
        return web.page(request, "login.html", status_code=401, problem=problem, name=name)
    return RedirectResponse("/", status_code=303)


@router.post("/api/v1/session", tags=["session"])
def api_login(request: Request, body: LoginBody) -> JSONResponse:
    """Log in; the reply sets the session cookie and carries the CSRF token for later calls."""
    account, problem = _log_in(request, body.name, body.password)
    if account is None:
        return JSONResponse({"error": problem}, status_code=401)
    return JSONResponse(
        {"account": account.name, "role": account.role, "csrf": web.csrf_token(request)}
    )


@router.get("/api/v1/session", tags=["session"])
def api_session(request: Request, account: Annotated[web.Account, Depends(web.viewer)]) -> dict:
    return {"account": account.name, "role": account.role, "csrf": web.csrf_token(request)}


@router.get("/api/v1/csrf", tags=["session"])
def api_csrf(request: Request) -> dict:
    """The session's CSRF token (a client that has not logged in needs it to log in)."""
    return {"csrf": web.csrf_token(request)}


@router.post("/dang-xuat", include_in_schema=False)
def logout(request: Request) -> Response:
    if request.session.get("account"):
        web.audit(request, "logout")
    web.end_session(request)
    return RedirectResponse("/dang-nhap", status_code=303)


def back_to(referer: str) -> str:
    """The page to go back to after the language switch: the path (and query) of the
    Referer, and only if it is one of ours; anything else is "/". Browsers read a
    backslash as a slash and drop tabs and line breaks, so "/\\evil.example" or
    "/\t/evil.example" would leave the console: refused like "//evil.example"."""
    try:
        parts = urlsplit(referer)
    except ValueError:
        return "/"
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if (
        not path.startswith("/")
        or path.startswith("//")
        or "\\" in path
        or any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in path)
    ):
        return "/"
    return path


@router.post("/ngon-ngu", include_in_schema=False)
def language(request: Request, lang: Annotated[str, Form()]) -> Response:
    if lang in i18n.LANGUAGES:
        request.session["lang"] = lang
    return RedirectResponse(back_to(request.headers.get("referer", "/")), status_code=303)


@router.get("/tai-khoan-dau-tien", include_in_schema=False)
def first_account_form(request: Request) -> Response:
    refusal = _first_account_refusal(request)
    if refusal is not None:
        return refusal
    return web.page(request, "first_account.html", account=None)


@router.post("/tai-khoan-dau-tien", include_in_schema=False)
def first_account(
    request: Request,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    again: Annotated[str, Form()],
) -> Response:
    refusal = _first_account_refusal(request)
    if refusal is not None:
        return refusal
    name = rules.normal_name(name.strip())
    problem_key = rules.name_problem(name) or rules.password_problem(password)
    if problem_key is None and password != again:
        problem_key = "console.account.passwords_differ"
    if problem_key is not None:
        web.audit(request, "account_add", target=name[:64], detail=problem_key, outcome="refused")
        return web.page(
            request,
            "first_account.html",
            status_code=400,
            account=None,
            problem=i18n.t(problem_key, maximum=rules.MAX_NAME, minimum=rules.MIN_PASSWORD),
            name=name,
        )
    station = web.station_of(request)
    password_hash = rules.hash_password(password)
    # One at a time: two forms sent at once make one first account, not two.
    with _FIRST:
        refusal = _first_account_refusal(request)
        if refusal is not None:
            return refusal
        try:
            accounts.add_account(
                station.engine, name, password_hash, rules.APPROVER, "console", station.now()
            )
        except accounts.AccountExists:
            web.audit(request, "account_add", target=name, detail="exists", outcome="refused")
            raise HTTPException(409, i18n.t("console.account.exists", name=name)) from None
    web.audit(request, "account_add", target=name, detail=rules.APPROVER, account=name)
    return RedirectResponse("/dang-nhap", status_code=303)


_FIRST = threading.Lock()


def _first_account_refusal(request: Request) -> Response | None:
    """Only while there is no account, only from this machine, only asked for by a
    loopback name (not a far site's name pointed at 127.0.0.1)."""
    station = web.station_of(request)
    if accounts.count_active(station.engine) > 0:
        if request.method == "POST":
            web.audit(request, "account_add", detail="an account exists", outcome="refused")
        return RedirectResponse("/dang-nhap", status_code=303)
    if not web.is_loopback(web.client_address(request)) or not web.asked_for_loopback(request):
        web.audit(request, "account_add", detail="not from this machine", outcome="refused")
        raise HTTPException(403, i18n.t("console.first_account_here_only"))
    return None
