"""How the report's figures read: months, weeks, h:mm, the title of each kind of period, and
a station-month's state (*không thể đạt* only while the month runs)."""

from __future__ import annotations

import pytest

from broadcaster.proof.report_content import report_content
from broadcaster.proof.report_words import (
    count,
    hours_minutes,
    month_words,
    state_full,
    state_key,
    title_lines,
    week_words,
)
from tests.support import report_samples


def test_months_weeks_and_durations_read_as_an_office_writes_them() -> None:
    assert month_words("2026-11", "vi") == "tháng 11/2026"
    assert month_words("2026-03", "vi") == "tháng 3/2026"
    assert month_words("not-a-month", "vi") == "not-a-month"  # shown, never a traceback
    assert week_words("2026-11-09", "vi") == "tuần 09/11–15/11"
    assert week_words("2025-12-29", "vi") == "tuần 29/12–04/01"
    assert hours_minutes(12 * 3600 + 5 * 60) == "12:05"
    assert hours_minutes(29.6) == "0:00" and hours_minutes(30.1) == "0:01"
    assert hours_minutes(None) == ""
    assert count(12345, "vi") == "12.345" and count(12345, "en") == "12,345"
    assert count(True, "vi") == ""


@pytest.mark.parametrize(
    "scope, line",
    [
        ({"kind": "month", "month": "2026-11"}, "Tổng hợp kết quả phát thanh tháng 11 năm 2026"),
        ({"kind": "year", "year": "2026"}, "Tổng hợp kết quả phát thanh năm 2026"),
        (
            {"kind": "range", "from": "2025-12-15", "to": "2026-12-14"},
            "Tổng hợp kết quả phát thanh từ 15/12/2025 đến 14/12/2026",
        ),
        (
            {"kind": "all", "from": "2026-03-01", "to": "2026-11-30"},
            "Tổng hợp kết quả phát thanh từ 01/03/2026 đến 30/11/2026",
        ),
    ],
)
def test_the_title_says_what_the_report_covers(scope: dict, line: str) -> None:
    assert title_lines(scope, "vi") == ("BÁO CÁO", line)


def test_a_month_not_met_reads_cannot_be_met_only_while_it_runs() -> None:
    over = {"month": "2026-10", "state": "ok", "counted": True, "verdict": "not_met"}
    running = {**over, "month": "2026-11"}
    assert state_key(over, "2026-11-29") == "not_met"
    assert state_key(running, "2026-11-29") == "cannot"
    assert state_full("cannot", "vi") == "không thể đạt"
    in_progress = {"month": "2026-11", "state": "in_progress", "counted": True, "verdict": None}
    assert state_key(in_progress, "2026-11-29") == "in_progress"
    assert state_key({**in_progress, "verdict": "not_met"}, "2026-11-29") == "cannot"
    assert state_key({"month": "2026-12", "state": "forged?"}, "2026-11-29") == "unchecked"


def test_bulletins_are_never_a_series_and_tests_never_appear() -> None:
    content = report_content(report_samples.year_report(), "vi")
    series = content.summary[1].blocks[0]
    groups = [r.cells[0] for r in series.rows if r.span]  # type: ignore[union-attr]
    assert groups == [
        "Chuyên mục: Chuyển đổi số trong nông nghiệp (hằng tháng)",
        "Chuyên mục: Tiếp âm chuyên mục Đài tỉnh (hằng tuần)",
    ]
    overall = content.summary[0].blocks[0]
    total = overall.rows[-1].cells  # type: ignore[union-attr]
    report = report_samples.year_report()
    # Plan required/done are the plan series only; bulletins are in the airings, apart.
    assert total[4] == str(sum(s["airings_required"] for s in report["series"]))
    assert total[2] == str(report["overall"]["airings"])
