"""Lịch phát: the month as a calendar, quota badges, a day's list, slot editing.

The calendar is the database's truth: planned airings with their as-run status
(`schedule_data`, over `station.views.plan_data`), never a second plan. A series' slots
are changed in its file (`config.series_edit`: the TOML rules check it, the write is
atomic, the old file is kept as `<name>.toml.truoc-YYYYMMDD-HHMMSS`).

How the change reaches the plan: the running daemon reloads `schedules/*.toml` when their
content changes (`station.daemon.schedules_fingerprint`, at each reconcile tick) and
re-plans. The console does not wait for that: it re-plans at once with the same function
and the same freeze as the daemon (`station.replan.replan`, as `broadcaster plan` does
from its own process), so the calendar moves when the operator saves, and the daemon, on
its next tick, reads the same file and reaches the same plan.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from loguru import logger
from pydantic import BaseModel, Field

from broadcaster import i18n
from broadcaster.config import ConfigIssue, load_series
from broadcaster.config.series_edit import SlotChange, change_slots
from broadcaster.console import schedule_data as data
from broadcaster.console import web
from broadcaster.core.periods import this_month
from broadcaster.core.rules import Series
from broadcaster.errors import ConfigError, UserError
from broadcaster.i18n import display
from broadcaster.station.replan import ReplanResult, replan

router = APIRouter()
TAG = "schedule"
ACTION = "series.slots"
MAX_FORM_SLOTS = 1440  # the rules' own limit for all series together (config.limits)
_ROW_KEY = re.compile(r"[0-9a-z]{1,12}")


class SlotIn(BaseModel):
    time: str = Field(max_length=100, description='"06:10", "6h10", "17:15:30" …')
    days: list[Annotated[str, Field(max_length=100)]] | None = Field(
        default=None, max_length=50, description='"mon" … "sun" or "T2" … "CN"; none: every day'
    )


class SlotsIn(BaseModel):
    slots: list[SlotIn] = Field(max_length=MAX_FORM_SLOTS)


# ---- what every route needs ----------------------------------------------------------------


def _operator(request: Request) -> web.Account:
    """An account that may change slots; a viewer's attempt is refused and audited."""
    account = web.viewer(request)
    if not account.can_act:
        target = str(request.path_params.get("series_id", ""))
        web.audit(request, ACTION, target=target, detail=account.role, outcome="refused")
        raise HTTPException(403, i18n.t("console.forbidden"))
    return account


def _month(value: str | None, request: Request) -> str:
    station = web.station_of(request)
    if value is None or value == "":
        return this_month(station.now(), station.config.station.tz)
    try:
        return data.check_month(value)
    except data.BadDate:
        raise HTTPException(400, i18n.t("console.schedule.bad_month", got=value[:20])) from None


def _series_now(request: Request) -> tuple[tuple[Series, ...], list[str]]:
    """The series as their files say now (as the daemon reloads them), and the files'
    problems as lines. Files with errors: the last good series stay (as the daemon keeps
    airing them), and the lines say what to fix."""
    station = web.station_of(request)
    folder = station.config.paths.schedules

    def read() -> tuple[tuple[Series, ...], list[str]]:
        issues: list[ConfigIssue] = []
        found = tuple(load_series(folder, issues))
        return found, [str(i) for i in issues]

    # Read again only when a file changed (the memo's data version and ttl bound it too).
    series, problems = station.memo.get(("series-files", _files_signature(folder)), read)
    if problems:
        return station.config.series, problems
    if series != station.config.series:
        station.config = dataclasses.replace(station.config, series=series)
        station.memo.clear()  # what was derived from the old series
    return station.config.series, []


def _files_signature(folder: Path) -> tuple[Any, ...]:
    """The series files as the disk has them now: names, sizes, change times."""
    try:
        return tuple(
            (f.name, st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
            for f in sorted(folder.glob("*.toml"))
            for st in (f.stat(),)
        )
    except OSError:
        return ("unreadable", id(object()))  # never the same twice: not kept


def _month_airings(station: web.ConsoleState, month: str) -> list[data.Airing]:
    """The month's airings with their status (the month's plan and as-run rows): kept in
    the memo."""
    return station.memo.get(
        ("month-airings", month),
        lambda: data.month_airings(station.engine, station.config, month, station.now()),
    )


def _quotas(station: web.ConsoleState, month: str) -> list[data.Quota]:
    """The month's quotas (the month's proof document, whole tables): kept in the memo."""
    return station.memo.get(
        ("quotas", month),
        lambda: data.quotas(station.engine, station.config, month, station.now()),
    )


def _slot_rows(series: Series) -> list[dict[str, Any]]:
    return [
        {"key": str(n), "time": slot.label(), "days": data.slot_days(slot.days)}
        for n, slot in enumerate(series.slots)
    ]


def _slots_text(slots: Any) -> str:
    return "; ".join(data.slot_text(s.label(), s.days) for s in slots)


def _given_text(slots: list[dict[str, Any]]) -> str:
    shown = []
    for slot in slots:
        days = slot.get("days")
        which = i18n.t("console.schedule.every_day") if days is None else ", ".join(days) or "—"
        shown.append(f"{slot.get('time', '')} ({which})")
    return "; ".join(shown)


def _replan(request: Request) -> ReplanResult | None:
    """Re-plan with the new series, as the daemon does after a reload (its freeze)."""
    station = web.station_of(request)
    freeze = station.config.player.preroll + timedelta(seconds=2)  # as station/daemon.py
    try:
        return replan(station.engine, station.config, station.now(), freeze)
    except Exception as exc:  # noqa: BLE001 - the file is written; the daemon re-plans too
        logger.opt(exception=exc).warning("console: re-plan after a slot change failed")
        return None


def _change(request: Request, series_id: str, slots: list[dict[str, Any]]) -> SlotChange:
    """Write the slots (ConfigError/UserError when refused, audited either way), update the
    console's series and re-plan."""
    station = web.station_of(request)
    local_now = station.now().astimezone(station.config.station.tz)
    try:
        change = change_slots(station.config.paths.schedules, series_id, slots, local_now)
    except (ConfigError, UserError) as exc:
        web.audit(
            request,
            ACTION,
            target=series_id[:64],
            detail=i18n.t("console.schedule.audit_refused", new=_given_text(slots), why=str(exc)),
            outcome="refused",
        )
        raise
    except OSError as exc:  # a full disk, a read-only folder: the old file is still there
        line = i18n.t("console.schedule.write_failed", id=series_id, detail=display.failure(exc))
        web.audit(request, ACTION, target=series_id[:64], detail=line, outcome="failed")
        raise HTTPException(500, line) from None
    station.config = dataclasses.replace(station.config, series=change.all_series)
    station.memo.clear()
    result = _replan(request)
    web.audit(
        request,
        ACTION,
        target=series_id,
        detail=i18n.t(
            "console.schedule.audit_done",
            old=_slots_text(change.before.slots),
            new=_slots_text(change.series.slots),
            kept=change.kept.name,
        ),
    )
    request.state.replan = result
    return change


def _done_line(request: Request, change: SlotChange) -> str:
    station = web.station_of(request)
    result: ReplanResult | None = getattr(request.state, "replan", None)
    seconds = round(station.config.daemon.reconcile_interval.total_seconds())
    interval = i18n.t("console.schedule.seconds", n=seconds)
    if result is None:
        plan = i18n.t("console.schedule.replan_later", interval=interval)
    else:
        plan = i18n.t(
            "console.schedule.replanned",
            new=result.inserted,
            moved=result.moved,
            removed=result.removed,
            interval=interval,
        )
    return i18n.t("console.schedule.saved", kept=change.kept.name) + " " + plan


def _problem_lines(exc: ConfigError | UserError) -> list[str]:
    if isinstance(exc, ConfigError):
        return [str(issue) for issue in exc.issues]
    return [str(exc)]


# ---- pages -------------------------------------------------------------------------------


def _page_values(request: Request, month: str) -> dict[str, Any]:
    station = web.station_of(request)
    series, problems = _series_now(request)
    now = station.now()
    airings = _month_airings(station, month)
    today = now.astimezone(station.config.station.tz).date()
    this = this_month(now, station.config.station.tz)
    return {
        "month": month,
        "month_title": data.period_title(month),
        "previous": data.next_month(month, -1),
        "following": data.next_month(month, 1),
        "this_month": this,
        "weeks": data.weeks(month, airings, today),
        "weekdays": data.WEEK,
        "quotas": _quotas(station, month),
        "series_list": series,
        "series_problems": problems,
        "rows_of": {s.id: _slot_rows(s) for s in series},
        "day": today if month == this else None,
        "day_airings": [a for a in airings if a.day == today],
        "statuses": ("planned", "aired", "partial", "missed", "failed", "unrecorded"),
        "marks": ("makeup", "bulletin", "test"),
    }


@router.get("/lich-phat", include_in_schema=False)
def schedule_page(
    request: Request,
    account: Annotated[web.Account, Depends(web.viewer)],
    thang: str | None = None,
) -> HTMLResponse:
    month = _month(thang, request)
    return web.page(request, "schedule.html", account=account, **_page_values(request, month))


@router.get("/lich-phat/ngay/{day}", include_in_schema=False)
def day_page(
    request: Request, day: str, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    try:
        when = data.check_day(day)
    except data.BadDate:
        raise HTTPException(400, i18n.t("console.schedule.bad_day", got=day[:20])) from None
    station = web.station_of(request)
    airings = data.day_airings(station.engine, station.config, when, station.now())
    values: dict[str, Any] = {
        "day": when,
        "day_airings": airings,
        "month": when.strftime("%Y-%m"),
    }
    if request.headers.get("hx-request"):
        return web.page(request, "schedule_day.html", account=account, **values)
    return web.page(request, "schedule_day_page.html", account=account, **values)


def _form_slots(form: Any) -> list[dict[str, Any]]:
    """The editor's rows: each a key, its time and its day toggles (all seven: every day)."""
    slots = []
    for key in form.getlist("slot")[:MAX_FORM_SLOTS]:
        if not isinstance(key, str) or not _ROW_KEY.fullmatch(key):
            continue
        time = form.get(f"time-{key}")
        days = [d for d in form.getlist(f"day-{key}") if isinstance(d, str)][:7]
        slots.append(
            {
                "key": key,
                "time": time if isinstance(time, str) else "",
                "days": None if set(days) == set(data.WEEK) else days,
            }
        )
    return slots


@router.post("/lich-phat/chuyen-muc/{series_id}/khung-gio", include_in_schema=False)
async def change_form(
    request: Request, series_id: str, account: Annotated[web.Account, Depends(_operator)]
) -> Response:
    form = await request.form()
    rows = _form_slots(form)
    slots = [{"time": r["time"], "days": r["days"]} for r in rows]
    series, _ = _series_now(request)
    found = {s.id: s for s in series}.get(series_id)
    htmx = bool(request.headers.get("hx-request"))
    month = _month(str(form.get("thang") or ""), request)
    try:
        change = _change(request, series_id, slots)
    except (ConfigError, UserError) as exc:
        if found is None:
            raise HTTPException(404, str(exc)) from None
        shown = [{**r, "days": list(data.WEEK) if r["days"] is None else r["days"]} for r in rows]
        refused: dict[str, Any] = {"s": found, "rows": shown, "month": month}
        refused["problems"] = _problem_lines(exc)
        if htmx:
            return web.page(request, "schedule_series.html", 422, account=account, **refused)
        page_values = _page_values(request, month)
        page_values["rows_of"][series_id] = shown
        page_values["problems_of"] = {series_id: _problem_lines(exc)}
        return web.page(request, "schedule.html", 422, account=account, **page_values)
    if not htmx:
        return RedirectResponse(f"/lich-phat?thang={month}#series-{series_id}", status_code=303)
    values: dict[str, Any] = {
        "s": change.series,
        "rows": _slot_rows(change.series),
        "message": _done_line(request, change),
        "month": month,
    }
    reply = web.page(request, "schedule_series.html", account=account, **values)
    reply.headers["HX-Trigger"] = "plan-changed"
    return reply


# ---- JSON ----------------------------------------------------------------------------------


@router.get("/api/v1/schedule", tags=[TAG])
def api_schedule(
    request: Request,
    account: Annotated[web.Account, Depends(web.viewer)],
    month: Annotated[str | None, Query(description="YYYY-MM; this month if left out")] = None,
) -> dict[str, Any]:
    """The month's airings with their status (planned, aired, partial, missed, failed,
    unrecorded; `mark`: makeup, bulletin, test) and each series' quota."""
    chosen = _month(month, request)
    station = web.station_of(request)
    _series_now(request)
    return {
        "month": chosen,
        "airings": [a.as_dict() for a in _month_airings(station, chosen)],
        "quota": [q.as_dict() for q in _quotas(station, chosen)],
    }


def _series_dict(series: Series) -> dict[str, Any]:
    return {
        "id": series.id,
        "title": series.title,
        "file": series.source.name if series.source else None,
        "period": series.period,
        "new_per_period": series.new_per_period,
        "repeats": series.repeats,
        "slots": [
            {"time": slot.label(), "days": data.slot_days(slot.days)} for slot in series.slots
        ],
    }


@router.get("/api/v1/series", tags=[TAG])
def api_series(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> dict[str, Any]:
    """Every series with its slots as its file gives them now, and the files' problems."""
    series, problems = _series_now(request)
    return {"series": [_series_dict(s) for s in series], "problems": problems}


@router.put("/api/v1/series/{series_id}/slots", tags=[TAG])
def api_change_slots(
    request: Request,
    series_id: str,
    body: SlotsIn,
    account: Annotated[web.Account, Depends(_operator)],
) -> Response:
    """Replace the series' slots in its file (checked by the TOML rules, written atomically,
    the old file kept) and re-plan. Refused: 422 with the rules' lines in `problems`."""
    slots = [{"time": s.time, "days": s.days} for s in body.slots]
    try:
        change = _change(request, series_id, slots)
    except ConfigError as exc:
        lines = _problem_lines(exc)
        return JSONResponse({"error": lines[0], "problems": lines}, status_code=422)
    except UserError as exc:
        known = {s.id for s in _series_now(request)[0]}
        status = 404 if series_id not in known else 409
        return JSONResponse({"error": str(exc), "problems": [str(exc)]}, status_code=status)
    result: ReplanResult | None = getattr(request.state, "replan", None)
    return JSONResponse(
        {
            "series": _series_dict(change.series),
            "kept": change.kept.name,
            "message": _done_line(request, change),
            "replan": None
            if result is None
            else {"inserted": result.inserted, "moved": result.moved, "removed": result.removed},
        }
    )
