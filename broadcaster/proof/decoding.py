"""Reading an input's bytes as JSON or as the rows of an export's CSV, as a stranger may
have made them: whatever the bytes, the answer is the value or `InputRefused` ("cannot check"),
never a traceback."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from broadcaster.errors import InputRefused
from broadcaster.i18n import t
from broadcaster.proof.csv_out import restore
from broadcaster.proof.month import ROW_FIELDS

# Parsing a hostile file may raise any of these; each means "cannot read it", never a crash.
UNREADABLE = (ValueError, TypeError, KeyError, RecursionError, OverflowError, csv.Error)


def parse_json(data: bytes, source: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, *UNREADABLE) as exc:
        raise InputRefused(t("verify.unreadable", source=source, detail=short(exc))) from None


def short(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__).splitlines()[0][:200]


def csv_rows(data: bytes, source: str) -> list[dict[str, Any]]:
    try:
        reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        header = next(reader, None)
        if header != list(ROW_FIELDS):
            raise InputRefused(t("verify.not_export", source=source))
        rows = []
        for cells in reader:
            if len(cells) != len(ROW_FIELDS):
                rows.append({"seq": None})  # a cut or padded line: the shape check names it
                continue
            rows.append({k: restore(k, v) for k, v in zip(ROW_FIELDS, cells, strict=True)})
        return rows
    except (UnicodeDecodeError, *UNREADABLE) as exc:
        raise InputRefused(t("verify.unreadable", source=source, detail=short(exc))) from None
