"""Chương trình: the library, upload, listen, title, withdraw, replace, move."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from broadcaster.console import web

router = APIRouter()


@router.get("/chuong-trinh", include_in_schema=False)
def programmes_page(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    return web.page(request, "programmes.html", account=account)
