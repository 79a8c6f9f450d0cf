"""The station's words as types: what an airing was (status), why it was planned (kind),
how urgent a bulletin is (priority) and what became of a file from the inbox (outcome).

Each is a `StrEnum` whose values are the words stored in the database and written into
every export since the first version: a member *is* its string (`Status.AIRED ==
"aired"`, same hash, `json.dumps` writes `"aired"`), so rows written before these types
existed compare, hash and verify exactly as before. Never change a value: the as-run
hash chain covers `kind`, `status` and `priority` (core/chain.py).

Pure: no I/O. The proof imports these too, so it stays free of the station's modules.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """An as-run row's status: what the listeners got."""

    AIRED = "aired"  # played to the end (within judge.AIRED_TOLERANCE_S)
    PARTIAL = "partial"  # heard, but cut: stopped, pre-empted, hung, output lost, power cut
    FAILED = "failed"  # never heard: no output, file missing or changed, player error
    MISSED = "missed"  # never started: the daemon was not running at its slot


class Kind(StrEnum):
    """Why an airing was planned."""

    NEW = "new"  # a programme's first airing in its period
    REPEAT = "repeat"
    MAKEUP = "makeup"  # stands in for an airing that did not air
    LATE = "late"  # a weekly programme's new airing, in the following week
    BULLETIN = "bulletin"  # an announcement (Circular 39/2020), never moved once planned
    TEST = "test"  # a test airing (phát thử): listed, never counted


# The kinds the planner places; a re-plan moves or removes only these.
PLANNER_KINDS = frozenset({Kind.NEW, Kind.REPEAT, Kind.MAKEUP, Kind.LATE})


class Priority(StrEnum):
    """A bulletin's level (Circular 39/2020/TT-BTTTT), most urgent first."""

    EMERGENCY = "emergency"  # khẩn cấp: pre-empts the programme on air
    PRIORITY = "priority"  # ưu tiên: right after the programme on air
    NORMAL = "normal"  # thông thường: the next free slot


# Queue order of the airing thread: lower goes first. A row with no priority (a programme,
# a test airing) queues with the normal bulletins.
RANK: dict[str | None, int] = {
    Priority.EMERGENCY: 0,
    Priority.PRIORITY: 1,
    Priority.NORMAL: 2,
    None: 2,
}


class IngestOutcome(StrEnum):
    """What became of a file taken from the inbox (the `ingest_event` row's outcome)."""

    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"  # its content is in the library already
    REJECTED = "rejected"  # quarantined, with its reason


# Pseudo-series: a bulletin or a test airing belongs to no configured series. Config
# refuses a series with either id.
BULLETIN_SERIES = "bulletin"
TEST_SERIES = "test"
# The library folder bulletins are kept in (config refuses a series folder of that name).
BULLETIN_FOLDER = "bulletins"

# Inbox subfolders an operator drops a bulletin into, and the level each one gives.
INBOX_FOLDERS = {
    "khan-cap": Priority.EMERGENCY,
    "uu-tien": Priority.PRIORITY,
    "thong-thuong": Priority.NORMAL,
}
