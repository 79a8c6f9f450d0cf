"""The warnings' pure rules: when a programme is missing, when a month can no longer be met,
when a library file is gone or changed (#10 §4)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from broadcaster.core.periods import month_period, week_period
from broadcaster.proof.summary import MET, NOT_MET, PENDING
from broadcaster.station.alerts.library import CHANGED, VANISHED, LibraryFile, check_files
from broadcaster.station.alerts.missing import due_at, missing_programmes
from broadcaster.station.alerts.risk import at_risk
from tests.support.planner import SAT, TZ, at, programme, series, slot

MONTHLY = replace(series("district"), due_by=5)
WEEKLY = replace(
    series("province", period="week", repeats=0, slots=[slot("16:30", [SAT])]),
    due_before=timedelta(days=2),
)


# --- programme missing -----------------------------------------------------------------------


def test_a_monthly_programme_is_late_once_its_due_day_is_over():
    december = month_period(2026, 12, TZ)
    assert due_at(MONTHLY, december, TZ) == at(2026, 12, 6)
    assert missing_programmes([MONTHLY], [], at(2026, 12, 5, 23, 59), TZ) == []
    (found,) = missing_programmes([MONTHLY], [], at(2026, 12, 6), TZ)
    assert (found.series_id, found.period, found.have, found.need) == ("district", december, 0, 1)


def test_a_programme_that_arrived_is_not_missing():
    arrived = [programme(1, at(2026, 12, 3, 9), sid="district")]
    assert missing_programmes([MONTHLY], arrived, at(2026, 12, 20), TZ) == []
    # One for November does not count for December (it stays in its own month).
    november = [programme(1, at(2026, 11, 28, 9), sid="district")]
    assert len(missing_programmes([MONTHLY], november, at(2026, 12, 20), TZ)) == 1


def test_a_programme_named_for_december_that_came_early_counts_for_december():
    early = [programme(1, at(2026, 11, 25), sid="district", named_month=(2026, 12))]
    assert missing_programmes([MONTHLY], early, at(2026, 12, 10), TZ) == []


def test_due_by_past_a_short_month_means_its_last_day():
    late = replace(MONTHLY, due_by=28)
    assert due_at(late, month_period(2027, 2, TZ), TZ) == at(2027, 3, 1)


def test_two_programmes_a_month_one_in_is_still_short():
    two = replace(MONTHLY, new_per_period=2)
    arrived = [programme(1, at(2026, 12, 2), sid="district")]
    (found,) = missing_programmes([two], arrived, at(2026, 12, 7), TZ)
    assert (found.have, found.need) == (1, 2)


def test_a_weekly_programme_is_late_two_days_before_its_first_slot():
    # Week 49 of 2026: Monday 30/11 to Sunday 06/12, its slot Saturday 05/12 16:30.
    week = week_period(at(2026, 12, 1).date(), TZ)
    assert due_at(WEEKLY, week, TZ) == at(2026, 12, 3, 16, 30)
    assert missing_programmes([WEEKLY], [], at(2026, 12, 3, 16, 29), TZ) == []
    (found,) = missing_programmes([WEEKLY], [], at(2026, 12, 3, 16, 30), TZ)
    assert found.period == week


def test_a_weekly_programme_can_be_due_before_its_week_begins():
    monday = replace(WEEKLY, slots=(slot("06:00", [0]),))
    # Monday 07/12 06:00 minus two days: Saturday 05/12 06:00, in the week before.
    found = missing_programmes([monday], [], at(2026, 12, 5, 6), TZ)
    next_week = week_period(at(2026, 12, 7).date(), TZ)
    assert next_week in [f.period for f in found]


# --- month at risk (the verdict is the proof summary's) ---------------------------------------


def _summary(verdict: str, programmes: list[dict], required: int = 1) -> dict:
    return {
        "series": [
            {
                "series_id": "district",
                "title": "District",
                "verdict": verdict,
                "programmes_required": required,
                "programmes_present": len(programmes),
                "programmes": programmes,
            }
        ]
    }


def test_a_programme_short_of_its_airings_puts_the_month_at_risk():
    lost = _summary(NOT_MET, [{"title": "Tháng 12", "verdict": NOT_MET}])
    (risk,) = at_risk(lost, {"district": 3}, {"district": 20})
    assert risk.lost == ("Tháng 12",)


@pytest.mark.parametrize("verdict", [MET, PENDING])
def test_a_month_still_possible_is_not_at_risk(verdict):
    fine = _summary(verdict, [{"title": "Tháng 12", "verdict": verdict}])
    assert at_risk(fine, {"district": 3}, {"district": 0}) == []


def test_a_programme_short_of_its_airings_is_at_risk_while_the_series_still_says_pending():
    # Issue #10: arriving on the 30th, a programme gets its new airing and no room for its
    # repeats. Its series still has an airing planned, so the summary says "pending"; the
    # programme's own "not met" is final and is said at once.
    late = _summary(PENDING, [{"title": "Tháng 11", "verdict": NOT_MET}])
    (risk,) = at_risk(late, {"district": 3}, {"district": 1})
    assert risk.lost == ("Tháng 11",)


def test_a_missing_programme_is_at_risk_only_when_the_slots_left_cannot_hold_it():
    missing = _summary(NOT_MET, [])
    assert at_risk(missing, {"district": 3}, {"district": 4}) == []  # 1 + 3 still fit
    (risk,) = at_risk(missing, {"district": 3}, {"district": 3})
    assert (risk.lost, risk.short) == ((), 1)


def test_a_series_not_in_the_config_is_not_judged():
    assert at_risk(_summary(NOT_MET, []), {}, {}) == []


# --- library files ---------------------------------------------------------------------------


def _file(tmp_path: Path, content: bytes = b"audio") -> LibraryFile:
    path = tmp_path / "Bản tin.mp3"
    path.write_bytes(content)
    return LibraryFile(7, "Bản tin", path, hashlib.sha256(content).hexdigest(), len(content))


def test_a_file_as_taken_in_is_fine_and_remembered(tmp_path):
    file = _file(tmp_path)
    problems, seen = check_files([file], {}, may_hash=True)
    assert problems == [] and seen[7].same


def test_a_vanished_file_is_reported(tmp_path):
    file = _file(tmp_path)
    file.path.unlink()
    problems, _ = check_files([file], {}, may_hash=True)
    assert [(p.kind, p.title) for p in problems] == [(VANISHED, "Bản tin")]


def test_a_file_changed_at_the_same_size_is_found_by_its_hash(tmp_path):
    file = _file(tmp_path)
    _, seen = check_files([file], {}, may_hash=True)
    file.path.write_bytes(b"AUDIO")
    os.utime(file.path, ns=(1, 1))  # a new modification time: the file is hashed again
    problems, seen = check_files([file], seen, may_hash=True)
    assert [p.kind for p in problems] == [CHANGED]
    # Seen again unchanged: still reported, without hashing it again.
    problems, _ = check_files([file], seen, may_hash=True)
    assert [p.kind for p in problems] == [CHANGED]


def test_an_unchanged_size_and_time_is_not_hashed_again(tmp_path, monkeypatch):
    file = _file(tmp_path)
    _, seen = check_files([file], {}, may_hash=True)

    def no_hash(path):
        raise AssertionError("hashed again")

    monkeypatch.setattr("broadcaster.station.alerts.library.sha256_file", no_hash)
    assert check_files([file], seen, may_hash=True)[0] == []


def test_a_command_judges_a_file_it_has_not_seen_by_its_size(tmp_path):
    file = _file(tmp_path)
    assert check_files([file], {}, may_hash=False)[0] == []
    file.path.write_bytes(b"longer audio")
    assert [p.kind for p in check_files([file], {}, may_hash=False)[0]] == [CHANGED]
