"""The month's as-run rows as CSV: UTF-8 with BOM (Excel), RFC 4180 quoting, formula-safe.

The header is the machine field names, so `verify` can recompute each row's hash from the
file. A text cell that Excel would run as a formula (starting with =, +, -, @, tab, CR or
NUL; CWE-1236) gets a leading apostrophe; a cell that already starts with an apostrophe
gets one more, so the original is always recovered by removing exactly one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from broadcaster.proof.month import ROW_FIELDS

_RISKY = ("=", "+", "-", "@", "\t", "\r", "\0", "'")
NULLABLE = ("started_at", "ended_at", "corrects_uid", "makeup_of_uid", "priority")


def neutralise(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)  # shortest round-trip form: the hash is recomputed from it
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(_RISKY) else text


def restore(field: str, text: str) -> Any:
    if text.startswith("'"):
        return text[1:]
    if text == "" and field in NULLABLE:
        return None
    return text


def render_csv(document: Mapping[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ROW_FIELDS)
    for row in document["rows"]:
        writer.writerow([neutralise(row[name]) for name in ROW_FIELDS])
    return out.getvalue()


def write_csv(document: Mapping[str, Any], path: Path) -> None:
    path.write_text(render_csv(document), encoding="utf-8-sig", newline="")


def read_csv(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return [{k: restore(k, v) for k, v in row.items()} for row in reader]
