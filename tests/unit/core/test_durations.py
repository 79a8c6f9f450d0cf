"""Durations as operators write them ("5s", "2m", "1h30m", "7d") and their display form."""

from __future__ import annotations

from datetime import timedelta

import pytest

from broadcaster.core.durations import format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5s", timedelta(seconds=5)),
        ("2m", timedelta(minutes=2)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("7d", timedelta(days=7)),
        ("0.5s", timedelta(seconds=0.5)),
        ("90s", timedelta(seconds=90)),
        ("0s", timedelta(0)),
        ("1d2h3m4s", timedelta(days=1, hours=2, minutes=3, seconds=4)),
        ("1.5h", timedelta(minutes=90)),
        (" 5s ", timedelta(seconds=5)),  # surrounding blanks are forgiven
        ("5S", timedelta(seconds=5)),  # and the unit's case
        ("5 s", timedelta(seconds=5)),  # a blank between number and unit
        ("5s 2m", timedelta(seconds=125)),  # and between parts
        # Vietnamese units, with or without marks, NFC or NFD, any case, decimal comma
        ("7 ngày", timedelta(days=7)),
        ("30 phút", timedelta(minutes=30)),
        ("2 giờ", timedelta(hours=2)),
        ("45 giây", timedelta(seconds=45)),
        ("1 tuần", timedelta(days=7)),
        ("1 giờ 30 phút", timedelta(minutes=90)),
        ("1,5 giờ", timedelta(minutes=90)),
        ("7 ngay", timedelta(days=7)),
        ("30 PHÚT", timedelta(minutes=30)),
        ("7 nga\u0300y", timedelta(days=7)),  # NFD: "a" then the grave accent
        ("2gio", timedelta(hours=2)),
    ],
)
def test_parse_duration_accepts(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "5",  # no unit
        "s5",  # unit first
        "5x",  # unknown unit
        "1h-2m",  # junk between parts
        "-5s",  # negative
        "5 phut 2",  # a number without its unit
        "7 ngày nữa",  # words after the duration
        "5 phút-2 giây",  # junk between parts
        "1 năm",  # no such unit
        "1.5.5s",
        ".5s",
        "5ms",
        "1e5s",
        "nan",
        "5 minutes",
    ],
)
def test_parse_duration_rejects(text):
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize("text", ["1000000000d", "99999999999d"])
def test_parse_duration_out_of_range_is_a_value_error(text):
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "0:00"),
        (5, "0:05"),
        (59.4, "0:59"),
        (59.6, "1:00"),
        (90, "1:30"),
        (725, "12:05"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (5400, "1:30:00"),
        (36061, "10:01:01"),
        (86400 + 1, "24:00:01"),
    ],
)
def test_format_duration(seconds, expected):
    assert format_duration(seconds) == expected
