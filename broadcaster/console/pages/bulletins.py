"""Bản tin: send a bulletin at each TT 39 level; the emergency button; approval.

A bulletin sent here goes through `station.bulletins.announce`, the function
`broadcaster announce` calls, with the same refusals; the running daemon airs what it
plans. The uploaded file is written under a fresh folder of `var/console-uploads` with a
cleaned name (a hostile name never reaches a path), then copied into the library by
`announce` and removed.

With `[console] approval`, a bulletin waits as a `console_request` row and its file in
`var/console-held/` (never the inbox, which the daemon takes from) until an account with
the approver role, not the one who entered it, approves it; then it is announced. A
rejected one keeps its file there, with the reason on the row. With
`emergency_skips_approval`, an emergency bulletin airs at once all the same.
"""

from __future__ import annotations

import re
import shutil
import threading
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.datastructures import UploadFile

from broadcaster import i18n
from broadcaster.config import Config
from broadcaster.console import web
from broadcaster.core.vocab import Kind, Priority
from broadcaster.errors import BroadcasterError, BulletinRejected
from broadcaster.i18n import display
from broadcaster.station.bulletins import announce, bulletin_time
from broadcaster.store import console_requests as requests
from broadcaster.store.bulletin_views import BulletinRow, bulletin_airing, recent_bulletins
from broadcaster.store.models import ConsoleRequest

router = APIRouter()
TAG: list[str | Enum] = ["bulletins"]
BULLETIN = "bulletin"
PROGRAMME = "programme"
REPLACEMENT = "programme_replace"  # a programme's new file (console/programme_files.py)
NAME_MAX = 120
CHUNK = 1 << 20
MULTIPART_SLACK = 64 * 1024  # a form's boundaries and fields around the file
# Approvals are decided one at a time in this process: two approvers clicking at once
# cannot announce the same request twice.
_DECIDING = threading.Lock()


# ---- where files go ------------------------------------------------------------------


def held_folder(config: Config) -> Path:
    """Bulletins waiting for approval (and rejected ones, kept): beside the config."""
    return config.source.resolve().parent / "var" / "console-held"


def upload_folder(config: Config) -> Path:
    return config.source.resolve().parent / "var" / "console-uploads"


def clean_name(raw: str | None) -> str:
    """The uploaded file's name as a plain file name: no folder part (either slash), no
    control characters, no leading dots, at most NAME_MAX characters, never empty."""
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().lstrip(".")
    if len(name) > NAME_MAX:
        stem, dot, suffix = name.rpartition(".")
        keep = suffix[:10] if dot else ""
        name = (stem if dot else name)[: NAME_MAX - len(keep) - 1] + ("." + keep if keep else "")
    return name.strip() or "ban-tin"


def _limit_bytes(config: Config) -> int:
    return config.console.upload_max_mb * 1024 * 1024


def _too_big(config: Config) -> HTTPException:
    return HTTPException(413, i18n.t("console.bulletins.too_big", mb=config.console.upload_max_mb))


@dataclass
class Upload:
    path: Path  # inside a fresh folder of upload_folder()
    name: str
    fields: dict[str, str]

    def discard(self) -> None:
        shutil.rmtree(self.path.parent, ignore_errors=True)


async def receive_upload(request: Request, config: Config) -> Upload:
    """The file of a multipart form (field `file`, other fields beside it) or a raw body
    (name in the `X-File-Name` header or `name` query field, the rest in the query).
    Refused with 413 beyond `[console] upload_max_mb`, without keeping any of it."""
    limit = _limit_bytes(config)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MULTIPART_SLACK:
        raise _too_big(config)
    folder = upload_folder(config) / uuid.uuid4().hex
    content_type = request.headers.get("content-type", "")
    fields: dict[str, str] = {k: v for k, v in request.query_params.items()}
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await request.form(max_files=1, max_fields=20)
        file = form.get("file")
        fields.update({k: v for k, v in form.items() if isinstance(v, str)})
        if not isinstance(file, UploadFile) or not file.filename:
            raise HTTPException(400, i18n.t("console.bulletins.no_file"))
        upload = Upload(folder / clean_name(file.filename), "", fields)
        upload.name = upload.path.name
        folder.mkdir(parents=True)
        written = 0
        try:
            with upload.path.open("wb") as out:
                while chunk := await file.read(CHUNK):
                    written += len(chunk)
                    if written > limit:
                        raise _too_big(config)
                    out.write(chunk)
        except BaseException:
            upload.discard()
            raise
    else:
        raw = request.headers.get("x-file-name") or fields.get("name")
        upload = Upload(folder / clean_name(raw), "", fields)
        upload.name = upload.path.name
        folder.mkdir(parents=True)
        written = 0
        try:
            with upload.path.open("wb") as out:
                async for chunk in request.stream():
                    written += len(chunk)
                    if written > limit:
                        raise _too_big(config)
                    out.write(chunk)
        except BaseException:
            upload.discard()
            raise
    if written == 0:
        upload.discard()
        raise HTTPException(400, i18n.t("console.bulletins.no_file"))
    return upload


# ---- what an operator may do, audited when refused -----------------------------------


def sender(request: Request) -> web.Account:
    account = web.viewer(request)
    if not account.can_act:
        web.audit(request, "bulletin.send", target=request.url.path, outcome="refused")
        raise HTTPException(403, i18n.t("console.forbidden"))
    return account


def decider(request: Request) -> web.Account:
    account = web.viewer(request)
    if not account.can_approve:
        web.audit(request, "approval.decide", target=request.url.path, outcome="refused")
        raise HTTPException(403, i18n.t("console.bulletins.approver_only"))
    return account


Sender = Annotated[web.Account, Depends(sender)]
Decider = Annotated[web.Account, Depends(decider)]
Reader = Annotated[web.Account, Depends(web.viewer)]


# ---- sending ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    line: str  # one line in the operator's language
    airing_uid: str | None = None  # planned now
    request_id: int | None = None  # waiting for approval


class Refused(Exception):
    def __init__(self, line: str, status: int = 400) -> None:
        super().__init__(line)
        self.line, self.status = line, status


def level_of(text: str | None) -> Priority:
    try:
        return Priority((text or Priority.NORMAL.value).strip())
    except ValueError:
        raise Refused(i18n.t("console.bulletins.bad_level", got=text)) from None


_DAY_FIRST = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})[\sT]+(\d{1,2}:\d{2}(?::\d{2})?)\s*$")


def iso_of(text: str | None) -> str | None:
    """The form's time as `bulletin_time` reads it: empty is none; 30/11/2026 17:30 (the
    way the operator writes a date) becomes 2026-11-30T17:30; anything else goes as typed
    (HH:MM[:SS], ISO 8601) and is judged there."""
    if text is None or not text.strip():
        return None
    found = _DAY_FIRST.match(text)
    if found is None:
        return text.strip()
    day, month, year, clock = found.groups()
    hour, rest = clock.split(":", 1)
    return f"{year}-{int(month):02d}-{int(day):02d}T{int(hour):02d}:{rest}"


def needs_approval(config: Config, level: Priority) -> bool:
    settings = config.console
    if not settings.approval:
        return False
    return not (level is Priority.EMERGENCY and settings.emergency_skips_approval)


def _announce(
    station: web.ConsoleState, source: Path, name: str, level: Priority, at: datetime | None
) -> Sent:
    """`broadcaster announce`, with its refusals as one line each."""
    config = station.config
    try:
        done = announce(station.engine, config, source, level, station.now(), at)
    except BulletinRejected as exc:
        reason = i18n.t(exc.reason_key, **exc.values)
        raise Refused(i18n.t("announce.rejected", name=name, reason=reason)) from None
    except LookupError:
        raise Refused(i18n.t("console.bulletins.no_slot")) from None
    slot = done.airing.slot_at
    when = display.date_time(slot, config.station.tz, seconds=bool(slot.second))
    line = i18n.t(
        "announce.done",
        title=done.programme.title,
        priority=i18n.t(f"priority.{level.value}"),
        when=when,
    )
    if done.signal_note:
        line = f"{line} ({done.signal_note})"
    return Sent(line, airing_uid=done.airing.uid)


def send_bulletin(
    request: Request, account: web.Account, upload: Upload, level_text: str | None, at_text: str
) -> Sent:
    """Announce the upload, or hold it for approval; audited either way."""
    station = web.station_of(request)
    config = station.config
    try:
        level = level_of(level_text)
        try:
            at = bulletin_time(iso_of(at_text), station.now(), config.station.tz)
        except BroadcasterError as exc:
            raise Refused(str(exc)) from None
        if needs_approval(config, level):
            held = held_folder(config) / uuid.uuid4().hex
            held.mkdir(parents=True)
            shutil.move(upload.path, held / upload.name)
            payload = {
                "file": f"{held.name}/{upload.name}",
                "name": upload.name,
                "level": level.value,
                "at": at.isoformat() if at else None,
            }
            row = requests.create_request(
                station.engine, BULLETIN, payload, account.name, station.now()
            )
            line = i18n.t(
                "console.bulletins.held",
                name=upload.name,
                priority=i18n.t(f"priority.{level.value}"),
            )
            web.audit(request, "bulletin.request", f"request {row.id}", f"{level} {upload.name}")
            return Sent(line, request_id=row.id)
        sent = _announce(station, upload.path, upload.name, level, at)
        web.audit(request, "bulletin.send", sent.airing_uid or "", f"{level} {sent.line}")
        return sent
    except Refused as refused:
        web.audit(request, "bulletin.send", upload.name, refused.line, outcome="refused")
        raise
    finally:
        upload.discard()


# ---- approvals --------------------------------------------------------------------------


def _held_file(config: Config, payload: dict[str, Any]) -> Path | None:
    """The held file of a bulletin request, only ever inside the holding folder."""
    base = held_folder(config).resolve()
    relative = payload.get("file")
    if not isinstance(relative, str):
        return None
    path = (base / relative).resolve()
    return path if path.is_relative_to(base) and path.is_file() else None


def approve(request: Request, account: web.Account, request_id: int) -> str:
    station = web.station_of(request)
    with _DECIDING:
        row = _pending(request, account, request_id, "approval.approve")
        try:
            if row.kind == PROGRAMME:
                from broadcaster.console.pages.programmes import release_programme

                try:
                    line = release_programme(station, row)
                except BroadcasterError as exc:
                    raise Refused(str(exc)) from None
            elif row.kind == REPLACEMENT:
                from broadcaster.console.pages.programmes import release_replacement

                try:
                    line = release_replacement(station, row)
                except BroadcasterError as exc:
                    raise Refused(str(exc)) from None
            elif row.kind == BULLETIN:
                line = _release_bulletin(station, row)
            else:
                raise Refused(i18n.t("console.bulletins.unknown_kind"))
        except Refused as refused:
            web.audit(request, "approval.approve", f"request {request_id}", refused.line, "refused")
            raise
        requests.decide(
            station.engine, request_id, requests.APPROVED, account.name, station.now(), line
        )
    web.audit(request, "approval.approve", f"request {request_id}", line)
    return line


def _release_bulletin(station: web.ConsoleState, row: ConsoleRequest) -> str:
    payload = requests.payload_of(row)
    source = _held_file(station.config, payload)
    if source is None:
        raise Refused(i18n.t("console.bulletins.held_gone"))
    level = level_of(payload.get("level"))
    at = _moment(payload.get("at"))
    if at is not None and at < station.now():
        at = None  # the time asked for has passed while it waited: as soon as it can
    sent = _announce(station, source, source.name, level, at)
    shutil.rmtree(source.parent, ignore_errors=True)  # the library has its copy now
    return sent.line


def reject(request: Request, account: web.Account, request_id: int, reason: str) -> str:
    station = web.station_of(request)
    reason = " ".join(reason.split())[:500]
    with _DECIDING:
        row = _pending(request, account, request_id, "approval.reject")
        if not reason:
            line = i18n.t("console.bulletins.reason_needed")
            web.audit(request, "approval.reject", f"request {request_id}", line, "refused")
            raise Refused(line)
        if row.kind in (PROGRAMME, REPLACEMENT):
            from broadcaster.console.pages.programmes import set_aside_programme

            try:
                set_aside_programme(station, row)  # kept, never deleted
            except BroadcasterError as exc:
                raise Refused(str(exc)) from None
        requests.decide(
            station.engine, request_id, requests.REJECTED, account.name, station.now(), reason
        )
    line = i18n.t("console.bulletins.rejected_done", reason=reason)
    web.audit(request, "approval.reject", f"request {request_id}", reason)
    return line


def _pending(request: Request, account: web.Account, request_id: int, action: str) -> Any:
    row = requests.request_by_id(web.station_of(request).engine, request_id)
    line = None
    status = 400
    if row is None:
        line, status = i18n.t("console.bulletins.no_request"), 404
    elif row.decision is not None:
        line, status = i18n.t("console.bulletins.decided_already"), 409
    elif row.created_by == account.name:
        line, status = i18n.t("console.bulletins.own_request"), 403
    if line is not None:
        web.audit(request, action, f"request {request_id}", line, "refused")
        raise Refused(line, status)
    return row


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


# ---- what the page and the API show -------------------------------------------------------


def airing_view(row: BulletinRow) -> dict[str, Any]:
    return {
        "airing": row.airing_uid,
        "title": row.title,
        "level": row.priority,
        "slot_at": row.slot_at.isoformat(),
        "duration_s": row.duration_s,
        "status": row.status or "planned",
        "started_at": row.started_at.isoformat() if row.started_at else None,
        "reason": row.reason,
    }


def request_view(row: ConsoleRequest) -> dict[str, Any]:
    payload = requests.payload_of(row)
    return {
        "id": row.id,
        "kind": row.kind,
        "name": payload.get("name") or payload.get("title") or "",
        "level": payload.get("level"),
        "at": payload.get("at"),
        "programme": payload.get("programme"),  # a replacement: the programme it replaces
        "reason": payload.get("reason"),
        "created_by": row.created_by,
        "created_at": row.created_at.isoformat(),
        "decision": row.decision,
        "decided_by": row.decided_by,
        "result": row.result,
    }


def _page_values(request: Request) -> dict[str, Any]:
    station = web.station_of(request)
    engine = station.engine
    pending = requests.pending_requests(engine, (BULLETIN, PROGRAMME, REPLACEMENT))
    return {
        "bulletins": recent_bulletins(engine, Kind.BULLETIN),
        "pending": [(row, requests.payload_of(row)) for row in pending],
        "decided": [
            (row, requests.payload_of(row))
            for row in requests.recent_requests(engine, BULLETIN, 10)
            if row.decision is not None
        ],
        "approval": station.config.console.approval,
        "skips": station.config.console.emergency_skips_approval,
        "levels": [Priority.NORMAL, Priority.PRIORITY, Priority.EMERGENCY],
        "moment": _moment,
    }


def _flash(request: Request) -> tuple[str | None, str | None]:
    return request.session.pop("bulletins_said", None), request.session.pop(
        "bulletins_problem", None
    )


def _back(request: Request, said: str | None = None, problem: str | None = None) -> Response:
    if said:
        request.session["bulletins_said"] = said
    if problem:
        request.session["bulletins_problem"] = problem
    return RedirectResponse("/ban-tin", status_code=303)


@router.get("/ban-tin", include_in_schema=False)
def bulletins_page(request: Request, account: Reader, gui: str = "") -> HTMLResponse:
    said, problem = _flash(request)
    sent = bulletin_airing(web.station_of(request).engine, gui) if gui else None
    return web.page(
        request,
        "bulletins.html",
        account=account,
        said=said,
        problem=problem,
        sent=sent,
        **_page_values(request),
    )


@router.get("/ban-tin/cho-duyet", include_in_schema=False)
def approvals_anchor(request: Request, account: Reader) -> Response:
    return RedirectResponse("/ban-tin#cho-duyet", status_code=303)


@router.post("/ban-tin", include_in_schema=False)
async def send_from_page(request: Request, account: Sender) -> Response:
    station = web.station_of(request)
    try:
        upload = await receive_upload(request, station.config)
    except HTTPException as exc:
        web.audit(request, "bulletin.send", "", str(exc.detail), outcome="refused")
        return _back(request, problem=str(exc.detail))
    try:
        sent = send_bulletin(
            request, account, upload, upload.fields.get("level"), upload.fields.get("at", "")
        )
    except Refused as refused:
        return _back(request, problem=refused.line)
    request.session["bulletins_said"] = sent.line
    target = f"/ban-tin?gui={sent.airing_uid}" if sent.airing_uid else "/ban-tin#cho-duyet"
    return RedirectResponse(target, status_code=303)


@router.get("/ban-tin/phat/{uid}", include_in_schema=False)
def airing_fragment(request: Request, account: Reader, uid: str) -> HTMLResponse:
    """The state of one bulletin's airing, polled by the page until it has gone on air."""
    row = bulletin_airing(web.station_of(request).engine, uid)
    if row is None:
        raise HTTPException(404, i18n.t("console.bulletins.no_airing"))
    return web.page(request, "bulletins_airing.html", account=account, sent=row)


@router.post("/ban-tin/cho-duyet/{request_id}/duyet", include_in_schema=False)
def approve_from_page(request: Request, account: Decider, request_id: int) -> Response:
    try:
        return _back(request, said=approve(request, account, request_id))
    except Refused as refused:
        return _back(request, problem=refused.line)


@router.post("/ban-tin/cho-duyet/{request_id}/tu-choi", include_in_schema=False)
async def reject_from_page(request: Request, account: Decider, request_id: int) -> Response:
    form = await request.form()
    reason = form.get("reason")
    try:
        line = reject(request, account, request_id, reason if isinstance(reason, str) else "")
        return _back(request, said=line)
    except Refused as refused:
        return _back(request, problem=refused.line)


# ---- JSON ----------------------------------------------------------------------------------


class Decision(BaseModel):
    reason: str = ""


def _refused(refused: Refused) -> HTTPException:
    return HTTPException(refused.status, refused.line)


@router.post("/api/v1/bulletins", tags=TAG)
async def send_api(request: Request, account: Sender) -> dict[str, Any]:
    """Send a bulletin: multipart (`file`, `level`, `at`) or the file as the raw body
    (`level`, `at`, `name` in the query). `level`: emergency, priority or normal; `at`:
    HH:MM[:SS] or ISO 8601, optional. With approval on, the reply has `request` instead of
    `airing`."""
    station = web.station_of(request)
    try:
        upload = await receive_upload(request, station.config)
    except HTTPException as exc:
        web.audit(request, "bulletin.send", "", str(exc.detail), outcome="refused")
        raise
    try:
        sent = send_bulletin(
            request, account, upload, upload.fields.get("level"), upload.fields.get("at", "")
        )
    except Refused as refused:
        raise _refused(refused) from None
    airing = bulletin_airing(station.engine, sent.airing_uid) if sent.airing_uid else None
    return {
        "line": sent.line,
        "state": "planned" if airing else "pending",
        "airing": airing_view(airing) if airing else None,
        "request": sent.request_id,
    }


@router.get("/api/v1/bulletins", tags=TAG)
def list_api(request: Request, account: Reader) -> dict[str, Any]:
    """The recent bulletins (latest slot first) with their airing, and those waiting."""
    engine = web.station_of(request).engine
    return {
        "bulletins": [airing_view(r) for r in recent_bulletins(engine, Kind.BULLETIN)],
        "pending": [request_view(r) for r in requests.pending_requests(engine, (BULLETIN,))],
    }


@router.get("/api/v1/bulletins/{uid}", tags=TAG)
def airing_api(request: Request, account: Reader, uid: str) -> dict[str, Any]:
    row = bulletin_airing(web.station_of(request).engine, uid)
    if row is None:
        raise HTTPException(404, i18n.t("console.bulletins.no_airing"))
    return airing_view(row)


@router.get("/api/v1/approvals", tags=TAG)
def approvals_api(request: Request, account: Reader) -> dict[str, Any]:
    """Requests waiting for an approver, bulletins and programmes, oldest first."""
    engine = web.station_of(request).engine
    pending = requests.pending_requests(engine, (BULLETIN, PROGRAMME, REPLACEMENT))
    return {"pending": [request_view(r) for r in pending]}


@router.post("/api/v1/approvals/{request_id}/approve", tags=TAG)
def approve_api(request: Request, account: Decider, request_id: int) -> dict[str, Any]:
    try:
        return {"line": approve(request, account, request_id), "decision": requests.APPROVED}
    except Refused as refused:
        raise _refused(refused) from None


@router.post("/api/v1/approvals/{request_id}/reject", tags=TAG)
def reject_api(
    request: Request, account: Decider, request_id: int, body: Decision
) -> dict[str, Any]:
    try:
        line = reject(request, account, request_id, body.reason)
    except Refused as refused:
        raise _refused(refused) from None
    return {"line": line, "decision": requests.REJECTED}
