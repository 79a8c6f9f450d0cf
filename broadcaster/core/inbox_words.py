"""The words the inbox and the library give meaning to: a bulletin's level (Circular
39/2020/TT-BTTTT), the inbox folders an operator drops a bulletin into, and the two
pseudo-series (bulletins, test airings) that are no series of the rules.

Here, below both, so that ingest (which sorts what arrives) and the station (which airs
it) share them without importing each other."""

from __future__ import annotations

EMERGENCY, PRIORITY, NORMAL = "emergency", "priority", "normal"
PRIORITIES = (EMERGENCY, PRIORITY, NORMAL)
BULLETIN_SERIES = "bulletin"
BULLETIN_FOLDER = "bulletins"  # inside the library
# Inbox subfolders an operator drops a bulletin into.
INBOX_FOLDERS = {"khan-cap": EMERGENCY, "uu-tien": PRIORITY, "thong-thuong": NORMAL}
TEST_SERIES = "test"  # test airings (station/testair.py)

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
