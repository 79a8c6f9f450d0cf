"""The library as an operator manages it: list, retitle, move, and the checks and
writes that `withdraw.py` and `replace.py` share.

Every change is one `programme_change` row (who, when, why, old → new) written in the same
transaction as what it does to the plan, so the log never claims a change that did not
happen. Airings already recorded, and the one on air, are never touched; the as-run log
is what happened. A refused request raises `ProgrammeRefused` and changes nothing.
"""

from __future__ import annotations

import getpass
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from broadcaster.config import Config
from broadcaster.core.periods import Period, period_from_key, period_of
from broadcaster.core.planner import (
    Placement,
    assign_periods,
    group_fixed,
    pinned_new_airings,
)
from broadcaster.core.programme_state import (
    ACTIVE,
    MOVE,
    REPLACE,
    REPLACES,
    TITLE,
    ProgrammeState,
)
from broadcaster.core.rules import Series
from broadcaster.core.vocab import BULLETIN_SERIES, Kind, Status
from broadcaster.errors import ProgrammeRefused
from broadcaster.programmes.period_text import parse_period, show_period
from broadcaster.station.records import ON_AIR
from broadcaster.station.replan import programme_infos
from broadcaster.store import library as rows_of
from broadcaster.store.db import Session, session
from broadcaster.store.models import PlannedAiring, Programme, ProgrammeChange
from broadcaster.store.programme_states import load_states
from broadcaster.store.state import get_state

MAX_REASON = 500
MAX_TITLE = 200
MAX_BY = 80
# Control characters, lone surrogates, and the bidirectional overrides and isolates that
# would make a title read backwards in a list or an export (Trojan Source, CVE-2021-42574).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Listing:
    id: int
    title: str
    series_id: str
    series_title: str
    period: Period | None
    done: int  # airings aired (the programmes it replaced included)
    planned: int  # airings still to come
    state: str  # active | withdrawn | replaced
    replaced_by: int | None


@dataclass(frozen=True)
class Moved:
    programme: Programme
    old: Period | None
    new: Period


# ---- reading --------------------------------------------------------------------------
def current_period(
    rows: list[PlannedAiring], state: ProgrammeState, series: Series, config: Config
) -> Period | None:
    """The period a programme is in: its new airing's (planned or aired; `rows` in slot
    order), else the one an operator chose, else None (not planned yet)."""
    tz = config.station.tz
    first = [r for r in rows if r.seq == 0]
    if first:
        return period_of(first[0].slot_at, series.period, tz)
    if state.period_key:
        return period_from_key(state.period_key, series.period, tz)
    return None


def assigned_periods(db: Session, config: Config) -> dict[int, Period]:
    """The period the planner's rules give each active programme (held-over ones
    included), computed as the planner does at the start of `plan()`."""
    infos = programme_infos(rows_of.programmes(db), load_states(db))
    fixed = [
        Placement(r.slot_at, r.series_id, r.programme_id, r.seq, Kind(r.kind), r.duration_s)
        for r in rows_of.planned(db)
    ]
    pinned = pinned_new_airings(group_fixed(infos, fixed))
    result: dict[int, Period] = {}
    for series in config.series:
        for pid, assignment in assign_periods(series, infos, config.station.tz, pinned).items():
            result[pid] = assignment.period
    return result


def library(
    engine: Engine, config: Config, now: datetime, everything: bool = False
) -> list[Listing]:
    """The programmes of every series, newest first; withdrawn and replaced ones only with
    `everything`."""
    series_by_id = config.series_by_id()
    with session(engine) as db:
        programmes = rows_of.programmes_newest_first(db, BULLETIN_SERIES)
        rows = rows_of.planned(db)
        status = rows_of.latest_status(db)
        all_states = load_states(db)
        by_rules = assigned_periods(db, config)
    by_programme: dict[int, list[PlannedAiring]] = {}
    for row in rows:
        by_programme.setdefault(row.programme_id, []).append(row)
    earliest = now - config.daemon.missed_grace
    entries = []
    for programme in programmes:
        assert programme.id is not None
        state = all_states.get(programme.id, ProgrammeState())
        if state.withdrawn and not everything:
            continue
        mine = [*by_programme.get(programme.id, [])]
        for old in state.replaces:
            mine += by_programme.get(old, [])
        series = series_by_id.get(programme.series_id)
        done = sum(1 for r in mine if status.get(r.uid) == Status.AIRED)
        planned = sum(
            1
            for r in by_programme.get(programme.id, [])
            if r.uid not in status and r.slot_at >= earliest
        )
        period = None
        if series is not None:
            period = current_period(sorted(mine, key=lambda r: r.slot_at), state, series, config)
        if period is None and not state.withdrawn:
            period = by_rules.get(programme.id)
        entries.append(
            Listing(
                programme.id,
                programme.title,
                programme.series_id,
                series.title if series else programme.series_id,
                period,
                done,
                0 if state.withdrawn else planned,
                state.state,
                state.replaced_by,
            )
        )
    # A replaced programme's airings to come are its replacement's: so is its period.
    periods = {e.id: e.period for e in entries}
    return [
        replace(e, period=periods.get(e.replaced_by)) if e.period is None and e.replaced_by else e
        for e in entries
    ]


# ---- checks shared by every change ----------------------------------------------------
def operator() -> str:
    """Who made a change when `--by` is not given: the OS user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container, a service account)
        return "?"


def clean_text(value: str, missing_key: str, too_long_key: str, limit: int) -> str:
    """One line of operator text in NFC; ProgrammeRefused when empty, too long or with control
    characters (a newline would forge a second line in every list and export)."""
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise ProgrammeRefused(missing_key)
    if _CONTROL.search(text):
        raise ProgrammeRefused("programme.control_characters")
    if len(text) > limit:
        raise ProgrammeRefused(too_long_key, limit=limit)
    return text


def check_common(reason: str, by: str | None) -> tuple[str, str]:
    why = clean_text(reason, "programme.reason_missing", "programme.reason_too_long", MAX_REASON)
    who = (
        clean_text(by, "programme.by_missing", "programme.by_too_long", MAX_BY)
        if by is not None
        else operator()
    )
    return why, who


def find_programme(
    db: Session, config: Config, pid: int
) -> tuple[Programme, Series, ProgrammeState]:
    programme = rows_of.programme(db, pid)
    if programme is None or programme.series_id == BULLETIN_SERIES:
        raise ProgrammeRefused("programme.unknown", id=pid)
    series = config.series_by_id().get(programme.series_id)
    if series is None:
        raise ProgrammeRefused("programme.no_series", id=pid, series=programme.series_id)
    return programme, series, load_states(db).get(pid, ProgrammeState())


def check_active(programme: Programme, state: ProgrammeState) -> None:
    if state.state != ACTIVE:
        key = "programme.is_replaced" if state.replaced_by else "programme.is_withdrawn"
        raise ProgrammeRefused(key, id=programme.id, other=state.replaced_by or "")


def log_change(
    db: Session, pid: int, action: str, old: str, new: str, reason: str, by: str, now: datetime
) -> None:
    db.add(
        ProgrammeChange(
            programme_id=pid,
            at=now,
            by=by,
            action=action,
            old_value=old,
            new_value=new,
            reason=reason,
        )
    )


def future_rows(db: Session, pid: int, now: datetime) -> list[PlannedAiring]:
    """A programme's airings that have neither started nor been recorded: the ones a change
    may take away or hand over (callers also spare the one the daemon notes on air)."""
    rows = rows_of.airings_after(db, pid, now)
    recorded = rows_of.recorded_among(db, rows)
    return [r for r in rows if r.uid not in recorded]


def file_in_use(db: Session, config: Config, pid: int, now: datetime) -> bool:
    """Whether the daemon may be playing the programme's file, or about to: an airing not
    recorded whose slot is past by less than the grace, or due within the preroll (the
    airing thread opens the file that long before its slot). Its file then stays in the
    library; moving it would turn that airing into a failure."""
    soon = now + config.player.preroll + timedelta(seconds=2)
    rows = rows_of.airings_within(db, pid, now - config.daemon.missed_grace, soon)
    if not rows:
        return False
    recorded = rows_of.recorded_among(db, rows)
    return any(r.uid not in recorded for r in rows)


def on_air_uid(engine: Engine) -> str | None:
    note = get_state(engine, ON_AIR)
    return str(note[0].get("uid")) if note and note[0].get("uid") else None


# ---- changes --------------------------------------------------------------------------
def retitle(
    engine: Engine, config: Config, pid: int, title: str, reason: str, by: str | None, now: datetime
) -> tuple[str, str]:
    """Set a programme's title (full Vietnamese diacritics, NFC); (old, new)."""
    new = clean_text(title, "programme.title_missing", "programme.title_too_long", MAX_TITLE)
    why, who = check_common(reason, by)
    with session(engine) as db:
        programme, _, _ = find_programme(db, config, pid)
        old = programme.title
        if old == new:
            raise ProgrammeRefused("programme.title_same", title=new)
        # Programme.title is the name shown from now on; the as-run rows keep the title
        # each airing went out under, and the change log keeps both.
        programme.title = new
        db.add(programme)
        log_change(db, pid, TITLE, old, new, why, who, now)
        db.commit()
    return old, new


def move(
    engine: Engine,
    config: Config,
    pid: int,
    period_text: str,
    reason: str,
    by: str | None,
    now: datetime,
) -> Moved:
    """Put a programme in another period of its series (not one already over)."""
    why, who = check_common(reason, by)
    tz = config.station.tz
    with session(engine) as db:
        programme, series, state = find_programme(db, config, pid)
        check_active(programme, state)
        try:
            target = parse_period(period_text, series.period, now.astimezone(tz).date(), tz)
        except ValueError:
            raise ProgrammeRefused(
                f"programme.bad_period_{series.period}", got=period_text
            ) from None
        if target.end <= now:
            raise ProgrammeRefused("programme.period_over", period=show_period(target))
        rows = rows_of.airings_of(db, [pid, *state.replaces])
        status = rows_of.latest_status(db)
        started = [r for r in rows if r.seq == 0 and (r.slot_at <= now or r.uid in status)]
        if started:
            # Its new airing is a fact of the period it aired in (or is airing in now).
            raise ProgrammeRefused("programme.move_aired", id=pid)
        old = current_period(sorted(rows, key=lambda r: r.slot_at), state, series, config)
        if old is None:
            old = assigned_periods(db, config).get(pid)
        if old == target:
            raise ProgrammeRefused("programme.period_same", period=show_period(target))
        log_change(db, pid, MOVE, old.key if old else "", target.key, why, who, now)
        db.commit()
    return Moved(programme, old, target)


def hand_over(
    db: Session,
    old: Programme,
    new: Programme,
    period: Period | None,
    reason: str,
    by: str,
    now: datetime,
    on_air: str | None,
) -> int:
    """`new` takes `old`'s airings still to come, in `old`'s period; the change is logged
    on both. Returns how many airings it took."""
    assert old.id is not None and new.id is not None
    # Anything planned for the new programme as a newcomer (a daemon that re-planned
    # since it was registered) gives way: it is the old one's airings it takes.
    for row in future_rows(db, new.id, now):
        db.delete(row)
    db.flush()
    taken = 0
    for row in future_rows(db, old.id, now):
        if row.uid == on_air:
            continue
        row.programme_id = new.id
        row.duration_s = new.duration_s
        db.add(row)
        taken += 1
    log_change(db, old.id, REPLACE, old.file_name, str(new.id), reason, by, now)
    log_change(db, new.id, REPLACES, "", str(old.id), reason, by, now)
    if period is not None:
        log_change(db, new.id, MOVE, "", period.key, reason, by, now)
    return taken
