"""A programme's title as the station's documents show it (#11): the audio file's own title
tag when it has a usable one (the provincial station writes *Chuyển đổi số tháng 11* into
the MP3 it sends), else the file's name without its extension, read with spaces when it is
a slug (`chuyen-doi-so_thang-11`).

The tag is read by ffprobe under the same memory and time bounds as every other tool run
(decode.run_tool). A tag is text from outside: one with a control or format character (a
line break, a right-to-left override, a NUL) or longer than `MAX_TITLE` is ignored, and
the file name stands in.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from broadcaster.decode import ToolLimit, ToolMissing, probe_timeout, run_tool, tool_path
from broadcaster.names import split_extension
from broadcaster.proof.labels import programme_title

# Longer than any title a person types; a longer tag is a lyric or a comment put there.
MAX_TITLE = 200


def programme_name(path: Path, name: str) -> str:
    """The title of the programme in `path`, whose (shown, NFC) file name is `name`."""
    return read_title(path) or programme_title(split_extension(name)[0])


def read_title(path: Path) -> str | None:
    """The file's title tag (container first, then the audio stream), or None."""
    try:
        command = [
            tool_path("ffprobe"),
            *("-v", "error", "-show_entries", "format_tags=title:stream_tags=title"),
            *("-of", "json", str(path)),
        ]
        result = run_tool(command, probe_timeout(path.stat().st_size))
    except (ToolMissing, ToolLimit, OSError):
        return None  # no tag is no reason to refuse a file that plays
    if result.returncode != 0:
        return None
    try:
        info = json.loads(result.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return title_in(info)


def title_in(info: Any) -> str | None:
    """The first usable title in ffprobe's JSON (pure)."""
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
    if not text or len(text) > MAX_TITLE:
        return None
    # Category C: control (Cc), format (Cf: bidi overrides, zero-width), surrogate,
    # private-use and unassigned code points.
    if any(unicodedata.category(char).startswith("C") for char in text):
        return None
    return text
