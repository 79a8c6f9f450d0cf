"""What `plan` and `status` show: data first (for --json), then text for the operator."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.config import Config
from broadcaster.core.durations import format_duration
from broadcaster.core.inbox_words import is_temporary
from broadcaster.core.loudness import Loudness, expected_level, gain_db
from broadcaster.core.periods import month_period, parse_month
from broadcaster.core.planner import Plan
from broadcaster.core.vocab import BULLETIN_SERIES, Kind
from broadcaster.i18n import display
from broadcaster.station.records import operator_reason
from broadcaster.store import levels
from broadcaster.store.db import quick_check
from broadcaster.store.snapshots import plan_rows, status_rows
from broadcaster.store.state import get_state


def local_iso(moment: datetime | None, config: Config) -> str | None:
    return None if moment is None else moment.astimezone(config.station.tz).isoformat()


def _short(moment: datetime, config: Config) -> str:
    return display.slot(moment, config.station.tz)


def _at(moment: datetime, config: Config) -> str:
    """A heartbeat or a check: to the second, 29/11/2026 06:10:05."""
    return display.date_time(moment, config.station.tz, seconds=True)


def loudness_data(measured: Loudness | None, config: Config) -> dict[str, Any] | None:
    """A programme's loudness as measured, and the gain and cut it airs with."""
    if measured is None:
        return None
    return {
        **asdict(measured),
        "gain_db": gain_db(measured, config.loudness),
        "on_air_lufs": expected_level(measured, config.loudness),
    }


def _level(data: dict[str, Any] | None, verbose: bool) -> str:
    """' · −30,1 LUFS → +14,1 dB' with -v (the technician's); nothing otherwise or while
    the programme is not measured."""
    if not verbose or data is None or data["integrated_lufs"] is None:
        return ""
    return (
        f" · {display.number(data['integrated_lufs'])} LUFS → {display.signed(data['gain_db'])} dB"
    )


def series_title(series_id: str, kind: str, series: dict[str, Any]) -> str:
    """A series by its title; bulletins and test airings by the word for them (their
    pseudo-series' ids are ours, no word for an operator)."""
    if series_id in series:
        return str(series[series_id].title)
    if series_id == BULLETIN_SERIES:
        return i18n.t("plan.bulletins")
    if kind == Kind.TEST:
        return i18n.t("testair.series_title")
    return series_id  # a series file removed since: its id is all that is left


def plan_data(
    engine: Engine, config: Config, month: str, plan: Plan | None, now: datetime
) -> dict[str, Any]:
    tz = config.station.tz
    period = month_period(*parse_month(month), tz)
    series = config.series_by_id()
    read = plan_rows(engine, period.start, period.end)
    rows, records, programmes = read.airings, read.records, read.programmes
    measured = levels.load_for(engine, (programme.id for _, programme in rows))
    airings = []
    for planned, programme in rows:
        record = records.get(planned.uid)
        airings.append(
            {
                "slot_at": local_iso(planned.slot_at, config),
                "series_id": planned.series_id,
                "series_title": series_title(planned.series_id, planned.kind, series),
                "title": programme.title,
                "file_name": programme.file_name,
                "kind": planned.kind,
                "seq": planned.seq,
                "duration_s": programme.duration_s,
                "loudness": loudness_data(measured.get(programme.id or 0), config),
                # A past slot with no row yet: the daemon writes it (missed) when it runs.
                "status": record.status
                if record
                else ("planned" if planned.slot_at >= now else "unrecorded"),
                "reason": record.reason if record else "",
            }
        )
    unplaced, held = [], []
    if plan is not None:
        for item in plan.unplaced:
            assignment = plan.assignments.get(item.programme_id)
            if (
                assignment
                and assignment.period.start < period.end
                and period.start < assignment.period.end
            ):
                unplaced.append(
                    {
                        "series_id": item.series_id,
                        "title": programmes[item.programme_id].title,
                        "kind": item.kind,
                        "seq": item.seq,
                        "period": item.period_key,
                        "reason": item.reason,
                    }
                )
        # Held programmes of this month (wanted here, or moved here), past months included.
        for pid, assignment in sorted(plan.assignments.items()):
            if assignment.period == assignment.wanted:
                continue
            touches = [assignment.wanted, assignment.period]
            if any(p.start < period.end and period.start < p.end for p in touches):
                held.append(
                    {
                        "series_id": assignment.programme.series_id,
                        "title": programmes[pid].title,
                        "wanted_period": assignment.wanted.key,
                        "period": assignment.period.key,
                    }
                )
    return {
        "station_id": config.station.id,
        "station_name": config.station.name,
        "month": month,
        "airings": airings,
        "unplaced": unplaced,
        "held": held,
    }


def render_plan(
    engine: Engine,
    config: Config,
    month: str,
    plan: Plan | None,
    now: datetime,
    verbose: bool = False,
) -> str:
    data = plan_data(engine, config, month, plan, now)
    title = display.period_label(month)
    lines = [i18n.t("plan.title", period=title, station=config.station.name)]
    if not data["airings"]:
        lines.append("  " + i18n.t("plan.none"))
    for airing in data["airings"]:
        moment = datetime.fromisoformat(airing["slot_at"])
        status = (
            "" if airing["status"] == "planned" else f" [{i18n.t('status.' + airing['status'])}]"
        )
        lines.append(
            f"  {_short(moment, config)}  {airing['series_title']} · {airing['title']} · "
            f"{display.airing_kind(airing['kind'], airing['seq'])} · "
            f"{format_duration(airing['duration_s'])}{_level(airing['loudness'], verbose)}{status}"
        )
    for item in data["unplaced"]:
        reason = i18n.t(f"unplaced.{item['reason']}", period=display.period_label(item["period"]))
        lines.append(
            "  ! "
            + i18n.t(
                "plan.unplaced",
                title=item["title"],
                what=display.airing_kind(item["kind"], item["seq"], numbered=True),
                reason=reason,
            )
        )
    for item in data["held"]:
        lines.append(
            "  ! "
            + i18n.t(
                "plan.held",
                title=item["title"],
                wanted=display.period_label(item["wanted_period"]),
                period=display.period_label(item["period"]),
            )
        )
    return "\n".join(lines)


def airings_data(
    engine: Engine, config: Config, now: datetime, last: int = 5
) -> dict[str, list[dict[str, Any]]]:
    """The next five airings not yet recorded, and the `last` as-run rows, newest first."""
    read = status_rows(engine, now - config.daemon.missed_grace, last)
    recorded, upcoming = read.recorded, read.upcoming
    measured = levels.load_for(engine, (prog.id for _, prog in upcoming))
    next_items = [
        {
            "slot_at": local_iso(p.slot_at, config),
            "series_id": p.series_id,
            "title": prog.title,
            "kind": p.kind,
            "seq": p.seq,
            "duration_s": prog.duration_s,
            "loudness": loudness_data(measured.get(prog.id or 0), config),
        }
        for p, prog in upcoming
        if p.uid not in recorded
    ][:5]
    last_items = [
        {
            "scheduled_at": local_iso(r.scheduled_at, config),
            "started_at": local_iso(r.started_at, config),
            "title": r.title,
            "kind": r.kind,
            "status": r.status,
            "played_s": r.played_s,
            "reason": r.reason,
        }
        for r in read.last
    ]
    return {"next": next_items, "last": last_items}


def status_data(
    engine: Engine, config: Config, now: datetime, alerts: list[str] | None = None
) -> dict[str, Any]:
    """`alerts`: the warnings when the caller has them already (the console keeps them)."""
    data = {
        "station_id": config.station.id,
        "station_name": config.station.name,
        "now": local_iso(now, config),
        **airings_data(engine, config, now),
        "health": health_data(engine, config, now),
        "alerts": alert_texts(engine, config, now) if alerts is None else alerts,
    }
    if config.central.enabled:
        data["central"] = central_data(engine, config)
    return data


def central_data(engine: Engine, config: Config) -> dict[str, Any]:
    """What the province service acknowledged at the last pass (#14), beside the rows the
    station has: `acked_seq` None when no pass has reached it yet."""
    from broadcaster.store.asrun import last_seq

    acked = get_state(engine, "central_ack")
    return {
        "url": config.central.url,
        "local_seq": last_seq(engine),
        "acked_seq": int(acked[0]["head_seq"]) if acked else None,
        "acked_at": local_iso(acked[1], config) if acked else None,
    }


def alert_texts(engine: Engine, config: Config, now: datetime) -> list[str]:
    """The station's warnings (#10 §4), for `status` and `plan`."""
    from broadcaster.station.alerts.current import current_alerts  # imports the proof package

    return [alert.text for alert in current_alerts(engine, config, now)[0]]


def render_alerts(texts: list[str]) -> list[str]:
    return [i18n.t("alert.header"), *(f"  ! {text}" for text in texts)] if texts else []


def health_data(engine: Engine, config: Config, now: datetime) -> dict[str, dict[str, Any]]:
    health: dict[str, dict[str, Any]] = {}
    daemon = get_state(engine, "daemon")
    if daemon is None:
        health["daemon"] = {"ok": False, "detail": i18n.t("health.daemon_never")}
    else:
        value, at = daemon
        fresh = now - at < config.daemon.reconcile_interval * 3 + timedelta(seconds=10)
        running = value.get("state") == "running" and fresh
        key = "health.daemon_running" if running else "health.daemon_stopped"
        health["daemon"] = {"ok": running, "detail": i18n.t(key, at=_at(at, config))}
    health["audio"] = audio_health(engine, config)
    inbox = config.paths.inbox
    if inbox.is_dir():
        waiting = sum(1 for p in inbox.rglob("*") if p.is_file() and not is_temporary(p.name))
        health["inbox"] = {
            "ok": True,
            "detail": i18n.t("health.inbox_ok", path=inbox, waiting=waiting),
        }
    else:
        health["inbox"] = {"ok": False, "detail": i18n.t("health.inbox_missing", path=inbox)}
    where = config.paths.database_file or Path(config.paths.database)
    try:
        result = quick_check(engine)
        ok = result == "ok"
        detail = (
            i18n.t("health.db_ok", path=where)
            if ok
            else i18n.t("health.db_bad", path=where, detail=result)
        )
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        ok, detail = False, i18n.t("health.db_bad", path=where, detail=display.failure(exc))
    health["database"] = {"ok": ok, "detail": detail}
    return health


def audio_health(engine: Engine, config: Config) -> dict[str, Any]:
    """The audio output as the daemon last found it (it notes every airing's output)."""
    audio = get_state(engine, "audio")
    if audio is None:
        return {"ok": None, "detail": i18n.t("health.audio_unknown")}
    value, at = audio
    ok = bool(value.get("ok"))
    key = "health.audio_ok" if ok else "health.audio_bad"
    # libVLC's own words (English) stay in --json and the doctor, not in this line.
    return {
        "ok": ok,
        "detail": i18n.t(key, at=_at(at, config)),
        "technical": value.get("detail", ""),
    }


def failed_checks(data: dict[str, Any]) -> int:
    """How many health checks fail: `status` exits 1 when any does."""
    return sum(1 for item in data["health"].values() if item["ok"] is False)


def render_status(data: dict[str, Any], config: Config, verbose: bool = False) -> str:
    lines = [i18n.t("status.title", station=config.station.name), i18n.t("status.next")]
    for item in data["next"]:
        moment = datetime.fromisoformat(item["slot_at"])
        lines.append(
            f"  {_short(moment, config)}  {item['title']} · "
            f"{display.airing_kind(item['kind'], item.get('seq', 0))}"
            f"{_level(item['loudness'], verbose)}"
        )
    if not data["next"]:
        lines.append("  —")
    lines.append(i18n.t("status.last"))
    for item in data["last"]:
        moment = datetime.fromisoformat(item["scheduled_at"])
        shown = item["reason"] if verbose else operator_reason(item["reason"])
        reason = f" — {shown}" if shown else ""
        lines.append(
            f"  {_short(moment, config)}  {item['title']} · {display.airing_kind(item['kind'])} · "
            f"{i18n.t('status.' + item['status'])}"
            f" · {format_duration(item['played_s'])}{reason}"
        )
    if not data["last"]:
        lines.append("  —")
    lines.append(i18n.t("status.health"))
    for key, label in (
        ("daemon", "health.daemon"),
        ("audio", "health.audio"),
        ("inbox", "health.inbox"),
        ("database", "health.database"),
    ):
        item = data["health"][key]
        mark = "?" if item["ok"] is None else ("OK" if item["ok"] else "!!")
        lines.append(f"  [{mark}] {i18n.t(label)}: {item['detail']}")
    central = data.get("central")
    if central is not None:
        if central["acked_seq"] is None:
            lines.append(i18n.t("status.central_never", url=central["url"]))
        else:
            lines.append(
                i18n.t(
                    "status.central",
                    acked=central["acked_seq"],
                    local=central["local_seq"],
                    when=_short(datetime.fromisoformat(central["acked_at"]), config),
                )
            )
    lines += render_alerts(data.get("alerts", []))
    failed = failed_checks(data)
    if failed:
        lines.append(i18n.t("status.exit_hint", failed=failed))
    return "\n".join(lines)
