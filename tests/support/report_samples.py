"""Report models (report_version 2, /tmp/h11/report-spec.md) made by hand for the writers'
tests: every state a station-month can be in, a monthly programme and a weekly segment with
missing weeks, bulletins by level, long Vietnamese names, and 200 stations for speed.

The totals are summed from the cells here exactly as the spec says the model sums them, so
a writer that prints a figure prints one the model could have made.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

MONTHLY = ("chuyen-doi-so", "Chuyển đổi số trong nông nghiệp")
WEEKLY = ("tiep-am-tinh", "Tiếp âm chuyên mục Đài tỉnh")
TODAY = "2026-11-29"
NAMES = (
    "Đài truyền thanh xã Bình Khương",
    "Đài Truyền thanh – Truyền hình xã Bình Thạnh, huyện Bình Sơn, tỉnh Quảng Ngãi",
    "Đài truyền thanh phường Trương Quang Trọng",
)


def mondays(month: str) -> list[str]:
    year, number = (int(x) for x in month.split("-"))
    day = date(year, number, 1)
    day += timedelta(days=(7 - day.weekday()) % 7)
    found = []
    while day.month == number:
        found.append(day.isoformat())
        day += timedelta(days=7)
    return found


def months_between(first: str, last: str) -> list[str]:
    year, month = (int(x) for x in first.split("-"))
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def cell(
    month: str, state: str, verdict: str | None = None, seed: int = 0, partial: bool = False
) -> dict[str, Any]:
    """One station-month. `verdict` with a counted state gives it figures."""
    counted = state == "ok" or (state == "in_progress" and verdict is not None)
    source = f"/thu-muc/nhan/{seed:03d}/{month}/manifest.json"
    copy_state = state if state in ("untrusted", "unchecked") else "ok"
    copies = (
        [{"source": source, "state": copy_state, "counted": counted, "problems": []}]
        if counted or state in ("untrusted", "unchecked")
        else []
    )
    if state == "untrusted":
        copies[0]["problems"] = ["chữ ký số không khớp nội dung (tệp đã bị sửa sau khi ký)"]
    if state == "unchecked":
        copies[0]["problems"] = ["tệp không đọc được: không phải JSON"]
    empty = {"count": 0, "airtime_s": 0.0, "by_level": {"emergency": 0, "priority": 0, "normal": 0}}
    result: dict[str, Any] = {
        "month": month,
        "state": state,
        "counted": counted,
        "partial_range": partial,
        "verdict": verdict if counted else None,
        "series": [],
        "bulletins": empty,
        "airings": 0,
        "airtime_s": 0.0,
        "copies": copies,
        "problems": [],
    }
    if not counted:
        return result
    met = verdict == "met"
    weeks = mondays(month)
    missing = [] if met else weeks[1 : 1 + 1 + seed % 2]
    done_monthly = 4 if met else 1 + seed % 3
    series = [
        {
            "series_id": MONTHLY[0],
            "title": MONTHLY[1],
            "period": "month",
            "airings_required": 4,
            "airings_done": done_monthly,
            "programmes_required": 1,
            "programmes_present": 1,
            "airtime_s": done_monthly * 900.0,
            "verdict": "met" if done_monthly >= 4 else verdict,
        },
        {
            "series_id": WEEKLY[0],
            "title": WEEKLY[1],
            "period": "week",
            "airings_required": len(weeks),
            "airings_done": len(weeks) - len(missing),
            "programmes_required": len(weeks),
            "programmes_present": len(weeks) - len(missing),
            "airtime_s": (len(weeks) - len(missing)) * 1200.0,
            "verdict": "met" if not missing else verdict,
            "weeks_required": weeks,
            "weeks_missing": missing,
        },
    ]
    levels = {"emergency": seed % 2, "priority": 1 + seed % 3, "normal": 3 + seed % 4}
    bulletins = {
        "count": sum(levels.values()),
        "airtime_s": sum(levels.values()) * 300.0,
        "by_level": levels,
    }
    result.update(
        series=series,
        bulletins=bulletins,
        airings=sum(s["airings_done"] for s in series) + bulletins["count"],
        airtime_s=sum(s["airtime_s"] for s in series) + bulletins["airtime_s"],
    )
    return result


def _sum_series(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for c in cells:
        if not c["counted"]:
            continue
        for s in c["series"]:
            into = found.setdefault(
                s["series_id"],
                {
                    "series_id": s["series_id"],
                    "title": s["title"],
                    "period": s["period"],
                    "airings_required": 0,
                    "airings_done": 0,
                    "airtime_s": 0.0,
                    "months_met": 0,
                    "weeks_missing": [],
                },
            )
            into["airings_required"] += s["airings_required"]
            into["airings_done"] += s["airings_done"]
            into["airtime_s"] += s["airtime_s"]
            into["months_met"] += s["verdict"] == "met"
            into["weeks_missing"] += s.get("weeks_missing", [])
    return list(found.values())


def _sum_bulletins(items: list[dict[str, Any]]) -> dict[str, Any]:
    total = {"count": 0, "airtime_s": 0.0, "by_level": {"emergency": 0, "priority": 0, "normal": 0}}
    for b in items:
        total["count"] += b["count"]
        total["airtime_s"] += b["airtime_s"]
        for level, n in b["by_level"].items():
            total["by_level"][level] += n
    return total


COUNTS = ("met", "not_met", "in_progress", "missing", "untrusted", "not_started", "not_yet")


def _totals(cells: list[dict[str, Any]], series: list[dict[str, Any]]) -> dict[str, Any]:
    totals: dict[str, Any] = {f"months_{k}": 0 for k in COUNTS}
    for c in cells:
        if c["state"] == "ok":
            totals["months_met" if c["verdict"] == "met" else "months_not_met"] += 1
        elif c["state"] == "unchecked":
            totals["months_untrusted"] += 1
        else:
            totals[f"months_{c['state']}"] += 1
    counted = [c for c in cells if c["counted"]]
    totals.update(
        airings=sum(c["airings"] for c in counted),
        airtime_s=sum(c["airtime_s"] for c in counted),
        airings_required=sum(s["airings_required"] for s in series),
        airings_done=sum(s["airings_done"] for s in series),
    )
    return totals


def station(index: int, name: str, cells: list[dict[str, Any]]) -> dict[str, Any]:
    series = _sum_series(cells)
    for c in cells:
        for copy in c["copies"]:
            copy["source"] = f"/thu-muc/nhan/dai-{index:03d}/{c['month']}/manifest.json"
    started = [c["month"] for c in cells if c["state"] != "not_started" and c["copies"]]
    return {
        "id": f"dai-{index:03d}",
        "name": name,
        "level": "commune",
        "reports_to": "Phòng Văn hóa và Thông tin huyện Bình Sơn",
        "first_month": min(started) if started else None,
        "cells": cells,
        "series": series,
        "bulletins": _sum_bulletins([c["bulletins"] for c in cells if c["counted"]]),
        "totals": _totals(cells, series),
    }


def report(
    kind: str, months: list[str], stations: list[dict[str, Any]], start: str, end: str
) -> dict[str, Any]:
    overall_series: dict[str, dict[str, Any]] = {}
    for s in stations:
        for own in s["series"]:
            if own["series_id"] not in overall_series:
                overall_series[own["series_id"]] = {
                    **own,
                    "airings_required": 0,
                    "airings_done": 0,
                    "airtime_s": 0.0,
                    "months_met": 0,
                    "weeks_missing": [],
                }
            into = overall_series[own["series_id"]]
            for key in ("airings_required", "airings_done", "airtime_s", "months_met"):
                into[key] += own[key]
            into["weeks_missing"] += own["weeks_missing"]
    overall: dict[str, Any] = {}
    for s in stations:
        for key, value in s["totals"].items():
            overall[key] = overall.get(key, 0) + value
    inputs = [
        {
            "source": copy["source"],
            "station_id": s["id"],
            "month": c["month"],
            "verified": copy["state"] == "ok",
            "state": copy["state"],
            "counted": copy["counted"],
            "origin_confirmed": True if copy["state"] == "ok" else None,
            "signer": "ed25519:3f9a…",
            "problems": copy["problems"],
        }
        for s in stations
        for c in s["cells"]
        for copy in c["copies"]
    ]
    year = months[0][:4] if kind == "year" else None
    return {
        "report_version": 2,
        "scope": {
            "kind": kind,
            "month": months[0] if kind == "month" else None,
            "year": year,
            "from": start,
            "to": end,
            "months": months,
        },
        "today": TODAY,
        "stations": stations,
        "series": list(overall_series.values()),
        "bulletins": _sum_bulletins([s["bulletins"] for s in stations]),
        "overall": overall,
        "inputs": inputs,
    }


# Year 2026 seen on 29/11/2026: every state in the grid.
YEAR_STATES = (
    # station 1: started in March, a month lost, a changed copy, November running.
    ["not_started", "not_started", "met", "met", "not_met", "missing", "met", "untrusted"]
    + ["met", "unchecked", "in_progress", "not_yet"],
    # station 2: every month met but one, November already beyond reach.
    ["met"] * 9 + ["not_met", "in_progress!", "not_yet"],
    # station 3: only some months.
    ["met", "met", "missing", "missing", "met", "not_met", "met", "met"]
    + ["met", "met", "in_progress", "not_yet"],
)


def _cells(states: list[str], months: list[str], seed: int, partial=()) -> list[dict[str, Any]]:
    found = []
    for i, (state, month) in enumerate(zip(states, months, strict=True)):
        cut = month in partial
        if state in ("met", "not_met"):
            found.append(cell(month, "ok", state, seed + i, cut))
        elif state == "in_progress!":  # counted while running, and already out of reach
            found.append(cell(month, "in_progress", "not_met", seed + i, cut))
        else:
            found.append(cell(month, state, None, seed + i, cut))
    return found


def year_report() -> dict[str, Any]:
    months = months_between("2026-01", "2026-12")
    stations = [
        station(i + 1, NAMES[i], _cells(states, months, 10 * i))
        for i, states in enumerate(YEAR_STATES)
    ]
    stations[1]["cells"][5]["problems"] = [
        "hai bản hợp lệ của tháng này khác nhau ở dòng 12 (đã tính bản xuất sau)"
    ]
    return report("year", months, stations, "2026-01-01", "2026-12-31")


def month_report() -> dict[str, Any]:
    stations = [station(1, NAMES[0], [cell("2026-10", "ok", "not_met", 1)])]
    return report("month", ["2026-10"], stations, "2026-10-01", "2026-10-31")


def range_report() -> dict[str, Any]:
    """From 15/12/2025 to 14/12/2026, as offices often report a year: the first and last
    months are cut."""
    months = months_between("2025-12", "2026-12")
    states = [
        ["met"] + ["met", "not_met"] * 5 + ["in_progress", "not_yet"],
        ["not_started"] * 4 + ["met"] * 6 + ["missing", "in_progress!", "not_yet"],
    ]
    stations = [
        station(i + 1, NAMES[i], _cells(s, months, 5 * i, partial=(months[0], months[-1])))
        for i, s in enumerate(states)
    ]
    return report("range", months, stations, "2025-12-15", "2026-12-14")


def many_stations(count: int, months: list[str]) -> dict[str, Any]:
    states = ["met", "not_met", "missing", "untrusted", "met", "met", "not_started"]
    stations = []
    for i in range(count):
        chosen = [states[(i + j) % len(states)] for j in range(len(months))]
        if months[-1] >= TODAY[:7]:
            chosen[-1] = "in_progress"
        name = f"Đài truyền thanh xã số {i + 1} huyện Bình Sơn"
        stations.append(station(i + 1, name, _cells(chosen, months, i)))
    kind = "month" if len(months) == 1 else "year"
    start, end = f"{months[0]}-01", f"{months[-1]}-28"
    return report(kind, months, stations, start, end)
