"""The planning core: a pure function from rules, programmes and history to airings.

No I/O and no clock of its own: `now` is an argument, so every rule can be tested at any
date. The daemon stores what this returns and fires it; it never decides anything itself.

Rules (issue #2):
- each programme belongs to one period of its series (the month named in its file name,
  else the month/week it arrived in); a period takes `new_per_period` new programmes, and
  any extra is held for the next period;
- the new airing takes the first free slot at or after arrival (and not before `now`);
- each repeat takes the earliest free slot `repeat_gap` after the programme's previous
  airing, inside the same period. `repeat_gap` is the preferred spacing: when what is left
  of the period is too short for the repeats still due, they spread evenly over what is
  left, never closer than `min_repeat_gap` (issue #10: a programme arriving on the 20th
  still gets its 1 + 3 where the slots allow);
- a weekly programme whose new airing finds no slot in its week airs late, at the next
  free slot of the station in the following week, after every on-time airing has its slot;
- a slot is free when no other airing starts there or overlaps it (one airing at a time);
- what is fixed (already aired, or due too soon to move) is kept as it is;
- what cannot be placed is returned as unplaced, with its true cause (`REASONS`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from broadcaster.core.periods import Period, month_period, next_period, period_from_key, period_of
from broadcaster.core.rules import Series
from broadcaster.core.vocab import PLANNER_KINDS, Kind

# Why an airing could not be placed:
PERIOD_OVER = "period_over"  # no slot of the series is left in the period after that moment
NO_FREE_SLOT = "no_free_slot"  # slots are left, but other airings take every one of them
TOO_CLOSE = "too_close"  # the free slots left are closer than min_repeat_gap to the last airing
AFTER_NEW = "after_new"  # the new airing found no place, so its repeats wait with it
REASONS = (PERIOD_OVER, NO_FREE_SLOT, TOO_CLOSE, AFTER_NEW)
# A make-up of the airing with seq s has seq s + MAKEUP_STEP; a failed make-up is made up
# again the same way, at most MAKEUP_ATTEMPTS times.
MAKEUP_STEP = 100
MAKEUP_ATTEMPTS = 2


@dataclass(frozen=True)
class ProgrammeInfo:
    id: int
    series_id: str
    title: str
    arrived_at: datetime  # aware
    duration_s: float
    named_month: tuple[int, int] | None = None
    # The period an operator put it in (`programme move`, or the period of the programme it
    # replaces): a `Period.key`. It overrides the name and arrival, and is never held over.
    period_key: str | None = None
    # The programmes it replaced (`programme replace`), oldest first: their airings count
    # as its own, so it takes only the airings they still had to make.
    replaces: tuple[int, ...] = ()


@dataclass(frozen=True, order=True)
class Placement:
    slot_at: datetime  # aware
    series_id: str
    programme_id: int
    seq: int  # 0 = the new airing, 1.. = repeats
    kind: Kind
    duration_s: float
    # For fixed airings: False when it did not air (missed, failed, partial): a make-up is due.
    satisfied: bool = True

    @property
    def end_at(self) -> datetime:
        return self.slot_at + timedelta(seconds=self.duration_s)


@dataclass(frozen=True)
class Unplaced:
    series_id: str
    programme_id: int
    seq: int
    kind: Kind
    period_key: str
    reason: str  # one of REASONS


@dataclass(frozen=True)
class Held:
    series_id: str
    programme_id: int
    wanted_period: str
    period: str


@dataclass(frozen=True)
class Assignment:
    programme: ProgrammeInfo
    period: Period
    wanted: Period
    start_at: datetime  # when it may first air: arrival, or its period's start if held


@dataclass(frozen=True)
class Plan:
    airings: tuple[Placement, ...]  # new placements only (fixed airings are not repeated here)
    unplaced: tuple[Unplaced, ...]
    held: tuple[Held, ...]
    assignments: dict[int, Assignment]


def assign_periods(
    series: Series,
    programmes: list[ProgrammeInfo],
    tz: ZoneInfo,
    pinned: dict[int, datetime] | None = None,
) -> dict[int, Assignment]:
    """Give each programme of one series its period, holding extras for later periods.

    `pinned` maps programmes whose new airing is already fixed to that airing's time: they
    stay in the period that airing fell in, and count against its quota first, whatever
    arrives later or however the rules change. A period an operator chose (`period_key`)
    is honoured the same way: those programmes are never held over, and the ones the rules
    placed there give way to them.
    """
    pinned = pinned or {}

    def named_start(p: ProgrammeInfo) -> datetime | None:
        return month_period(*p.named_month, tz).start if p.named_month else None

    def wanted(p: ProgrammeInfo) -> Period:
        if p.period_key is not None:
            return period_from_key(p.period_key, series.period, tz)
        arrival = period_of(p.arrived_at, series.period, tz)
        start = named_start(p)
        if start is None:
            return arrival
        # A programme named for a month already over goes in the period it arrived.
        return max(period_of(start, series.period, tz), arrival)

    def claim(p: ProgrammeInfo) -> Period:
        return period_of(pinned[p.id], series.period, tz) if p.id in pinned else wanted(p)

    def fixed(p: ProgrammeInfo) -> bool:
        return p.id in pinned or p.period_key is not None

    ordered = sorted(
        ((claim(p), p) for p in programmes if p.series_id == series.id),
        # Pinned programmes are facts and chosen periods an operator's word: they claim
        # their periods before anything is held.
        key=lambda item: (not fixed(item[1]), item[0].start, item[1].arrived_at, item[1].id),
    )
    taken: dict[Period, int] = {}
    result: dict[int, Assignment] = {}
    for first_choice, programme in ordered:
        period = first_choice
        if not fixed(programme):
            while taken.get(period, 0) >= series.new_per_period:
                period = next_period(period, tz)
        taken[period] = taken.get(period, 0) + 1
        want = wanted(programme)
        earliest = max(programme.arrived_at, period.start)
        start = named_start(programme) if programme.period_key is None else None
        if start is not None and period == want:
            earliest = max(earliest, start)  # a weekly programme named for a month waits for it
        result[programme.id] = Assignment(programme, period, want, earliest)
    return result


def group_fixed(
    programmes: list[ProgrammeInfo], fixed: list[Placement]
) -> dict[int, dict[int, Placement]]:
    """Fixed airings by programme and seq. A replaced programme's airings are its
    replacement's: what the old file aired still counts for the period, and the new file
    takes only the seqs (and make-ups) still to come."""
    successor = {old: p.id for p in programmes for old in p.replaces}
    grouped: dict[int, dict[int, Placement]] = {}
    for airing in fixed:
        # A bulletin or a test airing of a file that is also a programme only takes airtime:
        # it is none of that programme's airings (it never pins, counts or gets made up).
        if airing.kind not in PLANNER_KINDS:
            continue
        pid = successor.get(airing.programme_id, airing.programme_id)
        grouped.setdefault(pid, {})[airing.seq] = airing
    return grouped


def pinned_new_airings(grouped: dict[int, dict[int, Placement]]) -> dict[int, datetime]:
    """Programme → the time of its fixed new airing (seq 0), for `assign_periods`. A late
    airing falls outside its programme's period: it pins nothing."""
    return {
        pid: seqs[0].slot_at
        for pid, seqs in grouped.items()
        if 0 in seqs and seqs[0].kind != Kind.LATE
    }


def slot_times(series: Series, period: Period, tz: ZoneInfo) -> list[datetime]:
    """Every slot of a series inside a period, in order, as aware datetimes."""
    times = []
    for day in period.days():
        for slot in series.slots:
            if day.weekday() in slot.days:
                times.append(
                    datetime(
                        day.year,
                        day.month,
                        day.day,
                        slot.time.hour,
                        slot.time.minute,
                        slot.time.second,
                        tzinfo=tz,
                    )
                )
    return sorted(times)


class _Timeline:
    """Occupied airtime of the whole station: one airing at a time, no shared slot."""

    def __init__(self) -> None:
        self._spans: list[tuple[datetime, datetime]] = []

    def add(self, start: datetime, end: datetime) -> None:
        # Spans stay sorted and disjoint (overlaps are merged), so neighbours decide `is_free`.
        end = max(end, start + timedelta(seconds=1))
        first = bisect.bisect_left(self._spans, (start, start))
        if first > 0 and self._spans[first - 1][1] > start:
            first -= 1
        last = first
        while last < len(self._spans) and self._spans[last][0] < end:
            start = min(start, self._spans[last][0])
            end = max(end, self._spans[last][1])
            last += 1
        self._spans[first:last] = [(start, end)]

    def is_free(self, start: datetime, end: datetime) -> bool:
        end = max(end, start + timedelta(seconds=1))
        index = bisect.bisect_left(self._spans, (start, start))
        for neighbour in self._spans[max(0, index - 1) : index + 1]:
            if neighbour[0] < end and start < neighbour[1]:
                return False
        return True


def plan(
    series_list: list[Series] | tuple[Series, ...],
    programmes: list[ProgrammeInfo],
    fixed: list[Placement],
    now: datetime,
    tz: ZoneInfo,
) -> Plan:
    """Plan every programme whose period has not ended yet.

    `fixed` are airings that must not move: past ones (aired, missed, failed) and those due
    too soon to change. They occupy airtime and count as that programme's airings.
    """
    timeline = _Timeline()
    for airing in fixed:
        timeline.add(airing.slot_at, airing.end_at)
    fixed_by_programme = group_fixed(programmes, fixed)

    assignments: dict[int, Assignment] = {}
    order: list[tuple[datetime, int, datetime, int, Series]] = []
    pinned = pinned_new_airings(fixed_by_programme)
    for rank, series in enumerate(series_list):
        for pid, assignment in assign_periods(series, programmes, tz, pinned).items():
            assignments[pid] = assignment
            order.append((assignment.period.start, rank, assignment.start_at, pid, series))
    # Earlier periods and earlier arrivals claim slots first; series order breaks ties.
    order.sort(key=lambda item: (item[0], item[2], item[1], item[3]))

    placed: list[Placement] = []
    unplaced: list[Unplaced] = []
    late: list[Assignment] = []
    slot_cache: dict[tuple[str, Period], list[datetime]] = {}
    for _, _, _, pid, series in order:
        assignment = assignments[pid]
        period = assignment.period
        done = fixed_by_programme.get(pid, {})
        if period.end <= now:
            if _may_air_late(series, assignment, done, now, tz):
                late.append(assignment)
            continue
        key = (series.id, period)
        if key not in slot_cache:
            slot_cache[key] = slot_times(series, period, tz)
        placements = _place_programme(series, assignment, slot_cache[key], done, now, timeline)
        placed.extend(item for item in placements if isinstance(item, Placement))
        unplaced.extend(item for item in placements if isinstance(item, Unplaced))
        if series.period == "week" and any(
            isinstance(item, Unplaced) and item.seq == 0 for item in placements
        ):
            late.append(assignment)

    _plan_makeups(
        series_list,
        assignments,
        fixed_by_programme,
        now,
        tz,
        timeline,
        slot_cache,
        placed,
        unplaced,
    )
    _plan_late(series_list, late, now, tz, timeline, placed, unplaced)
    held = tuple(
        Held(a.programme.series_id, pid, a.wanted.key, a.period.key)
        for pid, a in sorted(assignments.items())
        if a.period != a.wanted and a.period.end > now
    )
    return Plan(tuple(sorted(placed)), tuple(unplaced), held, assignments)


def _place_programme(
    series: Series,
    assignment: Assignment,
    slots: list[datetime],
    done: dict[int, Placement],
    now: datetime,
    timeline: _Timeline,
) -> list[Placement | Unplaced]:
    """The new airing and repeats of one programme that are not fixed yet, in order; each
    one placed is added to the station's timeline.

    Repeats keep `repeat_gap` apart while the period allows; when fewer days are left than
    that spacing needs, the gap shrinks to share what is left evenly (down to the series'
    `min_repeat_gap`). The gap is worked out again after each placement, from where the
    previous airing really landed, so a slot taken by another series only costs its own
    repeat a little spacing and never the ones after it.
    """
    pid, period = assignment.programme.id, assignment.period
    duration_s = assignment.programme.duration_s
    result: list[Placement | Unplaced] = []
    previous: datetime | None = max((a.slot_at for a in done.values()), default=None)
    due = [seq for seq in range(series.repeats + 1) if seq not in done]
    for index, seq in enumerate(due):
        kind = Kind.NEW if seq == 0 else Kind.REPEAT
        if seq != 0 and any(isinstance(r, Unplaced) and r.seq == 0 for r in result):
            result.append(Unplaced(series.id, pid, seq, kind, period.key, AFTER_NEW))
            continue
        if seq == 0 or previous is None:
            chosen, reason = _first_free_or_why(
                slots, max(assignment.start_at, now), duration_s, timeline
            )
        else:
            chosen, reason = _next_repeat(
                series, slots, previous, len(due) - index, now, duration_s, timeline
            )
        if chosen is None:
            result.append(Unplaced(series.id, pid, seq, kind, period.key, reason))
            continue
        airing = Placement(chosen, series.id, pid, seq, kind, duration_s)
        timeline.add(airing.slot_at, airing.end_at)
        result.append(airing)
        previous = chosen
    return result


def _next_repeat(
    series: Series,
    slots: list[datetime],
    previous: datetime,
    remaining: int,
    now: datetime,
    duration_s: float,
    timeline: _Timeline,
) -> tuple[datetime | None, str]:
    """The slot of the next repeat, `remaining` repeats (this one included) still being due."""
    shortest = series.shortest_repeat_gap
    later = slots[bisect.bisect_right(slots, previous) :]
    if not later or later[-1] < now:
        return None, PERIOD_OVER
    # Shared evenly: the last repeat may take the last slot of the period.
    even = (later[-1] - previous) / remaining
    gap = max(shortest, min(series.repeat_gap, even))
    for earliest in (previous + gap, previous + shortest):
        chosen = _first_free(slots, max(earliest, now), duration_s, timeline)
        if chosen is not None:
            return chosen, ""
    spaced = [s for s in later if s >= max(previous + shortest, now)]
    if not spaced:
        return None, TOO_CLOSE if any(s >= now for s in later) else PERIOD_OVER
    return None, NO_FREE_SLOT


def _first_free_or_why(
    slots: list[datetime], earliest: datetime, duration_s: float, timeline: _Timeline
) -> tuple[datetime | None, str]:
    chosen = _first_free(slots, earliest, duration_s, timeline)
    if chosen is not None:
        return chosen, ""
    return None, NO_FREE_SLOT if bisect.bisect_left(slots, earliest) < len(slots) else PERIOD_OVER


def _may_air_late(
    series: Series, assignment: Assignment, done: dict[int, Placement], now: datetime, tz: ZoneInfo
) -> bool:
    """A weekly programme that never got its new airing, in the week after its own."""
    if series.period != "week" or 0 in done:
        return False
    return now < next_period(assignment.period, tz).end


def _plan_late(
    series_list: list[Series] | tuple[Series, ...],
    late: list[Assignment],
    now: datetime,
    tz: ZoneInfo,
    timeline: _Timeline,
    placed: list[Placement],
    unplaced: list[Unplaced],
) -> None:
    """Weekly programmes that missed their week air at the next free slot of the station
    (any series' slot time) in the week after, marked late. They come after every on-time
    airing and make-up, so they never push one out."""
    for assignment in sorted(late, key=lambda a: (a.period.start, a.start_at, a.programme.id)):
        programme = assignment.programme
        following = next_period(assignment.period, tz)
        moments = sorted(
            {t for s in series_list for t in slot_times(s, assignment.period, tz)}
            | {t for s in series_list for t in slot_times(s, following, tz)}
        )
        moments = [t for t in moments if t < following.end]
        earliest = max(assignment.start_at, now)
        chosen, reason = _first_free_or_why(moments, earliest, programme.duration_s, timeline)
        # The week's own report already names the missed new airing; this is the late one.
        unplaced[:] = [
            u
            for u in unplaced
            if not (u.programme_id == programme.id and u.seq == 0 and chosen is not None)
        ]
        if chosen is None:
            if not any(u.programme_id == programme.id and u.seq == 0 for u in unplaced):
                unplaced.append(
                    Unplaced(programme.series_id, programme.id, 0, Kind.LATE, following.key, reason)
                )
            continue
        airing = Placement(
            chosen, programme.series_id, programme.id, 0, Kind.LATE, programme.duration_s
        )
        timeline.add(airing.slot_at, airing.end_at)
        placed.append(airing)


def _plan_makeups(
    series_list: list[Series] | tuple[Series, ...],
    assignments: dict[int, Assignment],
    fixed_by_programme: dict[int, dict[int, Placement]],
    now: datetime,
    tz: ZoneInfo,
    timeline: _Timeline,
    slot_cache: dict[tuple[str, Period], list[datetime]],
    placed: list[Placement],
    unplaced: list[Unplaced],
) -> None:
    """Each airing that did not air gets one make-up at the next free slot of its period.

    Make-ups come after every regular airing has its slot, so they never push one out;
    each needs a free slot of its own, so a long outage never turns into a burst.
    """
    by_id = {s.id: s for s in series_list}
    due: list[tuple[datetime, int, Placement]] = []
    for pid, done in fixed_by_programme.items():
        assignment = assignments.get(pid)
        series = by_id.get(assignment.programme.series_id) if assignment else None
        if assignment is None or series is None or not series.makeup:
            continue
        if assignment.period.end <= now:
            continue
        for seq, airing in done.items():
            attempt = seq // MAKEUP_STEP + 1  # the make-up this one would need
            if airing.satisfied or seq + MAKEUP_STEP in done or attempt > MAKEUP_ATTEMPTS:
                continue
            due.append((airing.slot_at, pid, airing))
    for _, pid, airing in sorted(due, key=lambda item: (item[0], item[1])):
        assignment = assignments[pid]
        series = by_id[assignment.programme.series_id]
        key = (series.id, assignment.period)
        if key not in slot_cache:
            slot_cache[key] = slot_times(series, assignment.period, tz)
        seq = airing.seq + MAKEUP_STEP
        earliest = max(now, airing.slot_at + timedelta(seconds=1))
        chosen, reason = _first_free_or_why(
            slot_cache[key], earliest, assignment.programme.duration_s, timeline
        )
        if chosen is None:
            unplaced.append(
                Unplaced(series.id, pid, seq, Kind.MAKEUP, assignment.period.key, reason)
            )
            continue
        makeup = Placement(
            chosen, series.id, pid, seq, Kind.MAKEUP, assignment.programme.duration_s
        )
        timeline.add(makeup.slot_at, makeup.end_at)
        placed.append(makeup)


def _first_free(
    slots: list[datetime], earliest: datetime, duration_s: float, timeline: _Timeline
) -> datetime | None:
    length = timedelta(seconds=duration_s)
    for slot in slots[bisect.bisect_left(slots, earliest) :]:
        if timeline.is_free(slot, slot + length):
            return slot
    return None
