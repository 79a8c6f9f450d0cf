"""The console's FastAPI application: sessions, CSRF, language, errors, pages and the API.

Every route is either a page (HTML, htmx fragments) or JSON under /api/v1, documented at
/api/docs (OpenAPI at /api/openapi.json) for the province service to use. Both share the
session cookie and the rules below:

- CSRF: every request that can change something (POST, PUT, PATCH, DELETE) carries the
  session's token, in the `X-CSRF-Token` header (htmx and the API) or a `csrf` form field;
  without it: 403 and an audit row. The cookie is also SameSite=Strict.
- A page for someone not logged in sends them to the login form; JSON gets 401.
- An error is one line in the operator's language; a traceback goes to the log only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from loguru import logger
from sqlalchemy.engine import Engine
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from broadcaster import i18n
from broadcaster.clock import Clock, SystemClock
from broadcaster.config import Config
from broadcaster.console import security, web
from broadcaster.errors import BroadcasterError
from broadcaster.store.errors import StoreError

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


async def check_csrf(request: Request) -> None:
    """Dependency of every route: an unsafe request without the session's token is refused."""
    if request.method not in UNSAFE:
        return
    expected = request.session.get("csrf")
    given = request.headers.get("x-csrf-token")
    if given is None and request.headers.get("content-type", "").startswith(FORM_TYPES):
        form = await request.form()
        value = form.get("csrf")
        given = value if isinstance(value, str) else None
    if not security.csrf_matches(expected, given):
        web.audit(request, "csrf", target=request.url.path, outcome="refused")
        raise HTTPException(403, i18n.t("console.csrf_refused"))


class Speaking:
    """Each request in its account's chosen language (the session), else the station's."""

    def __init__(self, app: ASGIApp, default: str) -> None:
        self.app, self.default = app, default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        session = scope.get("session") or {}
        chosen = session.get("lang")
        lang = chosen if isinstance(chosen, str) and chosen in i18n.LANGUAGES else self.default
        with i18n.speaking(lang):
            await self.app(scope, receive, send)


GUARD_HEADERS = [
    (b"x-frame-options", b"DENY"),  # no other site frames the console to steal a click
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # the console's paths stay on the console
]


class Guarded:
    """Headers on every reply; a page or JSON also `no-store`, so that after "Đăng xuất"
    the browser's Back button shows no station page from its cache."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", [])) + GUARD_HEADERS
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_guarded)


ANONYMOUS_BODY = 64 * 1024  # a login or first-account form is a few hundred bytes


class Bounded:
    """A request body is bounded before anything reads it: `[console] upload_max_mb` (and
    1 MiB for the form around the file) for a logged-in session, 64 KiB for anyone else,
    so that nobody at the door can fill the disk with a multipart "login"."""

    def __init__(self, app: ASGIApp, upload_max_mb: int) -> None:
        self.app = app
        self.limit = (upload_max_mb + 1) * 1024 * 1024

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in UNSAFE:
            await self.app(scope, receive, send)
            return
        session = scope.get("session") or {}
        limit = self.limit if session.get("account") else ANONYMOUS_BODY
        declared = Headers(scope=scope).get("content-length", "")
        if declared and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(scope, receive, send, limit)
            return
        seen = 0

        async def bounded_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # Streamed in without a Content-Length: refused as it passes the bound
                    # (FastAPI lets an HTTPException from reading the body through).
                    raise HTTPException(413, _too_big(limit))
            return message

        await self.app(scope, bounded_receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        await _problem(Request(scope, receive), 413, _too_big(limit))(scope, receive, send)


def _too_big(limit: int) -> str:
    if limit == ANONYMOUS_BODY:
        return i18n.t("console.accounts.too_big_here")
    return i18n.t("console.accounts.too_big", megabytes=limit // (1024 * 1024) - 1)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get(
        "accept", ""
    )


def _problem(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    if request.headers.get("hx-request"):
        # htmx swaps nothing on an error status; the page's error box shows the line.
        return Response(message, status_code=status, media_type="text/plain; charset=utf-8")
    return web.page(request, "error.html", status_code=status, message=message)


# The pages' blocking work (the database, files) runs in this many threads at once; more
# requests wait their turn. A station has a handful of users: four keep memory and the
# airing's share of the CPU small (anyio's default is 40).
PAGE_THREADS = 4


@asynccontextmanager
async def _few_threads(_app: FastAPI) -> AsyncIterator[None]:
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = PAGE_THREADS
    yield


def create_app(config: Config, engine: Engine, clock: Clock | None = None) -> FastAPI:
    app = FastAPI(
        lifespan=_few_threads,
        title="broadcaster",
        version="1",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(check_csrf)],
    )
    app.state.station = web.ConsoleState(config, engine, clock or SystemClock())
    key = security.session_key(config.console.secret_file)

    app.add_middleware(Bounded, upload_max_mb=config.console.upload_max_mb)
    app.add_middleware(Speaking, default=config.station.language)
    app.add_middleware(
        SessionMiddleware,
        secret_key=key,
        session_cookie="broadcaster_session",
        max_age=config.console.session_hours * 3600,
        same_site="strict",
        https_only=False,  # a commune LAN has no certificate; SameSite + HttpOnly still hold
    )
    app.add_middleware(Guarded)
    app.mount(
        "/static", StaticFiles(directory=str(files("broadcaster.console") / "static")), "static"
    )

    @app.exception_handler(web.NotLoggedIn)
    async def _login_first(request: Request, _exc: web.NotLoggedIn) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": i18n.t("console.login_needed")}, status_code=401)
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/dang-nhap"})
        return RedirectResponse("/dang-nhap", status_code=303)

    @app.exception_handler(
        StarletteHTTPException
    )  # FastAPI's is a subclass; a router's 404 is Starlette's
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else i18n.t("console.error")
        # The framework's own refusals come in English: said in the operator's words.
        framework = {
            (404, "Not Found"): "console.not_found",
            (400, "There was an error parsing the body"): "console.bad_body",
            (405, "Method Not Allowed"): "console.not_allowed",
        }.get((exc.status_code, exc.detail if isinstance(exc.detail, str) else ""))
        if framework is not None:
            message = i18n.t(framework)
        return _problem(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = ", ".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors())
        return _problem(request, 422, i18n.t("console.invalid_request", fields=fields))

    @app.exception_handler(BroadcasterError)
    async def _ours(request: Request, exc: BroadcasterError) -> Response:
        return _problem(request, 400, str(exc))

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Response:
        logger.opt(exception=exc).warning("console: database error")
        return _problem(request, 503, i18n.t("console.database_busy"))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        logger.opt(exception=exc).error("console: {} {}", request.method, request.url.path)
        return _problem(request, 500, i18n.t("console.error"))

    from broadcaster.console.pages import ROUTERS

    for router in ROUTERS:
        app.include_router(router)
    return app
