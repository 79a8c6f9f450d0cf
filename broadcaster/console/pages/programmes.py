"""Chương trình: the library, upload, listen, title, withdraw, replace, move.

An upload enters the library the way a file copied into the inbox does (programme_files.py:
temporary name, flushed, final name; the daemon's ingester does the rest); with
`[console] approval` it is held until an approver releases it (`release_programme`). Every
change goes through the functions `broadcaster programme ...` calls, with the account as
`by`, and is in the audit log, refusals included.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import unquote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from markupsafe import Markup
from pydantic import BaseModel
from starlette.requests import ClientDisconnect

from broadcaster import i18n
from broadcaster.console import programme_files as files
from broadcaster.console import web
from broadcaster.core.programme_state import ACTIVE, WITHDRAWN
from broadcaster.core.rules import Series
from broadcaster.errors import BroadcasterError, ProgrammeRefused
from broadcaster.ingest.names import is_link, shown_name
from broadcaster.programmes import library
from broadcaster.programmes.period_text import show_period
from broadcaster.programmes.replace import replace, replaced_line
from broadcaster.programmes.withdraw import withdraw
from broadcaster.station.replan import replan
from broadcaster.store import console_requests, levels, programmes_views
from broadcaster.store.models import ConsoleRequest
from broadcaster.store.programmes import all_programmes, by_id

router = APIRouter()
TAG = "programmes"
# The body of an upload is the file itself (no multipart: streamed to disk as it comes).
RAW_FILE = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}
# How many of an account's uploads the page follows. Kept in the console's memory, per
# account, not in the session cookie (a few long Vietnamese names would pass the 4 KB a
# browser keeps of a cookie, and the account would be logged out).
FOLLOWED = 10


@dataclass
class Followed:
    uploads: deque[tuple[str, str, datetime, int | None]] = field(
        default_factory=lambda: deque(maxlen=FOLLOWED)
    )
    taken_seen: list[str] = field(default_factory=list)


_followed_lock = threading.RLock()


def followed_by(request: Request, account: str) -> Followed:
    """This console's memory of an account's uploads (on the app: one per console)."""
    with _followed_lock:
        every: dict[str, Followed] | None = getattr(request.app.state, "programme_uploads", None)
        if every is None:
            every = {}
            request.app.state.programme_uploads = every
        return every.setdefault(account, Followed())


# ---- the library ------------------------------------------------------------------------
@dataclass(frozen=True)
class LibraryRow:
    id: int
    title: str
    series: str
    series_title: str
    period: str
    duration_s: float
    lufs: float | None
    state: str  # active | withdrawn | replaced
    state_text: str
    replaced_by: int | None
    done: int
    planned: int


def _state_text(state: str, replaced_by: int | None) -> str:
    if state == ACTIVE:
        return i18n.t("programme.state_active")
    if state == WITHDRAWN:
        return i18n.t("programme.state_withdrawn")
    return i18n.t("programme.state_replaced", other=replaced_by)


def rows(station: web.ConsoleState) -> list[LibraryRow]:
    """What `broadcaster programme list --all` shows, with the duration and loudness; kept
    in the memo (every airing and the planner's periods are read to make it)."""
    return station.memo.get("library", lambda: _rows(station))


def _rows(station: web.ConsoleState) -> list[LibraryRow]:
    entries = library.library(station.engine, station.config, station.now(), everything=True)
    programmes = {p.id: p for p in all_programmes(station.engine)}
    loudness = levels.load_all(station.engine)
    result = []
    for entry in entries:
        programme = programmes.get(entry.id)
        measured = loudness.get(entry.id)
        result.append(
            LibraryRow(
                id=entry.id,
                title=entry.title,
                series=entry.series_id,
                series_title=entry.series_title,
                period=show_period(entry.period) if entry.period else i18n.t("programme.no_period"),
                duration_s=programme.duration_s if programme else 0.0,
                lufs=measured.integrated_lufs if measured else None,
                state=entry.state,
                state_text=_state_text(entry.state, entry.replaced_by),
                replaced_by=entry.replaced_by,
                done=entry.done,
                planned=entry.planned,
            )
        )
    return result


def _library_table(request: Request, account: web.Account) -> Markup:
    """The library's table (every programme, its forms): rendered once for the rows the memo
    keeps, per language and per whether the account may change programmes (all the table
    reads besides the rows: it is rendered with `rows` and `account` only)."""
    station = web.station_of(request)

    def render() -> Markup:
        template = station.templates.get_template("_programmes_table.html")
        return Markup(template.render(rows=rows(station), account=account))

    return station.memo.get(("library-table", account.can_act), render)


def _page_values(request: Request, account: web.Account) -> dict[str, Any]:
    station = web.station_of(request)
    config = station.config
    return {
        "library_table": _library_table(request, account),
        "series": config.series,
        "default_series": config.station.default_series,
        "max_bytes": config.console.upload_max_mb * 1024 * 1024,
        "approval": config.console.approval,
    }


@router.get("/chuong-trinh", include_in_schema=False)
def programmes_page(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    return web.page(
        request,
        "programmes.html",
        account=account,
        **_page_values(request, account),
        **_pending(request, account),
    )


@router.get("/chuong-trinh/bang", include_in_schema=False)
def library_fragment(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    return HTMLResponse(_library_table(request, account))


@router.get("/api/v1/programmes", tags=[TAG])
def api_programmes(
    request: Request, _account: Annotated[web.Account, Depends(web.viewer)]
) -> list[dict[str, Any]]:
    """The library, newest first, withdrawn and replaced programmes included."""
    return [
        {
            "id": r.id,
            "title": r.title,
            "series": r.series,
            "period": r.period,
            "duration_s": r.duration_s,
            "integrated_lufs": r.lufs,
            "state": r.state,
            "replaced_by": r.replaced_by,
            "aired": r.done,
            "planned": r.planned,
        }
        for r in rows(web.station_of(request))
    ]


# ---- upload -------------------------------------------------------------------------------
def _series(station: web.ConsoleState, wanted: str | None) -> Series:
    config = station.config
    chosen = unquote(wanted or "") or config.station.default_series or ""
    series = config.series_by_id().get(chosen)
    if series is None:
        raise files.ProgrammeFileRefused("console.programmes.no_series", series=shown_name(chosen))
    return series


async def _receive(request: Request, folder: Path, name: str) -> files.ProgrammeUpload:
    """The request's body, streamed into `folder` under a temporary name, at most
    `[console] upload_max_mb`; the partial file removed on any failure."""
    limit = web.station_of(request).config.console.upload_max_mb * 1024 * 1024
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise files.ProgrammeFileRefused(
            "console.programmes.too_big", status=413, limit=limit >> 20
        )
    receiving = files.ProgrammeUpload.open(folder, limit)
    try:
        async for chunk in request.stream():
            if chunk:
                receiving.write(chunk)
    except BaseException:
        receiving.abandon()
        raise
    return receiving


def _refused(request: Request, action: str, target: str, exc: Exception) -> HTTPException:
    status = getattr(exc, "status", 400)
    line = str(exc) if isinstance(exc, BroadcasterError) else i18n.t("console.error")
    web.audit(request, action, target=target, detail=line, outcome="refused")
    return HTTPException(status, line)


def _follow(request: Request, account: str, folder: str, name: str, held: int | None) -> None:
    """The page follows this upload until the ingester took it."""
    with _followed_lock:
        followed_by(request, account).uploads.append(
            (folder, name, web.station_of(request).now(), held)
        )


@router.post("/api/v1/programmes/upload", tags=[TAG], openapi_extra=RAW_FILE)
async def api_upload(
    request: Request, account: Annotated[web.Account, Depends(web.operator)]
) -> JSONResponse:
    """The request body is the file itself; its name in `X-File-Name` (percent-encoded
    UTF-8), the series' id in `X-Series` (else the station's default series)."""
    station = web.station_of(request)
    config = station.config
    raw_name = request.headers.get("x-file-name")
    shown = shown_name(unquote(raw_name or ""))[:200]
    try:
        name = files.upload_name(raw_name)
        series = _series(station, request.headers.get("x-series"))
        held = config.console.approval
        folder = files.held_folder(config) if held else files.inbox_folder(config, series)
        receiving = await _receive(request, folder, name)
        final = await run_in_threadpool(receiving.finish, name)
    except ClientDisconnect:
        web.audit(request, "programme_upload", target=shown, detail="cut", outcome="refused")
        raise HTTPException(400, i18n.t("console.programmes.cut")) from None
    except (files.ProgrammeFileRefused, OSError) as exc:
        raise _refused(request, "programme_upload", shown, exc) from None
    size = final.stat().st_size
    request_id = None
    if held:
        payload = files.hold_payload(final, config, series, final.name, size)
        request_id = programmes_views.add_programme_request(
            station.engine, payload, account.name, station.now()
        )
        message = i18n.t("console.programmes.held", name=final.name)
    else:
        message = i18n.t("console.programmes.uploaded", name=final.name, series=series.title)
    detail = f"{series.id}: {final.name} ({size} B)" + (f", request {request_id}" if held else "")
    web.audit(request, "programme_upload", target=shown, detail=detail)
    _follow(request, account.name, series.folder, final.name, request_id)
    return JSONResponse(
        {
            "name": final.name,
            "series": series.id,
            "size": size,
            "state": "held" if held else "waiting",
            "request": request_id,
            "message": message,
        }
    )


# ---- what the page follows: uploads until the ingester took them ------------------------
def _pending(request: Request, account: web.Account) -> dict[str, Any]:
    station = web.station_of(request)
    config = station.config
    waiting = files.waiting_in_inbox(config)
    titles = {s.folder: s.title for s in config.series}
    with _followed_lock:
        followed = list(followed_by(request, account.name).uploads)
    earliest = min((f[2] for f in followed), default=station.now())
    events = programmes_views.events_for_names(station.engine, [f[1] for f in followed], earliest)
    open_requests = {r.id for r in programmes_views.open_programme_requests(station.engine)}
    items = []
    for folder, name, since, held in reversed(followed):
        event = next((e for e in reversed(events) if e.source_name == name and e.at >= since), None)
        state, detail, pid = "gone", "", None
        if held is not None and held in open_requests:
            state = "held"
        elif event is not None and event.outcome == "accepted":
            state, pid = "taken", event.programme_id
            programme = by_id(station.engine, pid) if pid else None
            detail = programme.title if programme else ""
        elif event is not None:
            state = "quarantined"
        elif name in waiting.get(folder, []):
            state = "waiting"
        items.append(
            {
                "series": titles.get(folder, folder),
                "name": name,
                "state": state,
                "detail": detail,
                "id": pid,
            }
        )
    followed_names = {(f[0], f[1]) for f in followed}
    others = [
        {
            "series": titles.get(folder, folder),
            "name": n,
            "state": "waiting",
            "detail": "",
            "id": None,
        }
        for folder, names in waiting.items()
        for n in names
        if (folder, n) not in followed_names
    ]
    return {"pending": items + others}


@router.get("/chuong-trinh/cho-nhan", include_in_schema=False)
def pending_fragment(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    values = _pending(request, account)
    reply = web.page(request, "_programmes_pending.html", account=account, **values)
    taken = sorted(str(i["id"]) for i in values["pending"] if i["state"] == "taken")
    followed = followed_by(request, account.name)
    with _followed_lock:
        changed, followed.taken_seen = taken != followed.taken_seen, taken
    if changed:
        # A file was taken in since the last look: the library table reloads itself.
        reply.headers["HX-Trigger"] = "library-changed"
    return reply


# ---- listening ----------------------------------------------------------------------------
def library_file(station: web.ConsoleState, pid: int) -> Path:
    """The programme's file, only if it is inside the library folder (no link, no `..`)."""
    programme = by_id(station.engine, pid)
    if programme is None:
        raise HTTPException(404, i18n.t("programme.unknown", id=pid))
    root = station.config.paths.library.resolve()
    path = station.config.paths.library / programme.file_name
    try:
        inside = path.resolve().relative_to(root)
    except (ValueError, OSError):
        inside = None
    if inside is None or is_link(path) or not path.is_file():
        raise HTTPException(404, i18n.t("console.programmes.no_file", id=pid))
    return path


@router.get("/api/v1/programmes/{pid}/audio", tags=[TAG])
def api_audio(
    request: Request, pid: int, _account: Annotated[web.Account, Depends(web.viewer)]
) -> Response:
    """The programme's file, with HTTP Range (a player seeks without fetching it all)."""
    path = library_file(web.station_of(request), pid)
    return FileResponse(path, filename=path.name, content_disposition_type="inline")


# ---- changes: title, withdraw, move, replace ---------------------------------------------
class ProgrammeTitleBody(BaseModel):
    title: str
    reason: str


class ProgrammeReasonBody(BaseModel):
    reason: str


class ProgrammeMoveBody(BaseModel):
    period: str
    reason: str


def _replan(station: web.ConsoleState) -> None:
    """As the command does: the plan shows the change at once."""
    replan(station.engine, station.config, station.now(), station.config.player.preroll)


def change(request: Request, account: web.Account, pid: int, action: str, **fields: str) -> str:
    """One change through the station's own function; the line saying what was done."""
    station = web.station_of(request)
    engine, config, now = station.engine, station.config, station.now()
    target = f"#{pid}"
    try:
        if action == "title":
            old, new = library.retitle(
                engine, config, pid, fields["title"], fields["reason"], account.name, now
            )
            line = i18n.t("programme.retitled", id=pid, old=old, new=new)
            detail = f"{old} → {new}"
        elif action == "withdraw":
            done = withdraw(engine, config, pid, fields["reason"], account.name, now)
            _replan(station)
            if done.archived is not None:
                line = i18n.t(
                    "console.programmes.withdrawn",
                    id=pid,
                    title=done.programme.title,
                    removed=done.removed,
                )
            else:
                why = i18n.t(done.kept_reason or "programme.file_gone")
                line = i18n.t(
                    "programme.withdrawn_kept",
                    id=pid,
                    title=done.programme.title,
                    removed=done.removed,
                    why=why,
                )
            detail = f"removed {done.removed}"
        elif action == "move":
            moved = library.move(
                engine, config, pid, fields["period"], fields["reason"], account.name, now
            )
            _replan(station)
            old = show_period(moved.old) if moved.old else i18n.t("programme.no_period")
            line = i18n.t(
                "programme.moved",
                id=pid,
                title=moved.programme.title,
                old=old,
                new=show_period(moved.new),
            )
            detail = f"{moved.old.key if moved.old else ''} → {moved.new.key}"
        else:
            raise HTTPException(404, i18n.t("console.not_found"))
    except BroadcasterError as exc:
        web.audit(request, f"programme_{action}", target=target, detail=str(exc), outcome="refused")
        raise
    web.audit(request, f"programme_{action}", target=target, detail=f"{detail}; {fields['reason']}")
    return line


def _done(line: str) -> HTMLResponse:
    reply = HTMLResponse(f'<p class="good" role="status">{_escape(line)}</p>')
    reply.headers["HX-Trigger"] = "library-changed"
    return reply


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


@router.post("/chuong-trinh/{pid}/tieu-de", include_in_schema=False)
def title_form(
    request: Request,
    pid: int,
    account: Annotated[web.Account, Depends(web.operator)],
    title: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> HTMLResponse:
    return _done(change(request, account, pid, "title", title=title, reason=reason))


@router.post("/chuong-trinh/{pid}/rut", include_in_schema=False)
def withdraw_form(
    request: Request,
    pid: int,
    account: Annotated[web.Account, Depends(web.operator)],
    reason: Annotated[str, Form()] = "",
) -> HTMLResponse:
    return _done(change(request, account, pid, "withdraw", reason=reason))


@router.post("/chuong-trinh/{pid}/chuyen-ky", include_in_schema=False)
def move_form(
    request: Request,
    pid: int,
    account: Annotated[web.Account, Depends(web.operator)],
    period: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> HTMLResponse:
    return _done(change(request, account, pid, "move", period=period, reason=reason))


@router.post("/api/v1/programmes/{pid}/title", tags=[TAG])
def api_title(
    request: Request,
    pid: int,
    body: ProgrammeTitleBody,
    account: Annotated[web.Account, Depends(web.operator)],
) -> dict[str, str]:
    return {"message": change(request, account, pid, "title", title=body.title, reason=body.reason)}


@router.post("/api/v1/programmes/{pid}/withdraw", tags=[TAG])
def api_withdraw(
    request: Request,
    pid: int,
    body: ProgrammeReasonBody,
    account: Annotated[web.Account, Depends(web.operator)],
) -> dict[str, str]:
    return {"message": change(request, account, pid, "withdraw", reason=body.reason)}


@router.post("/api/v1/programmes/{pid}/move", tags=[TAG])
def api_move(
    request: Request,
    pid: int,
    body: ProgrammeMoveBody,
    account: Annotated[web.Account, Depends(web.operator)],
) -> dict[str, str]:
    return {
        "message": change(request, account, pid, "move", period=body.period, reason=body.reason)
    }


@router.post("/api/v1/programmes/{pid}/replace", tags=[TAG], openapi_extra=RAW_FILE)
async def api_replace(
    request: Request, pid: int, account: Annotated[web.Account, Depends(web.operator)]
) -> dict[str, Any]:
    """The request body is the new file (name in `X-File-Name`, the reason in `X-Reason`,
    both percent-encoded UTF-8). It is taken in as `broadcaster programme replace` does:
    the same checks as the inbox, then it takes the old programme's airings to come."""
    station = web.station_of(request)
    config = station.config
    target = f"#{pid}"
    reason = unquote(request.headers.get("x-reason", ""), errors="replace")
    try:
        name = files.upload_name(request.headers.get("x-file-name"))
        config.paths.inbox.mkdir(parents=True, exist_ok=True)
        # A hidden folder in the inbox (same disk as the library; no scan looks in it).
        staging = Path(tempfile.mkdtemp(prefix=files.UPLOAD_PREFIX, dir=config.paths.inbox))
    except (files.ProgrammeFileRefused, OSError) as exc:
        raise _refused(request, "programme_replace", target, exc) from None
    try:
        receiving = await _receive(request, staging, name)
        path = await run_in_threadpool(receiving.finish, name)
        if config.console.approval:
            # Held like an upload: the programme is replaced only when a different
            # approver says yes (release_replacement), with the same checks then.
            return await run_in_threadpool(_hold_replacement, request, account, pid, path, reason)
        done = await run_in_threadpool(
            replace, station.engine, config, station.clock, pid, path, reason, account.name
        )
        await run_in_threadpool(_replan, station)
    except ClientDisconnect:
        web.audit(request, "programme_replace", target=target, detail="cut", outcome="refused")
        raise HTTPException(400, i18n.t("console.programmes.cut")) from None
    except (BroadcasterError, OSError) as exc:
        raise _refused(request, "programme_replace", target, exc) from None
    finally:
        await asyncio.to_thread(shutil.rmtree, staging, True)
    line = replaced_line(pid, done)
    web.audit(request, "programme_replace", target=target, detail=f"→ #{done.new.id}; {reason}")
    return {"message": line, "new": done.new.id, "taken": done.taken}


def _hold_replacement(
    request: Request, account: web.Account, pid: int, path: Path, reason: str
) -> dict[str, Any]:
    """With `[console] approval`: the replacement file is kept in the holding folder and a
    request written; nothing in the library changes yet. The reason is checked now, so an
    approver never approves what the command would refuse for its words."""
    station = web.station_of(request)
    config = station.config
    target = f"#{pid}"
    try:
        reason, _by = library.check_common(reason, account.name)
        if by_id(station.engine, pid) is None:
            raise ProgrammeRefused("programme.unknown", id=pid)
        held = files.hold_file(config, path)
    except (BroadcasterError, OSError) as exc:
        raise _refused(request, "programme_replace", target, exc) from None
    size = held.stat().st_size
    payload = files.replacement_payload(held, config, pid, path.name, size, reason)
    request_id = console_requests.create_request(
        station.engine, files.REPLACEMENT, payload, account.name, station.now()
    ).id
    line = i18n.t("console.programmes.replace_held", id=pid, name=path.name)
    web.audit(
        request,
        "programme_replace",
        target=target,
        detail=f"{path.name} ({size} B), request {request_id}; {reason}",
    )
    return {"message": line, "state": "held", "request": request_id}


def release_replacement(station: web.ConsoleState, row: ConsoleRequest) -> str:
    """An approver's yes to a held replacement: `broadcaster programme replace` with the
    held file, in the name of the operator who asked. One line."""
    try:
        path, pid, reason = files.held_replacement(station.config, row)
    except files.ProgrammeFileRefused as refused:
        raise BroadcasterError(str(refused)) from None
    done = replace(station.engine, station.config, station.clock, pid, path, reason, row.created_by)
    _replan(station)
    path.unlink(missing_ok=True)  # the library has its copy now
    return replaced_line(pid, done)


def release_programme(station: web.ConsoleState, row: ConsoleRequest) -> str:
    """An approver's yes to a held programme (called by the approvals on the Bản tin page):
    the file goes into its series' inbox, where the daemon's ingester takes it. One line."""
    try:
        path = files.release_programme(station.config, row)
    except files.ProgrammeFileRefused as refused:
        raise BroadcasterError(str(refused)) from None
    return i18n.t("console.programmes.released", name=path.name)


def set_aside_programme(station: web.ConsoleState, row: ConsoleRequest) -> str:
    """An approver's no: the held file is kept in the set-aside folder, never deleted."""
    try:
        path = files.set_aside_held(station.config, row)
    except files.ProgrammeFileRefused as refused:
        raise BroadcasterError(str(refused)) from None
    return path.name
