"""core/vocab: the station's words as StrEnums, whose values are the words every stored row
and every export already holds, so the hash chain's canonical form cannot change."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from broadcaster.core.chain import canonical, row_hash
from broadcaster.core.vocab import (
    INBOX_FOLDERS,
    PLANNER_KINDS,
    RANK,
    IngestOutcome,
    Kind,
    Priority,
    Status,
)

# The words written by every release so far (tests/fixtures/station-565c682 holds each of
# them): a value changed here would break every chain and export in the field.
STORED_WORDS = {
    Status: {"aired", "partial", "failed", "missed"},
    Kind: {"new", "repeat", "makeup", "late", "bulletin", "test"},
    Priority: {"emergency", "priority", "normal"},
    IngestOutcome: {"accepted", "duplicate", "rejected"},
}


def _row(kind: str, status: str, priority: str | None) -> dict[str, object]:
    return {
        "seq": 7,
        "uid": "5b0c0f4e-6f3a-4b8e-9d55-0c1f0c7a2b11",
        "station_id": "xa-an-binh",
        "series_id": "bulletin" if priority else "chuyen-doi-so",
        "title": "Chuyển đổi số tháng 3",
        "file_name": "chuyen-doi-so/Chuyển đổi số tháng 3.mp3",
        "file_sha256": "ab" * 32,
        "kind": kind,
        "scheduled_at": datetime(2026, 3, 2, 10, 15, tzinfo=UTC),
        "started_at": datetime(2026, 3, 2, 10, 15, 1, tzinfo=UTC),
        "ended_at": datetime(2026, 3, 2, 10, 25, tzinfo=UTC),
        "duration_s": 600.0,
        "played_s": 599.2,
        "status": status,
        "reason": "",
        "corrects_uid": None,
        "makeup_of_uid": None,
        "priority": priority,
        "recorded_at": datetime(2026, 3, 2, 10, 25, 1, tzinfo=UTC),
    }


@pytest.mark.parametrize("enum", list(STORED_WORDS), ids=lambda e: e.__name__)
def test_the_values_are_the_stored_words(enum: type) -> None:
    assert {member.value for member in enum} == STORED_WORDS[enum]
    for member in enum:
        assert member == member.value and hash(member) == hash(member.value)
        assert str(member) == f"{member}" == member.value
        assert json.dumps(member) == json.dumps(member.value)


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("status", list(Status))
def test_a_row_with_members_has_the_canonical_bytes_of_the_row_with_strings(
    kind: Kind, status: Status
) -> None:
    for priority in (None, *Priority):
        members = _row(kind, status, priority)
        words = _row(kind.value, status.value, priority.value if priority else None)
        assert type(members["status"]) is Status and type(words["status"]) is str
        assert canonical(members) == canonical(words)
        assert row_hash("0" * 64, members) == row_hash("0" * 64, words)


def test_a_changed_value_changes_the_canonical_bytes() -> None:
    """The check above can fail: the canonical form does carry these fields."""
    aired = _row(Kind.NEW, Status.AIRED, None)
    assert canonical(aired) != canonical(_row(Kind.NEW, Status.PARTIAL, None))
    assert canonical(aired) != canonical(_row(Kind.REPEAT, Status.AIRED, None))
    urgent = _row(Kind.BULLETIN, Status.AIRED, Priority.EMERGENCY)
    assert canonical(urgent) != canonical(_row(Kind.BULLETIN, Status.AIRED, Priority.NORMAL))
    # …and a member whose value were different would not hash as the stored word does.
    assert canonical(aired) != canonical({**aired, "status": "Status.AIRED"})


def test_the_constants_around_them() -> None:
    assert {"new", "repeat", "makeup", "late"} == PLANNER_KINDS
    assert Kind.BULLETIN not in PLANNER_KINDS and Kind.TEST not in PLANNER_KINDS
    assert sorted(Priority, key=lambda p: RANK[p]) == [
        Priority.EMERGENCY,
        Priority.PRIORITY,
        Priority.NORMAL,
    ]
    assert RANK[None] == RANK[Priority.NORMAL] and RANK["emergency"] == 0  # rows hold str
    assert INBOX_FOLDERS == {
        "khan-cap": "emergency",
        "uu-tien": "priority",
        "thong-thuong": "normal",
    }
