"""Fixed-date tests of the planning rules (see the `broadcaster.core.planner` docstring)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from broadcaster.core.periods import month_period
from broadcaster.core.planner import Held, Placement, Plan, Unplaced, plan
from broadcaster.core.vocab import Kind
from tests.support.planner import MON, SAT, THU, TZ, at, programme, series, slot

DAILY = (slot("06:10"),)
MON_THU_AND_DAILY = (slot("17:15", {MON, THU}), slot("06:10"))


def of(result: Plan, pid: int) -> list[Placement]:
    return [a for a in result.airings if a.programme_id == pid]


def starts(result: Plan, pid: int) -> list:
    return [a.slot_at for a in of(result, pid)]


def unplaced(result: Plan, pid: int) -> list[tuple[int, str, str, str]]:
    return [
        (u.seq, u.kind, u.period_key, u.reason) for u in result.unplaced if u.programme_id == pid
    ]


def assert_no_shared_or_overlapping(airings) -> None:
    ordered = sorted(airings, key=lambda a: a.slot_at)
    for first, second in zip(ordered, ordered[1:], strict=False):
        assert first.slot_at != second.slot_at, (first, second)
        assert first.end_at <= second.slot_at, (first, second)


# --- the district rule: 1 new + 3 repeats, 7 days apart, inside the month ---------------

MONTHS = [
    pytest.param(2026, 2, id="28-day Feb 2026"),
    pytest.param(2028, 2, id="29-day Feb 2028"),
    pytest.param(2026, 4, id="30-day Apr 2026"),
    pytest.param(2026, 1, id="31-day Jan 2026"),
]


@pytest.mark.parametrize("slots", [DAILY, MON_THU_AND_DAILY], ids=["daily", "mon-thu+daily"])
@pytest.mark.parametrize("hour", [0, 8], ids=["arrive 00:00", "arrive 08:00"])
@pytest.mark.parametrize(("year", "month"), MONTHS)
def test_arrival_on_the_first_places_all_four_inside_the_month(year, month, hour, slots):
    district = series(slots=slots)
    arrival = at(year, month, 1, hour)
    result = plan([district], [programme(1, arrival)], [], arrival, TZ)

    airings = of(result, 1)
    assert [a.seq for a in airings] == [0, 1, 2, 3]
    assert [a.kind for a in airings] == [Kind.NEW, Kind.REPEAT, Kind.REPEAT, Kind.REPEAT]
    assert result.unplaced == ()
    assert result.held == ()
    month = month_period(year, month, TZ)
    assert all(month.contains(a.slot_at) for a in airings)
    assert airings[0].slot_at >= arrival
    for earlier, later in zip(airings, airings[1:], strict=False):
        assert later.slot_at - earlier.slot_at >= timedelta(days=7)
    # the new airing is the very first slot at/after arrival
    first_slot_after = min(
        at(d.year, d.month, d.day, s.time.hour, s.time.minute)
        for d in month.days()
        for s in slots
        if d.weekday() in s.days
        and at(d.year, d.month, d.day, s.time.hour, s.time.minute) >= arrival
    )
    assert airings[0].slot_at == first_slot_after


@pytest.mark.parametrize(("year", "month"), MONTHS)
def test_arrival_at_midnight_on_the_first_exact_days(year, month):
    arrival = at(year, month, 1)
    result = plan([series()], [programme(1, arrival)], [], arrival, TZ)
    assert starts(result, 1) == [at(year, month, day, 6, 10) for day in (1, 8, 15, 22)]


def test_exact_datetimes_with_thursday_evening_slot():
    # 1 Jan 2026 is a Thursday: arriving at 08:00 the first slot is 17:15 the same day, and
    # each repeat 7 days later lands exactly on the next Thursday 17:15 (not the 06:10 after).
    arrival = at(2026, 1, 1, 8)
    result = plan([series(slots=MON_THU_AND_DAILY)], [programme(1, arrival)], [], arrival, TZ)
    assert starts(result, 1) == [
        at(2026, 1, 1, 17, 15),
        at(2026, 1, 8, 17, 15),
        at(2026, 1, 15, 17, 15),
        at(2026, 1, 22, 17, 15),
    ]


def test_exact_datetimes_after_the_first_slot_of_a_sunday():
    # 1 Feb 2026 is a Sunday: arriving 08:00 misses 06:10, next slot is Monday 06:10.
    arrival = at(2026, 2, 1, 8)
    result = plan([series(slots=MON_THU_AND_DAILY)], [programme(1, arrival)], [], arrival, TZ)
    assert starts(result, 1) == [at(2026, 2, day, 6, 10) for day in (2, 9, 16, 23)]


# --- mid-month arrival ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "placed_days"),
    [
        pytest.param(2026, 1, (15, 21, 26, 31), id="Jan 2026"),
        pytest.param(2026, 2, (15, 20, 24, 28), id="Feb 2026"),
        pytest.param(2028, 2, (15, 20, 25, 29), id="Feb 2028 (leap)"),
        pytest.param(2026, 4, (15, 20, 25, 30), id="Apr 2026"),
    ],
)
def test_mid_month_arrival_spreads_the_repeats_to_the_month_end(year, month, placed_days):
    # 7 days apart no longer fits: the three repeats share what is left of the month.
    arrival = at(year, month, 15)
    result = plan([series()], [programme(1, arrival)], [], arrival, TZ)

    assert starts(result, 1) == [at(year, month, d, 6, 10) for d in placed_days]
    assert unplaced(result, 1) == []


def test_mid_month_arrival_between_slots_takes_next_slot():
    # 15 Jan 2026 is a Thursday: arriving 10:00, the next slot is 17:15 that day.
    arrival = at(2026, 1, 15, 10)
    result = plan([series(slots=MON_THU_AND_DAILY)], [programme(1, arrival)], [], arrival, TZ)
    assert starts(result, 1) == [
        at(2026, 1, 15, 17, 15),
        at(2026, 1, 21, 6, 10),
        at(2026, 1, 26, 6, 10),
        at(2026, 1, 31, 6, 10),
    ]
    assert unplaced(result, 1) == []


# --- arrival on the last day of the month ----------------------------------------------


@pytest.mark.parametrize("slots", [DAILY, MON_THU_AND_DAILY], ids=["daily", "mon-thu+daily"])
def test_last_day_after_last_slot_nothing_is_placed(slots):
    arrival = at(2026, 1, 31, 18)  # Saturday, after 06:10 (no 17:15 on Saturdays anyway)
    result = plan([series(slots=slots)], [programme(1, arrival)], [], arrival, TZ)

    assert result.airings == ()
    assert unplaced(result, 1) == [
        (0, Kind.NEW, "2026-01", "period_over"),
        (1, Kind.REPEAT, "2026-01", "after_new"),
        (2, Kind.REPEAT, "2026-01", "after_new"),
        (3, Kind.REPEAT, "2026-01", "after_new"),
    ]
    assert result.held == ()
    assert result.assignments[1].period.key == "2026-01"


def test_last_day_before_last_slot_places_only_the_new_airing():
    arrival = at(2026, 1, 31, 5, 59)
    result = plan([series()], [programme(1, arrival)], [], arrival, TZ)

    assert [(a.slot_at, a.seq, a.kind) for a in result.airings] == [
        (at(2026, 1, 31, 6, 10), 0, Kind.NEW)
    ]
    assert unplaced(result, 1) == [
        (1, Kind.REPEAT, "2026-01", "period_over"),
        (2, Kind.REPEAT, "2026-01", "period_over"),
        (3, Kind.REPEAT, "2026-01", "period_over"),
    ]


def test_arrival_exactly_at_slot_time_takes_that_slot():
    arrival = at(2026, 2, 28, 6, 10)
    result = plan([series()], [programme(1, arrival)], [], arrival, TZ)
    assert starts(result, 1) == [arrival]


# --- periods: named month, quota, held ---------------------------------------------------


def test_programme_named_for_next_month_belongs_to_that_month():
    arrival = at(2026, 2, 20, 9)
    result = plan([series()], [programme(1, arrival, named_month=(2026, 3))], [], arrival, TZ)

    assignment = result.assignments[1]
    assert assignment.period.key == "2026-03"
    assert assignment.wanted.key == "2026-03"
    assert assignment.start_at == at(2026, 3, 1)
    assert result.held == ()
    assert starts(result, 1) == [at(2026, 3, d, 6, 10) for d in (1, 8, 15, 22)]
    assert result.unplaced == ()


def test_programme_named_for_a_past_month_goes_in_its_arrival_month():
    arrival = at(2026, 2, 1)
    result = plan([series()], [programme(1, arrival, named_month=(2026, 1))], [], arrival, TZ)
    assert result.assignments[1].period.key == "2026-02"
    assert result.held == ()
    assert starts(result, 1) == [at(2026, 2, d, 6, 10) for d in (1, 8, 15, 22)]


def test_second_programme_named_for_a_full_month_is_held_to_the_next():
    now = at(2026, 2, 20, 9)
    programmes = [
        programme(1, at(2026, 2, 20, 9), named_month=(2026, 3)),
        programme(2, at(2026, 2, 25, 9), named_month=(2026, 3)),
    ]
    result = plan([series()], programmes, [], now, TZ)

    assert result.held == (Held("district", 2, "2026-03", "2026-04"),)
    assert result.assignments[2].wanted.key == "2026-03"
    assert result.assignments[2].period.key == "2026-04"
    assert starts(result, 1) == [at(2026, 3, d, 6, 10) for d in (1, 8, 15, 22)]
    assert starts(result, 2) == [at(2026, 4, d, 6, 10) for d in (1, 8, 15, 22)]
    assert result.unplaced == ()


def test_second_arrival_in_the_same_month_is_held_and_airs_from_next_period_start():
    now = at(2026, 3, 3, 9)
    programmes = [programme(1, at(2026, 3, 3, 9)), programme(2, at(2026, 3, 5, 9))]
    result = plan([series()], programmes, [], now, TZ)

    assert result.held == (Held("district", 2, "2026-03", "2026-04"),)
    assert starts(result, 1) == [at(2026, 3, d, 6, 10) for d in (4, 11, 18, 25)]
    assert starts(result, 2) == [at(2026, 4, d, 6, 10) for d in (1, 8, 15, 22)]


def test_earlier_arrival_keeps_the_month_regardless_of_id_or_list_order():
    now = at(2026, 3, 1)
    programmes = [programme(9, at(2026, 3, 2, 9)), programme(1, at(2026, 3, 10, 9))]
    result = plan([series()], programmes, [], now, TZ)
    assert result.assignments[9].period.key == "2026-03"
    assert result.held == (Held("district", 1, "2026-03", "2026-04"),)


def test_held_across_year_end():
    now = at(2026, 12, 1)
    programmes = [programme(1, at(2026, 12, 1, 1)), programme(2, at(2026, 12, 2, 1))]
    result = plan([series()], programmes, [], now, TZ)
    assert result.held == (Held("district", 2, "2026-12", "2027-01"),)
    assert starts(result, 2) == [at(2027, 1, d, 6, 10) for d in (1, 8, 15, 22)]


def test_new_per_period_two_takes_two_before_holding():
    now = at(2026, 3, 1)
    programmes = [programme(pid, at(2026, 3, pid, 1)) for pid in (1, 2, 3)]
    result = plan([series(new_per_period=2, repeats=0)], programmes, [], now, TZ)
    assert result.held == (Held("district", 3, "2026-03", "2026-04"),)
    assert starts(result, 1) == [at(2026, 3, 1, 6, 10)]
    assert starts(result, 2) == [at(2026, 3, 2, 6, 10)]
    assert starts(result, 3) == [at(2026, 4, 1, 6, 10)]


# --- repeat gap --------------------------------------------------------------------------


def test_repeat_gap_of_three_days_at_the_same_daily_slot():
    arrival = at(2026, 1, 1)
    result = plan([series(gap_days=3)], [programme(1, arrival)], [], arrival, TZ)
    airings = of(result, 1)
    assert [a.slot_at for a in airings] == [at(2026, 1, d, 6, 10) for d in (1, 4, 7, 10)]
    assert {b.slot_at - a.slot_at for a, b in zip(airings, airings[1:], strict=False)} == {
        timedelta(days=3)
    }


def test_repeat_gap_one_second_longer_moves_to_the_next_day():
    district = dataclasses.replace(series(), repeat_gap=timedelta(days=3, seconds=1))
    arrival = at(2026, 1, 1)
    result = plan([district], [programme(1, arrival)], [], arrival, TZ)
    assert starts(result, 1) == [at(2026, 1, d, 6, 10) for d in (1, 5, 9, 13)]


def test_repeat_gap_zero_uses_the_next_slot():
    district = series(gap_days=0, slots=[slot("06:10"), slot("17:15")])
    arrival = at(2026, 1, 1)
    result = plan([district], [programme(1, arrival)], [], arrival, TZ)
    assert starts(result, 1) == [
        at(2026, 1, 1, 6, 10),
        at(2026, 1, 1, 17, 15),
        at(2026, 1, 2, 6, 10),
        at(2026, 1, 2, 17, 15),
    ]


def test_repeat_gap_with_weekday_only_slot_waits_for_the_weekday():
    # Only Mondays 17:15; gap 3 days from Monday → the next Monday.
    district = series(gap_days=3, slots=[slot("17:15", {MON})])
    arrival = at(2026, 2, 1)  # Sunday
    result = plan([district], [programme(1, arrival)], [], arrival, TZ)
    assert starts(result, 1) == [at(2026, 2, d, 17, 15) for d in (2, 9, 16, 23)]


# --- several series, one airing at a time ----------------------------------------------


def test_shared_slots_earlier_arrival_wins_not_series_order():
    shared = [slot("06:10"), slot("17:15")]
    district = series("district", repeats=0, slots=shared)
    commune = series("commune", repeats=0, slots=shared)
    programmes = [
        programme(1, at(2026, 1, 1, 5), sid="district"),
        programme(2, at(2026, 1, 1, 4), sid="commune"),  # earlier, though listed second
    ]
    now = at(2026, 1, 1)
    result = plan([district, commune], programmes, [], now, TZ)

    assert starts(result, 2) == [at(2026, 1, 1, 6, 10)]
    assert starts(result, 1) == [at(2026, 1, 1, 17, 15)]
    assert_no_shared_or_overlapping(result.airings)


def test_shared_slots_with_repeats_never_collide():
    district = series("district")
    commune = series("commune")
    programmes = [
        programme(1, at(2026, 1, 1, 1), sid="district"),
        programme(2, at(2026, 1, 1, 2), sid="commune"),
    ]
    now = at(2026, 1, 1)
    result = plan([district, commune], programmes, [], now, TZ)

    assert starts(result, 1) == [at(2026, 1, d, 6, 10) for d in (1, 8, 15, 22)]
    # each of commune's wanted slots is taken: it slides a day, then 7 days on from there
    assert starts(result, 2) == [at(2026, 1, d, 6, 10) for d in (2, 9, 16, 23)]
    assert_no_shared_or_overlapping(result.airings)


def test_long_airing_blocks_the_following_slot():
    early = [slot("06:00"), slot("06:10")]
    district = series("district", repeats=0, slots=early)
    commune = series("commune", repeats=0, slots=early)
    programmes = [
        programme(1, at(2026, 1, 1, 1), sid="district", duration_s=15 * 60),  # 06:00-06:15
        programme(2, at(2026, 1, 1, 2), sid="commune", duration_s=60),
    ]
    result = plan([district, commune], programmes, [], at(2026, 1, 1), TZ)

    assert starts(result, 1) == [at(2026, 1, 1, 6, 0)]
    # 06:00 is taken and 06:10 falls inside the first airing: next day 06:00
    assert starts(result, 2) == [at(2026, 1, 2, 6, 0)]
    assert_no_shared_or_overlapping(result.airings)


def test_long_candidate_may_not_run_into_a_taken_following_slot():
    district = series("district", repeats=0, slots=[slot("06:10")])
    commune = series("commune", repeats=0, slots=[slot("06:00"), slot("06:10")])
    programmes = [
        programme(1, at(2026, 1, 1, 1), sid="district", duration_s=60),  # 06:10
        programme(2, at(2026, 1, 1, 2), sid="commune", duration_s=15 * 60),
    ]
    result = plan([district, commune], programmes, [], at(2026, 1, 1), TZ)

    assert starts(result, 1) == [at(2026, 1, 1, 6, 10)]
    # 06:00 + 15 min would run over 06:10, and 06:10 is taken: next day 06:00
    assert starts(result, 2) == [at(2026, 1, 2, 6, 0)]
    assert_no_shared_or_overlapping(result.airings)


def test_airings_may_touch_end_to_start():
    early = [slot("06:00"), slot("06:10")]
    district = series("district", repeats=0, slots=early)
    commune = series("commune", repeats=0, slots=early)
    programmes = [
        programme(1, at(2026, 1, 1, 1), sid="district", duration_s=10 * 60),  # ends 06:10
        programme(2, at(2026, 1, 1, 2), sid="commune", duration_s=60),
    ]
    result = plan([district, commune], programmes, [], at(2026, 1, 1), TZ)
    assert starts(result, 1) == [at(2026, 1, 1, 6, 0)]
    assert starts(result, 2) == [at(2026, 1, 1, 6, 10)]


# --- weekly series ---------------------------------------------------------------------


def test_weekly_series_spreads_a_batch_over_consecutive_weeks():
    weekly = series("weekly", period="week", repeats=0, slots=[slot("08:00", {SAT})])
    monday = at(2026, 1, 5, 9)  # ISO week 2026-W02
    programmes = [programme(pid, monday, sid="weekly") for pid in (1, 2, 3)]
    result = plan([weekly], programmes, [], monday, TZ)

    assert starts(result, 1) == [at(2026, 1, 10, 8)]
    assert starts(result, 2) == [at(2026, 1, 17, 8)]
    assert starts(result, 3) == [at(2026, 1, 24, 8)]
    assert result.held == (
        Held("weekly", 2, "2026-W02", "2026-W03"),
        Held("weekly", 3, "2026-W02", "2026-W04"),
    )
    assert result.unplaced == ()


def test_weekly_series_arrival_after_saturday_slot_airs_late_the_week_after():
    weekly = series("weekly", period="week", repeats=0, slots=[slot("08:00", {SAT})])
    arrival = at(2026, 1, 10, 9)  # Saturday, after 08:00
    result = plan([weekly], [programme(1, arrival, sid="weekly")], [], arrival, TZ)
    assert [(a.slot_at, a.kind) for a in result.airings] == [(at(2026, 1, 17, 8), "late")]
    assert unplaced(result, 1) == []


# --- fixed airings and `now` ----------------------------------------------------------


def _fixed(pid: int, seq: int, when, sid: str = "district", duration_s: float = 600) -> Placement:
    return Placement(when, sid, pid, seq, Kind.NEW if seq == 0 else Kind.REPEAT, duration_s)


def test_fixed_airings_are_kept_out_and_repeats_follow_the_last_one():
    fixed = [
        _fixed(1, 0, at(2026, 1, 1, 6, 10)),
        _fixed(1, 1, at(2026, 1, 9, 6, 10)),  # aired a day late
    ]
    now = at(2026, 1, 10, 12)
    result = plan([series()], [programme(1, at(2026, 1, 1))], fixed, now, TZ)

    assert [(a.seq, a.slot_at) for a in result.airings] == [
        (2, at(2026, 1, 16, 6, 10)),
        (3, at(2026, 1, 23, 6, 10)),
    ]
    assert not set(result.airings) & set(fixed)
    assert result.unplaced == ()


def test_fixed_airings_repeats_not_before_now():
    fixed = [_fixed(1, 0, at(2026, 1, 1, 6, 10)), _fixed(1, 1, at(2026, 1, 8, 6, 10))]
    now = at(2026, 1, 20, 12)
    result = plan([series()], [programme(1, at(2026, 1, 1))], fixed, now, TZ)
    assert [(a.seq, a.slot_at) for a in result.airings] == [
        (2, at(2026, 1, 21, 6, 10)),
        (3, at(2026, 1, 28, 6, 10)),
    ]
    assert all(a.slot_at >= now for a in result.airings)


def test_fixed_airings_that_fill_the_quota_leave_nothing_to_place():
    fixed = [_fixed(1, seq, at(2026, 1, 1 + 7 * seq, 6, 10)) for seq in range(4)]
    now = at(2026, 1, 23)
    result = plan([series()], [programme(1, at(2026, 1, 1))], fixed, now, TZ)
    assert result.airings == ()
    assert result.unplaced == ()


def test_nothing_is_planned_before_now_without_fixed():
    # Arrived on the 1st but first planned on the 20th (e.g. daemon was off).
    now = at(2026, 1, 20, 12)
    result = plan([series()], [programme(1, at(2026, 1, 1))], [], now, TZ)
    assert starts(result, 1) == [at(2026, 1, d, 6, 10) for d in (21, 25, 28, 31)]
    assert unplaced(result, 1) == []


def test_now_exactly_at_a_slot_may_use_it():
    now = at(2026, 1, 21, 6, 10)
    result = plan([series(repeats=0)], [programme(1, at(2026, 1, 1))], [], now, TZ)
    assert starts(result, 1) == [now]


def test_fixed_airing_of_another_series_occupies_its_slot():
    district = series("district")
    commune = series("commune", repeats=0)
    # commune's airing is due too soon to move; it blocks district's next slot
    fixed = [
        _fixed(1, 0, at(2026, 1, 1, 6, 10)),
        _fixed(1, 1, at(2026, 1, 8, 6, 10)),
        _fixed(2, 0, at(2026, 1, 21, 6, 10), sid="commune"),
    ]
    programmes = [
        programme(1, at(2026, 1, 1)),
        programme(2, at(2026, 1, 20, 9), sid="commune"),
    ]
    now = at(2026, 1, 20, 12)
    result = plan([district, commune], programmes, fixed, now, TZ)
    assert [(a.programme_id, a.seq, a.slot_at) for a in result.airings] == [
        (1, 2, at(2026, 1, 22, 6, 10)),
        (1, 3, at(2026, 1, 29, 6, 10)),
    ]
    assert_no_shared_or_overlapping([*result.airings, *fixed])


def test_fixed_airing_running_past_now_blocks_overlapping_slot():
    # the fixed airing started 06:00 and lasts 20 min: the 06:10 slot is not free
    district = series("district", repeats=0, slots=[slot("06:00"), slot("06:10")])
    fixed = [_fixed(7, 0, at(2026, 1, 5, 6, 0), sid="other", duration_s=20 * 60)]
    now = at(2026, 1, 5, 6, 5)
    result = plan([district], [programme(1, at(2026, 1, 5, 6, 5))], fixed, now, TZ)
    assert starts(result, 1) == [at(2026, 1, 6, 6, 0)]


# --- ended periods ---------------------------------------------------------------------


def test_a_period_that_ended_before_now_is_not_planned():
    now = at(2026, 2, 2)
    result = plan([series()], [programme(1, at(2026, 1, 20))], [], now, TZ)
    assert result.airings == ()
    assert result.unplaced == ()
    assert result.held == ()
    assert result.assignments[1].period.key == "2026-01"


def test_period_ending_exactly_at_now_is_not_planned():
    now = at(2026, 2, 1)
    result = plan([series()], [programme(1, at(2026, 1, 31, 5))], [], now, TZ)
    assert result.airings == ()
    assert result.unplaced == ()


def test_held_into_the_current_period_is_planned_while_the_past_one_is_not():
    now = at(2026, 2, 3, 12)
    programmes = [programme(1, at(2026, 1, 5)), programme(2, at(2026, 1, 6))]
    result = plan([series()], programmes, [], now, TZ)

    assert of(result, 1) == []
    assert result.held == (Held("district", 2, "2026-01", "2026-02"),)
    assert starts(result, 2) == [at(2026, 2, d, 6, 10) for d in (4, 11, 18, 25)]


def test_held_entry_for_an_ended_period_is_not_reported():
    now = at(2026, 3, 1)
    programmes = [programme(1, at(2026, 1, 5)), programme(2, at(2026, 1, 6))]
    result = plan([series()], programmes, [], now, TZ)
    assert result.held == ()
    assert result.airings == ()


def test_unplaced_is_of_type_unplaced():
    arrival = at(2026, 1, 31, 18)
    result = plan([series(repeats=0)], [programme(1, arrival)], [], arrival, TZ)
    assert result.unplaced == (Unplaced("district", 1, 0, Kind.NEW, "2026-01", "period_over"),)


# --- a programme whose new airing is fixed keeps its period ------------------------


def test_programme_whose_new_airing_is_fixed_keeps_its_period():
    district = series(slots=[slot("00:05")])
    q = programme(1, at(2026, 1, 5, 9))  # takes January
    p = programme(2, at(2026, 1, 20, 9), named_month=(2026, 2))  # named for February
    n = programme(3, at(2026, 1, 31, 23, 58))  # arrives on 31 Jan: wants January, held
    # p's new airing is due within the freeze window, so it is fixed and will air
    fixed = [_fixed(2, 0, at(2026, 2, 1, 0, 5))]
    result = plan([district], [q, p, n], fixed, at(2026, 1, 31, 23, 59), TZ)

    assert result.assignments[2].period.key == "2026-02"
    assert starts(result, 2) == [at(2026, 2, d, 0, 5) for d in (8, 15, 22)]
    assert result.assignments[3].period.key == "2026-03"
