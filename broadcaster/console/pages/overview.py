"""Tổng quan: on air now, next and last airings, health, warnings; live.

The page is three parts, each refreshed by htmx from its own fragment route, so a poll
costs little:

- on air now (station/now_playing.py: what the airing thread notes every second) and the
  next and last airings (station/views.airings_data, as `broadcaster status` reads them):
  every `LIVE_S` seconds; the elapsed time also moves every second in the page (overview.js);
- health and warnings (views.health_data: a SQLite quick_check, the inbox listed; and the
  station's alerts, which build the month's summary): the heavier part (about 0,1 s on a
  station-year of rows), fetched right after the page loads and every `HEALTH_S` seconds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from broadcaster import i18n
from broadcaster.config import Config
from broadcaster.console import web
from broadcaster.i18n import display
from broadcaster.ops.doctor import check_disk
from broadcaster.station.now_playing import on_air_data
from broadcaster.station.records import operator_reason
from broadcaster.station.views import airings_data, alert_texts, health_data, status_data
from broadcaster.store.state import get_state

router = APIRouter()

LIVE_S = 5  # on air, next and last: the poll of the live part
HEALTH_S = 30  # health and warnings
LAST = 10  # as-run rows shown
# A row cut by a power cut or a kill (records.recover_interrupted), in either language.
_INTERRUPTED = frozenset(i18n.catalogue(lang)["asrun.interrupted"] for lang in i18n.LANGUAGES)


def _when(text: str | None, config: Config) -> str:
    """An ISO moment from the data, as a slot in the operator's words."""
    if not text:
        return ""
    return display.slot(datetime.fromisoformat(text), config.station.tz)


def live_values(station: web.ConsoleState) -> dict[str, Any]:
    config, now = station.config, station.now()
    on_air = on_air_data(station.engine, config, now)
    if on_air is not None:
        on_air["kind_text"] = display.airing_kind(on_air["kind"], on_air["seq"])
        on_air["started_text"] = display.date_time(
            datetime.fromisoformat(on_air["started_at"]), config.station.tz, seconds=True
        )
        total = on_air["duration_s"]
        on_air["percent"] = round(100 * on_air["elapsed_s"] / total, 1) if total else 0
    airings = airings_data(station.engine, config, now, last=LAST)
    if on_air is not None:  # what plays now is not "next", though it has no row yet
        airings["next"] = [
            item
            for item in airings["next"]
            if (item["slot_at"], item["title"]) != (on_air["slot_at"], on_air["title"])
        ]
    for item in airings["next"]:
        item["when"] = _when(item["slot_at"], config)
        item["kind_text"] = display.airing_kind(item["kind"], item["seq"])
    for item in airings["last"]:
        item["when"] = _when(item["scheduled_at"], config)
        item["kind_text"] = display.airing_kind(item["kind"])
        item["status_text"] = i18n.t("status." + item["status"])
        item["reason_text"] = operator_reason(item["reason"])
        item["interrupted"] = item["reason"] in _INTERRUPTED
    return {"on_air": on_air, "next": airings["next"], "last": airings["last"], "live_s": LIVE_S}


def health_values(station: web.ConsoleState) -> dict[str, Any]:
    config, engine, now = station.config, station.engine, station.now()
    health = health_data(engine, config, now)
    rows = []
    for key, label in (
        ("daemon", "health.daemon"),
        ("audio", "health.audio"),
        ("database", "health.database"),
        ("inbox", "health.inbox"),
    ):
        rows.append({"key": key, "label": i18n.t(label), **health[key]})
    beat = get_state(engine, "daemon")
    if beat is not None:
        age = max(0, int((now - beat[1]).total_seconds()))
        rows[0]["age"] = i18n.t("console.overview.heartbeat_age", age=display.duration(age))
    try:
        ok, detail = check_disk(config)
    except OSError as exc:
        ok, detail = False, display.failure(exc)
    rows.insert(2, {"key": "disk", "label": i18n.t("doctor.disk"), "ok": ok, "detail": detail})
    return {"health": rows, "alerts": _alerts(station), "health_s": HEALTH_S}


def _alerts(station: web.ConsoleState) -> list[str]:
    """The station's warnings (every series' month, the library): kept in the memo."""
    return station.memo.get(
        "alerts", lambda: alert_texts(station.engine, station.config, station.now())
    )


@router.get("/", include_in_schema=False)
def overview_page(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    return web.page(
        request, "overview.html", account=account, **live_values(web.station_of(request))
    )


@router.get("/tong-quan/song", include_in_schema=False)
def live_part(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    """The live part (on air, next, last): polled every LIVE_S seconds."""
    return web.page(
        request, "overview_live.html", account=account, **live_values(web.station_of(request))
    )


@router.get("/tong-quan/tinh-trang", include_in_schema=False)
def health_part(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    """Health and warnings: polled every HEALTH_S seconds."""
    return web.page(
        request, "overview_health.html", account=account, **health_values(web.station_of(request))
    )


@router.get("/api/v1/status", tags=["overview"])
def status_json(
    request: Request, _account: Annotated[web.Account, Depends(web.viewer)]
) -> dict[str, Any]:
    """The same data as `broadcaster status --json`."""
    station = web.station_of(request)
    return status_data(station.engine, station.config, station.now(), _alerts(station))


@router.get("/api/v1/on-air", tags=["overview"])
def on_air_json(
    request: Request, _account: Annotated[web.Account, Depends(web.viewer)]
) -> dict[str, Any]:
    """The airing on air now (`on_air` is null when nothing is), as the daemon notes it."""
    station = web.station_of(request)
    now = station.now()
    return {
        "now": now.astimezone(station.config.station.tz).isoformat(),
        "on_air": on_air_data(station.engine, station.config, now),
    }
