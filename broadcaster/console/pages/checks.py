"""Kiểm tra: the doctor's checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from broadcaster.console import web

router = APIRouter()


@router.get("/kiem-tra", include_in_schema=False)
def checks_page(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    return web.page(request, "checks.html", account=account)
