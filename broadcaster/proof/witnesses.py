"""Checking the station database against what lies outside it (`verify --database`,
`db check`).

The chain inside the database proves that no row was edited, inserted or reordered; it
cannot show rows deleted from its end, or a chain rewritten from some row on. Four
witnesses outside the database can:

- the head file beside it (chainhead.py): every row's seq and hash, signed, appended as
  each row was written;
- the nightly backups: copies of the database, whose rows must all still be there;
- the purge archives: a purge's anchor must be matched by the verified export it wrote,
  of months older than the retention period;
- exports named on the command line: their rows, links and recorded head.

Every row a witness has and the database has not (or has with another hash) is named.
Rows newer than every witness cannot be confirmed (exit 2); only a central witness that
the station cannot rewrite closes that gap (README "Threat model").
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from broadcaster._lib.signing import PublicKey
from broadcaster.errors import KeyFileError
from broadcaster.i18n import t
from broadcaster.proof.checks import seq_ranges
from broadcaster.proof.verify import verify_path
from broadcaster.store import chainhead
from broadcaster.store.asrun import hashes_and_anchors, verify_database
from broadcaster.store.backup import backup_time, list_backups
from broadcaster.store.db import missing_console_triggers, missing_triggers


@dataclass
class DatabaseVerdict:
    rows: int = 0
    problems: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    witnesses: list[str] = field(default_factory=list)  # what the database was compared with

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 2 if self.unchecked else 0


@dataclass
class _Chain:
    hashes: dict[int, str]
    anchors: list[tuple[int, str, str, datetime]]  # seq, hash, exported_to, purged_at

    @property
    def start(self) -> int:
        return max((a[0] for a in self.anchors), default=0)

    @property
    def last(self) -> int:
        return max(self.hashes, default=self.start)


def _read_chain(engine: Engine) -> _Chain:
    hashes, stored = hashes_and_anchors(engine)
    anchors = [(int(r[0]), str(r[1]), str(r[2]), _utc(r[3])) for r in stored]
    return _Chain(hashes, anchors)


def _utc(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _months_before(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 - months
    return moment.replace(year=index // 12, month=index % 12 + 1, day=1)


class _Comparison:
    """Collects, over all witnesses, the rows the database lacks or holds differently."""

    def __init__(self, chain: _Chain) -> None:
        self.chain = chain
        self.missing: dict[int, str] = {}  # seq → the first witness that has it
        self.different: dict[int, str] = {}
        self.restores: list[chainhead.Restore] = []  # recorded by `db restore`

    def cut_for(self, taken: datetime | None) -> int | None:
        """A witness made before a recorded restore speaks only for the rows up to the
        restored backup's end: the rows after it were lost in the restore, and said so."""
        if taken is None:  # a witness kept up to date (the head file): no cut
            return None
        later = [r.last_seq for r in self.restores if r.at > taken]
        return min(later) if later else None

    def witness(
        self, name: str, rows: Iterable[tuple[int, str]], taken: datetime | None = None
    ) -> None:
        cut = self.cut_for(taken)
        for seq, row_hash in rows:
            if seq <= self.chain.start or (cut is not None and seq > cut):
                continue  # purged, or lost in a recorded restore: answered for elsewhere
            mine = self.chain.hashes.get(seq)
            if mine is None:
                self.missing.setdefault(seq, name)
            elif mine != row_hash:
                self.different.setdefault(seq, name)

    def problems(self) -> list[str]:
        out = []
        if self.missing:
            seqs = sorted(self.missing)
            out.append(t("witness.missing", seqs=seq_ranges(seqs), where=self.missing[seqs[0]]))
        if self.different:
            seqs = sorted(self.different)
            out.append(t("witness.rewritten", seqs=seq_ranges(seqs), where=self.different[seqs[0]]))
        return out


def check_database(
    engine: Engine,
    db_file: Path | None,
    backup_dir: Path | None,
    retention_months: int,
    now: datetime,
    exports: Iterable[Path] = (),
) -> DatabaseVerdict:
    verdict = DatabaseVerdict()
    count, broken = verify_database(engine)
    verdict.rows = count
    if broken is not None:
        what = t(f"verify.break.{broken.problem}")
        verdict.problems.append(t("verify.db_bad", seq=broken.seq, problem=what))
    dropped = missing_triggers(engine)
    if dropped:
        names = ", ".join(t(f"witness.trigger.{name}") for name in dropped)
        verdict.problems.append(t("witness.triggers", names=names))
    dropped = missing_console_triggers(engine)
    if dropped:
        names = ", ".join(t(f"witness.trigger.{name}") for name in dropped)
        verdict.problems.append(t("witness.console_triggers", names=names))
    chain = _read_chain(engine)
    comparison = _Comparison(chain)
    public = None
    if db_file is not None:
        try:
            public = chainhead.public_key_beside(db_file)
        except KeyFileError as exc:
            verdict.problems.append(t("witness.key_unreadable", detail=exc))
        _head_file(db_file, chain, comparison, verdict, public, retention_months, now)
        _backups(backup_dir, comparison, verdict)
    _archives(chain, verdict, public, retention_months)
    for export in exports:
        _export(Path(export), comparison, verdict, public)
    verdict.problems += comparison.problems()
    return verdict


def _head_file(
    db_file: Path,
    chain: _Chain,
    comparison: _Comparison,
    verdict: DatabaseVerdict,
    public: PublicKey | None,
    retention_months: int,
    now: datetime,
) -> None:
    path = chainhead.head_path(db_file)
    head = chainhead.read(path)
    if head is None:
        if chain.hashes:
            verdict.unchecked.append(t("witness.no_head", path=path))
        return
    verdict.witnesses.append(t("witness.head_name", count=len(head.entries)))
    comparison.restores = head.restores
    for restore in head.restores:
        if restore.lost:
            verdict.unchecked.append(
                t(
                    "witness.lost_in_restore",
                    seqs=seq_ranges([e.seq for e in restore.lost]),
                    backup=restore.backup,
                    at=restore.at.strftime("%d/%m/%Y %H:%M"),
                )
            )
    if head.damaged_lines:
        verdict.problems.append(t("witness.head_damaged", lines=seq_ranges(head.damaged_lines)))
    if public is not None:
        forged = head.bad_signatures(public)
        if forged:
            verdict.problems.append(
                t("witness.head_forged", lines=seq_ranges([e.line_number for e in forged]))
            )
            # A line the station did not sign says nothing about the database.
            head.entries = [e for e in head.entries if e not in forged]
    seqs = [e.seq for e in head.entries]
    gaps = [b for a, b in zip(seqs, seqs[1:], strict=False) if b != a + 1]
    if gaps:
        verdict.problems.append(t("witness.head_gap", seq=gaps[0]))
    comparison.witness(t("witness.head_name_short"), ((e.seq, e.row_hash) for e in head.entries))
    # Purged rows: each anchor must be where the head file says the chain was, and no row
    # recorded inside the retention period may have gone.
    by_seq = {e.seq: e for e in head.entries}
    keep_from = _months_before(now.astimezone(UTC), retention_months)
    for seq, row_hash, _exported_to, _at in chain.anchors:
        entry = by_seq.get(seq)
        if entry is not None and entry.row_hash != row_hash:
            verdict.problems.append(t("witness.anchor_forged", seq=seq))
    young = [
        e.seq for e in head.entries if e.seq <= chain.start and _utc(e.recorded_at) >= keep_from
    ]
    if young:
        verdict.problems.append(
            t("witness.purged_young", seqs=seq_ranges(young), months=retention_months)
        )
    newer = [seq for seq in chain.hashes if seq > (head.last.seq if head.last else 0)]
    if newer:
        verdict.unchecked.append(t("witness.not_in_head", count=len(newer)))


def _backups(backup_dir: Path | None, comparison: _Comparison, verdict: DatabaseVerdict) -> None:
    for backup in list_backups(backup_dir) if backup_dir else []:
        try:
            uri = backup.resolve().as_uri() + "?mode=ro"
            with sqlite3.connect(uri, uri=True, timeout=10) as conn:
                rows = [
                    (int(s), str(h)) for s, h in conn.execute("SELECT seq, row_hash FROM as_run")
                ]
        except (sqlite3.Error, OSError, ValueError) as exc:
            verdict.unchecked.append(t("witness.backup_unreadable", name=backup.name, detail=exc))
            continue
        verdict.witnesses.append(backup.name)
        comparison.witness(backup.name, rows, backup_time(backup))


def _archives(
    chain: _Chain, verdict: DatabaseVerdict, public: PublicKey | None, retention_months: int
) -> None:
    """A purge's anchor must be matched by the archive it wrote, of months old enough."""
    for seq, row_hash, exported_to, purged_at in chain.anchors:
        seen: dict[int, str] = {}
        young: list[str] = []
        keep_from = _months_before(purged_at, retention_months).strftime("%Y-%m")
        for folder in (Path(p.strip()) for p in exported_to.split(",") if p.strip()):
            checked = verify_path(folder, trusted=public)
            document = checked.document
            if checked.problems or document is None:
                continue
            verdict.witnesses.append(folder.name)
            for row in [*document["rows"], *document["chain"]["links"]]:
                seen[int(row["seq"])] = str(row["row_hash"])
            if document["month"] >= keep_from:
                young.append(document["month"])
        if seen.get(seq) != row_hash:
            verdict.problems.append(t("witness.anchor_unarchived", seq=seq, to=exported_to))
        if young:
            verdict.problems.append(t("witness.purged_young_month", months=", ".join(young)))


def _export(
    path: Path, comparison: _Comparison, verdict: DatabaseVerdict, public: PublicKey | None
) -> None:
    checked = verify_path(path, trusted=public)
    document = checked.document
    if checked.problems or document is None:
        verdict.unchecked.append(t("witness.export_unusable", path=path))
        return
    verdict.witnesses.append(path.name)
    rows = [(int(r["seq"]), str(r["row_hash"])) for r in document["rows"]]
    rows += [(int(r["seq"]), str(r["row_hash"])) for r in document["chain"]["links"]]
    head = document.get("head")
    if head:
        rows.append((int(head["seq"]), str(head["hash"])))
    comparison.witness(path.name, rows, _utc(document["generated_at"]))
