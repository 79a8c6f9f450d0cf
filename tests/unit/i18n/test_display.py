"""The operator's forms of dates, numbers, periods and airing kinds (broadcaster/i18n/display.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from broadcaster.core.periods import month_period, week_period
from broadcaster.i18n import display

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("value", "digits", "vi", "en"),
    [
        (16.56, 1, "16,6", "16.6"),
        (-16.56, 1, "−16,6", "−16.6"),
        (-0.04, 1, "0,0", "0.0"),  # no "−0,0"
        (3, 0, "3", "3"),
        (1234.5, 2, "1234,50", "1234.50"),
    ],
)
def test_number_has_a_decimal_comma_in_vietnamese(value, digits, vi, en) -> None:
    assert display.number(value, digits, "vi") == vi
    assert display.number(value, digits, "en") == en


def test_signed_percent_and_size() -> None:
    assert display.signed(9.04, lang="vi") == "+9,0"
    assert display.signed(-0.7, lang="vi") == "−0,7"
    assert display.signed(0.01, lang="vi") == "0,0"
    assert display.percent(0.875, 1, "vi") == "87,5%"
    assert display.percent(0.3, lang="vi") == "30%"
    assert display.size(12 * 1024, "vi") == "12 KB"
    assert display.size(int(3.4 * 1024**2), "vi") == "3,4 MB"
    assert display.size(300 * 1024**2, "vi") == "300 MB"
    assert display.size(int(76.3 * 1024**3), "vi") == "76,3 GB"
    assert display.size(int(76.3 * 1024**3), "en") == "76.3 GB"


def test_date_time_is_day_month_year_in_the_station_zone() -> None:
    moment = datetime(2026, 11, 28, 23, 10, 5, 123456, tzinfo=UTC)  # 06:10:05 on the 29th
    assert display.date_time(moment, TZ) == "29/11/2026 06:10"
    assert display.date_time(moment, TZ, seconds=True) == "29/11/2026 06:10:05"
    assert display.slot(moment.replace(second=0, microsecond=0), TZ, "vi") == "CN 29/11 06:10"
    assert display.slot(moment, TZ, "en") == "Sun 29/11 06:10:05"


def test_months_and_weeks_by_name() -> None:
    assert display.month_label(2026, 11, "vi") == "tháng 11/2026"
    assert display.month_label(2026, 3, "en") == "March 2026"
    assert display.week_label(date(2026, 11, 23), "vi") == "tuần 48 (23–29/11)"
    assert display.week_label(date(2026, 11, 30), "vi") == "tuần 49 (30/11–6/12)"
    assert display.week_label(date(2026, 11, 23), "en") == "week 48 (23–29/11)"


def test_period_label_takes_a_period_or_its_key() -> None:
    week = week_period(date(2026, 11, 25), TZ)
    assert display.period_label(week, "vi") == "tuần 48 (23–29/11)"
    assert display.period_label(week.key, "vi") == "tuần 48 (23–29/11)"
    month = month_period(2026, 11, TZ)
    assert display.period_label(month, "vi") == display.period_label("2026-11", "vi")
    assert display.period_label("2026-11", "vi") == "tháng 11/2026"
    # A week that starts in one year and ends in the next (ISO week 1 of 2027).
    assert display.period_label("2027-W01", "vi") == "tuần 1 (4–10/1)"
    assert display.period_label("2026-W53", "vi") == "tuần 53 (28/12–3/1)"


@pytest.mark.parametrize("key", ["", "2026-13", "2026-W99", "abc", "2026-Wxx"])
def test_a_key_that_is_no_period_is_shown_as_it_is(key) -> None:
    assert display.period_label(key, "vi") == key


@pytest.mark.parametrize(
    ("kind", "seq", "numbered", "vi", "en"),
    [
        ("new", 0, False, "phát mới", "new"),
        ("repeat", 2, False, "phát lại lần 2", "repeat #2"),
        ("repeat", 0, False, "phát lại", "repeat"),  # an as-run row carries no seq
        ("makeup", 100, False, "phát bù", "make-up"),
        ("makeup", 102, False, "phát bù", "make-up"),  # the make-up of repeat 2
        ("makeup", 203, False, "phát bù lần 2", "make-up #2"),
        ("makeup", 100, True, "phát bù lần 1", "make-up #1"),
        ("makeup", 0, False, "phát bù", "make-up"),
        ("bulletin", 0, False, "bản tin", "bulletin"),
        ("something-new", 3, False, "something-new", "something-new"),
    ],
)
def test_airing_kind_shows_the_attempt_never_the_counter(kind, seq, numbered, vi, en) -> None:
    assert display.airing_kind(kind, seq, numbered, "vi") == vi
    assert display.airing_kind(kind, seq, numbered, "en") == en


@pytest.mark.parametrize(
    ("error", "vi", "en"),
    [
        (OSError(28, "No space left on device"), "đĩa đầy", "the disk is full"),
        (PermissionError(13, "Permission denied"), "không có quyền truy cập", "permission denied"),
        (Exception("database or disk is full"), "đĩa đầy", "the disk is full"),
        (Exception("database is locked"), "cơ sở dữ liệu đang bị chương trình khác giữ", None),
        (Exception("database disk image is malformed"), "tệp cơ sở dữ liệu bị hỏng", None),
        (ValueError("first line\nsecond line"), "first line", "first line"),  # as it is
        (ValueError(""), "ValueError", "ValueError"),
    ],
)
def test_failure_says_what_an_os_or_database_error_means(error, vi, en) -> None:
    assert display.failure(error, "vi") == vi
    if en is not None:
        assert display.failure(error, "en") == en


def test_a_series_is_named_without_saying_chuyen_muc_twice():
    # Seen: "… của chuyên mục Chuyên mục Chuyển đổi số".
    assert display.series_name("Chuyên mục Chuyển đổi số", "vi") == "Chuyên mục Chuyển đổi số"
    assert display.series_name("Thời sự tỉnh", "vi") == "chuyên mục Thời sự tỉnh"
    assert display.series_name("Thời sự tỉnh", "en") == "Thời sự tỉnh"
