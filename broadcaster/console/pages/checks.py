"""Kiểm tra: the doctor's checks (ops/doctor.py, what `broadcaster doctor` runs).

What runs from a web request, and why:

- every doctor check but the audio output runs when the page is first opened and again on
  an operator's "Kiểm tra lại": they read (libVLC's version, ffmpeg -version, the disk, the
  clock, the database's integrity and chain) or touch only a dot-named temporary file in
  the inbox that the ingester skips, as the doctor does; they take a second or two;
- the audio output check opens the sound device and plays 1,5 s of silence (up to 45 s
  if the sound server hangs). It never runs by itself: the page shows the daemon's own
  note of the output (written at every airing) instead, and an operator can ask for the
  real check with its own button, refused while an airing is on air or one is due within
  `AUDIO_CLEAR`: on a sound card opened directly (ALSA hw) the probe could keep the device
  from the airing.

The results are kept in the console's memory (app.state) with when and by whom they ran:
a viewer sees the last results, only an operator runs them again. Each run is audited.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from broadcaster import i18n
from broadcaster.console import web
from broadcaster.i18n import display
from broadcaster.ops.doctor import Check, audio_check, run_checks
from broadcaster.station.now_playing import on_air_data
from broadcaster.station.views import airings_data, audio_health

router = APIRouter()

# No audio test while an airing starts within this (the preroll opens the device first).
AUDIO_CLEAR = timedelta(minutes=2)


@dataclass
class Run:
    checks: list[Check]
    at: datetime
    by: str  # the account that asked; "" when the page's first opening ran them


@dataclass
class Results:
    run: Run | None = None
    audio: Run | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    audio_lock: threading.Lock = field(default_factory=threading.Lock)


def results_of(request: Request) -> Results:
    state = request.app.state
    if not hasattr(state, "doctor"):
        state.doctor = Results()
    results: Results = state.doctor
    return results


def _run(request: Request, by: str, unless_done: bool = False) -> Run:
    station = web.station_of(request)
    results = results_of(request)
    with results.lock:  # two clicks at once: one run, then the other
        if unless_done and results.run is not None:
            return results.run  # two first openings at once: one run
        checks = run_checks(station.config, station.clock, audio=False)
        results.run = Run(checks, station.now(), by)
        return results.run


def _current(request: Request) -> Run:
    results = results_of(request)
    return results.run or _run(request, "", unless_done=True)


def _check_data(check: Check) -> dict[str, Any]:
    return asdict(check)


def checks_data(request: Request) -> dict[str, Any]:
    station = web.station_of(request)
    run = _current(request)
    audio = results_of(request).audio
    tz = station.config.station.tz
    return {
        "checked_at": run.at.astimezone(tz).isoformat(),
        "checked_by": run.by or None,
        "checks": [_check_data(c) for c in run.checks],
        "failed": sum(1 for c in run.checks if not c.ok),
        # The daemon's note of the output at its last airing (not a test run now).
        "audio_noted": audio_health(station.engine, station.config),
        "audio_test": None
        if audio is None
        else {
            "checked_at": audio.at.astimezone(tz).isoformat(),
            "checked_by": audio.by,
            **_check_data(audio.checks[0]),
        },
    }


def _values(request: Request) -> dict[str, Any]:
    station = web.station_of(request)
    run = _current(request)
    results = results_of(request)
    tz = station.config.station.tz
    noted = audio_health(station.engine, station.config)
    who = run.by or i18n.t("console.checks.ran_by_page")
    return {
        "run": run,
        "ran_at": i18n.t(
            "console.checks.ran_at", at=display.date_time(run.at, tz, seconds=True), who=who
        ),
        "failed": sum(1 for c in run.checks if not c.ok),
        "noted": noted,
        "audio": results.audio,
        "audio_at": ""
        if results.audio is None
        else i18n.t(
            "console.checks.ran_at",
            at=display.date_time(results.audio.at, tz, seconds=True),
            who=results.audio.by,
        ),
    }


def _reply(request: Request) -> Response:
    if request.headers.get("hx-request"):
        return web.page(request, "checks_results.html", **_values(request))
    return RedirectResponse("/kiem-tra", status_code=303)


def _audio_refusal(request: Request) -> str | None:
    """Why the audio output may not be tested now, or None."""
    station = web.station_of(request)
    now = station.now()
    if on_air_data(station.engine, station.config, now) is not None:
        return i18n.t("console.checks.audio_on_air")
    upcoming = airings_data(station.engine, station.config, now, last=0)["next"]
    for item in upcoming:
        slot = datetime.fromisoformat(item["slot_at"])
        if slot - now <= AUDIO_CLEAR + station.config.player.preroll:
            return i18n.t("console.checks.audio_on_air")
    return None


def _test_audio(request: Request, account: web.Account) -> Run:
    station = web.station_of(request)
    results = results_of(request)
    refusal = _audio_refusal(request)
    if refusal is not None:
        web.audit(request, "checks.audio", detail=refusal, outcome="refused")
        raise HTTPException(409, refusal)
    if not results.audio_lock.acquire(blocking=False):
        message = i18n.t("console.checks.audio_busy")
        web.audit(request, "checks.audio", detail=message, outcome="refused")
        raise HTTPException(409, message)
    try:
        check = audio_check(station.config, station.clock)
        results.audio = Run([check], station.now(), account.name)
    finally:
        results.audio_lock.release()
    web.audit(request, "checks.audio", detail=check.detail, outcome="ok" if check.ok else "failed")
    return results.audio


# web.operator writes a viewer's refusal to the audit log ("forbidden", with the route).
RUN = AUDIO = web.operator


@router.get("/kiem-tra", include_in_schema=False)
def checks_page(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    return web.page(request, "checks.html", account=account, **_values(request))


@router.post("/kiem-tra/chay", include_in_schema=False)
def run_again(request: Request, account: Annotated[web.Account, Depends(RUN)]) -> Response:
    run = _run(request, account.name)
    failed = sum(1 for c in run.checks if not c.ok)
    web.audit(request, "checks.run", detail=f"{failed}/{len(run.checks)}")
    return _reply(request)


@router.post("/kiem-tra/am-thanh", include_in_schema=False)
def audio_page(request: Request, account: Annotated[web.Account, Depends(AUDIO)]) -> Response:
    _test_audio(request, account)
    return _reply(request)


@router.get("/api/v1/checks", tags=["checks"])
def checks_json(
    request: Request, _account: Annotated[web.Account, Depends(web.viewer)]
) -> dict[str, Any]:
    """The doctor's checks as last run (run once when nobody has yet), audio output apart."""
    return checks_data(request)


@router.post("/api/v1/checks/run", tags=["checks"])
def run_again_json(
    request: Request, account: Annotated[web.Account, Depends(RUN)]
) -> dict[str, Any]:
    """Run the doctor's checks again (all but the audio output)."""
    run = _run(request, account.name)
    failed = sum(1 for c in run.checks if not c.ok)
    web.audit(request, "checks.run", detail=f"{failed}/{len(run.checks)}")
    return checks_data(request)


@router.post("/api/v1/checks/audio", tags=["checks"])
def audio_json(request: Request, account: Annotated[web.Account, Depends(AUDIO)]) -> dict[str, Any]:
    """Test the audio output (1,5 s of silence); 409 while an airing is on air or due."""
    _test_audio(request, account)
    return checks_data(request)
