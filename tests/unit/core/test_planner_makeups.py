"""Make-up airings (phát bù): what did not air is made up at the next free slot of its
period, after every regular airing has its slot, never as a burst."""

from __future__ import annotations

import dataclasses

from broadcaster.core.planner import MAKEUP_STEP, Placement, Unplaced, plan
from broadcaster.core.vocab import Kind
from tests.support.planner import TZ, at, programme, series, slot


def _fixed(pid: int, seq: int, when, satisfied: bool, kind: str = "new") -> Placement:
    return Placement(when, "district", pid, seq, kind, 600, satisfied)


def test_a_missed_new_airing_is_made_up_at_the_next_free_slot() -> None:
    district = series(slots=[slot("06:10"), slot("17:15")])
    fixed = [_fixed(1, 0, at(2026, 3, 2, 6, 10), satisfied=False)]
    now = at(2026, 3, 2, 9, 0)
    result = plan([district], [programme(1, at(2026, 3, 1, 9))], fixed, now, TZ)
    makeups = [a for a in result.airings if a.kind == Kind.MAKEUP]
    assert [(a.seq, a.slot_at) for a in makeups] == [(MAKEUP_STEP, at(2026, 3, 2, 17, 15))]


def test_make_ups_never_take_a_regular_airings_slot() -> None:
    district = series(slots=[slot("06:10")])
    fixed = [_fixed(1, 0, at(2026, 3, 2, 6, 10), satisfied=False)]
    result = plan([district], [programme(1, at(2026, 3, 1, 9))], fixed, at(2026, 3, 2, 9), TZ)
    regular = [a.slot_at for a in result.airings if a.kind != Kind.MAKEUP]
    (makeup,) = [a for a in result.airings if a.kind == Kind.MAKEUP]
    assert regular == [at(2026, 3, d, 6, 10) for d in (9, 16, 23)]
    assert makeup.slot_at == at(2026, 3, 3, 6, 10)


def test_a_long_outage_gives_one_make_up_per_free_slot_not_a_burst() -> None:
    district = series(repeats=3, gap_days=2, slots=[slot("06:10")])
    missed = [
        _fixed(1, seq, at(2026, 3, 2 + 2 * seq, 6, 10), False, "new" if seq == 0 else "repeat")
        for seq in range(4)
    ]
    now = at(2026, 3, 10, 12)
    result = plan([district], [programme(1, at(2026, 3, 1, 9))], missed, now, TZ)
    makeups = sorted(a.slot_at for a in result.airings if a.kind == Kind.MAKEUP)
    assert makeups == [at(2026, 3, d, 6, 10) for d in (11, 12, 13, 14)]


def test_what_cannot_be_made_up_is_reported_with_its_cause() -> None:
    # Missed at the last slot of the month: no slot is left, and the reason says so.
    district = series(repeats=0, slots=[slot("06:10")])
    fixed = [_fixed(1, 0, at(2026, 3, 31, 6, 10), satisfied=False)]
    result = plan([district], [programme(1, at(2026, 3, 1, 9))], fixed, at(2026, 3, 31, 7), TZ)
    assert result.airings == ()
    assert result.unplaced == (
        Unplaced("district", 1, MAKEUP_STEP, Kind.MAKEUP, "2026-03", "period_over"),
    )


def test_a_failed_make_up_is_tried_once_more_then_given_up() -> None:
    district = series(repeats=0, slots=[slot("06:10")])
    first = [
        _fixed(1, 0, at(2026, 3, 2, 6, 10), False),
        _fixed(1, MAKEUP_STEP, at(2026, 3, 3, 6, 10), False, Kind.MAKEUP),
    ]
    now = at(2026, 3, 3, 9)
    again = plan([district], [programme(1, at(2026, 3, 1, 9))], first, now, TZ)
    assert [(a.seq, a.slot_at) for a in again.airings] == [(2 * MAKEUP_STEP, at(2026, 3, 4, 6, 10))]
    second = [*first, _fixed(1, 2 * MAKEUP_STEP, at(2026, 3, 4, 6, 10), False, Kind.MAKEUP)]
    done = plan([district], [programme(1, at(2026, 3, 1, 9))], second, at(2026, 3, 4, 9), TZ)
    assert done.airings == () and done.unplaced == ()


def test_no_make_up_when_the_series_says_so() -> None:
    district = dataclasses.replace(series(repeats=0, slots=[slot("06:10")]), makeup=False)
    fixed = [_fixed(1, 0, at(2026, 3, 2, 6, 10), satisfied=False)]
    result = plan([district], [programme(1, at(2026, 3, 1, 9))], fixed, at(2026, 3, 2, 9), TZ)
    assert result.airings == ()


def test_an_aired_airing_is_not_made_up() -> None:
    district = series(repeats=0, slots=[slot("06:10")])
    fixed = [_fixed(1, 0, at(2026, 3, 2, 6, 10), satisfied=True)]
    result = plan([district], [programme(1, at(2026, 3, 1, 9))], fixed, at(2026, 3, 2, 9), TZ)
    assert result.airings == ()
