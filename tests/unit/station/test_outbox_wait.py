"""The outbox's waits (#14): the interval when all is well, doubled at each failure up to six
hours, with ±25 % jitter so that a province's stations do not all come back at once."""

from __future__ import annotations

from broadcaster.station.outbox import MAX_WAIT, next_wait


def test_the_wait_doubles_with_failures_and_stops_at_six_hours() -> None:
    middle = lambda: 0.5  # noqa: E731 - no jitter
    assert next_wait(300, 0, middle) == 300
    assert next_wait(300, 1, middle) == 600
    assert next_wait(300, 3, middle) == 2400
    assert next_wait(300, 10, middle) == MAX_WAIT.total_seconds()
    assert next_wait(300, 10_000, middle) == MAX_WAIT.total_seconds()  # no overflow


def test_the_jitter_spreads_a_quarter_either_way() -> None:
    assert next_wait(400, 0, lambda: 0.0) == 300
    assert next_wait(400, 0, lambda: 1.0) == 500
