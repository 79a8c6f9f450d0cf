"""A programme's current state, read from its change log (the log is the truth: there
is no second copy that could disagree with it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

WITHDRAW, REPLACE, REPLACES, TITLE, MOVE = "withdraw", "replace", "replaces", "title", "move"
ARCHIVE = "archive"  # a replaced programme's file moved to the archive
ACTIONS = (WITHDRAW, REPLACE, REPLACES, TITLE, MOVE, ARCHIVE)
ACTIVE, WITHDRAWN, REPLACED = "active", "withdrawn", "replaced"


@dataclass(frozen=True)
class Change:
    programme_id: int
    action: str
    new_value: str


@dataclass(frozen=True)
class ProgrammeState:
    state: str = ACTIVE  # active | withdrawn | replaced
    replaced_by: int | None = None
    replaces: tuple[int, ...] = ()  # every programme it stands for, oldest first
    period_key: str | None = None  # chosen by an operator (move), or inherited (replace)

    @property
    def withdrawn(self) -> bool:
        return self.state != ACTIVE


def fold(changes: Iterable[Change]) -> dict[int, ProgrammeState]:
    """Every programme named in `changes` (in the order they were made) → its state.
    A programme not in the result is active, in the period the rules give it."""
    state: dict[int, str] = {}
    replaced_by: dict[int, int] = {}
    replaces: dict[int, int] = {}
    period: dict[int, str] = {}
    for change in changes:
        pid = change.programme_id
        if change.action == WITHDRAW:
            state[pid] = WITHDRAWN
        elif change.action == REPLACE:
            state[pid] = REPLACED
            replaced_by[pid] = int(change.new_value)
        elif change.action == REPLACES:
            replaces[pid] = int(change.new_value)
        elif change.action == MOVE:
            period[pid] = change.new_value
        # TITLE and ARCHIVE change no state: the title is on the programme row itself.
    result: dict[int, ProgrammeState] = {}
    for pid in set(state) | set(replaced_by) | set(replaces) | set(period):
        chain: list[int] = []
        old = replaces.get(pid)
        while old is not None and old not in chain and old != pid:  # a loop is never followed
            chain.insert(0, old)
            old = replaces.get(old)
        result[pid] = ProgrammeState(
            state.get(pid, ACTIVE), replaced_by.get(pid), tuple(chain), period.get(pid)
        )
    return result
