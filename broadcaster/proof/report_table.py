"""The supervisor's report as tables of words and numbers (pure), shared by the CSV and XLSX
writers: a summary line per station-month ("Tổng hợp"), a line per series of each month
("Theo chuyên mục"), and every input with its check ("Tệp đầu vào").

Counts stay numbers (done and required in two columns, never "1/4" text); an airtime is an
`Airtime` (seconds) that each writer shows as h:mm its own way; a value that does not apply
is None (an empty cell, never 0).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from broadcaster import i18n
from broadcaster.core.vocab import BULLETIN_SERIES
from broadcaster.proof.labels import series_label, state_labels, verdict_label
from broadcaster.proof.report_periods import day_words, month_days, month_words, week_words

Line = list[Any]


class Airtime(float):
    """Seconds of airtime: the writers print it as h:mm (CSV) or an Excel duration."""


# The words a supervisor must act on: coloured in the workbook.
BAD_STATES = ("missing", "untrusted", "unchecked")
# The words and column headings are in the catalogue (broadcaster/i18n/vi.toml, en.toml)
# under "table.<key>" and "table.head.<section>.<n>" (#12); this module looks them up.
_PREFIX = "table."


def word(key: str, lang: str, **values: Any) -> str:
    return i18n.t(_PREFIX + key, _lang(lang), **values)


def _lang(lang: str) -> str:
    return lang if lang in i18n.LANGUAGES else "vi"


def state_words(cell: Mapping[str, Any], lang: str) -> str:
    """A month's state as the spec words it: the verdict of a counted log (không thể đạt
    while the month runs and the plan can no longer be met), else the state's word."""
    state, verdict = cell["state"], cell.get("verdict")
    if state == "ok" and verdict:
        return verdict_label(verdict, lang)
    if state == "in_progress" and verdict in ("met", "not_met"):
        return verdict_label(verdict, lang, period_over=False)
    if state == "ok":
        return verdict_label("pending", lang)
    return state_labels(lang)[state]


def scope_words(report: Mapping[str, Any], lang: str) -> str:
    scope = report["scope"]
    if scope["kind"] == "month" and scope["month"]:
        return month_words(scope["month"], lang)
    if scope["kind"] == "year" and scope["year"]:
        return word("scope.year", lang, year=scope["year"])
    return word("scope.range", lang, first=day_words(scope["from"]), last=day_words(scope["to"]))


def _cell_notes(cell: Mapping[str, Any], report: Mapping[str, Any], lang: str) -> list[str]:
    notes = []
    if cell["partial_range"]:
        notes.append(_partial(cell["month"], report, lang))
    notes += cell["problems"]
    for copy in cell["copies"]:
        if not copy["counted"] and copy["problems"]:
            name, problem = Path(copy["source"]).name, copy["problems"][0]
            notes.append(problem if problem.startswith(name) else f"{name}: {problem}")
    return notes


def _partial(month: str, report: Mapping[str, Any], lang: str) -> str:
    """The days of a month the range keeps: 'chỉ tính các ngày 15/12/2025–31/12/2025'."""
    start, end = month_days(month)
    first = max(date.fromisoformat(report["scope"]["from"]), start)
    last = min(date.fromisoformat(report["scope"]["to"]), end)
    return word("partial", lang, first=day_words(first), last=day_words(last))


def _planned(cell: Mapping[str, Any], field: str) -> int:
    return sum(
        0
        if field == "airings_required" and cell["partial_range"] and s["period"] == "month"
        else s[field]
        for s in cell["series"]
    )


def _months_words(totals: Mapping[str, Any], lang: str) -> str:
    states = {
        "months_met": verdict_label("met", lang),
        "months_not_met": verdict_label("not_met", lang),
        "months_in_progress": state_labels(lang)["in_progress"],
        "months_missing": state_labels(lang)["missing"],
        "months_untrusted": state_labels(lang)["untrusted"],
        "months_not_started": state_labels(lang)["not_started"],
        "months_not_yet": state_labels(lang)["not_yet"],
    }
    return "; ".join(
        word("months", lang, word=text, count=totals[key])
        for key, text in states.items()
        if totals[key]
    )


# ---- the sections ---------------------------------------------------------------------
def summary_lines(report: Mapping[str, Any], lang: str) -> list[Line]:
    lines: list[Line] = []
    for station in report["stations"]:
        for cell in station["cells"]:
            counted = cell["counted"]
            lines.append(
                [
                    station["id"],
                    station["name"],
                    month_words(cell["month"], lang),
                    state_words(cell, lang),
                    _planned(cell, "airings_required") if counted else None,
                    _planned(cell, "airings_done") if counted else None,
                    cell["bulletins"]["count"] if counted else None,
                    cell["airings"] if counted else None,
                    Airtime(cell["airtime_s"]) if counted else None,
                    "; ".join(_cell_notes(cell, report, lang)),
                ]
            )
        lines.append(_total_line(station["id"], station["name"], station, station["totals"], lang))
    lines.append(_total_line("", word("all_stations", lang), report, report["overall"], lang))
    return lines


def _total_line(
    station_id: str, name: str, holder: Mapping[str, Any], totals: Mapping[str, Any], lang: str
) -> Line:
    return [
        station_id,
        name,
        word("total", lang),
        _months_words(totals, lang),
        totals["airings_required"],
        totals["airings_done"],
        holder["bulletins"]["count"],
        totals["airings"],
        Airtime(totals["airtime_s"]),
        "",
    ]


def series_lines(report: Mapping[str, Any], lang: str) -> list[Line]:
    lines: list[Line] = []
    for station in report["stations"]:
        head = [station["id"], station["name"]]
        for cell in station["cells"]:
            month = [month_words(cell["month"], lang), state_words(cell, lang)]
            if not cell["counted"]:
                lines.append(
                    [*head, *month, *[None] * 10, "; ".join(_cell_notes(cell, report, lang))]
                )
                continue
            for series in cell["series"]:
                note = ""
                if cell["partial_range"]:
                    note = _partial(cell["month"], report, lang)
                    if series["period"] == "month":
                        note += "; " + word("partial_quota", lang)
                lines.append([*head, *month, *_series_cells(series, lang), note])
            lines += [[*head, *month, *b, ""] for b in _bulletin_cells(cell["bulletins"], lang)]
        total = [station["id"], station["name"], word("total", lang), ""]
        for series in station["series"]:
            lines.append([*total, *_series_cells(series, lang), ""])
        lines += [[*total, *b, ""] for b in _bulletin_cells(station["bulletins"], lang)]
    total = ["", word("all_stations", lang), word("total", lang), ""]
    for series in report["series"]:
        lines.append([*total, *_series_cells(series, lang), ""])
    lines += [[*total, *b, ""] for b in _bulletin_cells(report["bulletins"], lang)]
    return lines


def _series_cells(series: Mapping[str, Any], lang: str) -> Line:
    weekly = series["period"] == "week"
    missing: Sequence[str] = series.get("weeks_missing", [])
    verdict = series.get("verdict")
    return [
        series_label(series["series_id"], series["title"], lang),
        word(f"period.{series['period']}", lang) if series["period"] else "",
        series["airings_required"],
        series["airings_done"],
        series.get("programmes_required"),
        series.get("programmes_present"),
        len(missing) if weekly else None,
        ", ".join(week_words(m, lang) for m in missing) if weekly else "",
        Airtime(series["airtime_s"]),
        verdict_label(verdict, lang) if verdict else "",
    ]


def _bulletin_cells(bulletins: Mapping[str, Any], lang: str) -> list[Line]:
    """A line per level that aired, then all bulletins with their airtime; counted apart
    from every quota (no required figure)."""
    if not bulletins["count"]:
        return []
    lines: list[Line] = []
    for level, count in bulletins["by_level"].items():
        if count:
            name = series_label(BULLETIN_SERIES, None, lang, level)
            lines.append([name, "", None, count, None, None, None, "", None, ""])
    lines.append(
        [
            word("bulletins_all", lang),
            "",
            None,
            bulletins["count"],
            None,
            None,
            None,
            "",
            Airtime(bulletins["airtime_s"]),
            "",
        ]
    )
    return lines


def input_lines(report: Mapping[str, Any], lang: str) -> list[Line]:
    states = {"ok": word("input.ok", lang), **state_labels(lang)}
    return [
        [
            item["source"],
            item["station_id"] or "",
            month_words(item["month"], lang) if item["month"] else "",
            states.get(item["state"], item["state"]),
            word("yes" if item["counted"] else "no", lang),
            word("yes", lang) if item["origin_confirmed"] else word("origin_unchecked", lang),
            item["signer"] or "",
            "; ".join(item["problems"]),
        ]
        for item in report["inputs"]
    ]


@functools.cache
def heads(section: str, lang: str) -> tuple[str, ...]:
    """The column headings of a section's table: table.head.<section>.1, .2, … in order."""
    prefix = f"{_PREFIX}head.{section}."
    count = sum(key.startswith(prefix) for key in i18n.catalogue("vi"))
    return tuple(i18n.t(f"{prefix}{n}", _lang(lang)) for n in range(1, count + 1))


def title_lines(report: Mapping[str, Any], lang: str) -> list[str]:
    return [
        word("title", lang),
        scope_words(report, lang),
        word("made", lang, today=day_words(report["today"])),
    ]
