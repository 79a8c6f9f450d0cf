"""Chương trình: the library, upload, listen, title, withdraw, replace, move."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from broadcaster.console import web
from broadcaster.store.models import ConsoleRequest

router = APIRouter()


@router.get("/chuong-trinh", include_in_schema=False)
def programmes_page(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    return web.page(request, "programmes.html", account=account)


def release_programme(state: web.ConsoleState, request_row: ConsoleRequest) -> str:
    """PLACEHOLDER from the bulletins helper, to be replaced by the programmes page's own:
    release an approved programme request (Bản tin's approvals list calls it); one line."""
    raise NotImplementedError("release_programme belongs to the programmes page")
