"""Quiet-period decisions (pure): which events become a notification, which are folded.

Events are grouped by (topic, subject): "audio lost" and "audio back" share the topic
`audio`, so a device that drops out and comes back fifty times in ten minutes sends one
notification, then, once the quiet period is over, one summary saying how many more
changes it saw. Each subject (a programme, a series' period) has its own quiet period, so
one flapping thing never silences another.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Quiet:
    """What is known of one (topic, subject): when it last sent, what it folded since."""

    last_sent_at: datetime | None = None
    folded: int = 0  # events kept back since the last notification
    last_text: str = ""  # the newest folded event, for the summary


def on_event(state: Quiet | None, now: datetime, quiet: timedelta, text: str) -> tuple[bool, Quiet]:
    """(send it now?, the new state). Outside a quiet period an event is sent at once;
    inside one it is only counted."""
    state = state or Quiet()
    if state.last_sent_at is None or now - state.last_sent_at >= quiet or now < state.last_sent_at:
        # `now < last_sent_at`: the clock was set back; never stay silent for that long.
        return True, Quiet(last_sent_at=now, folded=0, last_text="")
    return False, replace(state, folded=state.folded + 1, last_text=text)


def summary_due(state: Quiet, now: datetime, quiet: timedelta) -> bool:
    """A summary of folded events is due once the quiet period after the last send is over."""
    if state.folded <= 0 or state.last_sent_at is None:
        return False
    return now - state.last_sent_at >= quiet or now < state.last_sent_at


def forgettable(state: Quiet, now: datetime, quiet: timedelta) -> bool:
    """Nothing folded and the quiet period over: the state changes nothing any more."""
    if state.folded > 0 or state.last_sent_at is None:
        return state.folded == 0
    return now - state.last_sent_at >= quiet


def after_summary(now: datetime) -> Quiet:
    """A summary counts as a notification: the next quiet period starts with it."""
    return Quiet(last_sent_at=now, folded=0, last_text="")


def backoff(attempt: int, base: timedelta, cap: timedelta = timedelta(hours=1)) -> timedelta:
    """The wait before try `attempt` + 1 (attempt 1 failed → base, then doubling, capped)."""
    if attempt < 1:
        return timedelta(0)
    return min(base * (2 ** min(attempt - 1, 20)), cap)
