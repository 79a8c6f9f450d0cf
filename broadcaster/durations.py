"""Durations written the way operators write them: "5s", "2m", "1h30m", "7d"."""

from __future__ import annotations

import re
from datetime import timedelta

_PART = re.compile(r"(\d+(?:\.\d+)?)([smhd])")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> timedelta:
    """Parse "90s", "1h30m", "7d" into a timedelta; raise ValueError otherwise."""
    value = text.strip().lower()
    if not value:
        raise ValueError(text)
    pos, total = 0, 0.0
    for match in _PART.finditer(value):
        if match.start() != pos:
            raise ValueError(text)
        total += float(match.group(1)) * _UNIT_S[match.group(2)]
        pos = match.end()
    if pos != len(value):
        raise ValueError(text)
    try:
        return timedelta(seconds=total)
    except OverflowError:
        raise ValueError(text) from None


def format_duration(seconds: float) -> str:
    """12:05 style for display (minutes:seconds, or h:mm:ss)."""
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
