"""Durations written the way operators write them: "5s", "2m", "1h30m", "7d", and in
Vietnamese "7 ngày", "30 phút", "1 giờ 30 phút" (operator_words.duration_s)."""

from __future__ import annotations

from datetime import timedelta

from broadcaster.core.operator_words import duration_s


def parse_duration(text: str) -> timedelta:
    """Parse "90s", "1h30m", "7d", "7 ngày" into a timedelta; raise ValueError otherwise."""
    seconds = duration_s(text)
    if seconds is None:
        raise ValueError(text)
    try:
        return timedelta(seconds=seconds)
    except OverflowError:
        raise ValueError(text) from None


def format_duration(seconds: float) -> str:
    """12:05 style for display (minutes:seconds, or h:mm:ss)."""
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
