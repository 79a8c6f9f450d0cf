"""Every range and limit of the configuration, each with the reason for its ends.

Every number and duration has a range: wide enough that no real station meets its ends,
narrow enough that a typo cannot peg a core (scan_interval = "0.001s"), hold the planner
for minutes at gigabytes (repeats = 100000000) or overflow date arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from broadcaster.config.schema import duration

RANGES: dict[str, tuple[str, str]] = {
    # Opened this long before the slot; the plan freezes that far ahead. A file opens in
    # well under a second; a minute is plenty even from a slow USB disk.
    "preroll": ("1s", "1m"),
    # The inbox is read this often. Below a second is a busy loop; an emergency bulletin
    # dropped into khan-cap/ waits up to one interval, so not more than 10 minutes.
    "scan_interval": ("1s", "10m"),
    # A file must hold still this long before it is taken (0: at once).
    "settle": ("0s", "10m"),
    # Later than this a slot is recorded as missed. APScheduler's grace is whole seconds
    # (at least 1); an airing more than an hour late is no longer that slot's airing.
    "missed_grace": ("1s", "1h"),
    # The plan, the clock and the sound are checked this often.
    "reconcile_interval": ("1s", "10m"),
    # Longer than a month: no repeat could ever fit in its period.
    "repeat_gap": ("0s", "31d"),
    "min_repeat_gap": ("0s", "31d"),
    # Silence longer than this at either end is skipped (0: any).
    "trim_silence_over": ("0s", "10m"),
    # A weekly programme is late this long before its week's first slot; a week at most.
    "due_before": ("0s", "7d"),
}
# A monthly programme is late after this day of the month; every month has a 28th.
MAX_DUE_BY = 28
DEFAULT_DUE_BEFORE = "2d"
# Seq 100 and up mark make-ups in the plan (planner.MAKEUP_STEP): a 100th repeat would be
# taken for the make-up of the new airing. 99 is more than three airings a day for a month.
MAX_REPEATS = 99
# One new programme a day for a month (a station with more uses period = "week"). The plan's
# cost grows with new x repeats x slots: at 31 x 100 airings a month on 1,440 daily slots,
# all too long to fit, one plan took 1.5 s here; at 100 new programmes it took 6 s.
MAX_NEW_PER_PERIOD = 31
# All series together: one slot a minute, all day. The planner and the bulletin search build
# every slot of every series for up to three periods (1,440 x 31 x 3 = 134k times at most).
MAX_SLOTS = 1440
# Daily backups for a year; each is a full copy of the database.
MAX_BACKUPS = 365
# Never below 24 months: supervisors ask for last year's log well into this one. Ten years
# is longer than any archive rule asks of these logs.
MIN_RETENTION_MONTHS, MAX_RETENTION_MONTHS = 24, 120
# A series folder is a folder name on Linux and Windows alike.
MAX_FOLDER = 100
MAX_NAME_BYTES = 255  # one folder or file name, as ext4 and NTFS allow
# [loudness] target (LUFS) and true_peak (dBTP), as the README gives them.
TARGET_RANGE = (-40.0, -5.0)
TRUE_PEAK_RANGE = (-10.0, 0.0)


def ranged(key: str) -> Callable[[object], timedelta]:
    """The duration converter for `key`, with its range from RANGES."""
    return duration(*RANGES[key])
