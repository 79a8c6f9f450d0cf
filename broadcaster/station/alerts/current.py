"""The station's current warnings, read from the database, the library and the clock, in
the operator's words. `status`, `plan` and the daemon all ask this one function."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.config import Config
from broadcaster.core.periods import month_period
from broadcaster.core.planner import slot_times
from broadcaster.i18n.display import period_label, series_name
from broadcaster.proof.month import build_month
from broadcaster.station.alerts.library import VANISHED, LibraryFile, Seen, check_files
from broadcaster.station.alerts.missing import Missing, missing_programmes
from broadcaster.station.alerts.risk import at_risk
from broadcaster.store.programme_states import programme_infos
from broadcaster.store.programmes import all_programmes, with_airings_to_come
from broadcaster.store.state import get_state

SEEN_STATE = "library_files"  # daemon_state key: what the daemon last saw of each file
MISSING, AT_RISK, LIBRARY = "programme_missing", "month_at_risk", "library"


@dataclass(frozen=True)
class Alert:
    topic: str
    subject: str  # what it is about, for the quiet period and to tell new from known
    text: str

    @property
    def key(self) -> str:
        return f"{self.topic}:{self.subject}"


def _missing_text(item: Missing) -> str:
    due = item.due_at - timedelta(days=1) if item.period.kind == "month" else item.due_at
    values: dict[str, Any] = {
        "period": period_label(item.period),
        "series": series_name(item.title),
        "due": due.strftime("%d/%m/%Y" if item.period.kind == "month" else "%d/%m/%Y %H:%M"),
    }
    if item.have:
        return i18n.t("alert.programmes_short", have=item.have, need=item.need, **values)
    return i18n.t("alert.programme_missing", **values)


def library_files(engine: Engine, config: Config, now: datetime) -> list[LibraryFile]:
    """The files of programmes with an airing still to come."""
    programmes = with_airings_to_come(engine, now)
    library = config.paths.library
    return [
        LibraryFile(p.id, p.title, library / p.file_name, p.sha256, p.size_bytes)
        for p in sorted(programmes, key=lambda p: p.id or 0)
        if p.id is not None
    ]


def load_seen(engine: Engine) -> dict[int, Seen]:
    state = get_state(engine, SEEN_STATE)
    if state is None:
        return {}
    seen = {}
    for key, value in state[0].items():
        try:
            seen[int(key)] = Seen(int(value[0]), int(value[1]), bool(value[2]))
        except (ValueError, TypeError, IndexError):
            continue  # an entry from another version: judged afresh
    return seen


def seen_value(seen: dict[int, Seen]) -> dict[str, Any]:
    return {str(k): [v.size, v.mtime_ns, v.same] for k, v in seen.items()}


def current_alerts(
    engine: Engine,
    config: Config,
    now: datetime,
    seen: dict[int, Seen] | None = None,
    may_hash: bool = False,
) -> tuple[list[Alert], dict[int, Seen]]:
    """(warnings, what was seen of the library files). `seen` defaults to what the daemon
    stored; a command never hashes a file (the daemon does, once per change)."""
    tz = config.station.tz
    alerts: list[Alert] = []
    programmes = all_programmes(engine)
    for item in missing_programmes(config.series, programme_infos(programmes), now, tz):
        alerts.append(Alert(MISSING, f"{item.series_id}:{item.period.key}", _missing_text(item)))

    month = now.astimezone(tz)
    period = month_period(month.year, month.month, tz)
    summary = build_month(engine, config, f"{month.year:04d}-{month.month:02d}", now)["summary"]
    repeats = {s.id: s.repeats for s in config.series}
    slots_left = {
        s.id: sum(1 for moment in slot_times(s, period, tz) if moment >= now) for s in config.series
    }
    for risk in at_risk(summary, repeats, slots_left):
        if risk.lost:
            text = i18n.t(
                "alert.month_at_risk",
                series=series_name(risk.title),
                month=period_label(period),
                titles=", ".join(risk.lost),
            )
        else:
            text = i18n.t(
                "alert.month_at_risk_missing",
                series=series_name(risk.title),
                month=period_label(period),
            )
        alerts.append(Alert(AT_RISK, f"{risk.series_id}:{period.key}", text))

    problems, now_seen = check_files(
        library_files(engine, config, now), load_seen(engine) if seen is None else seen, may_hash
    )
    for problem in problems:
        key = "alert.file_vanished" if problem.kind == VANISHED else "alert.file_changed"
        text = i18n.t(key, title=problem.title, file=problem.file)
        alerts.append(Alert(LIBRARY, f"{problem.kind}:{problem.programme_id}", text))
    return alerts, now_seen
