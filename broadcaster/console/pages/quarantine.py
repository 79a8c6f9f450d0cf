"""Cách ly: quarantined files with their reasons; retry (back into the inbox, where the
daemon checks the file again); set aside (out of the way, kept: never deleted)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from broadcaster import i18n
from broadcaster.console import programme_files as files
from broadcaster.console import web
from broadcaster.core.rules import Series
from broadcaster.core.vocab import BULLETIN_SERIES
from broadcaster.ingest.files import reason_file
from broadcaster.ingest.names import shown_name
from broadcaster.store import programmes_views

router = APIRouter()
TAG = "quarantine"


@dataclass(frozen=True)
class QuarantinedFile:
    name: str  # the file's name in the quarantine folder (what retry and set-aside take)
    shown: str
    size: int
    at: datetime | None
    outcome: str  # duplicate | rejected | "" (no event: put there by hand)
    series_id: str | None
    series_title: str
    reason: str
    advice: str


def _reason_lines(path: Path, fallback: str) -> tuple[str, str]:
    """(reason, advice) in the operator's language, from the reason file the ingester
    wrote beside the file (each part: a Vietnamese line, then an English one)."""
    reason = reason_file(path)
    try:
        text = reason.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return (fallback if i18n.language() == "en" else "") or i18n.t(
            "console.quarantine.no_reason"
        ), ""
    parts = [p.split("\n") for p in text.strip().split("\n\n")]
    line = 0 if i18n.language() == "vi" else 1
    pick = [p[line] if len(p) > line else p[0] for p in parts]
    if len(pick) >= 3:
        return pick[-2], pick[-1]
    return pick[-1] if pick else i18n.t("console.quarantine.no_reason"), ""


def held_files(station: web.ConsoleState) -> list[QuarantinedFile]:
    config = station.config
    events = programmes_views.latest_quarantine_events(station.engine)
    titles = {s.id: s.title for s in config.series}
    found = []
    for path in files.quarantined_files(config):
        event = events.get(path.name)
        reason, advice = _reason_lines(path, event.reason if event else "")
        series_id = event.series_id if event else None
        found.append(
            QuarantinedFile(
                name=path.name,
                shown=shown_name(path.name),
                size=path.stat().st_size,
                at=event.at if event else None,
                outcome=event.outcome if event else "",
                series_id=series_id,
                series_title=titles.get(series_id or "", "—"),
                reason=reason,
                advice=advice,
            )
        )
    return found


def _values(request: Request) -> dict[str, Any]:
    station = web.station_of(request)
    return {
        "held": held_files(station),
        "series": station.config.series,
        "default_series": station.config.station.default_series,
        "bulletin": BULLETIN_SERIES,
    }


@router.get("/cach-ly", include_in_schema=False)
def quarantine_page(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    return web.page(request, "quarantine.html", account=account, **_values(request))


@router.get("/api/v1/quarantine", tags=[TAG])
def api_quarantine(
    request: Request, _account: Annotated[web.Account, Depends(web.viewer)]
) -> list[dict[str, Any]]:
    return [
        {
            "name": h.name,
            "size": h.size,
            "at": h.at.isoformat() if h.at else None,
            "outcome": h.outcome,
            "series": h.series_id,
            "reason": h.reason,
            "advice": h.advice,
        }
        for h in held_files(web.station_of(request))
    ]


class QuarantineRetryBody(BaseModel):
    series: str | None = None


def _series_for(request: Request, name: str, wanted: str | None) -> Series:
    station = web.station_of(request)
    by_id = station.config.series_by_id()
    event = programmes_views.latest_quarantine_events(station.engine).get(name)
    if event is not None and event.series_id == BULLETIN_SERIES:
        # Its level (the folder it was dropped into) is not kept: dropped again, on the
        # bulletins page, never turned into a programme by a click here.
        raise files.ProgrammeFileRefused("console.quarantine.bulletin")
    chosen = wanted or (event.series_id if event else None)
    series = by_id.get(chosen or "")
    if series is None:
        raise files.ProgrammeFileRefused("console.quarantine.no_series")
    return series


def do_retry(request: Request, name: str, wanted: str | None) -> str:
    try:
        files.quarantined(web.station_of(request).config, name)  # only a listed file
        series = _series_for(request, name, wanted)
        target = files.retry(web.station_of(request).config, name, series)
    except (files.ProgrammeFileRefused, OSError) as exc:
        raise _refused(request, "quarantine_retry", name, exc) from None
    web.audit(request, "quarantine_retry", target=name, detail=f"→ {series.id}/{target.name}")
    return i18n.t("console.quarantine.retried", name=shown_name(name), series=series.title)


def do_set_aside(request: Request, name: str) -> str:
    try:
        target = files.set_aside(web.station_of(request).config, name)
    except (files.ProgrammeFileRefused, OSError) as exc:
        raise _refused(request, "quarantine_set_aside", name, exc) from None
    web.audit(request, "quarantine_set_aside", target=name, detail=f"→ {target}")
    return i18n.t("console.quarantine.set_aside_done", name=shown_name(name))


def _refused(request: Request, action: str, name: str, exc: Exception) -> HTTPException:
    status = getattr(exc, "status", 400)
    line = str(exc) if isinstance(exc, files.ProgrammeFileRefused) else i18n.t("console.error")
    web.audit(request, action, target=name, detail=line, outcome="refused")
    return HTTPException(status, line)


def _list_reply(request: Request, account: web.Account, line: str) -> HTMLResponse:
    return web.page(
        request, "_quarantine_list.html", account=account, done=line, **_values(request)
    )


@router.post("/cach-ly/thu-lai", include_in_schema=False)
def retry_form(
    request: Request,
    account: Annotated[web.Account, Depends(web.operator)],
    name: Annotated[str, Form()],
    series: Annotated[str, Form()] = "",
) -> HTMLResponse:
    return _list_reply(request, account, do_retry(request, name, series or None))


@router.post("/cach-ly/de-rieng", include_in_schema=False)
def set_aside_form(
    request: Request,
    account: Annotated[web.Account, Depends(web.operator)],
    name: Annotated[str, Form()],
) -> HTMLResponse:
    return _list_reply(request, account, do_set_aside(request, name))


@router.post("/api/v1/quarantine/{name}/retry", tags=[TAG])
def api_retry(
    request: Request,
    name: str,
    _account: Annotated[web.Account, Depends(web.operator)],
    body: QuarantineRetryBody | None = None,
) -> dict[str, str]:
    """Back into the inbox folder of its series (or `series`): the daemon checks it again."""
    return {"message": do_retry(request, name, body.series if body else None)}


@router.post("/api/v1/quarantine/{name}/set-aside", tags=[TAG])
def api_set_aside(
    request: Request, name: str, _account: Annotated[web.Account, Depends(web.operator)]
) -> dict[str, str]:
    """Into the archive's set-aside folder, with its reason file (never deleted)."""
    return {"message": do_set_aside(request, name)}
