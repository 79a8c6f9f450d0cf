"""What every page and every JSON route needs: the station, the account, the words, the
templates, and the audit log.

The station (`ConsoleState`: config, engine, clock) lives on `app.state.station`. The account comes from the signed
session cookie and is read again from the database on every request, so an account
disabled or given a new password is logged out at its next click.
"""

from __future__ import annotations

import hashlib
import ipaddress
import threading
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
from broadcaster.console.memo import Memo
from broadcaster.console.security import new_csrf_token
from broadcaster.i18n import display
from broadcaster.store import accounts
from broadcaster.store.data_version import DataVersion

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
    memo: Memo = field(init=False)  # derived rows kept while the database is unchanged
    version: DataVersion = field(init=False)  # what the memo checks
    # Sessions logged out before their time: a copy of the cookie is worth nothing after
    # "Đăng xuất". In memory, each kept until its session would have ended anyway.
    _revoked: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    # Proof packs (pages/log.py): downloads asked for so far, and the last pack made of
    # each month, which only the pack thread reads and writes.
    packs_asked: int = 0
    packs: dict[Any, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.templates = _environment(self.config.station.tz)
        self.version = DataVersion(self.engine)
        self.memo = Memo(self.version, self.clock.monotonic)

    def now(self) -> datetime:
        return self.clock.now()

    def ask_for_pack(self) -> int:
        """This download's number: a pack whose export began at or after it will do."""
        with self._lock:
            self.packs_asked += 1
            return self.packs_asked

    @property
    def session_seconds(self) -> float:
        return self.config.console.session_hours * 3600.0

    def revoke(self, session_id: str, ends: float) -> None:
        with self._lock:
            now = self.now().timestamp()
            for old in [k for k, until in self._revoked.items() if until < now]:
                del self._revoked[old]
            self._revoked[session_id] = ends

    def revoked(self, session_id: str) -> bool:
        with self._lock:
            return session_id in self._revoked


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


def start_session(request: Request, name: str, password_hash: str) -> None:
    """A fresh session for `name`: new id, new CSRF token, the login's time (a session
    lasts `[console] session_hours` from the login, however busy: the cookie's own age
    restarts at every reply)."""
    lang = request.session.get("lang")
    request.session.clear()
    if isinstance(lang, str):
        request.session["lang"] = lang
    request.session["account"] = name
    request.session["pw"] = fingerprint(password_hash)
    request.session["sid"] = new_csrf_token()
    request.session["since"] = station_of(request).now().timestamp()


def end_session(request: Request) -> None:
    """Log out: this cookie, and every copy of it, no longer logs anyone in."""
    station = station_of(request)
    sid, since = request.session.get("sid"), request.session.get("since")
    if isinstance(sid, str) and isinstance(since, (int, float)):
        station.revoke(sid, float(since) + station.session_seconds)
    lang = request.session.get("lang")
    request.session.clear()
    if isinstance(lang, str):
        request.session["lang"] = lang


def account_of(request: Request) -> Account | None:
    name = request.session.get("account")
    if not isinstance(name, str):
        return None
    station = station_of(request)
    since, sid = request.session.get("since"), request.session.get("sid")
    age = station.now().timestamp() - since if isinstance(since, (int, float)) else -1.0
    # Read again at every write to the database (a disabled account, a new password: the
    # memo's data version changes at once), so kept only while nothing was written.
    row = station.memo.get(("account", name), lambda: _active(station.engine, name), False)
    if (
        row is None
        or request.session.get("pw") != row[2]
        or not 0 <= age <= station.session_seconds
        or not isinstance(sid, str)
        or station.revoked(sid)
    ):
        end_session(request)
        return None
    return Account(row[0], row[1])


def _active(engine: Engine, name: str) -> tuple[str, str, str] | None:
    """The active account `name`: its name, role and password's fingerprint."""
    row = accounts.active_account(engine, name)
    return None if row is None else (row.name, row.role, fingerprint(row.password_hash))


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
        audit(
            request, "forbidden", target=f"{request.method} {request.url.path}", outcome="refused"
        )
        raise HTTPException(403, i18n.t("console.forbidden"))
    return account


def approver(request: Request) -> Account:
    account = viewer(request)
    if not account.can_approve:
        audit(
            request, "forbidden", target=f"{request.method} {request.url.path}", outcome="refused"
        )
        raise HTTPException(403, i18n.t("console.forbidden"))
    return account


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def asked_for_loopback(request: Request) -> bool:
    """Whether the page was asked for by a loopback name (Host: 127.0.0.1, localhost,
    [::1]): a web page elsewhere that makes its own name point at 127.0.0.1 (DNS
    rebinding) has its own name in Host, not one of these."""
    host = request.headers.get("host", "")
    name = host[1:].split("]", 1)[0] if host.startswith("[") else host.split(":", 1)[0]
    return name.lower() == "localhost" or is_loopback(name)


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

    def write(engine: Engine) -> None:
        accounts.record_audit(
            engine,
            station.now(),
            who,
            action,
            target=target[:500],
            detail=detail[:2000],
            client=client_address(request),
            outcome=outcome,
        )

    # Nothing cached reads the audit log: its rows leave the cached pages fresh (a download
    # is audited, and would otherwise make every page be computed again).
    if not station.version.write_unseen(write):
        write(station.engine)


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
