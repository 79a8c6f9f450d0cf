"""One station-month's figures (pure), from its verified log: the plan's series rescored
by summary.summarize over the days the report covers, the weeks a weekly series missed,
bulletins by level, and the month's airings and airtime. Test airings count nowhere."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from broadcaster.core.vocab import BULLETIN_SERIES, Kind, Priority, Status
from broadcaster.proof.checks import changes_of, moment, rules_of, zone
from broadcaster.proof.report_periods import Scope, mondays, month_days, month_of
from broadcaster.proof.summary import _stands_for, summarize


def no_bulletins() -> dict[str, Any]:
    return {"count": 0, "airtime_s": 0.0, "by_level": dict.fromkeys(Priority, 0)}


def next_month(month: str) -> str:
    return month_of(month_days(month)[1] + timedelta(days=1))


def month_figures(
    doc: Mapping[str, Any],
    month: str,
    scope: Scope,
    today: date,
    next_doc: Mapping[str, Any] | None,
) -> dict[str, Any]:
    tz = zone(doc["station"]["timezone"])
    start, end = month_days(month)
    first, last = max(start, scope.first), min(end, scope.last)

    def day_of(item: Mapping[str, Any]) -> date:
        return moment(item["scheduled_at"], "").astimezone(tz).date()

    rows, pending = doc["rows"], doc["pending"]
    if (first, last) != (start, end):  # a range cuts the month: only its days count
        rows = [r for r in rows if first <= day_of(r) <= last]
        pending = [p for p in pending if first <= day_of(p) <= last]
    plan = doc["plan"]
    rules = rules_of(plan)
    summary = summarize(
        rules,
        rows,
        pending,
        first,
        last,
        changes_of(plan),
        rules_version=int(doc["format_version"]),
    )
    # The weeks are judged from all the month's rows and the next month's (a week that
    # starts on 30/11 airs mostly in December), whatever the range.
    held = {month: doc["rows"]} | ({next_month(month): next_doc["rows"]} if next_doc else {})
    scored_by_id = {s["series_id"]: s for s in summary["series"]}
    unique = {rule.id: rule for rule in rules}  # plan series only: never bulletins or tests
    series = []
    for rule in unique.values():
        scored = scored_by_id[rule.id]
        entry = {
            key: scored[key]
            for key in (
                "series_id",
                "title",
                "period",
                "airings_required",
                "airings_done",
                "programmes_required",
                "programmes_present",
                "airtime_s",
                "verdict",
            )
        }
        if rule.period == "week":
            weeks = mondays(first, last)
            entry["weeks_required"] = [w.isoformat() for w in weeks]
            entry["weeks_missing"] = [
                w.isoformat() for w in _weeks_missing(rule.id, weeks, held, tz, today)
            ]
        series.append(entry)
    return {
        "verdict": doc["summary"]["totals"]["verdict"],  # verify recomputed it from the rows
        "series": series,
        "bulletins": _bulletins(rows),
        "airings": summary["totals"]["aired"],
        "airtime_s": summary["totals"]["airtime_s"],
    }


def _scored_rows(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The rows summarize scores: a corrected row gives way to its correction, and a test
    airing is never counted."""
    superseded = {r.get("corrects_uid") for r in rows if r.get("corrects_uid")}
    return [r for r in rows if r.get("uid") not in superseded and r.get("kind") != Kind.TEST]


def _bulletins(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    result = no_bulletins()
    for row in _scored_rows(rows):
        if row["series_id"] != BULLETIN_SERIES and row["kind"] != Kind.BULLETIN:
            continue
        result["airtime_s"] += float(row["played_s"])
        if row["status"] == Status.AIRED:
            result["count"] += 1
            level = (
                row.get("priority") if row.get("priority") in tuple(Priority) else Priority.NORMAL
            )
            result["by_level"][level] += 1
    result["airtime_s"] = round(result["airtime_s"], 2)
    return result


def _weeks_missing(
    series_id: str,
    weeks: Sequence[date],
    held: Mapping[str, Sequence[Mapping[str, Any]]],
    tz: Any,
    today: date,
) -> list[date]:
    """The weeks (by Monday) no aired airing of the series stands for.

    A weekly programme belongs to the week it is planned in (planner.py): its new airing,
    or a make-up of it, airs in that week; if the week passed without it, the planner puts
    it at a free slot of the week after, marked `late` (`_plan_late`), and summary.py
    counts that late airing as the new one. So a week is covered by an aired new airing
    (or a make-up of one) dated in it, or an aired late airing dated in the week after.
    A week is missing only once it is over, and only when every log of the days it and its
    late week have had so far is held: a week of 30/11 with no December log is not judged.
    """
    covered: set[date] = set()
    for rows in held.values():
        scored = _scored_rows(rows)
        kinds = {str(r["uid"]): str(r["kind"]) for r in scored}
        for row in scored:
            if row["series_id"] != series_id or row["status"] != Status.AIRED:
                continue
            day = moment(row["scheduled_at"], "").astimezone(tz).date()
            monday = day - timedelta(days=day.weekday())
            stands = Kind.LATE if row["kind"] == Kind.LATE else _stands_for(row, kinds)
            if stands == Kind.LATE:
                covered.add(monday - timedelta(days=7))
            elif stands == Kind.NEW:
                covered.add(monday)
    missing = []
    for monday in weeks:
        if monday in covered or monday + timedelta(days=6) >= today:
            continue
        seen_until = min(monday + timedelta(days=13), today - timedelta(days=1))
        if all(month_of(d) in held for d in (monday, seen_until)):
            missing.append(monday)
    return missing
