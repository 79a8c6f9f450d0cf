"""Bản tin: send a bulletin at each TT 39 level; the emergency button; approval."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from broadcaster.console import web

router = APIRouter()


@router.get("/ban-tin", include_in_schema=False)
def bulletins_page(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    return web.page(request, "bulletins.html", account=account)
