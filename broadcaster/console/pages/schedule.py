"""Lịch phát: the month as a calendar, quota badges, a day's list, slot editing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from broadcaster.console import web

router = APIRouter()


@router.get("/lich-phat", include_in_schema=False)
def schedule_page(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    return web.page(request, "schedule.html", account=account)
