"""The month's verdict as the export scores it (proof/summary.py), version by version."""

from __future__ import annotations

from datetime import date

import pytest

from broadcaster.proof.summary import NOT_MET, PENDING, ProgrammeChanges, SeriesRule, summarize

MONTHLY = SeriesRule("chuyen-doi-so", "Chuyên mục Chuyển đổi số", "month", 1, 3)
WEEKLY = SeriesRule("tinh", "Đài tỉnh", "week", 1, 0)


def _item(sha: str, kind: str, status: str = "aired", series: str = "chuyen-doi-so") -> dict:
    return {
        "uid": f"{sha[:4]}-{kind}-{status}",
        "series_id": series,
        "title": f"chương trình {sha[:4]}",
        "file_name": f"{sha[:4]}.mp3",
        "file_sha256": sha * 64 if len(sha) == 1 else sha,
        "kind": kind,
        "status": status,
        "played_s": 600.0,
        "scheduled_at": "2026-11-30T06:10:00+07:00",
        "reason": "",
    }


def _verdict(rule, rows, pending, version: int) -> str:
    summary = summarize([rule], rows, pending, date(2026, 11, 1), date(2026, 11, 30), None, version)
    return summary["series"][0]["verdict"]


def test_a_programme_that_can_no_longer_get_its_airings_fails_the_month_at_once():
    """Arriving on the 30th: its new airing is still planned, its repeats can never be. The
    series used to say 'pending' (something is still planned); since format 3 it is not
    met, which is what the month will be."""
    pending = [_item("a", "new")]
    assert _verdict(MONTHLY, [], pending, 3) == NOT_MET
    assert _verdict(MONTHLY, [], pending, 2) == PENDING  # old exports verify by their rule


def test_a_month_still_possible_stays_pending():
    rows = [_item("a", "new")]
    pending = [_item("a", "repeat"), _item("a", "repeat"), _item("a", "repeat")]
    assert _verdict(MONTHLY, rows, pending, 3) == PENDING


@pytest.mark.parametrize("version", [2, 3])
def test_a_weekly_programme_not_arrived_yet_keeps_the_month_pending(version):
    # Five Mondays in November 2026 (2, 9, 16, 23, 30): four programmes in, three aired and
    # one still to air; the fifth week's programme may still come.
    rows = [_item(c, "new", series="tinh") for c in "abc"]
    pending = [_item("d", "new", series="tinh")]
    assert _verdict(WEEKLY, rows, pending, version) == PENDING


def test_a_missed_week_with_no_other_to_stand_in_fails_the_month():
    rows = [_item(c, "new", series="tinh") for c in "abcd"]
    rows[0] = {**rows[0], "status": "missed"}
    pending = [_item("e", "new", series="tinh")]
    assert _verdict(WEEKLY, rows, pending, 3) == NOT_MET
    assert _verdict(WEEKLY, rows, pending, 2) == PENDING


def test_a_replacement_carries_on_its_predecessors_airings():
    old, new = "1" * 64, "2" * 64
    rows = [_item(old, "new"), _item(old, "repeat"), _item(new, "repeat")]
    pending = [_item(new, "repeat")]
    assert _verdict(MONTHLY, rows, pending, 3) == NOT_MET  # two programmes, neither can
    changed = summarize(
        [MONTHLY],
        rows,
        pending,
        date(2026, 11, 1),
        date(2026, 11, 30),
        ProgrammeChanges({old: new}),
    )
    (programme,) = changed["series"][0]["programmes"]
    assert programme["replaces"] == [old] and programme["file_sha256"] == new
    assert changed["series"][0]["verdict"] == PENDING
