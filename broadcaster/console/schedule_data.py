"""What the Lịch phát page shows, from the database's truth: the month's planned airings with
their as-run status (`station.views.plan_data`, what `broadcaster plan` shows), laid out as
Monday-first weeks, and each series' quota from the month's proof summary
(`proof.month.build_month`, the rule the export and the alerts score with).

Nothing here re-plans: the page shows the rows as they are; the daemon keeps them current.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.config import Config
from broadcaster.core.periods import MAX_YEAR, MIN_YEAR, parse_month
from broadcaster.core.vocab import Kind
from broadcaster.i18n import display
from broadcaster.proof.month import build_month
from broadcaster.station.records import operator_reason
from broadcaster.station.views import plan_data

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # the catalogue's day.* keys
# Kinds marked on an airing beside its status: a make-up (bù), a bulletin, a test airing.
MARKED_KINDS = {Kind.MAKEUP: "makeup", Kind.BULLETIN: "bulletin", Kind.TEST: "test"}


class BadDate(ValueError):
    """A month or a day in a link that is not one (the page says so in one line)."""


def check_month(text: str) -> str:
    try:
        year, month = parse_month(text)
    except ValueError:
        raise BadDate(text) from None
    return f"{year:04d}-{month:02d}"


def check_day(text: str) -> date:
    """'2026-11-29' → that day; BadDate for anything else (other forms, years out of range)."""
    parts = text.split("-")
    if len(parts) != 3 or len(text) != 10 or not all(p.isascii() and p.isdigit() for p in parts):
        raise BadDate(text)
    try:
        day = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise BadDate(text) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise BadDate(text)
    return day


def next_month(month: str, step: int) -> str | None:
    year, number = parse_month(month)
    index = year * 12 + number - 1 + step
    year, number = divmod(index, 12)
    return f"{year:04d}-{number + 1:02d}" if MIN_YEAR <= year <= MAX_YEAR else None


@dataclass(frozen=True)
class Airing:
    at: datetime  # station time
    series_id: str
    series_title: str
    title: str
    kind: str
    kind_label: str
    status: str  # planned, unrecorded (past, no row yet), aired, partial, missed, failed
    status_label: str
    mark: str | None  # makeup, bulletin, test
    reason: str

    @property
    def day(self) -> date:
        return self.at.date()

    @property
    def time(self) -> str:
        return self.at.strftime("%H:%M:%S" if self.at.second else "%H:%M")

    def as_dict(self) -> dict[str, Any]:
        return {
            "slot_at": self.at.isoformat(),
            "series_id": self.series_id,
            "series_title": self.series_title,
            "title": self.title,
            "kind": self.kind,
            "status": self.status,
            "mark": self.mark,
            "reason": self.reason,
        }


@dataclass
class Day:
    day: date
    in_month: bool
    today: bool
    airings: list[Airing] = field(default_factory=list)

    @property
    def label(self) -> str:
        """'T2 02/11' (the phone's list of days shows it on each day)."""
        return f"{i18n.t('day.' + WEEK[self.day.weekday()])} {self.day.strftime('%d/%m')}"

    @property
    def iso(self) -> str:
        return self.day.isoformat()


@dataclass(frozen=True)
class Quota:
    series_id: str
    title: str
    period: str
    new_per_period: int
    repeats: int
    done: int
    required: int
    verdict: str  # met, pending, not_met (proof.summary)

    @property
    def badge(self) -> str:
        """'1 mới + 3 phát lại: 3/4'."""
        key = "console.schedule.quota_week" if self.period == "week" else "console.schedule.quota"
        if not self.repeats:
            key += "_new_only"
        return i18n.t(
            key,
            new=self.new_per_period,
            repeats=self.repeats,
            done=self.done,
            required=self.required,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "series_id": self.series_id,
            "title": self.title,
            "period": self.period,
            "new_per_period": self.new_per_period,
            "repeats": self.repeats,
            "airings_done": self.done,
            "airings_required": self.required,
            "verdict": self.verdict,
            "badge": self.badge,
        }


def month_airings(engine: Engine, config: Config, month: str, now: datetime) -> list[Airing]:
    """The month's airings, by slot, each with the status its as-run row gives it."""
    tz = config.station.tz
    data = plan_data(engine, config, month, None, now)
    airings = []
    for item in data["airings"]:
        at = datetime.fromisoformat(item["slot_at"]).astimezone(tz)
        status = str(item["status"])
        airings.append(
            Airing(
                at=at,
                series_id=item["series_id"],
                series_title=item["series_title"],
                title=item["title"],
                kind=item["kind"],
                kind_label=display.airing_kind(item["kind"], item["seq"]),
                status=status,
                status_label=i18n.t("status." + status),
                mark=MARKED_KINDS.get(item["kind"]),
                reason=operator_reason(item["reason"]) if item["reason"] else "",
            )
        )
    return airings


def day_airings(engine: Engine, config: Config, day: date, now: datetime) -> list[Airing]:
    month = f"{day.year:04d}-{day.month:02d}"
    return [a for a in month_airings(engine, config, month, now) if a.day == day]


def weeks(month: str, airings: list[Airing], today: date) -> list[list[Day]]:
    """The month as Monday-first weeks (days of the months around it fill the first and
    last week, without their airings)."""
    year, number = parse_month(month)
    first = date(year, number, 1)
    last = date(year, number, calendar.monthrange(year, number)[1])
    by_day: dict[date, list[Airing]] = {}
    for airing in airings:
        by_day.setdefault(airing.day, []).append(airing)
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    result: list[list[Day]] = []
    day = start
    while day <= end:
        week = []
        for _ in range(7):
            inside = first <= day <= last
            week.append(Day(day, inside, day == today, by_day.get(day, []) if inside else []))
            day += timedelta(days=1)
        result.append(week)
    return result


def quotas(engine: Engine, config: Config, month: str, now: datetime) -> list[Quota]:
    """Each configured series' quota for the month, as the month's proof scores it."""
    summary = build_month(engine, config, month, now)["summary"]
    rules = config.series_by_id()
    result = []
    for item in summary["series"]:
        rule = rules.get(item["series_id"])
        if rule is None:  # bulletins, or a series whose file is gone: no quota to show
            continue
        result.append(
            Quota(
                series_id=rule.id,
                title=rule.title,
                period=rule.period,
                new_per_period=rule.new_per_period,
                repeats=rule.repeats,
                done=int(item["airings_done"]),
                required=int(item["airings_required"]),
                verdict=str(item["verdict"]),
            )
        )
    return result


def slot_days(days: frozenset[int]) -> list[str]:
    """A slot's days as the form's toggles name them ("mon" … "sun")."""
    return [WEEK[d] for d in sorted(days)]


def slot_text(time_label: str, days: frozenset[int]) -> str:
    """'17:15 (T2, T5)', '06:10 (mọi ngày)': a slot in the audit log and the page."""
    if len(days) == 7:
        which = i18n.t("console.schedule.every_day")
    else:
        which = ", ".join(i18n.t("day." + WEEK[d]) for d in sorted(days))
    return f"{time_label} ({which})"


def period_title(month: str) -> str:
    return display.period_label(month)
