"""Durations as operators write them ("5s", "2m", "1h30m", "7d") and their display form."""

from __future__ import annotations

from datetime import timedelta

import pytest

from broadcaster.durations import format_duration, parse_duration


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
        "5 s",  # blank between number and unit
        "s5",  # unit first
        "5x",  # unknown unit
        "1h-2m",  # junk between parts
        "-5s",  # negative
        "5s 2m",  # blank between parts
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
