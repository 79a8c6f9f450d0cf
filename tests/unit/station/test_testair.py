"""Test airings (phát thử), the pure parts: the free moment they take, the planner that
only plans around them, and the summary that never counts them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from broadcaster.core.planner import Placement, plan
from broadcaster.core.vocab import TEST_SERIES, Kind
from broadcaster.proof.summary import SeriesRule, summarize
from broadcaster.station.testair import TEST_SEQ_BASE, free_moment
from tests.support.planner import TZ, at, programme, series, slot

S = timedelta(seconds=1)
GAP = 8 * S


def _span(start, seconds: float):
    return (start, start + seconds * S)


# ---- the free moment ---------------------------------------------------------------------
def test_a_clear_moment_is_taken_as_asked() -> None:
    after = at(2026, 11, 29, 10, 0)
    busy = [_span(at(2026, 11, 29, 6, 10), 600), _span(at(2026, 11, 29, 17, 15), 600)]
    assert free_moment(busy, after, 15 * S, GAP, after + timedelta(days=1)) == after


def test_a_busy_moment_moves_past_the_airing_and_its_gap() -> None:
    after = at(2026, 11, 29, 6, 15)  # mid-way through the 06:10 programme
    busy = [_span(at(2026, 11, 29, 6, 10), 600)]
    found = free_moment(busy, after, 15 * S, GAP, after + timedelta(days=1))
    assert found == at(2026, 11, 29, 6, 20) + GAP


def test_it_never_ends_inside_the_next_airing_nor_its_gap() -> None:
    after = at(2026, 11, 29, 6, 9, 40)  # 15 s + 8 s gap would run into 06:10
    busy = [_span(at(2026, 11, 29, 6, 10), 600), _span(at(2026, 11, 29, 6, 20, 20), 60)]
    found = free_moment(busy, after, 15 * S, GAP, after + timedelta(days=1))
    # 06:20:08 is too close to 06:20:20; the next room is after the second airing.
    assert found == at(2026, 11, 29, 6, 21, 20) + GAP
    for start, end in busy:
        assert found + 15 * S + GAP <= start or end + GAP <= found


def test_spans_in_any_order_and_overlapping_each_other() -> None:
    after = at(2026, 11, 29, 6, 0)
    busy = [
        _span(at(2026, 11, 29, 6, 5), 60),
        _span(at(2026, 11, 29, 5, 50), 1200),  # 05:50–06:10, covering the first
        _span(at(2026, 11, 29, 6, 10, 20), 30),
    ]
    found = free_moment(busy, after, 15 * S, GAP, after + timedelta(days=1))
    assert found == at(2026, 11, 29, 6, 10, 50) + GAP


def test_no_room_before_the_horizon_is_none() -> None:
    after = at(2026, 11, 29, 6, 0)
    busy = [_span(after, 3600)]
    assert free_moment(busy, after, 15 * S, GAP, after + timedelta(minutes=30)) is None


# ---- the planner plans around a test airing and never counts it ------------------------
def test_a_test_airing_of_a_programme_is_none_of_its_airings() -> None:
    """A technician test-airs this month's programme after its new airing. Before #10 §2
    the planner took the test airing as the programme's latest airing: its repeats were
    spaced from the test (12 March) instead of from the new airing (8 March)."""
    district = series(repeats=3, gap_days=7, slots=[slot("06:10")])
    fixed = [
        Placement(at(2026, 3, 1, 6, 10), "district", 1, 0, "new", 600),
        Placement(at(2026, 3, 4, 10, 0), TEST_SERIES, 1, TEST_SEQ_BASE, Kind.TEST, 600),
    ]
    result = plan([district], [programme(1, at(2026, 2, 28, 9))], fixed, at(2026, 3, 4, 11), TZ)
    assert [(a.kind, a.slot_at) for a in result.airings] == [
        ("repeat", at(2026, 3, 8, 6, 10)),
        ("repeat", at(2026, 3, 15, 6, 10)),
        ("repeat", at(2026, 3, 22, 6, 10)),
    ]


def test_the_planner_keeps_clear_of_a_test_airing() -> None:
    district = series(repeats=0, slots=[slot("06:10")])
    fixed = [Placement(at(2026, 3, 2, 6, 5), TEST_SERIES, 9, TEST_SEQ_BASE, Kind.TEST, 600)]
    result = plan([district], [programme(1, at(2026, 3, 1, 9))], fixed, at(2026, 3, 1, 10), TZ)
    assert [a.slot_at for a in result.airings] == [at(2026, 3, 3, 6, 10)]


def test_a_failed_test_airing_is_never_made_up() -> None:
    district = series(repeats=0, slots=[slot("06:10")])
    fixed = [
        Placement(at(2026, 3, 1, 6, 10), "district", 1, 0, "new", 600),
        Placement(at(2026, 3, 1, 10, 0), TEST_SERIES, 1, TEST_SEQ_BASE, Kind.TEST, 600, False),
    ]
    result = plan([district], [programme(1, at(2026, 2, 28, 9))], fixed, at(2026, 3, 1, 11), TZ)
    assert result.airings == () and result.unplaced == ()


# ---- the summary never counts a test airing ----------------------------------------------
RULE = SeriesRule("chuyen-doi-so", "Chuyên mục Chuyển đổi số", "month", 1, 1)
SHA = "a" * 64


def _row(uid: str, kind: str, series_id: str = "chuyen-doi-so", status: str = "aired"):
    return {
        "uid": uid,
        "series_id": series_id,
        "title": "Chuyển đổi số tháng 3",
        "file_name": "chuyen-doi-so/x.mp3",
        "file_sha256": SHA,
        "kind": kind,
        "status": status,
        "played_s": 600.0,
        "scheduled_at": "2026-03-01T06:10:00+07:00",
        "reason": "",
    }


def _summary(rows, pending=()):
    return summarize([RULE], rows, list(pending), date(2026, 3, 1), date(2026, 3, 31))


@pytest.mark.parametrize("status", ["aired", "failed", "missed"])
def test_a_test_row_changes_nothing_in_the_summary(status) -> None:
    base = [_row("1", "new")]
    test = _row("2", Kind.TEST, TEST_SERIES, status)
    assert _summary([*base, test]) == _summary(base)


def test_a_planned_test_airing_is_not_a_pending_airing() -> None:
    pending = [{**_row("p", Kind.TEST, TEST_SERIES), "scheduled_at": "2026-03-30T10:00:00+07:00"}]
    assert _summary([_row("1", "new")], pending) == _summary([_row("1", "new")])
    assert _summary([_row("1", "new")])["totals"]["verdict"] == "not_met"


def test_the_same_row_as_a_repeat_would_count() -> None:
    """The check can fail: a row of kind repeat meets the month a test row does not."""
    base = [_row("1", "new")]
    assert _summary([*base, _row("2", "repeat")])["totals"]["verdict"] == "met"
    assert _summary([*base, _row("2", Kind.TEST)])["totals"]["verdict"] == "not_met"
