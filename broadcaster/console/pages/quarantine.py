"""Cách ly: quarantined files with their reasons; retry; set aside."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from broadcaster.console import web

router = APIRouter()


@router.get("/cach-ly", include_in_schema=False)
def quarantine_page(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    return web.page(request, "quarantine.html", account=account)
