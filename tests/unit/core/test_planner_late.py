"""Late arrivals (issue #10 §3): a programme arriving late in its month still gets its
1 + 3 where the days left allow, and what cannot be placed says why.

With the shipped `repeat_gap = "7d"`, a programme arriving after the 9th used to lose
repeats by design (10–16: 1+2, 17–23: 1+1, 24–30: 1+0) with the false reason "no free
slot". Now `repeat_gap` is the preferred spacing and the repeats share what is left.
"""

from __future__ import annotations

import calendar
from datetime import time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadcaster.core.planner import (
    AFTER_NEW,
    NO_FREE_SLOT,
    PERIOD_OVER,
    TOO_CLOSE,
    Placement,
    plan,
)
from broadcaster.core.rules import Series, Slot
from broadcaster.core.vocab import Kind
from tests.support.planner import SAT, TZ, at, programme, series, slot

MONTHS = [(2026, 1), (2026, 2), (2028, 2), (2026, 4), (2026, 11), (2026, 12)]


def _placed(result, pid=1):
    return sorted((a.slot_at, a.seq, a.kind) for a in result.airings if a.programme_id == pid)


def _reasons(result, pid=1):
    return sorted((u.seq, u.reason) for u in result.unplaced if u.programme_id == pid)


@pytest.mark.parametrize(("year", "month"), MONTHS)
def test_every_arrival_day_gets_one_plus_three_while_four_days_are_left(year, month):
    """Daily 06:10 slot, repeat_gap 7 days: arriving on day d at 05:00, the days d..end are
    left; 1 + 3 needs four of them."""
    last = calendar.monthrange(year, month)[1]
    for day in range(1, last + 1):
        arrival = at(year, month, day, 5)
        result = plan([series()], [programme(1, arrival)], [], arrival, TZ)
        days_left = last - day + 1
        placed = _placed(result)
        assert len(placed) == min(4, days_left), (day, placed)
        assert [seq for _, seq, _ in placed] == list(range(len(placed)))
        # Never closer than a day (the default minimum), never further than 7 days.
        times = [when for when, _, _ in placed]
        for earlier, later in zip(times, times[1:], strict=False):
            assert timedelta(days=1) <= later - earlier <= timedelta(days=7), (day, times)
        # What is missing is missing because the month ends, and says so.
        assert _reasons(result) == [(seq, PERIOD_OVER) for seq in range(days_left, 4)]


def test_early_arrival_keeps_the_preferred_weekly_spacing():
    arrival = at(2026, 1, 1, 5)
    result = plan([series()], [programme(1, arrival)], [], arrival, TZ)
    assert [w.day for w, _, _ in _placed(result)] == [1, 8, 15, 22]


def test_mid_month_arrival_spreads_the_repeats_over_what_is_left():
    arrival = at(2026, 1, 20, 5)  # 12 days left: 20, then about every 3⅔ days
    result = plan([series()], [programme(1, arrival)], [], arrival, TZ)
    assert [w.day for w, _, _ in _placed(result)] == [20, 24, 28, 31]
    assert result.unplaced == ()


def test_min_repeat_gap_is_honoured_and_named_when_it_is_the_cause():
    arrival = at(2026, 1, 27, 5)  # 5 days left, but repeats at least 2 days apart
    wide = series(slots=[slot("06:10")])
    wide = Series(**{**wide.__dict__, "min_repeat_gap": timedelta(days=2)})
    result = plan([wide], [programme(1, arrival)], [], arrival, TZ)
    assert [w.day for w, _, _ in _placed(result)] == [27, 29, 31]
    assert _reasons(result) == [(3, PERIOD_OVER)]


def test_free_slots_closer_than_the_minimum_are_named_too_close():
    # Slots every hour from 06:00 to 09:00; the last day: after the 06:00 repeat, only
    # 07:00–09:00 are left, closer than the 1-day minimum.
    hourly = series(slots=[slot(f"{h:02d}:00") for h in (6, 7, 8, 9)])
    arrival = at(2026, 1, 30, 5)
    result = plan([hourly], [programme(1, arrival)], [], arrival, TZ)
    assert [(w.day, w.hour) for w, _, _ in _placed(result)] == [(30, 6), (31, 6)]
    assert _reasons(result) == [(2, TOO_CLOSE), (3, TOO_CLOSE)]


def test_slots_taken_by_another_series_are_named_no_free_slot():
    other = series("other", repeats=0, slots=[slot("06:10")])
    mine = series("mine", slots=[slot("06:10")])
    arrival = at(2026, 1, 31, 5)
    taken = [Placement(at(2026, 1, 31, 6, 10), "other", 9, 0, Kind.NEW, 600)]
    result = plan([other, mine], [programme(1, arrival, sid="mine")], taken, arrival, TZ)
    assert _reasons(result) == [
        (0, NO_FREE_SLOT),
        (1, "after_new"),
        (2, "after_new"),
        (3, "after_new"),
    ]


def test_arrival_after_the_last_slot_of_the_month_says_the_month_is_over():
    arrival = at(2026, 1, 31, 18)
    result = plan([series()], [programme(1, arrival)], [], arrival, TZ)
    assert _placed(result) == []
    assert _reasons(result)[0] == (0, PERIOD_OVER)


# --- weekly: a programme that missed its week airs late --------------------------------


def _weekly():
    return series("tinh", period="week", repeats=0, slots=[slot("16:30", {SAT})])


def test_weekly_programme_after_its_slot_airs_late_at_the_next_free_slot():
    monthly = series("xa", slots=[slot("06:10")])
    arrival = at(2026, 1, 10, 17)  # Saturday, after the 16:30 slot of week 2
    result = plan([_weekly(), monthly], [programme(1, arrival, sid="tinh")], [], arrival, TZ)
    # The station's next slot (the monthly series' 06:10, free) on Sunday, marked late.
    assert _placed(result) == [(at(2026, 1, 11, 6, 10), 0, Kind.LATE)]
    assert result.unplaced == ()


def test_weekly_late_airing_takes_its_own_next_slot_when_it_is_the_only_one():
    arrival = at(2026, 1, 10, 17)
    result = plan([_weekly()], [programme(1, arrival, sid="tinh")], [], arrival, TZ)
    assert _placed(result) == [(at(2026, 1, 17, 16, 30), 0, Kind.LATE)]


def test_weekly_late_airing_never_pushes_out_the_next_weeks_programme():
    arrival = at(2026, 1, 10, 17)
    on_time = programme(2, at(2026, 1, 12, 9), sid="tinh")
    result = plan([_weekly()], [programme(1, arrival, sid="tinh"), on_time], [], arrival, TZ)
    assert _placed(result, 2) == [(at(2026, 1, 17, 16, 30), 0, Kind.NEW)]
    assert _placed(result, 1) == []
    assert [(u.seq, u.kind, u.reason) for u in result.unplaced if u.programme_id == 1] == [
        (0, Kind.NEW, PERIOD_OVER)
    ]


def test_weekly_late_airing_is_still_planned_after_its_week_ended():
    """A re-plan on Monday must keep the late airing (its own week is over by then)."""
    monthly = series("xa", slots=[slot("06:10")])
    arrival = at(2026, 1, 11, 7)  # Sunday, after everything of week 2
    monday = at(2026, 1, 12, 0, 30)
    result = plan([_weekly(), monthly], [programme(1, arrival, sid="tinh")], [], monday, TZ)
    assert _placed(result) == [(at(2026, 1, 12, 6, 10), 0, Kind.LATE)]
    # Once it aired, it pins nothing: the programme stays in its own week.
    aired = [Placement(at(2026, 1, 12, 6, 10), "tinh", 1, 0, Kind.LATE, 600)]
    later = plan(
        [_weekly(), monthly], [programme(1, arrival, sid="tinh")], aired, at(2026, 1, 13), TZ
    )
    assert later.airings == () and later.unplaced == ()
    assert later.assignments[1].period.key == "2026-W02"


# --- property: daily slots, any arrival, any spacing ----------------------------------


@settings(max_examples=300, deadline=None)
@given(
    month=st.sampled_from(MONTHS),
    minute=st.integers(0, 31 * 24 * 60 - 1),
    times=st.lists(
        st.tuples(st.integers(0, 23), st.sampled_from([0, 10, 15, 30, 45])),
        min_size=1,
        max_size=3,
        unique=True,
    ),
    repeats=st.integers(0, 6),
    gap_hours=st.integers(0, 10 * 24),
)
def test_repeats_are_placed_whenever_the_days_left_allow(month, minute, times, repeats, gap_hours):
    year, number = month
    start = at(year, number, 1)
    arrival = start + timedelta(minutes=minute)
    if arrival.month != number:
        return
    daily = Series(
        id="s",
        title="S",
        folder="s",
        period="month",
        new_per_period=1,
        repeats=repeats,
        repeat_gap=timedelta(hours=gap_hours),
        slots=tuple(Slot(time(h, m), frozenset(range(7))) for h, m in times),
    )
    result = plan([daily], [programme(1, arrival, sid="s", duration_s=60)], [], arrival, TZ)
    placed = _placed(result)
    # The most a month can hold from this arrival, spacing airings by the minimum gap:
    # take each first slot at least that far after the last (greedy is optimal here).
    minimum = daily.shortest_repeat_gap
    last_day = calendar.monthrange(year, number)[1]
    moments = sorted(at(year, number, d, h, m) for d in range(1, last_day + 1) for h, m in times)
    capacity, previous = 0, None
    for moment in moments:
        if moment < arrival:
            continue
        if previous is None or moment - previous >= minimum:
            capacity, previous = capacity + 1, moment
    assert len(placed) == min(1 + repeats, capacity), (placed, capacity)
    kinds = [kind for _, _, kind in placed]
    assert kinds == [Kind.NEW, *[Kind.REPEAT] * (len(placed) - 1)][: len(placed)]
    whens = [w for w, _, _ in placed]
    for earlier, later in zip(whens, whens[1:], strict=False):
        assert later - earlier >= minimum
        # Daily slots: never more than a day past the spacing it aimed at.
        assert later - earlier <= max(daily.repeat_gap, minimum) + timedelta(days=1)
    assert all(u.reason in (PERIOD_OVER, TOO_CLOSE, AFTER_NEW) for u in result.unplaced)
    assert Kind.LATE not in kinds
