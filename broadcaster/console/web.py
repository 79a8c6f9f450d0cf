"""What every page and every JSON route needs: the station, the account, the words, the
templates, and the audit log.

The station (`ConsoleState`: config, engine, clock) lives on `app.state.station`. The account comes from the signed
session cookie and is read again from the database on every request, so an account
disabled or given a new password is logged out at its next click.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from importlib.resources import files
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.clock import Clock
from broadcaster.config import Config
from broadcaster.console.accounts import LoginLimiter, can_act, can_approve
from broadcaster.console.security import new_csrf_token
from broadcaster.i18n import display
from broadcaster.store import accounts

# The menu, in the order an operator reads it: (path, key of its words).
MENU = (
    ("/", "console.nav.overview"),
    ("/lich-phat", "console.nav.schedule"),
    ("/chuong-trinh", "console.nav.programmes"),
    ("/cach-ly", "console.nav.quarantine"),
    ("/ban-tin", "console.nav.bulletins"),
    ("/nhat-ky", "console.nav.log"),
    ("/kiem-tra", "console.nav.checks"),
)


@dataclass
class ConsoleState:
    config: Config
    engine: Engine
    clock: Clock
    limiter: LoginLimiter = field(default_factory=LoginLimiter)
    templates: Environment = field(init=False)

    def __post_init__(self) -> None:
        self.templates = _environment(self.config.station.tz)

    def now(self) -> datetime:
        return self.clock.now()


@dataclass(frozen=True)
class Account:
    name: str
    role: str

    @property
    def can_act(self) -> bool:
        return can_act(self.role)

    @property
    def can_approve(self) -> bool:
        return can_approve(self.role)


def station_of(request: Request) -> ConsoleState:
    station: ConsoleState = request.app.state.station
    return station


def fingerprint(password_hash: str) -> str:
    """Kept in the session: a new password logs out every session made with the old one."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def account_of(request: Request) -> Account | None:
    name = request.session.get("account")
    if not isinstance(name, str):
        return None
    row = accounts.active_account(station_of(request).engine, name)
    if row is None or request.session.get("pw") != fingerprint(row.password_hash):
        request.session.pop("account", None)
        return None
    return Account(row.name, row.role)


class NotLoggedIn(Exception):
    """Raised by `viewer()`; app.py sends a page to the login form, JSON gets 401."""


def viewer(request: Request) -> Account:
    """Dependency: any logged-in account (every page reads)."""
    account = account_of(request)
    if account is None:
        raise NotLoggedIn()
    return account


def operator(request: Request) -> Account:
    """Dependency: an account that may change something (operator or approver)."""
    account = viewer(request)
    if not account.can_act:
        raise HTTPException(403, i18n.t("console.forbidden"))
    return account


def approver(request: Request) -> Account:
    account = viewer(request)
    if not account.can_approve:
        raise HTTPException(403, i18n.t("console.forbidden"))
    return account


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = new_csrf_token()
        request.session["csrf"] = token
    return token


def audit(
    request: Request,
    action: str,
    target: str = "",
    detail: str = "",
    outcome: str = "ok",
    account: str | None = None,
) -> None:
    """One row of the audit log: who, when, what, on what, from where, how it ended."""
    station = station_of(request)
    who = account if account is not None else str(request.session.get("account") or "")
    accounts.record_audit(
        station.engine,
        station.now(),
        who,
        action,
        target=target[:500],
        detail=detail[:2000],
        client=client_address(request),
        outcome=outcome,
    )


def page(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    """A page (or, for htmx, a fragment) rendered in the language of the request."""
    station = station_of(request)
    account = values.pop("account", None) or account_of(request)
    context = {
        "request": request,
        "station": station.config.station,
        "config": station.config,
        "account": account,
        "csrf": csrf_token(request),
        "menu": MENU,
        "path": request.url.path,
        "lang": i18n.language(),
        "tz": station.config.station.tz,
        "now": station.now(),
        **values,
    }
    html = station.templates.get_template(template).render(context)
    return HTMLResponse(html, status_code=status_code)


def _environment(tz: tzinfo) -> Environment:
    """Jinja2 with autoescape; dates and numbers the operator's way, in the station's zone."""
    folder = str(files("broadcaster.console") / "templates")
    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["t"] = lambda key, **values: i18n.t(key, **values)
    env.filters["number"] = lambda value, digits=1: display.number(float(value), digits)
    env.filters["size"] = lambda value: display.size(int(value))
    env.filters["duration"] = lambda value: display.duration(float(value))
    env.filters["date_time"] = lambda moment, seconds=False: (
        "" if moment is None else display.date_time(moment, tz, seconds)
    )
    env.filters["slot"] = lambda moment: "" if moment is None else display.slot(moment, tz)
    env.filters["day"] = lambda moment: (
        "" if moment is None else moment.astimezone(tz).strftime("%d/%m/%Y")
    )
    env.filters["hour"] = lambda moment: (
        "" if moment is None else moment.astimezone(tz).strftime("%H:%M")
    )
    return env
