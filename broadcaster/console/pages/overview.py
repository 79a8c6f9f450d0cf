"""Tổng quan: on air now, next and last airings, health, warnings; live."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from broadcaster.console import web

router = APIRouter()


@router.get("/", include_in_schema=False)
def overview_page(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    return web.page(request, "overview.html", account=account)
