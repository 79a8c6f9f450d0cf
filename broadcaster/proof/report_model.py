"""The supervisor's report (pure): the verified copies of many stations' months turned into
one model that every writer (CSV, XLSX, PDF, DOCX) renders. report_version 2:

```
{"report_version": 2,
 "scope": {"kind": "month"|"year"|"range"|"all", "month", "year", "from", "to", "months"},
 "today": "2026-11-29",              # the day the report was made: in_progress / not_yet
 "stations": [{"id", "name", "level", "reports_to", "first_month",
    "cells": [{"month", "state", "counted", "partial_range", "verdict",
               "series": [{"series_id", "title", "period", "airings_required",
                           "airings_done", "programmes_required", "programmes_present",
                           "airtime_s", "verdict",
                           "weeks_required", "weeks_missing"}],   # weeks: period "week" only
               "bulletins": {"count", "airtime_s", "by_level": {"emergency", "priority",
                                                                "normal"}},
               "airings", "airtime_s",
               "copies": [{"source", "state", "counted", "problems"}],
               "problems"}],
    "series": [{"series_id", "title", "period", "airings_required", "airings_done",
                "airtime_s", "months_met", "weeks_missing"}],
    "bulletins": {...}, "totals": {"airings", "airtime_s", "airings_required",
        "airings_done", "months_met", "months_not_met", "months_in_progress",
        "months_missing", "months_untrusted", "months_not_started", "months_not_yet"}}],
 "series": [...], "bulletins": {...}, "overall": {...},
 "inputs": [{"source", "station_id", "month", "verified", "state", "counted",
             "origin_confirmed", "signer", "problems"}]}
```

Cell states: ok (a genuine log counted); in_progress (the month holds `today`; a genuine
log may be counted too); not_yet (after today); not_started (before the station's first
month); missing (an over month with no log); untrusted (only changed copies, or genuine
copies that disagree); unchecked (only copies that could not be checked).

Figures come from the verified rows and the export's signed `plan`, scored by
summary.summarize (a range cuts a month: only its rows inside the range are scored), never
from numbers a document states. Bulletins and test airings are never in a quota.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from broadcaster.core.vocab import Priority
from broadcaster.i18n import t
from broadcaster.proof.checks import moment
from broadcaster.proof.report import Copies, Input, sort_copies
from broadcaster.proof.report_month import month_figures, next_month, no_bulletins
from broadcaster.proof.report_periods import (
    Scope,
    all_scope,
    day_words,
    month_of,
    month_scope,
    range_scope,
    year_scope,
)

REPORT_VERSION = 2
MONTH_COUNTS = (
    "months_met",
    "months_not_met",
    "months_in_progress",
    "months_missing",
    "months_untrusted",
    "months_not_started",
    "months_not_yet",
)
TOTAL_KEYS = ("airings", "airtime_s", "airings_required", "airings_done", *MONTH_COUNTS)


def build_report(
    inputs: list[Input],
    month: str | None = None,
    year: str | None = None,
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """`today`: the day the report is made (the CLI passes the machine's local date)."""
    today = today or date.today()
    scope = _scope(inputs, month, year, start, end, today)
    groups = sort_copies(inputs)
    wanted = set(scope.months)
    by_station: dict[str, dict[str, Copies]] = {}
    for (station_id, claimed), copies in groups.items():
        by_station.setdefault(station_id, {})[claimed] = copies
    stations = [
        _station(station_id, months, scope, today)
        for station_id, months in sorted(by_station.items())
        if wanted & set(months)
    ]
    counted = {
        id(copies.counted)
        for station in stations
        for cell in station["cells"]
        if cell["counted"]
        for copies in [by_station[station["id"]][cell["month"]]]
    }
    series = _sum_series([s for station in stations for s in station["series"]])
    return {
        "report_version": REPORT_VERSION,
        "scope": scope.as_dict(),
        "today": today.isoformat(),
        "stations": stations,
        "series": series,
        "bulletins": _sum_bulletins([s["bulletins"] for s in stations]),
        "overall": _sum_totals([s["totals"] for s in stations]),
        "inputs": [_input(item, id(item) in counted) for item in inputs],
    }


def _scope(
    inputs: list[Input],
    month: str | None,
    year: str | None,
    start: date | None,
    end: date | None,
    today: date,
) -> Scope:
    if month:
        return month_scope(month)
    if year:
        return year_scope(year)
    if start is not None and end is not None:
        return range_scope(start, end)
    return all_scope(
        sorted({i.verdict.month for i in inputs if i.trusted and i.verdict.month}), today
    )


def _input(item: Input, counted: bool) -> dict[str, Any]:
    verdict = item.verdict
    return {
        "source": str(item.source),
        "station_id": verdict.station_id,
        "month": verdict.month,
        "verified": item.trusted,
        "state": item.state,
        "counted": counted,
        "origin_confirmed": verdict.origin_confirmed,
        "signer": verdict.signer.fingerprint if verdict.signer else None,
        "problems": _copy_problems(item),
    }


def _copy_problems(item: Input) -> list[str]:
    return [*item.verdict.problems, *item.verdict.unchecked, *item.conflicts, *item.notes]


# ---- one station --------------------------------------------------------------------------
def _station(
    station_id: str, months: Mapping[str, Copies], scope: Scope, today: date
) -> dict[str, Any]:
    documents = {
        key: copies.counted.document
        for key, copies in months.items()
        if copies.counted is not None and copies.counted.document is not None
    }
    # Name and level from a genuine log, counted or not (a station whose only logs disagree
    # is still named); its id alone when nothing of it could be trusted.
    genuine = [i.document for c in months.values() for i in c.items if i.trusted and i.document]
    about = genuine[0]["station"] if genuine else {}
    # The first month the station shows a sign of life: any copy's month, or a row of an
    # earlier month a genuine log links to (a February airing recorded in March).
    seen = set(months) | {
        link["month"] for doc in documents.values() for link in doc["chain"]["links"]
    }
    first_month = min(seen) if seen else None
    cells = [
        _cell(key, months.get(key), documents, first_month, scope, today) for key in scope.months
    ]
    series = _sum_series(
        [s | {"months_met": int(s["verdict"] == "met")} for s in _counted_series(cells)]
    )
    bulletins = _sum_bulletins([c["bulletins"] for c in cells if c["counted"]])
    return {
        "id": station_id,
        "name": about.get("name", station_id),
        "level": about.get("level", ""),
        "reports_to": about.get("reports_to", ""),
        "first_month": first_month,
        "cells": cells,
        "series": series,
        "bulletins": bulletins,
        "totals": _station_totals(cells, series),
    }


def _counted_series(cells: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each counted cell's series, with a monthly quota a range cuts taken out of the
    required figures: part of a month cannot owe the whole month's programme."""
    found = []
    for cell in cells:
        if not cell["counted"]:
            continue
        for series in cell["series"]:
            entry = dict(series)
            if cell["partial_range"] and series["period"] == "month":
                entry["airings_required"] = 0
            found.append(entry)
    return found


def _station_totals(
    cells: Sequence[Mapping[str, Any]], series: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    states = [c["state"] for c in cells]
    verdicts = [c["verdict"] for c in cells if c["state"] == "ok"]
    counted = [c for c in cells if c["counted"]]
    return {
        "airings": sum(c["airings"] for c in counted),
        "airtime_s": round(sum(c["airtime_s"] for c in counted), 2),
        "airings_required": sum(s["airings_required"] for s in series),
        "airings_done": sum(s["airings_done"] for s in series),
        "months_met": verdicts.count("met"),
        "months_not_met": verdicts.count("not_met"),
        "months_in_progress": states.count("in_progress"),
        "months_missing": states.count("missing"),
        "months_untrusted": states.count("untrusted") + states.count("unchecked"),
        "months_not_started": states.count("not_started"),
        "months_not_yet": states.count("not_yet"),
    }


# ---- one station-month ---------------------------------------------------------------------
def _cell(
    month: str,
    copies: Copies | None,
    documents: Mapping[str, dict[str, Any]],
    first_month: str | None,
    scope: Scope,
    today: date,
) -> dict[str, Any]:
    this_month = month_of(today)
    if month > this_month:
        state = "not_yet"
    elif month == this_month:
        state = "in_progress"
    elif copies is None:
        state = "missing" if first_month is not None and month >= first_month else "not_started"
    else:
        state = copies.state
    chosen = copies.counted if copies is not None and state in ("ok", "in_progress") else None
    cell: dict[str, Any] = {
        "month": month,
        "state": state,
        "counted": chosen is not None,
        "partial_range": scope.cuts(month),
        "verdict": None,
        "series": [],
        "bulletins": no_bulletins(),
        "airings": 0,
        "airtime_s": 0.0,
        "copies": [
            {
                "source": str(item.source),
                "state": item.state,
                "counted": item is chosen,
                "problems": _copy_problems(item),
            }
            for item in (copies.items if copies else [])
        ],
        "problems": list(copies.problems) if copies else [],
    }
    if chosen is not None and chosen.document is not None:
        following = next_month(month)
        cell |= month_figures(chosen.document, month, scope, today, documents.get(following))
        if state == "ok" and not chosen.document["complete"]:
            # Honest, but not the whole month: the supervisor should ask for the final one.
            written = moment(chosen.document["generated_at"], "").date()
            cell["problems"].append(t("report.early_export", day=day_words(written)))
    return cell


# ---- sums -------------------------------------------------------------------------------
def _sum_bulletins(items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    total = no_bulletins()
    for item in items:
        total["count"] += item["count"]
        total["airtime_s"] += item["airtime_s"]
        for level in Priority:
            total["by_level"][level] += item["by_level"][level]
    total["airtime_s"] = round(total["airtime_s"], 2)
    return total


def _sum_series(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Series summed by id, in the order first met. weeks_missing keeps every station-week
    (sorted), so its length is the number of weeks missed."""
    sums: dict[str, dict[str, Any]] = {}
    for item in items:
        entry = sums.setdefault(
            item["series_id"],
            {
                "series_id": item["series_id"],
                "title": item["title"],
                "period": item["period"],
                "airings_required": 0,
                "airings_done": 0,
                "airtime_s": 0.0,
                "months_met": 0,
                "weeks_missing": [],
            },
        )
        for key in ("airings_required", "airings_done", "airtime_s", "months_met"):
            entry[key] += item[key]
        entry["weeks_missing"] += item.get("weeks_missing", [])
    for entry in sums.values():
        entry["airtime_s"] = round(entry["airtime_s"], 2)
        entry["weeks_missing"].sort()
    return list(sums.values())


def _sum_totals(items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    total = {key: sum(item[key] for item in items) for key in TOTAL_KEYS}
    total["airtime_s"] = round(total["airtime_s"], 2)
    return total
