"""What gets written for each airing: the as-run status judged from what the player saw
(core/judge.py), missed airings, airings cut by a crash or a hung player. Every row goes through
`asrun.append` (the hash chain)."""

from __future__ import annotations

import re
from datetime import datetime

from loguru import logger
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.config import Config
from broadcaster.config.schema import has_control
from broadcaster.core.durations import format_duration
from broadcaster.core.judge import Judgement
from broadcaster.core.planner import MAKEUP_STEP
from broadcaster.core.vocab import Kind, Status
from broadcaster.errors import UserError
from broadcaster.i18n import display
from broadcaster.store.asrun import append, has_record
from broadcaster.store.models import AsRunRecord, PlannedAiring, Programme
from broadcaster.store.plan import airing_with_programme, latest_record_of, unrecorded_before
from broadcaster.store.state import ON_AIR, get_state, set_state

# A correction's reason is kept in the permanent log and printed in exports: a sentence or two.
MAX_CORRECTION_REASON = 500

# An airing still running this long after its programme should have ended is hung.
HANG_MARGIN_S = 60.0


# Reasons that end with libVLC's own words (English, for the technician). The row keeps
# them whole, as evidence; the operator's line stops before them.
_TECHNICAL_DETAIL = ("asrun.no_audio_output", "asrun.output_lost", "asrun.player_error")


def operator_reason(reason: str) -> str:
    """A stored reason as the operator reads it: without libVLC's detail at its end
    ("không có đầu ra âm thanh hoạt động: PulseAudio server…" → "không có đầu ra âm thanh
    hoạt động"), in whichever language the row was written."""
    for key in _TECHNICAL_DETAIL:
        for lang in i18n.LANGUAGES:
            head = i18n.catalogue(lang)[key].partition("{detail}")[0]
            parts = re.split(r"\{\w+\}", head)
            pattern = "(.+?)".join(re.escape(part) for part in parts)
            found = re.match(pattern, reason)
            if found:
                return found.group(0).rstrip(": ")
    return reason


def correction_reason(reason: str) -> str:
    """A correction's reason as the log keeps it (stripped), or UserError (exit 2) in one
    line: none given, too long, or a control character (the log's lines stay lines). The
    rule of `broadcaster correct` and of the console's correction form."""
    reason = reason.strip()
    if not reason:
        raise UserError(i18n.t("correct.no_reason"), exit_code=2)
    if len(reason) > MAX_CORRECTION_REASON or has_control(reason):
        raise UserError(i18n.t("correct.bad_reason", maximum=MAX_CORRECTION_REASON), exit_code=2)
    return reason


def reason_words(judgement: Judgement, lang: str | None = None) -> str:
    """A judgement's reason as the as-run row keeps it, in the station's language."""
    if judgement.reason_key is None:
        return ""
    return i18n.t(judgement.reason_key, lang, **judgement.reason_values)


def write_as_run(
    engine: Engine,
    config: Config,
    planned: PlannedAiring,
    programme: Programme,
    status: Status,
    reason: str,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
    played_s: float = 0.0,
    recorded_at: datetime | None = None,
) -> AsRunRecord:
    record = AsRunRecord(
        station_id=config.station.id,
        series_id=planned.series_id,
        programme_id=programme.id,
        planned_airing_uid=planned.uid,
        title=programme.title,
        file_name=programme.file_name,
        file_sha256=programme.sha256,
        kind=planned.kind,
        scheduled_at=planned.slot_at,
        started_at=started_at,
        ended_at=ended_at,
        duration_s=programme.duration_s,
        played_s=played_s,
        status=status,
        reason=reason,
    )
    if recorded_at is not None:
        record.recorded_at = recorded_at
    record.priority = planned.priority
    if planned.seq >= MAKEUP_STEP and planned.kind == Kind.MAKEUP:
        record.makeup_of_uid = _made_up_row(engine, planned)
    return append(engine, record)


def _made_up_row(engine: Engine, planned: PlannedAiring) -> str | None:
    """The as-run uid of the airing a make-up replaces (the latest row for it)."""
    return latest_record_of(engine, planned.programme_id, planned.seq - MAKEUP_STEP)


def load_airing(engine: Engine, uid: str) -> tuple[PlannedAiring, Programme] | None:
    """A planned airing with its programme, by the airing's uid."""
    return airing_with_programme(engine, uid)


def record_missed(
    engine: Engine, config: Config, now: datetime, skip: set[str] | None = None
) -> list[AsRunRecord]:
    """Write `missed` for every planned airing whose slot passed beyond the grace with no
    as-run row: the daemon was not running (or could not start it) then."""
    cutoff = now - config.daemon.missed_grace
    due = unrecorded_before(engine, cutoff)
    written = []
    for planned, programme in due:
        if skip and planned.uid in skip:
            continue
        written.append(
            write_as_run(
                engine,
                config,
                planned,
                programme,
                Status.MISSED,
                i18n.t("asrun.daemon_down"),
                recorded_at=now,
            )
        )
        logger.warning(
            i18n.t("daemon.missed", title=programme.title, slot=local_time(planned.slot_at, config))
        )
    return written


def recover_interrupted(engine: Engine, config: Config) -> AsRunRecord | None:
    """At start: an airing that was on air when the daemon died (power cut, kill -9) is
    recorded `partial`, played up to its last on-air note (at most about a second short)."""
    noted = get_state(engine, ON_AIR)
    if noted is None or not noted[0].get("uid"):
        return None
    value, last_seen = noted
    row = load_airing(engine, value["uid"])
    record = None
    if row is not None and not has_record(engine, value["uid"]):
        planned, programme = row
        record = write_as_run(
            engine,
            config,
            planned,
            programme,
            Status.PARTIAL,
            i18n.t("asrun.interrupted"),
            started_at=datetime.fromisoformat(value["started_at"]),
            ended_at=last_seen,
            played_s=float(value["played_s"]),
            recorded_at=last_seen,
        )
        logger.warning(
            i18n.t(
                "daemon.airing_done",
                title=programme.title,
                status=i18n.t("status.partial"),
                played=format_duration(record.played_s),
                reason=f" — {record.reason}",
            )
        )
    set_state(engine, ON_AIR, {}, last_seen)
    return record


def mark_hung(engine: Engine, config: Config, uid: str, now: datetime) -> None:
    """Record the airing a hung player was stuck in, with what the on-air notes say."""
    noted = get_state(engine, ON_AIR)
    value = noted[0] if noted else {}
    row = load_airing(engine, uid)
    if row is None or has_record(engine, uid):
        return
    planned, programme = row
    started = value.get("started_at") if value.get("uid") == uid else None
    played = float(value.get("played_s", 0.0)) if started else 0.0
    write_as_run(
        engine,
        config,
        planned,
        programme,
        Status.PARTIAL if played > 0 else Status.FAILED,
        i18n.t("asrun.player_hung"),
        started_at=datetime.fromisoformat(started) if started else None,
        ended_at=noted[1] if (noted and started) else None,
        played_s=played,
        recorded_at=now,
    )
    set_state(engine, ON_AIR, {}, now)


def local_time(moment: datetime, config: Config) -> str:
    """A slot in a log line: 30/11/2026 06:10 (seconds only when the slot has them)."""
    local = moment.astimezone(config.station.tz)
    return display.date_time(local, seconds=bool(local.second))
