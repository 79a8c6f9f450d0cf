"""The words an operator writes in a settings file: periods, days, times and durations.

Pure functions, no I/O. Each accepts the English forms the files have always used and the
Vietnamese an operator would type: "tháng", "T2", "CN", "6h10", "30 phút". Vietnamese
arrives with or without its marks (an unaccented keyboard), in any case, composed (NFC) or
decomposed (NFD, a Mac's editor), so every word is compared in its folded form.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import time

ENGLISH_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def fold(text: str) -> str:
    """`text` without marks, in lower case, blanks collapsed: "Thứ  Hai" -> "thu hai".

    "đ" is a letter of its own, not "d" with a mark, so NFD leaves it: fold it by hand.
    """
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    bare = bare.replace("đ", "d").replace("Đ", "D")
    return " ".join(bare.casefold().split())


# ---- periods ------------------------------------------------------------------------------
_PERIODS = {"month": "month", "thang": "month", "week": "week", "tuan": "week"}


def period(text: str) -> str | None:
    """ "month" or "week" for "month", "tháng", "Thang", "week", "tuần", ...; else None."""
    return _PERIODS.get(fold(text))


# ---- days ---------------------------------------------------------------------------------
# Vietnamese counts the week from Sunday: "thứ hai" (the second day) is Monday, "thứ bảy"
# Saturday, and Sunday is "chủ nhật". T2..T7 and CN are how calendars and notices write them.
_NUMBER_WORDS = {"hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7}  # bảy, bẩy alike
_DAY_WORDS: dict[str, int] = {name: index for index, name in enumerate(ENGLISH_DAYS)}
for _n in range(2, 8):
    _DAY_WORDS.update({f"t{_n}": _n - 2, f"thu {_n}": _n - 2, f"thu{_n}": _n - 2})
for _word, _n in _NUMBER_WORDS.items():
    _DAY_WORDS[f"thu {_word}"] = _n - 2
_DAY_WORDS.update({"cn": 6, "chu nhat": 6, "chunhat": 6})


def weekday(text: str) -> int | None:
    """0 (Monday) to 6 (Sunday) for "mon", "T2", "thứ hai", "Thứ 2", "CN", ...; else None.

    The English names count only as typed in plain letters: "thứ" alone folds to "thu" but
    is no Thursday, it is a Vietnamese day with its number left out.
    """
    folded = fold(text).replace(".", "")  # "T.2" as some notices write it
    if folded in ENGLISH_DAYS and not text.strip().isascii():
        return None
    return _DAY_WORDS.get(folded)


# ---- times of day -------------------------------------------------------------------------
# 24-hour clock. "06:10", "6:10", "06:10:30"; "6h10", "6h" (hours written with h, as
# notices do); "6g10", "17g15", "6 giờ 10", "6 giờ" (g for giờ). Minutes are two digits so
# "6h5" is not read as 06:05 or 06:50 by guess.
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_SPOKEN = re.compile(r"(\d{1,2}) ?(?:h|g|gio) ?(?:(\d{2}) ?(?:p|phut)?)?")


def time_of_day(text: str) -> time | None:
    """The time `text` names, or None when it is no time of day."""
    folded = fold(text)
    match = _CLOCK.fullmatch(folded)
    if match:
        hour, minute, second = match.group(1), match.group(2), match.group(3) or "0"
    else:
        match = _SPOKEN.fullmatch(folded)
        if not match:
            return None
        hour, minute, second = match.group(1), match.group(2) or "0", "0"
    h, m, s = int(hour), int(minute), int(second)
    if h > 23 or m > 59 or s > 59:
        return None
    return time(h, m, s)


# ---- durations ----------------------------------------------------------------------------
# Units by their folded spelling, the longest first so "phut" is not read as "p" + "hut".
DURATION_UNITS_S = {
    "tuan": 7 * 86400,
    "ngay": 86400,
    "gio": 3600,
    "phut": 60,
    "giay": 1,
    "d": 86400,
    "h": 3600,
    "m": 60,
    "s": 1,
}
_UNIT = "|".join(sorted(DURATION_UNITS_S, key=len, reverse=True))
# A decimal comma is how Vietnamese writes 1,5 giờ; a blank may sit between number and unit
# ("7 ngày") and between parts ("1 giờ 30 phút").
DURATION_PART = re.compile(rf"\s*(\d+(?:[.,]\d+)?)\s*({_UNIT})\s*")


def duration_s(text: str) -> float | None:
    """Seconds for "90s", "1h30m", "7d", "7 ngày", "30 phút", "1 giờ 30 phút", "1,5 giờ";
    None for anything else (no unit, an unknown unit, junk between parts, a negative)."""
    folded = fold(text)
    if not folded:
        return None
    pos, total = 0, 0.0
    for match in DURATION_PART.finditer(folded):
        if match.start() != pos:
            return None
        total += float(match.group(1).replace(",", ".")) * DURATION_UNITS_S[match.group(2)]
        pos = match.end()
    return total if pos == len(folded) else None
