"""File names the inbox treats apart: a quarantined file's reason beside it, and files still
being written. (The inbox's bulletin folders and the pseudo-series are in core/vocab.py.)

Here, below both, so that config (which refuses such folder names), ingest (which skips
such files) and the station (which lists them) share them without importing each other."""

from __future__ import annotations

# Beside a quarantined file: why it was set aside, in the operator's words.
REASON_SUFFIX = ".reason.txt"


def is_temporary(name: str) -> bool:
    """Names of files still being written by a browser, an editor or a copy tool."""
    lowered = name.lower()
    return (
        name.startswith(".")
        or name.startswith("~$")
        or lowered.endswith((".part", ".crdownload", ".tmp", ".partial", ".download"))
        or lowered.endswith(REASON_SUFFIX)
    )
