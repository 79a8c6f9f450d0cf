"""What the province service makes of a station's upload (#14), pure.

The service is the witness of each station's hash chain: it keeps every row it accepted,
and a station can no longer rewrite its history unseen, even from scratch. For one station
it holds a chain *epoch* (the station's database, named by an id the station made when it
was created) and the head of that chain (the last seq and its row hash).

A batch is rows of the station's as-run log in sequence order, each with `seq`,
`prev_hash`, `row_hash` and its content (core/chain.py). The verdicts:

- **accept**: the batch continues the chain held. Rows the service holds already may come
  first (a batch sent twice, or again after a reply lost on the way): each must be exactly
  the row held (its hash). Then the new rows: the first links to the head, each to the one
  before, and each hash is recomputed from its content.
- **new epoch**: the station's database is another one (reinstalled from scratch), and the
  batch starts its chain at seq 1 from the genesis hash. Accepted, and recorded as such by
  the caller: the old chain stays, witnessed, beside the new one.
- **gap**: the batch starts after the head + 1. Nothing is wrong with the chain; the
  upload lost its place. The station sends again from `expected`.
- **divergence**: the station's history is not the one witnessed: a row held comes back
  different, a new row does not link to the head (a fork or a rewind), a row's hash does
  not match its content, or another epoch that does not start from the genesis. Never
  overwritten: the caller records it and shows it.

Nothing here reads a database or the clock: the caller gives what it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from broadcaster.core.chain import GENESIS, first_break

ACCEPT = "accept"
NEW_EPOCH = "new_epoch"
GAP = "gap"
DIVERGENCE = "divergence"

# Why a batch diverges (for the record and the province console's words).
CHANGED = "changed"  # a row the service holds came back with another hash
FORK = "fork"  # the first new row does not link to the head held
BROKEN = "broken"  # the batch's own chain does not hold (a hash or a link)
OTHER_EPOCH = "other_epoch"  # another database, not starting from the genesis


@dataclass(frozen=True)
class Witnessed:
    """What the service holds of a station's chain; `epoch` None: nothing yet."""

    epoch: str | None = None
    head_seq: int = 0
    head_hash: str = GENESIS


@dataclass(frozen=True)
class Verdict:
    kind: str
    new: tuple[Mapping[str, Any], ...] = ()  # the rows to store (accept, new epoch)
    seq: int | None = None  # where it went wrong (divergence), or what to send (gap)
    why: str | None = None  # divergence: CHANGED, FORK, BROKEN or OTHER_EPOCH

    @property
    def head_seq(self) -> int | None:
        """The head after the new rows are stored (None: nothing new)."""
        return int(self.new[-1]["seq"]) if self.new else None


def judge(
    held: Witnessed,
    epoch: str,
    rows: Sequence[Mapping[str, Any]],
    held_hash: Callable[[int], str | None],
) -> Verdict:
    """The verdict on a batch of `rows` from a station whose database is `epoch`.
    `held_hash(seq)` gives the row hash the service holds for `seq` of the epoch held."""
    if not rows:
        return Verdict(ACCEPT)
    first = int(rows[0]["seq"])
    broken = first_break(rows)
    if broken is not None:
        return Verdict(DIVERGENCE, seq=broken.seq, why=BROKEN)
    if held.epoch is None or epoch != held.epoch:
        if first != 1:
            # First contact, or a new database: its chain must come whole, from seq 1.
            if held.epoch is None:
                return Verdict(GAP, seq=1)
            return Verdict(DIVERGENCE, seq=first, why=OTHER_EPOCH)
        if rows[0]["prev_hash"] != GENESIS:
            return Verdict(DIVERGENCE, seq=1, why=OTHER_EPOCH if held.epoch else BROKEN)
        return Verdict(ACCEPT if held.epoch is None else NEW_EPOCH, new=tuple(rows))
    if first > held.head_seq + 1:
        return Verdict(GAP, seq=held.head_seq + 1)
    new: list[Mapping[str, Any]] = []
    for row in rows:
        seq = int(row["seq"])
        if seq <= held.head_seq:
            if held_hash(seq) != row["row_hash"]:
                return Verdict(DIVERGENCE, seq=seq, why=CHANGED)
            continue
        if not new and row["prev_hash"] != held.head_hash:
            return Verdict(DIVERGENCE, seq=seq, why=FORK)
        new.append(row)
    return Verdict(ACCEPT, new=tuple(new))
