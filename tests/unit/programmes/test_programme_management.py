"""The pure parts of programme management: the planner with an operator's period and a
replacement, the change log folded into states, and periods as an operator types them."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from broadcaster import i18n
from broadcaster.core.periods import month_period, period_from_key, week_period
from broadcaster.core.planner import Placement, assign_periods, plan
from broadcaster.core.programme_state import (
    ACTIVE,
    REPLACED,
    WITHDRAWN,
    Change,
    ProgrammeState,
    fold,
)
from broadcaster.core.vocab import Kind
from broadcaster.programmes.period_text import parse_period, show_period
from tests.support.planner import TZ, at, programme, series

MONTHLY = series(gap_days=7)


# ---- the planner ------------------------------------------------------------------------
def test_a_moved_programme_goes_to_its_period_and_the_one_there_is_held() -> None:
    first = programme(1, at(2026, 11, 1, 1))
    second = programme(2, at(2026, 11, 2, 1))  # held for December by the rules
    assert assign_periods(MONTHLY, [first, second], TZ)[2].period.key == "2026-12"
    moved = dataclasses.replace(second, period_key="2026-11")
    result = assign_periods(MONTHLY, [first, moved], TZ)
    assert result[2].period.key == "2026-11"  # the operator's word
    assert result[1].period.key == "2026-12"  # the rules' choice gives way


def test_a_moved_programme_waits_for_its_period_and_ignores_the_month_in_its_name() -> None:
    named = programme(1, at(2026, 11, 1, 1), named_month=(2026, 11))
    moved = dataclasses.replace(named, period_key="2027-01")
    result = plan([MONTHLY], [moved], [], at(2026, 11, 2), TZ)
    assert result.assignments[1].period.key == "2027-01"
    assert min(a.slot_at for a in result.airings) == at(2027, 1, 1, 6, 10)


def test_a_pinned_programme_stays_where_its_new_airing_fell_whatever_period_is_chosen() -> None:
    moved = dataclasses.replace(programme(1, at(2026, 11, 1, 1)), period_key="2026-12")
    aired = Placement(at(2026, 11, 1, 6, 10), "district", 1, 0, Kind.NEW, 600)
    result = assign_periods(MONTHLY, [moved], TZ, {1: aired.slot_at})
    assert result[1].period.key == "2026-11"


def test_a_replacement_takes_only_the_remaining_seqs_in_the_old_period() -> None:
    old_aired = [
        Placement(at(2026, 11, 1, 6, 10), "district", 1, 0, Kind.NEW, 600),
        Placement(at(2026, 11, 8, 6, 10), "district", 1, 1, Kind.REPEAT, 600),
    ]
    new = dataclasses.replace(
        programme(2, at(2026, 11, 10, 1)), period_key="2026-11", replaces=(1,)
    )
    result = plan([MONTHLY], [new], old_aired, at(2026, 11, 10, 2), TZ)
    placed = [(a.programme_id, a.seq, a.slot_at) for a in result.airings]
    # Seqs 0 and 1 aired (old file); the new one takes 2 and 3, a gap after the old repeat.
    assert placed == [(2, 2, at(2026, 11, 15, 6, 10)), (2, 3, at(2026, 11, 22, 6, 10))]
    assert result.unplaced == ()


def test_without_its_predecessors_a_replacement_would_start_over() -> None:
    """The negative case: the same file not linked to the old one plans 1 + 3 again."""
    old_aired = [Placement(at(2026, 11, 1, 6, 10), "district", 1, 0, Kind.NEW, 600)]
    new = dataclasses.replace(programme(2, at(2026, 11, 10, 1)), period_key="2026-11")
    result = plan([MONTHLY], [new], old_aired, at(2026, 11, 10, 2), TZ)
    assert [a.seq for a in result.airings if a.programme_id == 2][:1] == [0]


def test_a_replacement_makes_up_what_the_old_file_failed() -> None:
    failed = Placement(at(2026, 11, 1, 6, 10), "district", 1, 0, Kind.NEW, 600, satisfied=False)
    new = dataclasses.replace(programme(2, at(2026, 11, 2, 1)), period_key="2026-11", replaces=(1,))
    result = plan([MONTHLY], [new], [failed], at(2026, 11, 2, 2), TZ)
    assert 100 in {a.seq for a in result.airings if a.programme_id == 2}


def test_a_withdrawn_programme_frees_its_period_for_the_next() -> None:
    first, second = programme(1, at(2026, 11, 1, 1)), programme(2, at(2026, 11, 2, 1))
    result = plan([MONTHLY], [second], [], at(2026, 11, 3), TZ)  # 1 withdrawn: not given
    assert result.assignments[2].period.key == "2026-11"
    assert plan([MONTHLY], [first, second], [], at(2026, 11, 3), TZ).assignments[2].period.key == (
        "2026-12"
    )


# ---- the change log -----------------------------------------------------------------------
def test_fold_reads_withdrawn_replaced_moved_and_chains_replacements() -> None:
    states = fold(
        [
            Change(1, "withdraw", ""),
            Change(2, "replace", "3"),
            Change(3, "replaces", "2"),
            Change(3, "move", "2026-11"),
            Change(3, "replace", "4"),
            Change(4, "replaces", "3"),
            Change(4, "move", "2026-11"),
            Change(5, "title", "Mới"),
            Change(6, "move", "2026-12"),
            Change(6, "move", "2027-01"),
        ]
    )
    assert states[1] == ProgrammeState(WITHDRAWN)
    assert states[2].state == REPLACED and states[2].replaced_by == 3
    assert states[4] == ProgrammeState(ACTIVE, None, (2, 3), "2026-11")
    assert 5 not in states  # a title change changes no state (the title is on the row)
    assert states[6].period_key == "2027-01"  # the latest move wins
    assert states[1].withdrawn and states[2].withdrawn and not states[4].withdrawn


def test_fold_never_follows_a_loop() -> None:
    states = fold([Change(1, "replaces", "2"), Change(2, "replaces", "1")])
    assert states[1].replaces == (2,)


# ---- periods as an operator types and reads them ----------------------------------------
TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("12/2026", "2026-12"),
        ("2026-12", "2026-12"),
        ("tháng 12/2026", "2026-12"),
        ("Tháng 12", "2026-12"),
        ("thang 1", "2027-01"),  # typed in November: the coming January
        ("11", "2026-11"),
        (" 3 / 2027 ", "2027-03"),
    ],
)
def test_months_an_operator_types(text, key) -> None:
    assert parse_period(text, "month", TODAY, TZ).key == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("tuần 48", "2026-W48"),
        ("Tuần 49/2026", "2026-W49"),
        ("2026-W50", "2026-W50"),
        ("w51", "2026-W51"),
        ("2", "2027-W02"),
        ("30/11/2026", "2026-W49"),
        ("1/12", "2026-W49"),
        ("tuần 2/1/2027", "2026-W53"),
    ],
)
def test_weeks_an_operator_types(text, key) -> None:
    assert parse_period(text, "week", TODAY, TZ).key == key


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("13/2026", "month"),
        ("0", "month"),
        ("12/1999", "month"),
        ("tháng mười hai", "month"),
        ("", "month"),
        ("tuần 54/2026", "week"),
        ("31/2/2026", "week"),
        ("2026-12", "week"),
        ("9" * 40, "week"),
    ],
)
def test_what_is_no_period_is_refused(text, kind) -> None:
    with pytest.raises(ValueError):
        parse_period(text, kind, TODAY, TZ)


def test_periods_read_as_an_operator_reads_them() -> None:
    assert show_period(month_period(2026, 12, TZ)) == "tháng 12/2026"
    assert show_period(week_period(date(2026, 11, 25), TZ)) == "tuần 48 (23–29/11)"
    assert show_period(week_period(date(2026, 12, 1), TZ)) == "tuần 49 (30/11–6/12)"
    with i18n.speaking("en"):
        assert show_period(month_period(2026, 12, TZ)) == "December 2026"


def test_period_keys_read_back() -> None:
    assert period_from_key("2026-W48", "week", TZ) == week_period(date(2026, 11, 23), TZ)
    assert period_from_key("2026-12", "month", TZ) == month_period(2026, 12, TZ)
    assert period_from_key("2026-12", "week", TZ).key == "2026-W49"
    with pytest.raises(ValueError):
        period_from_key("December", "month", TZ)
