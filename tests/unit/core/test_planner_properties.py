"""Property tests of the planner over random series, programmes and clocks."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadcaster.core.periods import next_period
from broadcaster.core.planner import Placement, Plan, ProgrammeInfo, plan
from broadcaster.core.rules import Series, Slot
from broadcaster.core.vocab import Kind
from tests.support.planner import TZ, at

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# A few start dates: an ordinary year start, a leap February, a year end.
BASES = [at(2026, 1, 1), at(2028, 1, 20), at(2026, 11, 15)]
SPREAD_MINUTES = 92 * 24 * 60  # programmes arrive over ~3 months


@st.composite
def slots(draw) -> Slot:
    # A coarse grid of times makes series collide on the same instants and durations
    # (up to 30 min) overlap the following slot; sometimes any minute of the day.
    if draw(st.booleans()):
        moment = time(draw(st.sampled_from([5, 6, 17])), draw(st.sampled_from([0, 10, 15, 30])))
    else:
        moment = time(draw(st.integers(0, 23)), draw(st.integers(0, 59)))
    if draw(st.booleans()):
        days = frozenset(range(7))
    else:
        days = draw(st.frozensets(st.integers(0, 6), min_size=1, max_size=7))
    return Slot(moment, days)


@st.composite
def series_lists(draw) -> list[Series]:
    count = draw(st.integers(1, 3))
    result = []
    for index in range(count):
        result.append(
            Series(
                id=f"s{index}",
                title=f"Series {index}",
                folder=f"s{index}",
                period=draw(st.sampled_from(["month", "week"])),
                new_per_period=draw(st.integers(1, 2)),
                repeats=draw(st.integers(0, 4)),
                repeat_gap=timedelta(minutes=draw(st.integers(0, 10 * 24 * 60))),
                slots=tuple(draw(st.lists(slots(), min_size=1, max_size=3))),
            )
        )
    return result


def _month_offset(base: datetime, offset: int) -> tuple[int, int]:
    index = base.year * 12 + base.month - 1 + offset
    return index // 12, index % 12 + 1


@st.composite
def scenarios(draw):
    base = draw(st.sampled_from(BASES))
    series_list = draw(series_lists())
    count = draw(st.integers(0, 8))
    programmes = []
    for pid in range(1, count + 1):
        arrived = base + timedelta(minutes=draw(st.integers(0, SPREAD_MINUTES)))
        named = None
        if draw(st.integers(0, 3)) == 0:
            named = _month_offset(base, draw(st.integers(-1, 4)))
        programmes.append(
            ProgrammeInfo(
                id=pid,
                series_id=draw(st.sampled_from([s.id for s in series_list])),
                title=f"p{pid}",
                arrived_at=arrived,
                duration_s=draw(st.integers(1, 1800)),
                named_month=named,
            )
        )
    return base, series_list, programmes


def _minutes_after(base: datetime, low_days: int, high_days: int):
    return st.integers(low_days * 24 * 60, high_days * 24 * 60).map(
        lambda m: base + timedelta(minutes=m)
    )


# --- invariants ------------------------------------------------------------------------


def assert_one_at_a_time(airings: list[Placement]) -> None:
    ordered = sorted(airings, key=lambda a: (a.slot_at, a.programme_id, a.seq))
    for first, second in zip(ordered, ordered[1:], strict=False):
        assert first.slot_at != second.slot_at, (first, second)
        assert first.end_at <= second.slot_at, ("overlap", first, second)


def assert_gaps(airings: list[Placement], series_by_id: dict[str, Series]) -> None:
    by_programme: dict[int, list[Placement]] = defaultdict(list)
    for airing in airings:
        by_programme[airing.programme_id].append(airing)
    for runs in by_programme.values():
        runs.sort(key=lambda a: a.seq)
        seqs = [a.seq for a in runs]
        assert len(set(seqs)) == len(seqs), runs
        series = series_by_id[runs[0].series_id]
        for earlier, later in zip(runs, runs[1:], strict=False):
            assert later.slot_at > earlier.slot_at, (earlier, later)
            # repeat_gap is preferred; a period running out may bring repeats closer, never
            # closer than the minimum.
            spacing = later.slot_at - earlier.slot_at
            assert spacing >= series.shortest_repeat_gap, (earlier, later, series)


def assert_placements_valid(result: Plan, programmes, series_list, now: datetime) -> None:
    series_by_id = {s.id: s for s in series_list}
    info = {p.id: p for p in programmes}
    for airing in result.airings:
        programme = info[airing.programme_id]
        series = series_by_id[airing.series_id]
        assignment = result.assignments[airing.programme_id]
        assert airing.series_id == programme.series_id
        assert airing.slot_at >= now, (airing, now)
        assert airing.slot_at >= programme.arrived_at, (airing, programme)
        assert airing.duration_s == programme.duration_s
        assert 0 <= airing.seq <= series.repeats
        local = airing.slot_at.astimezone(TZ)
        if airing.kind == Kind.LATE:
            # a weekly programme that missed its week: the next free slot of the station
            # (any series' slot time), no later than the week after
            assert series.period == "week" and airing.seq == 0, airing
            assert assignment.period.start <= airing.slot_at, (airing, assignment.period)
            assert airing.slot_at < next_period(assignment.period, TZ).end, airing
            slots = [s for other in series_list for s in other.slots]
        else:
            assert assignment.period.contains(airing.slot_at), (airing, assignment.period)
            assert airing.kind == ("new" if airing.seq == 0 else "repeat")
            slots = list(series.slots)
        # it sits on a slot
        assert any(
            local.timetz().replace(tzinfo=None) == s.time and local.weekday() in s.days
            for s in slots
        ), airing


# --- properties --------------------------------------------------------------------------


@SETTINGS
@given(data=st.data(), scenario=scenarios())
def test_plan_invariants(data, scenario):
    base, series_list, programmes = scenario
    now = data.draw(_minutes_after(base, -10, 100), label="now")
    result = plan(series_list, programmes, [], now, TZ)

    airings = list(result.airings)
    assert_one_at_a_time(airings)
    assert_gaps(airings, {s.id: s for s in series_list})
    assert_placements_valid(result, programmes, series_list, now)

    # each (programme, seq) of a live period is either placed or reported, never both
    series_by_id = {s.id: s for s in series_list}
    weekly = {s.id for s in series_list if s.period == "week"}
    placed = {(a.programme_id, a.seq) for a in airings}
    reported = [(u.programme_id, u.seq) for u in result.unplaced]
    assert len(reported) == len(set(reported))
    assert not placed & set(reported)
    for programme in programmes:
        assignment = result.assignments[programme.id]
        expected = series_by_id[programme.series_id].repeats + 1
        mine = {seq for pid, seq in placed | set(reported) if pid == programme.id}
        if assignment.period.end > now:
            assert mine == set(range(expected)), (programme, mine)
        elif (
            assignment.programme.series_id in weekly
            and now < next_period(assignment.period, TZ).end
        ):
            assert mine == {0}, (programme, mine)  # its late airing, placed or reported
        else:
            assert mine == set()

    # period quotas: no period takes more new programmes than new_per_period
    taken: dict[tuple[str, object], int] = defaultdict(int)
    for assignment in result.assignments.values():
        taken[(assignment.programme.series_id, assignment.period)] += 1
        assert assignment.period >= assignment.wanted
    for (sid, _), count in taken.items():
        assert count <= series_by_id[sid].new_per_period


@SETTINGS
@given(data=st.data(), scenario=scenarios())
def test_aired_rows_never_move(data, scenario):
    base, series_list, programmes = scenario
    now1 = data.draw(_minutes_after(base, -10, 95), label="now1")
    now2 = now1 + timedelta(minutes=data.draw(st.integers(1, 40 * 24 * 60), label="later by"))

    first = plan(series_list, programmes, [], now1, TZ)
    fixed = [a for a in first.airings if a.slot_at < now2]
    second = plan(series_list, programmes, fixed, now2, TZ)

    _check_replan(series_list, programmes, fixed, second, now2)
    # with the same programmes, re-planning later changes nothing still to come
    assert second.airings == tuple(a for a in first.airings if a.slot_at >= now2)


@SETTINGS
@given(data=st.data(), scenario=scenarios())
def test_aired_rows_never_move_when_programmes_arrive_in_between(data, scenario):
    """The daemon at now1 knew only what had arrived; more arrived before now2."""
    base, series_list, programmes = scenario
    now1 = data.draw(_minutes_after(base, -10, 95), label="now1")
    now2 = now1 + timedelta(minutes=data.draw(st.integers(1, 40 * 24 * 60), label="later by"))

    known1 = [p for p in programmes if p.arrived_at <= now1]
    known2 = [p for p in programmes if p.arrived_at <= now2]
    first = plan(series_list, known1, [], now1, TZ)
    fixed = [a for a in first.airings if a.slot_at < now2]
    second = plan(series_list, known2, fixed, now2, TZ)

    _check_replan(series_list, known2, fixed, second, now2)


def _check_replan(series_list, programmes, fixed, second: Plan, now2: datetime) -> None:
    series_by_id = {s.id: s for s in series_list}
    fixed_keys = {(a.programme_id, a.seq) for a in fixed}
    # fixed airings are not returned again, not even at another time
    assert not {(a.programme_id, a.seq) for a in second.airings} & fixed_keys
    assert not set(second.airings) & set(fixed)
    # nothing collides with what already aired (or is in progress)
    assert_one_at_a_time([*fixed, *second.airings])
    assert_gaps([*fixed, *second.airings], series_by_id)
    assert_placements_valid(second, programmes, series_list, now2)
    counts: dict[int, int] = defaultdict(int)
    for airing in [*fixed, *second.airings]:
        counts[airing.programme_id] += 1
    for pid, count in counts.items():
        sid = next(p.series_id for p in programmes if p.id == pid)
        assert count <= 1 + series_by_id[sid].repeats
