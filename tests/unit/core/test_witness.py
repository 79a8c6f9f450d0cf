"""The province service's verdict on a station's upload (#14): continue, repeat, gap, a new
database, and every way a history can differ from the one witnessed."""

from __future__ import annotations

from broadcaster.core import witness
from broadcaster.core.chain import row_hash
from tests.support.chains import chain


class Service:
    """What a service holds of one station, as the caller would keep it."""

    def __init__(self) -> None:
        self.epoch: str | None = None
        self.hashes: dict[int, str] = {}

    def held(self) -> witness.Witnessed:
        if not self.hashes:
            return witness.Witnessed(self.epoch)
        head = max(self.hashes)
        return witness.Witnessed(self.epoch, head, self.hashes[head])

    def upload(self, epoch: str, rows: list[dict]) -> witness.Verdict:
        verdict = witness.judge(self.held(), epoch, rows, self.hashes.get)
        if verdict.kind in (witness.ACCEPT, witness.NEW_EPOCH) and verdict.new:
            if verdict.kind == witness.NEW_EPOCH:
                self.hashes = {}
            self.epoch = epoch
            self.hashes.update({int(r["seq"]): r["row_hash"] for r in verdict.new})
        return verdict


def test_batches_continue_the_chain_and_a_batch_sent_twice_adds_nothing() -> None:
    rows, service = chain(10), Service()
    first = service.upload("db-1", rows[:4])
    assert (first.kind, first.head_seq) == (witness.ACCEPT, 4)
    again = service.upload("db-1", rows[:4])  # the reply was lost: sent again
    assert (again.kind, again.new) == (witness.ACCEPT, ())
    overlap = service.upload("db-1", rows[2:8])  # starts inside what is held
    assert [r["seq"] for r in overlap.new] == [5, 6, 7, 8]
    assert service.upload("db-1", rows[8:]).head_seq == 10
    assert service.upload("db-1", []).kind == witness.ACCEPT


def test_first_contact_must_start_at_the_beginning() -> None:
    rows, service = chain(5), Service()
    late = service.upload("db-1", rows[2:])
    assert (late.kind, late.seq) == (witness.GAP, 1)
    assert service.upload("db-1", rows).head_seq == 5


def test_a_batch_after_a_hole_is_a_gap_not_a_divergence() -> None:
    rows, service = chain(10), Service()
    service.upload("db-1", rows[:4])
    gap = service.upload("db-1", rows[6:])
    assert (gap.kind, gap.seq) == (witness.GAP, 5)
    assert service.upload("db-1", rows[4:]).head_seq == 10


def test_a_row_edited_after_it_was_witnessed_is_a_divergence() -> None:
    rows, service = chain(6), Service()
    service.upload("db-1", rows[:4])
    # The station's database edited, its chain rebuilt so that it verifies on its own:
    # only the witness can tell.
    rewritten = chain(6, title="Đã sửa")
    verdict = service.upload("db-1", rewritten)
    assert (verdict.kind, verdict.seq, verdict.why) == (witness.DIVERGENCE, 1, witness.CHANGED)
    # Rows the witness had not seen, rewritten from its head on: a fork.
    tail = chain(6, title="Đã sửa")[4:]
    fork = service.upload("db-1", tail)
    assert (fork.kind, fork.seq, fork.why) == (witness.DIVERGENCE, 5, witness.FORK)
    assert service.held().head_seq == 4  # nothing overwritten
    assert service.upload("db-1", rows[4:]).head_seq == 6  # the true history goes on


def test_a_batch_whose_own_chain_does_not_hold_is_a_divergence() -> None:
    rows, service = chain(6), Service()
    edited = [dict(r) for r in rows]
    edited[2]["played_s"] = 10.0  # content changed, hash left
    verdict = service.upload("db-1", edited)
    assert (verdict.kind, verdict.seq, verdict.why) == (witness.DIVERGENCE, 3, witness.BROKEN)
    holed = rows[:2] + rows[3:]  # a row deleted from the station's log
    verdict = service.upload("db-1", holed)
    assert (verdict.kind, verdict.why) == (witness.DIVERGENCE, witness.BROKEN)
    assert service.held().head_seq == 0


def test_a_station_reinstalled_starts_a_new_epoch_from_the_genesis() -> None:
    service = Service()
    service.upload("db-1", chain(5))
    fresh = chain(2, title="Sau khi cài lại")
    verdict = service.upload("db-2", fresh)
    assert (verdict.kind, verdict.head_seq) == (witness.NEW_EPOCH, 2)
    # Another database that does not start from the beginning: not a new epoch.
    service2 = Service()
    service2.upload("db-1", chain(5))
    middle = service2.upload("db-2", chain(8)[5:])
    assert (middle.kind, middle.why) == (witness.DIVERGENCE, witness.OTHER_EPOCH)
    # The same database id again after a new epoch: judged against the new chain.
    assert service.upload("db-2", fresh).new == ()


def test_the_checks_can_fail_a_genesis_not_at_the_genesis() -> None:
    rows = chain(3)
    forged = [dict(r) for r in rows]
    forged[0]["prev_hash"] = "f" * 64
    forged[0]["row_hash"] = row_hash(forged[0]["prev_hash"], forged[0])
    previous = forged[0]["row_hash"]
    for row in forged[1:]:
        row["prev_hash"] = previous
        row["row_hash"] = row_hash(previous, row)
        previous = row["row_hash"]
    verdict = Service().upload("db-1", forged)
    assert (verdict.kind, verdict.seq, verdict.why) == (witness.DIVERGENCE, 1, witness.BROKEN)
