"""What an operator must never read in Vietnamese: the patterns the class test looks for.

Each pattern names a class of leak, not one message: any ISO date or month, any UUID,
any decimal point, any ISO week, any internal counter (lần 100), any English word a
developer writes, any series id, any libVLC/ALSA chatter line. A line is checked after the station's own folder is taken out of it (paths
are the operator's own names, not our words).
"""

from __future__ import annotations

import re

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_MONTH = re.compile(r"(?<![\d-])\d{4}-\d{2}(?![\d])")
COUNTER = re.compile(r"(lần|#) ?[1-9]\d{2,}")  # a make-up's seq (100+) shown as an attempt
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")  # a version 3.0.21 is not one
ISO_WEEK = re.compile(r"\bW\d\d\b")
MICROSECONDS = re.compile(r"\d{2}:\d{2}:\d{2}[.,]\d{3,6}")
ENGLISH = re.compile(
    r"\b(plan|planned|updated|airings?|error|warning|info|debug|failed|missed|repeat|"
    r"make-?up|series|schedule|scheduled|slot|period|week|month|status|health|next|last|"
    r"new|moved|removed|unexpected|traceback|exception|none|true|false|null|probe|"
    r"bulletins?|emergency|priority|normal|programmes?|audio|output|fake|"
    r"LUFS|dBTP|LU|dB|seq)\b",
    re.I,
)
CHATTER = re.compile(r"^(ALSA lib|\[[0-9a-f]{8,16}\]|pulse|vlc|libvlc)", re.I)

CHECKS = {
    "ISO date": ISO_DATE,
    "ISO month": ISO_MONTH,
    "internal counter": COUNTER,
    "UUID": UUID,
    "decimal point": DECIMAL_POINT,
    "ISO week": ISO_WEEK,
    "microseconds": MICROSECONDS,
    "English word": ENGLISH,
    "audio chatter": CHATTER,
}


def leaks(text: str, hide: tuple[str, ...] = (), series_ids: tuple[str, ...] = ()) -> list[str]:
    """Every line of `text` that leaks, with what it leaks; [] when the text is clean."""
    found = []
    ids = [re.compile(rf"(?<![\w/-]){re.escape(i)}(?![\w/-])") for i in series_ids]
    for line in text.splitlines():
        shown = line
        for part in hide:
            shown = shown.replace(part, "<…>")
        for name, pattern in CHECKS.items():
            if pattern.search(shown):
                found.append(f"{name}: {line}")
        for pattern in ids:
            if pattern.search(shown):
                found.append(f"series id: {line}")
    return found
