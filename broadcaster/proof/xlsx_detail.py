"""The month workbook's detail sheet: every as-run row, in words a supervisor reads (the
series by its Vietnamese name, kind and status as words), with what a checker compares
(the file's SHA-256 and the row's hash, in full) and each correction linked both ways:
the correcting row names the row it corrects, by number, and that row names it back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from xlsxwriter.worksheet import Worksheet

from broadcaster.i18n.display import programme_title
from broadcaster.proof.labels import corrects_label, label, series_label
from broadcaster.proof.xlsx_cells import (
    HASH_WIDTH,
    Formats,
    Grid,
    all_times,
    offset_note,
    page_setup,
    term,
)

# (row field, label key); the first twelve keep the order earlier workbooks had.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("seq", "seq"),
    ("scheduled_at", "scheduled_at"),
    ("started_at", "started_at"),
    ("ended_at", "ended_at"),
    ("series_id", "series"),
    ("title", "programme"),
    ("file_name", "file_name"),
    ("kind", "kind"),
    ("status", "status"),
    ("duration_s", "duration_s"),
    ("played_s", "played_s"),
    ("reason", "reason"),
    ("corrects_uid", "corrects_seq"),
    ("correction", "correction"),
    ("file_sha256", "file_sha256"),
    ("row_hash", "row_hash"),
)
DATETIME_FIELDS = ("scheduled_at", "started_at", "ended_at")
NUMBER_FIELDS = ("seq", "duration_s", "played_s")
WRAPPED_FIELDS = ("title", "file_name", "reason", "correction")
HASH_FIELDS = ("file_sha256", "row_hash")


def detail_sheet(sheet: Worksheet, document: Mapping[str, Any], fmt: Formats, lang: str) -> None:
    rows: Sequence[Mapping[str, Any]] = document.get("rows") or []
    grid = Grid(sheet)
    offsets = offset_note(all_times(rows, DATETIME_FIELDS))
    for column, (field, key) in enumerate(COLUMNS):
        text = label(key, lang)
        if field in DATETIME_FIELDS and offsets:
            text = f"{text} ({offsets})"
        grid.header(0, column, text, fmt.header)
    for column, (field, _) in enumerate(COLUMNS):
        if field in HASH_FIELDS:
            grid.fixed(column, HASH_WIDTH)

    titles = series_titles(document)
    seq_of = {str(r["uid"]): r.get("seq") for r in rows if r.get("uid")}
    corrected_by: dict[str, list[Any]] = {}
    for record in rows:
        if record.get("corrects_uid"):
            corrected_by.setdefault(str(record["corrects_uid"]), []).append(record.get("seq"))

    words = _Words(titles, lang)
    for index, record in enumerate(rows, start=1):
        for column, (field, _) in enumerate(COLUMNS):
            value = _value(record, field, words, seq_of, corrected_by, lang)
            if field in DATETIME_FIELDS:
                if value:
                    grid.moment(index, column, value, fmt.datetime, fmt.text)
            elif field in NUMBER_FIELDS or field == "corrects_uid":
                grid.number(index, column, value, fmt.number)
            elif field in HASH_FIELDS:
                grid.text(index, column, value, fmt.wrap, fit=False)
            else:
                grid.text(index, column, value, fmt.wrap if field in WRAPPED_FIELDS else fmt.text)
    grid.size_columns()
    page_setup(sheet, 0, len(rows), len(COLUMNS) - 1)


def series_titles(document: Mapping[str, Any]) -> dict[str, str]:
    """Each series' title as the plan names it (the rows carry only its id)."""
    titles: dict[str, str] = {}
    plan = document.get("plan")
    sources = [
        *((plan.get("series") if isinstance(plan, Mapping) else None) or []),
        *((document.get("summary") or {}).get("series") or []),
    ]
    for series in sources:
        if isinstance(series, Mapping):
            key, title = series.get("id") or series.get("series_id"), series.get("title")
            if key and title:
                titles.setdefault(str(key), str(title))
    return titles


class _Words:
    """The words of the rows' coded values, each worked out once: a year's rows repeat a
    handful of series, titles, kinds and statuses."""

    def __init__(self, titles: Mapping[str, str], lang: str) -> None:
        self.titles, self.lang = titles, lang
        self.memo: dict[tuple[str, Any, Any], str] = {}

    def series(self, series_id: Any, level: Any) -> str:
        key = ("series", series_id, level)
        if key not in self.memo:
            name = str(series_id or "")
            self.memo[key] = series_label(name, self.titles.get(name), self.lang, level or None)
        return self.memo[key]

    def title(self, title: Any) -> str:
        key = ("title", title, None)
        if key not in self.memo:
            self.memo[key] = programme_title(str(title or ""))
        return self.memo[key]

    def term(self, field: str, value: Any) -> str:
        key = (field, value, None)
        if key not in self.memo:
            self.memo[key] = term(field, value, self.lang)
        return self.memo[key]


def _value(
    record: Mapping[str, Any],
    field: str,
    words: _Words,
    seq_of: Mapping[str, Any],
    corrected_by: Mapping[str, list[Any]],
    lang: str,
) -> Any:
    if field == "series_id":
        return words.series(record.get("series_id"), record.get("priority"))
    if field == "title":
        return words.title(record.get("title"))
    if field in ("kind", "status"):
        value = record.get(field)
        return words.term(field, value) if value else None
    if field == "corrects_uid":
        # The seq of the row corrected, when it is in this month's rows.
        return seq_of.get(str(record.get("corrects_uid") or ""))
    if field == "correction":
        notes = []
        target = seq_of.get(str(record.get("corrects_uid") or ""))
        if target is not None:
            notes.append(corrects_label(target, lang))
        for seq in corrected_by.get(str(record.get("uid") or ""), []):
            notes.append(label("corrected_by", lang).format(seq=seq))
        return "; ".join(notes)
    return record.get(field)
