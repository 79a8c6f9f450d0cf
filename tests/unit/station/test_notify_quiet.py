"""Quiet-period decisions (pure): a burst is one notification, then one summary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from broadcaster.station.notify.quiet import (
    Quiet,
    after_summary,
    backoff,
    forgettable,
    on_event,
    summary_due,
)

T0 = datetime(2026, 12, 1, 8, tzinfo=UTC)
QUIET = timedelta(minutes=30)


def test_the_first_event_is_sent():
    send, state = on_event(None, T0, QUIET, "mất âm thanh")
    assert send and state == Quiet(T0, 0, "")


def test_a_burst_inside_the_quiet_period_is_one_notification_then_one_summary():
    state, sent = None, 0
    for i in range(100):  # lost, back, lost, back… every 10 s
        send, state = on_event(state, T0 + timedelta(seconds=10 * i), QUIET, f"event {i}")
        sent += send
    assert state is not None
    # 100 events over 16.5 minutes: the first is sent, 99 folded, the newest kept.
    assert (sent, state.folded, state.last_text) == (1, 99, "event 99")
    assert not summary_due(state, T0 + QUIET - timedelta(seconds=1), QUIET)
    assert summary_due(state, T0 + QUIET, QUIET)
    assert after_summary(T0 + QUIET) == Quiet(T0 + QUIET, 0, "")


def test_after_the_quiet_period_an_event_is_sent_again():
    _, state = on_event(None, T0, QUIET, "a")
    send, _ = on_event(state, T0 + QUIET, QUIET, "b")
    assert send


def test_nothing_folded_means_no_summary():
    _, state = on_event(None, T0, QUIET, "a")
    assert not summary_due(state, T0 + 10 * QUIET, QUIET)


def test_a_clock_set_back_never_silences_for_long():
    _, state = on_event(None, T0, QUIET, "a")
    send, _ = on_event(state, T0 - timedelta(days=1), QUIET, "b")
    assert send


def test_zero_quiet_period_sends_everything():
    state, sent = None, 0
    for _ in range(5):
        send, state = on_event(state, T0, timedelta(0), "x")
        sent += send
    assert sent == 5


def test_backoff_doubles_and_is_capped():
    base = timedelta(seconds=30)
    assert [backoff(n, base).total_seconds() for n in range(5)] == [0, 30, 60, 120, 240]
    assert backoff(50, base) == timedelta(hours=1)


def test_a_state_is_forgotten_only_when_it_can_change_nothing():
    _, state = on_event(None, T0, QUIET, "a")
    assert not forgettable(state, T0 + QUIET - timedelta(seconds=1), QUIET)  # still quiet
    assert forgettable(state, T0 + QUIET, QUIET)
    _, folded = on_event(state, T0 + timedelta(minutes=1), QUIET, "b")
    assert not forgettable(folded, T0 + 10 * QUIET, QUIET)  # its summary is still due
