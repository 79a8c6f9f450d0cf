"""A programme's title as the station's documents show it (#11): the audio file's own title
tag when it has a usable one (the provincial station writes *Chuyển đổi số tháng 11* into
the MP3 it sends), else the file's name without its extension, read with spaces when it is
a slug (`chuyen-doi-so_thang-11`).

The tag is read in the ffprobe run that already checks every file (decode.probe: one tool
run, under the same memory and time bounds). A tag is text from outside: one with a
control or format character (a line break, a right-to-left override, a NUL), a byte that
was not UTF-8, or more than `MAX_TITLE` characters is ignored, and the file name stands in.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

# Longer than any title a person types; a longer tag is a lyric or a comment put there.
MAX_TITLE = 200
# What ffprobe's output becomes where a tag held bytes that were not UTF-8.
_REPLACEMENT = "\ufffd"


def title_in(info: Any) -> str | None:
    """The first usable title in ffprobe's JSON: the container's, then the streams' (pure)."""
    if not isinstance(info, Mapping):
        return None
    places = [info.get("format")]
    streams = info.get("streams")
    if isinstance(streams, list):
        places += streams
    for place in places:
        tags = place.get("tags") if isinstance(place, Mapping) else None
        if isinstance(tags, Mapping):
            title = clean_title(tags.get("title"))
            if title:
                return title
    return None


def clean_title(value: Any) -> str | None:
    """`value` as a title (NFC, trimmed), or None when it is not one a document can show."""
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFC", value).strip()
    if not text or len(text) > MAX_TITLE or _REPLACEMENT in text:
        return None
    # Category C: control (Cc), format (Cf: bidi overrides, zero-width), surrogate,
    # private-use and unassigned code points.
    if any(unicodedata.category(char).startswith("C") for char in text):
        return None
    return text
