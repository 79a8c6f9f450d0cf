"""One module per page of the menu (console/web.py MENU), each with its JSON routes."""

from __future__ import annotations

from fastapi import APIRouter

from broadcaster.console.pages import (
    bulletins,
    checks,
    log,
    overview,
    programmes,
    quarantine,
    schedule,
    session,
)

ROUTERS: tuple[APIRouter, ...] = (
    session.router,
    overview.router,
    schedule.router,
    programmes.router,
    quarantine.router,
    bulletins.router,
    log.router,
    checks.router,
)
