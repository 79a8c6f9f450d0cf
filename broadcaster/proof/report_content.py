"""What the printed and the Word report say, as titled tables of words (pure).

`report_content(report, lang)` reads the report model (report_version 2, see report.py) and
returns the same `Content` to both writers (report_print.py draws it with fpdf, report_docx.py
builds Word tables), so the PDF an office files and the document it edits never disagree.
The summary is (1) each station's totals, (2) each plan series per station, (3) bulletins
by level, apart from any quota, (4) the station × month grid with its legend; the annex
lists every input copy with its check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from broadcaster.core.vocab import Priority
from broadcaster.proof.labels import series_label
from broadcaster.proof.report_model import MONTH_COUNTS
from broadcaster.proof.report_words import (
    COLOURS,
    STATES,
    Rgb,
    clean,
    count,
    day_words,
    hours_minutes,
    month_words,
    state_full,
    state_key,
    state_short,
    title_lines,
    week_words,
    word,
)


@dataclass(frozen=True)
class Column:
    head: str
    share: float  # relative width; the writers scale the shares to the page
    align: str = "L"  # L, C or R


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    fills: tuple[Rgb | None, ...] = ()  # a colour per cell, or none
    bold: bool = False  # a total
    span: bool = False  # one text across the whole width (a group's heading)


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    size: float = 8.5  # the PDF's print size (pt); Word uses its own
    header: bool = True
    keep: bool = False  # a small table (the legend) is never split across pages


Block = str | Table  # a paragraph or a table


@dataclass(frozen=True)
class Part:
    heading: str
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Content:
    title: tuple[str, str]
    intro: tuple[str, ...]
    summary: tuple[Part, ...]  # what the signature certifies
    annex_title: tuple[str, str]
    annex: tuple[Part, ...] = field(default=())


def _n(value: Any, lang: str) -> str:
    return count(value, lang)


def _station_name(station: Mapping[str, Any]) -> str:
    return clean(station.get("name") or station.get("id") or "")


def _overall(report: Mapping[str, Any], lang: str) -> Part:
    columns = (
        Column(word("no", lang), 8, "C"),
        Column(word("station", lang), 33),
        Column(word("airings", lang), 11, "R"),
        Column(word("airtime", lang), 14, "R"),
        Column(word("required", lang), 12, "R"),
        Column(word("done", lang), 12, "R"),
    ) + tuple(Column(word(key, lang), 9.8, "R") for key in MONTH_COUNTS)

    def figures(totals: Mapping[str, Any]) -> tuple[str, ...]:
        return (
            _n(totals.get("airings"), lang),
            hours_minutes(totals.get("airtime_s", 0)),
            _n(totals.get("airings_required"), lang),
            _n(totals.get("airings_done"), lang),
        ) + tuple(_n(totals.get(key), lang) for key in MONTH_COUNTS)

    rows = [
        Row((str(i), _station_name(s)) + figures(s.get("totals", {})))
        for i, s in enumerate(report.get("stations", []), start=1)
    ]
    rows.append(Row(("", word("total", lang)) + figures(report.get("overall", {})), bold=True))
    return Part(word("s1", lang), (Table(columns, tuple(rows)), word("months_note", lang)))


def _weeks(mondays: Sequence[str], lang: str) -> str:
    return "; ".join(week_words(m, lang) for m in mondays)


def _series(report: Mapping[str, Any], lang: str) -> Part:
    columns = (
        Column(word("no", lang), 8, "C"),
        Column(word("station", lang), 34),
        Column(word("series_required", lang), 11, "R"),
        Column(word("series_done", lang), 11, "R"),
        Column(word("airtime", lang), 14, "R"),
        Column(word("months_met", lang), 10, "R"),
        Column(word("weeks_missing", lang), 36),
    )
    rows: list[Row] = []
    for overall in report.get("series", []):
        sid = overall.get("series_id", "")
        period = str(overall.get("period", "month"))
        name = clean(series_label(str(sid), clean(overall.get("title") or sid), lang))
        quota = word(f"period.{period}" if period in ("month", "week") else "period.month", lang)
        rows.append(Row((f"{word('series', lang)}: {name} ({quota})",), span=True))
        number = 0
        for station in report.get("stations", []):
            for own in station.get("series", []):
                if own.get("series_id") != sid:
                    continue
                number += 1
                rows.append(
                    Row(
                        (
                            str(number),
                            _station_name(station),
                            _n(own.get("airings_required"), lang),
                            _n(own.get("airings_done"), lang),
                            hours_minutes(own.get("airtime_s", 0)),
                            _n(own.get("months_met"), lang),
                            _weeks(own.get("weeks_missing", []), lang) if period == "week" else "",
                        )
                    )
                )
        missing = len(overall.get("weeks_missing", []))
        rows.append(
            Row(
                (
                    "",
                    word("subtotal", lang),
                    _n(overall.get("airings_required"), lang),
                    _n(overall.get("airings_done"), lang),
                    hours_minutes(overall.get("airtime_s", 0)),
                    _n(overall.get("months_met"), lang),
                    word("weeks_count", lang).format(count=missing) if period == "week" else "",
                ),
                bold=True,
            )
        )
    if not rows:
        return Part(word("s2", lang), (word("no_series", lang),))
    return Part(word("s2", lang), (Table(columns, tuple(rows)),))


def _bulletins(report: Mapping[str, Any], lang: str) -> Part:
    columns = (
        (Column(word("no", lang), 8, "C"), Column(word("station", lang), 40))
        + tuple(Column(word(level, lang), 13, "R") for level in Priority)
        + (Column(word("bulletins_total", lang), 14, "R"), Column(word("airtime", lang), 14, "R"))
    )

    def figures(b: Mapping[str, Any]) -> tuple[str, ...]:
        by_level = b.get("by_level", {})
        return tuple(_n(by_level.get(level, 0), lang) for level in Priority) + (
            _n(b.get("count", 0), lang),
            hours_minutes(b.get("airtime_s", 0)),
        )

    rows = [
        Row((str(i), _station_name(s)) + figures(s.get("bulletins", {})))
        for i, s in enumerate(report.get("stations", []), start=1)
    ]
    rows.append(Row(("", word("total", lang)) + figures(report.get("bulletins", {})), bold=True))
    return Part(word("s3", lang), (Table(columns, tuple(rows)),))


def _month_head(month: str, several_years: bool, lang: str) -> str:
    year, number = (month.split("-") + [""])[:2]
    head = word("month_head", lang).format(month=int(number) if number.isdigit() else number)
    return f"{head} {year}" if several_years else head


def _grid(report: Mapping[str, Any], lang: str) -> Part:
    months: list[str] = list(report.get("scope", {}).get("months", []))
    today = str(report.get("today", ""))
    several_years = len({m[:4] for m in months}) > 1
    # The month columns share what the station's name leaves; 13 of them still fit portrait.
    columns = (Column(word("station", lang), max(24.0, 60 - 2 * len(months))),) + tuple(
        Column(_month_head(m, several_years, lang), 9.5, "C") for m in months
    )
    rows = []
    partial = False
    for station in report.get("stations", []):
        cells: dict[str, Mapping[str, Any]] = {c.get("month"): c for c in station.get("cells", [])}
        texts: list[str] = [_station_name(station)]
        fills: list[Rgb | None] = [None]
        for month in months:
            cell = cells.get(month)
            key = state_key(cell, today) if cell else "unchecked"
            mark = "*" if cell and cell.get("partial_range") else ""
            partial = partial or bool(mark)
            texts.append(state_short(key, lang) + mark)
            fills.append(COLOURS[key])
        rows.append(Row(tuple(texts), tuple(fills)))
    grid = Table(columns, tuple(rows), size=7.5)
    legend_rows = [Row((word("legend", lang),), span=True)]
    for first in range(0, len(STATES), 3):
        keys = STATES[first : first + 3]
        texts_l: list[str] = []
        fills_l: list[Rgb | None] = []
        for key in keys:
            texts_l += [state_short(key, lang), state_full(key, lang)]
            fills_l += [COLOURS[key], None]
        legend_rows.append(Row(tuple(texts_l), tuple(fills_l)))
    legend = Table(
        tuple(Column("", s) for s in (9, 24) * 3), tuple(legend_rows), 7.5, False, keep=True
    )
    partial_note: tuple[Block, ...] = (word("partial", lang),) if partial else ()
    return Part(word("s4", lang), (grid, *partial_note, legend))


def _inputs(report: Mapping[str, Any], lang: str) -> Part:
    names = {s.get("id"): _station_name(s) for s in report.get("stations", [])}
    columns = (
        Column(word("no", lang), 8, "C"),
        Column(word("source", lang), 42),
        Column(word("station", lang), 25),
        Column(word("month_col", lang), 20),
        Column(word("check", lang), 18),
        Column(word("counted", lang), 12, "C"),
        Column(word("notes", lang), 37),
    )
    rows = []
    for i, item in enumerate(report.get("inputs", []), start=1):
        state = str(item.get("state", "unchecked"))
        state = state if state in ("ok", "untrusted", "unchecked") else "unchecked"
        notes = [clean(p) for p in item.get("problems", []) or []]
        origin = item.get("origin_confirmed")
        if origin is not None:
            notes.insert(0, word("origin.yes" if origin else "origin.no", lang))
        sid = item.get("station_id")
        rows.append(
            Row(
                (
                    str(i),
                    clean(item.get("source", "")),
                    names.get(sid, clean(sid or "")),
                    month_words(item.get("month"), lang) if item.get("month") else "",
                    word(f"input.{state}", lang),
                    word("yes" if item.get("counted") else "no_", lang),
                    "; ".join(notes),
                ),
                fills=(None,) * 4 + (None if state == "ok" else COLOURS[state],),
            )
        )
    blocks: list[Block] = [Table(columns, tuple(rows), size=8)]
    notes_rows = []
    for station in report.get("stations", []):
        for cell in station.get("cells", []):
            for problem in cell.get("problems", []) or []:
                notes_rows.append(
                    Row(
                        (
                            _station_name(station),
                            month_words(cell.get("month"), lang),
                            clean(problem),
                        )
                    )
                )
    if notes_rows:
        notes_columns = (
            Column(word("station", lang), 40),
            Column(columns[3].head, 16),
            Column(word("notes", lang), 104),
        )
        blocks += [word("cell_notes", lang), Table(notes_columns, tuple(notes_rows), size=8)]
    return Part("", tuple(blocks))


def report_content(report: Mapping[str, Any], lang: str) -> Content:
    scope = report.get("scope", {})
    months = list(scope.get("months", []))
    intro = (
        word("intro", lang).format(
            stations=len(report.get("stations", [])),
            months=len(months),
            first=month_words(months[0], lang) if months else "",
            last=month_words(months[-1], lang) if months else "",
            today=day_words(str(report.get("today", ""))),
        ),
        word("intro.trust", lang),
    )
    return Content(
        title=title_lines(scope, lang),
        intro=intro,
        summary=(
            _overall(report, lang),
            _series(report, lang),
            _bulletins(report, lang),
            _grid(report, lang),
        ),
        annex_title=(word("annex", lang), word("annex_title", lang)),
        annex=(_inputs(report, lang),),
    )
