"""Nhật ký: as-run history, corrections, the month's proof pack, verify; the audit log.

- The history is read a page at a time (store/log_views.asrun_page: LIMIT/OFFSET and a
  COUNT on the month's index range), never the year.
- A correction is `broadcaster correct`: a new row appended to the chain that names the row
  it corrects (store/asrun.correct), with the command's own reason rule
  (station/records.correction_reason). The original row is never changed.
- The proof pack is `broadcaster export --month`, run as a process of its own, written into
  a temporary folder for this request, zipped there, streamed, then the folder is removed.
  Its PDF and spreadsheet libraries (fpdf with fontTools, Pillow and lxml; numpy;
  xlsxwriter) are about 45 MB a console would otherwise keep for the rest of its life after
  the first download; a child gives them back when it ends. A pack costs the child's start
  (1–2 s) instead, and one month's pack is kept while its document is unchanged.
- Verify is `broadcaster verify` (proof/verify.verify_path) on the uploaded file(s), saved
  under their plain names in a temporary folder; a zip is read in memory by proof/zipped.py
  and never extracted, so no name in it can write anywhere.
- The audit log (who, when, what, on what, from where, outcome) is the second tab.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from pydantic import BaseModel
from starlette.datastructures import UploadFile

from broadcaster import i18n
from broadcaster._lib.signing import PublicKey, load
from broadcaster.config import Config
from broadcaster.config.schema import has_control
from broadcaster.console import web
from broadcaster.core.periods import MAX_YEAR, MIN_YEAR, month_period, parse_month, this_month
from broadcaster.core.vocab import BULLETIN_SERIES, TEST_SERIES, Status
from broadcaster.errors import BadCorrection, KeyFileError, UserError
from broadcaster.i18n import display
from broadcaster.proof.inputs import DEFAULT_MAX_BYTES, is_plain_name
from broadcaster.proof.labels import series_label
from broadcaster.proof.verify import VerifyReport, verify_path
from broadcaster.station.records import correction_reason, operator_reason
from broadcaster.store import accounts, log_views
from broadcaster.store.asrun import correct
from broadcaster.store.chainhead import key_path
from broadcaster.store.models import AsRunRecord

router = APIRouter()

PAGE_SIZE = 50
MAX_PAGE = 100_000  # more digits than that is no page number
MAX_UPLOAD_FILES = 10  # an export folder is five files
MULTIPART_SLACK = 64 * 1024  # the form's own bytes around the files
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


# ---- reading the filters: every hostile value is one line --------------------------------
def _refuse(key: str, **values: Any) -> HTTPException:
    return HTTPException(400, i18n.t(key, **values))


def _month(value: str | None, now: datetime, config: Config) -> str:
    if value is None or value == "":
        return this_month(now, config.station.tz)
    try:
        year, month = parse_month(value[:20])
    except ValueError:
        raise _refuse("console.log.bad_month", low=MIN_YEAR, high=MAX_YEAR) from None
    if len(value) > 7:
        raise _refuse("console.log.bad_month", low=MIN_YEAR, high=MAX_YEAR)
    return f"{year:04d}-{month:02d}"


def _page_number(value: str | None) -> int:
    if value is None or value == "":
        return 1
    if not (value.isascii() and value.isdigit()) or len(value) > 6 or int(value) < 1:
        raise _refuse("console.log.bad_page")
    return min(int(value), MAX_PAGE)


def _pages(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def _check_page(page: int, total: int) -> None:
    if page > _pages(total):
        raise _refuse("console.log.no_such_page", page=page, pages=_pages(total))


def _series_titles(config: Config) -> dict[str, str]:
    return {s.id: s.title for s in config.series}


def _series_choices(request: Request, month: str) -> list[str]:
    station = web.station_of(request)
    period = month_period(*parse_month(month), station.config.station.tz)
    known = set(_series_titles(station.config)) | {BULLETIN_SERIES, TEST_SERIES}
    known |= set(log_views.series_in(station.engine, period.start, period.end))
    return sorted(known)


def _choice(value: str | None, choices: list[str] | tuple[str, ...], key: str) -> str | None:
    if value is None or value == "":
        return None
    if value not in choices:
        raise _refuse(key)
    return value


@dataclass(frozen=True)
class LogQuery:
    month: str
    series: str | None
    status: str | None
    page: int


def _query(
    request: Request, month: str | None, series: str | None, status: str | None, page: str | None
) -> LogQuery:
    station = web.station_of(request)
    chosen = _month(month, station.now(), station.config)
    return LogQuery(
        chosen,
        _choice(series, _series_choices(request, chosen), "console.log.bad_series"),
        _choice(status, tuple(Status), "console.log.bad_status"),
        _page_number(page),
    )


# ---- the history -------------------------------------------------------------------------
def _row_view(
    record: AsRunRecord, found: log_views.AsRunPage, config: Config, can_correct: bool
) -> dict[str, Any]:
    lang = i18n.language()
    tz = config.station.tz
    corrections = found.corrected_by.get(record.uid, [])
    return {
        "seq": record.seq,
        "uid": record.uid,
        "slot": display.slot(record.scheduled_at, tz, lang),
        "started": ""
        if record.started_at is None
        else display.date_time(record.started_at, tz, seconds=True),
        "scheduled_at": record.scheduled_at.astimezone(tz).isoformat(),
        "started_at": None
        if record.started_at is None
        else record.started_at.astimezone(tz).isoformat(),
        "title": record.title,
        "series_id": record.series_id,
        "series": series_label(
            record.series_id, _series_titles(config).get(record.series_id), lang, record.priority
        ),
        "kind": record.kind,
        "kind_words": display.airing_kind(record.kind, lang=lang),
        "status": record.status,
        "status_words": _status_words(record.status),
        "played_s": record.played_s,
        "played": display.duration(record.played_s),
        "duration": display.duration(record.duration_s),
        "reason": operator_reason(record.reason),
        "corrects_seq": found.corrects_seq.get(record.corrects_uid or "")
        if record.corrects_uid
        else None,
        "is_correction": record.corrects_uid is not None,
        "corrections": [
            {
                "seq": c.seq,
                "status": c.status,
                "status_words": _status_words(c.status),
                "played": display.duration(c.played_s),
                "reason": c.reason,
                "recorded": display.date_time(c.recorded_at, tz),
            }
            for c in corrections
        ],
        "can_correct": can_correct,
    }


def _status_choices() -> list[tuple[str, str]]:
    return [(s.value, _status_words(s.value)) for s in Status]


def _status_words(status: str) -> str:
    key = f"status.{status}"
    return i18n.t(key) if i18n.has(key) else status


def _history(request: Request, query: LogQuery, account: web.Account) -> dict[str, Any]:
    station = web.station_of(request)
    period = month_period(*parse_month(query.month), station.config.station.tz)
    where = log_views.AsRunFilter(period.start, period.end, query.series, query.status)
    found = log_views.asrun_page(station.engine, where, PAGE_SIZE, (query.page - 1) * PAGE_SIZE)
    _check_page(query.page, found.total)
    rows = [_row_view(r, found, station.config, account.can_act) for r in found.rows]
    return {
        "month": query.month,
        "month_words": display.period_label(query.month),
        "series": query.series,
        "status": query.status,
        "page": query.page,
        "pages": _pages(found.total),
        "total": found.total,
        "rows": rows,
    }


def _filters(request: Request, month: str) -> dict[str, Any]:
    station = web.station_of(request)
    titles = _series_titles(station.config)
    lang = i18n.language()
    return {
        "series_choices": [
            (sid, series_label(sid, titles.get(sid), lang))
            for sid in _series_choices(request, month)
        ],
        "status_choices": _status_choices(),
    }


@router.get("/nhat-ky", include_in_schema=False)
def log_page(
    request: Request,
    account: Annotated[web.Account, Depends(web.viewer)],
    month: str | None = None,
    series: str | None = None,
    status: str | None = None,
    page: str | None = None,
) -> HTMLResponse:
    query = _query(request, month, series, status, page)
    history = _history(request, query, account)
    template = "log_history.html" if request.headers.get("hx-request") else "log.html"
    reply = web.page(
        request,
        template,
        account=account,
        tab="history",
        history=history,
        upload_max=display.size(_upload_limit(web.station_of(request).config)),
        **_filters(request, query.month),
    )
    reply.headers["Vary"] = "HX-Request"  # the same address: a whole page or its table
    return reply


@router.get("/api/v1/asrun", tags=["log"])
def api_asrun(
    request: Request,
    account: Annotated[web.Account, Depends(web.viewer)],
    month: str | None = None,
    series: str | None = None,
    status: str | None = None,
    page: str | None = None,
) -> dict[str, Any]:
    """The as-run log of a month, 50 rows a page, newest slot first, filtered by series and
    status; each row with the corrections made of it."""
    history = _history(request, _query(request, month, series, status, page), account)
    keep = (
        "seq",
        "uid",
        "scheduled_at",
        "started_at",
        "title",
        "series_id",
        "series",
        "kind",
        "status",
        "status_words",
        "played_s",
        "reason",
        "corrects_seq",
        "corrections",
    )
    history["rows"] = [{k: row[k] for k in keep} for row in history["rows"]]
    return history


# ---- corrections -------------------------------------------------------------------------
class LogCorrectionBody(BaseModel):
    status: str
    reason: str
    played_s: float | None = None


def _correct(
    request: Request, account: web.Account, seq: int, status: str, reason: str, played: Any
) -> AsRunRecord:
    """Append the correction, or one line; every attempt is in the audit log."""
    target = f"seq {seq}"
    if not account.can_act:
        web.audit(request, "correct", target, i18n.t("console.forbidden"), outcome="refused")
        raise HTTPException(403, i18n.t("console.forbidden"))
    station = web.station_of(request)
    try:
        if status not in tuple(Status):
            raise _refuse("console.log.bad_status")
        played_s = _seconds(played)
        text = correction_reason(reason if isinstance(reason, str) else "")
        record = correct(station.engine, str(seq), Status(status), text, played_s, station.now())
    except LookupError:
        line = i18n.t("correct.not_found", row=seq)
        web.audit(request, "correct", target, line, outcome="refused")
        raise HTTPException(404, line) from None
    except (UserError, BadCorrection) as exc:
        web.audit(request, "correct", target, outcome="refused", detail=exc.line())
        raise HTTPException(400, exc.line()) from None
    except HTTPException as exc:
        web.audit(request, "correct", target, outcome="refused", detail=str(exc.detail))
        raise
    web.audit(request, "correct", target, detail=f"{status}: {text}"[:2000])
    return record


def _seconds(value: Any) -> float | None:
    """Played seconds as typed: '' none, '312', '312,5'; or the m:ss of the table."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip().replace(",", ".")[:20]
    try:
        if ":" in text:
            total = 0.0
            for part in text.split(":"):
                total = total * 60 + float(part)
            return total
        return float(text)
    except ValueError:
        raise _refuse("console.log.bad_played") from None


@router.post("/nhat-ky/{seq}/dinh-chinh", include_in_schema=False)
async def correct_form(
    request: Request, seq: int, account: Annotated[web.Account, Depends(web.operator)]
) -> Response:
    form = await request.form()
    status, reason, played = form.get("status"), form.get("reason"), form.get("played")
    _correct(
        request,
        account,
        seq,
        status if isinstance(status, str) else "",
        reason if isinstance(reason, str) else "",
        played if isinstance(played, str) else None,
    )
    if not request.headers.get("hx-request"):  # a form posted without htmx: back to the log
        return RedirectResponse("/nhat-ky", status_code=303)
    return _row_fragment(request, account, seq)


def _row_fragment(request: Request, account: web.Account, seq: int) -> HTMLResponse:
    """The corrected row again (with its new correction under it), for htmx to swap."""
    station = web.station_of(request)
    record = log_views.asrun_row(station.engine, seq)
    if record is None:
        raise HTTPException(404, i18n.t("correct.not_found", row=seq))
    full = log_views.rows_page(station.engine, [record])
    row = _row_view(record, full, station.config, account.can_act)
    return web.page(
        request,
        "log_row.html",
        account=account,
        row=row,
        status_choices=_status_choices(),
    )


@router.post("/api/v1/asrun/{seq}/correction", tags=["log"])
def api_correct(
    request: Request,
    seq: int,
    body: LogCorrectionBody,
    account: Annotated[web.Account, Depends(web.operator)],
) -> dict[str, Any]:
    """Correct row `seq` with a new row (the original is never changed): operator only,
    reason required; the same rules as `broadcaster correct`."""
    record = _correct(request, account, seq, body.status, body.reason, body.played_s)
    return {
        "seq": record.seq,
        "corrects_seq": seq,
        "status": record.status,
        "played_s": record.played_s,
        "reason": record.reason,
    }


# ---- the proof pack ----------------------------------------------------------------------
def _ascii(text: str) -> str:
    return _SAFE_NAME.sub("-", text).strip("-.") or "dai"


class _PackFailed(Exception):
    """The export could not be made; `detail` is its own one line."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail.rstrip(".")  # the message around it ends the sentence


EXPORT_TIMEOUT_S = 600.0  # a station-year's twelve months take well under a minute


def export_command(config: Config, period: str, target: Path) -> list[str]:
    """`broadcaster export` of one month (YYYY-MM) into the folder `target`, or of a year
    (YYYY) into one folder per month under it, as a technician runs it."""
    which = "--year" if len(period) == 4 else "--month"
    return [
        sys.executable,
        "-m",
        "broadcaster",
        "--config",
        str(config.source),
        "export",
        which,
        period,
        "--lang",
        config.station.language,
        "-o",
        str(target),
    ]


def _export(config: Config, period: str, target: Path) -> None:
    try:
        done = subprocess.run(
            export_command(config, period, target),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=EXPORT_TIMEOUT_S,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise _PackFailed(i18n.t("console.log.pack_slow", seconds=int(EXPORT_TIMEOUT_S))) from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _PackFailed(lines[-1] if lines else f"exit {done.returncode}")


def _zipped(station: web.ConsoleState, period: str) -> bytes:
    """`broadcaster export` of the month or year into a temporary folder, zipped; the
    folder goes at once."""
    config = station.config
    folder = Path(tempfile.mkdtemp(prefix="broadcaster-pack-"))
    try:
        pack = folder / "pack"
        # The folder names are the command's own: <station>-<YYYY-MM>.
        _export(
            config, period, pack if len(period) == 4 else pack / f"{config.station.id}-{period}"
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for path in sorted(pack.rglob("*")):
                if path.is_file():
                    out.write(path, path.relative_to(pack).as_posix())
        return buffer.getvalue()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class _Made:
    """The last pack made of a month: how many downloads had been asked for when its
    export began, and when (the station's monotonic clock); of which document."""

    began: int
    at: float
    digest: str
    content: bytes


_KEEP_S = 5.0  # an unchanged document's pack is served again for this long
_KEEP_PACKS = 4  # months (and languages) whose last pack is kept


def _month_pack(station: web.ConsoleState, month: str, asked: int) -> bytes:
    """One month's pack, made by an export that began after the download was asked for
    (`asked`: the number of downloads asked for so far, this one included), or of a
    document that is still the same (without its `generated_at`) and at most `_KEEP_S` old.
    So downloads that waited while a pack was being made share the next one instead of
    each making its own: a pack is always at least as new as the click. Runs on the pack
    thread only (`station.packs` is its own)."""
    from broadcaster.proof.month import build_month

    key = (month, i18n.language())
    made = station.packs.get(key)
    if made is not None and made.began >= asked:
        return made.content
    began = station.packs_asked
    now = station.clock.monotonic()
    document = dict(build_month(station.engine, station.config, month, station.now()))
    document.pop("generated_at", None)
    digest = hashlib.sha256(
        json.dumps(document, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()
    if made is not None and made.digest == digest and now - made.at <= _KEEP_S:
        return made.content
    content = _zipped(station, month)
    station.packs.pop(key, None)
    station.packs[key] = _Made(began, now, digest, content)
    while len(station.packs) > _KEEP_PACKS:  # the oldest made goes first
        station.packs.pop(next(iter(station.packs)))
    return content


def _pack(request: Request, period: str, asked: int) -> Response:
    """The proof pack of a month (YYYY-MM) or a year (YYYY) as a zip download."""
    station = web.station_of(request)
    name = f"nhat-ky-{_ascii(station.config.station.id)}-{period}.zip"
    try:
        if len(period) == 7:
            content = _month_pack(station, period, asked)
        else:
            content = _zipped(station, period)
    except (OSError, _PackFailed) as exc:  # a full disk, an unwritable folder: one line
        detail = exc.detail if isinstance(exc, _PackFailed) else display.failure(exc)
        web.audit(request, "export", period, detail, outcome="refused")
        raise HTTPException(503, i18n.t("console.log.pack_failed", detail=detail)) from None
    except BaseException:
        web.audit(request, "export", period, outcome="refused")
        raise
    web.audit(request, "export", period)
    return Response(
        content,
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


# Packs are made one at a time on a thread of their own, and the request awaits it there:
# a download waiting for its export process (1–2 s) holds none of the page threads, so
# the pages answer meanwhile (with 4 page threads, four waiting downloads stopped every page).
_PACKS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="console-pack")


async def _pack_for(request: Request, month: str | None, year: str | None) -> Response:
    station = web.station_of(request)
    if year:
        if not (year.isascii() and year.isdigit() and len(year) == 4) or not (
            MIN_YEAR <= int(year) <= MAX_YEAR
        ):
            raise _refuse("console.log.bad_year", low=MIN_YEAR, high=MAX_YEAR)
        period = year
    else:
        period = _month(month, station.now(), station.config)
    asked = station.ask_for_pack()
    return await asyncio.wrap_future(_PACKS.submit(_pack, request, period, asked))


@router.get("/nhat-ky/tai-ve", include_in_schema=False)
async def download(
    request: Request,
    _account: Annotated[web.Account, Depends(web.viewer)],
    month: str | None = None,
    year: str | None = None,
) -> Response:
    return await _pack_for(request, month, year)


@router.get("/api/v1/export", tags=["log"], response_class=FileResponse)
async def api_export(
    request: Request,
    _account: Annotated[web.Account, Depends(web.viewer)],
    month: str | None = None,
    year: str | None = None,
) -> Response:
    """The month's proof pack (`broadcaster export --month`) as a zip: the four formats and
    the signed manifest in one folder. With `year=YYYY`: twelve folders, one per month."""
    return await _pack_for(request, month, year)


# ---- verify ------------------------------------------------------------------------------
def _upload_limit(config: Config) -> int:
    return min(config.console.upload_max_mb * 1048576, DEFAULT_MAX_BYTES)


def _station_public(config: Config) -> PublicKey | None:
    """The station's own public key, if it has one (never made here)."""
    db_file = config.paths.database_file or config.source.parent / "var" / "broadcaster.store.db"
    path = key_path(db_file)
    if not path.is_file():
        return None
    try:
        return load(path).public
    except (KeyFileError, OSError):
        return None


def _shown_name(name: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in name)[:120]


async def _saved_upload(request: Request, folder: Path) -> tuple[Path, list[str]]:
    """The uploaded file (or the files of one export folder) saved under their names in
    `folder`; what to verify and the names. One line for anything refused."""
    config = web.station_of(request).config
    limit = _upload_limit(config)
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise HTTPException(411, i18n.t("console.log.upload_no_length"))
    if int(length) > limit + MULTIPART_SLACK:
        raise HTTPException(413, i18n.t("console.log.upload_too_big", limit=display.size(limit)))
    try:
        form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=10)
    except HTTPException:
        raise HTTPException(
            400, i18n.t("console.log.upload_too_many", count=MAX_UPLOAD_FILES)
        ) from None
    except Exception:  # noqa: BLE001 - a broken multipart body: one line, never a traceback
        raise HTTPException(400, i18n.t("console.log.upload_broken")) from None
    files = [f for f in form.getlist("file") if isinstance(f, UploadFile)]
    if not files:
        raise HTTPException(400, i18n.t("console.log.upload_none"))
    pack = folder / "pack"
    pack.mkdir()
    names: list[str] = []
    total = 0
    for upload in files:
        name = upload.filename or ""
        if (
            not is_plain_name(name)
            or has_control(name)
            or name in names
            or len(name.encode("utf-8", "replace")) > 200
            or not name.isprintable()
        ):
            raise HTTPException(400, i18n.t("console.log.upload_bad_name", name=_shown_name(name)))
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise HTTPException(
                400, i18n.t("console.log.upload_bad_name", name=_shown_name(name))
            ) from None
        with (pack / name).open("xb") as out:
            while block := await upload.read(1 << 20):
                total += len(block)
                if total > limit:
                    raise HTTPException(
                        413, i18n.t("console.log.upload_too_big", limit=display.size(limit))
                    )
                out.write(block)
        names.append(name)
    return (pack / names[0] if len(names) == 1 else pack), names


def _verdict_view(verdict: VerifyReport, shown: str, config: Config) -> dict[str, Any]:
    if verdict.problems:
        word, head = "tampered", i18n.t("verify.bad", path=shown, count=len(verdict.problems))
    elif verdict.unchecked:
        word, head = "unchecked", i18n.t("verify.cannot", path=shown)
    else:
        word, head = "intact", i18n.t("verify.ok", path=shown, count=verdict.rows_checked)
    lines = [*verdict.problems, *verdict.unchecked]
    signer = None
    if verdict.signer is not None and word == "intact":
        mine = _station_public(config)
        ours = mine is not None and mine.raw == verdict.signer.raw
        signer = i18n.t(
            "console.log.signer_ours" if ours else "console.log.signer_other",
            station=verdict.station_id or "?",
            fingerprint=verdict.signer.fingerprint,
        )
    return {
        "verdict": word,
        "exit_code": verdict.exit_code,
        "headline": head,
        "lines": lines,
        "signer": signer,
        "rows_checked": verdict.rows_checked,
        "station_id": verdict.station_id,
        "month": verdict.month,
    }


async def _verify(request: Request) -> dict[str, Any]:
    station = web.station_of(request)
    folder = Path(tempfile.mkdtemp(prefix="broadcaster-verify-"))
    names: list[str] = []
    try:
        try:
            target, names = await _saved_upload(request, folder)
        except HTTPException as exc:
            web.audit(request, "verify", ", ".join(names), str(exc.detail), outcome="refused")
            raise
        shown = names[0] if len(names) == 1 else i18n.t("console.log.files", count=len(names))
        verdict = verify_path(target, None, _upload_limit(station.config))
        view = _verdict_view(verdict, _shown_name(shown), station.config)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    web.audit(
        request,
        "verify",
        _shown_name(", ".join(names)),
        f"{view['verdict']}: {(view['lines'] or [''])[0]}"[:2000],
    )
    return view


@router.post("/nhat-ky/kiem-tra", include_in_schema=False)
async def verify_form(
    request: Request, account: Annotated[web.Account, Depends(web.viewer)]
) -> HTMLResponse:
    view = await _verify(request)
    # htmx swaps the verdict into the page; a form posted without it gets a page of its own
    template = "log_verdict.html" if request.headers.get("hx-request") else "log_verdict_page.html"
    return web.page(request, template, account=account, result=view)


@router.post("/api/v1/verify", tags=["log"])
async def api_verify(
    request: Request, _account: Annotated[web.Account, Depends(web.viewer)]
) -> JSONResponse:
    """`broadcaster verify` of an uploaded export: a .zip of its folder, the folder's files
    (several `file` parts), a .json or a .csv. Verdict: intact, tampered or unchecked (the
    exit code of the command: 0, 1, 2), with its lines. Any account; audited."""
    return JSONResponse(await _verify(request))


# ---- the audit log -----------------------------------------------------------------------
def _action_words(action: str) -> str:
    key = f"console.log.action.{action}"
    return i18n.t(key) if i18n.has(key) else action


_SEQ_TARGET = re.compile(r"seq (\d{1,18})")


def _audit_words(action: str, target: str, detail: str) -> tuple[str, str]:
    """This page's own audit rows in the operator's words: "seq 4" is "dòng 4", a status or
    a verdict its word. Other rows are shown as they were written."""
    found = _SEQ_TARGET.fullmatch(target)
    if action == "correct" and found:
        target = i18n.t("console.log.row_number", seq=found.group(1))
    head, colon, rest = detail.partition(": ")
    if action == "correct" and colon and head in tuple(Status):
        detail = f"{_status_words(head)}: {rest}"
    elif action == "verify" and head.rstrip(":") in ("intact", "tampered", "unchecked"):
        word = i18n.t(f"console.log.verdict.{head.rstrip(':')}")
        detail = f"{word}: {rest}" if rest else word
    return target, detail


def _outcome_words(outcome: str) -> str:
    key = f"console.log.outcome.{outcome}"
    return i18n.t(key) if i18n.has(key) else outcome


def _audit(
    request: Request, account: str | None, action: str | None, page: str | None
) -> dict[str, Any]:
    station = web.station_of(request)
    names, actions = log_views.audit_choices(station.engine)
    who = _choice(account, names, "console.log.bad_account")
    what = _choice(action, actions, "console.log.bad_action")
    number = _page_number(page)
    total = log_views.audit_count(station.engine, who, what)
    _check_page(number, total)
    rows = accounts.audit_rows(
        station.engine, accounts.AuditFilter(who, what), PAGE_SIZE, (number - 1) * PAGE_SIZE
    )
    tz = station.config.station.tz
    shown = [_audit_words(r.action, r.target, r.detail) for r in rows]
    return {
        "account": who,
        "action": what,
        "page": number,
        "pages": _pages(total),
        "total": total,
        "accounts": names,
        "actions": [(a, _action_words(a)) for a in actions],
        "rows": [
            {
                "at": display.date_time(r.at, tz, seconds=True),
                "at_iso": r.at.astimezone(tz).isoformat(),
                "account": r.account,
                "action": r.action,
                "action_words": _action_words(r.action),
                "target": r.target,
                "detail": r.detail,
                "target_words": words[0],
                "detail_words": words[1],
                "client": r.client,
                "outcome": r.outcome,
                "outcome_words": _outcome_words(r.outcome),
            }
            for r, words in zip(rows, shown, strict=True)
        ],
    }


@router.get("/nhat-ky/thao-tac", include_in_schema=False)
def audit_page(
    request: Request,
    account: Annotated[web.Account, Depends(web.viewer)],
    who: str | None = None,
    action: str | None = None,
    page: str | None = None,
) -> HTMLResponse:
    audit = _audit(request, who, action, page)
    return web.page(request, "log_audit.html", account=account, tab="audit", audit=audit)


@router.get("/api/v1/audit", tags=["log"])
def api_audit(
    request: Request,
    _account: Annotated[web.Account, Depends(web.viewer)],
    account: str | None = None,
    action: str | None = None,
    page: str | None = None,
) -> dict[str, Any]:
    """The console's audit log, newest first, 50 a page, by account and action."""
    audit = _audit(request, account, action, page)
    for row in audit["rows"]:
        row["at"] = row.pop("at_iso")
        del row["target_words"], row["detail_words"]
    audit["actions"] = [a for a, _ in audit["actions"]]
    return audit
