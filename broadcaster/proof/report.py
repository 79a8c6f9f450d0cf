"""The supervisor's report across stations, first half: finding the inputs, verifying each,
and sorting the copies of each station-month (report_model.py builds the report from them).

Every input is verified first. A tampered or unreadable input is listed and flagged, and
its figures are never counted. Of the copies of one station-month, the genuine one is
counted even when a tampered duplicate lies beside it; two genuine copies that disagree
are both named and neither is counted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from broadcaster._lib.signing import PublicKey
from broadcaster.i18n import t
from broadcaster.proof.checks import moment
from broadcaster.proof.inputs import DEFAULT_MAX_BYTES, is_inside
from broadcaster.proof.manifest import MANIFEST
from broadcaster.proof.verify import VerifyReport, verify_path
from broadcaster.proof.zipped import ZIP_SUFFIX

# A report walks folders a stranger may have filled: it stops going deeper or wider here.
MAX_DEPTH = 8
MAX_INPUTS = 20_000
_INPUT_SUFFIXES = (".json", ZIP_SUFFIX)  # a zip is verified as the export folder it holds


@dataclass
class Input:
    source: Path
    verdict: VerifyReport
    # Seq conflicts with another genuine log of the same station (this one is still
    # genuine on its own: its verdict stays ok, but it cannot be counted).
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. the same log given twice

    @property
    def document(self) -> dict[str, Any] | None:
        return self.verdict.document

    @property
    def trusted(self) -> bool:
        return self.verdict.ok and self.document is not None

    @property
    def state(self) -> str:
        """ok | untrusted (changed or forged) | unchecked (could not be checked)."""
        if self.trusted:
            return "ok"
        return "untrusted" if self.verdict.problems else "unchecked"


def _documents_in(root: Path) -> list[tuple[Path, str | None]]:
    """(input, why it is refused or None). An export folder stands for itself; other
    folders are searched for month JSONs, export folders and `.zip`s of one (links are not
    followed; one out of the folder is refused)."""
    if not root.is_dir() or (root / MANIFEST).exists():
        return [(root, None)]
    found: list[tuple[Path, str | None]] = []

    def walk(folder: Path, depth: int) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            found.append((folder, t("input.unreadable", source=folder.name, detail=exc.strerror)))
            return
        for entry in entries:
            if len(found) >= MAX_INPUTS:
                return
            path = Path(entry.path)
            if entry.is_symlink() and not is_inside(path, root):
                if entry.name.lower().endswith(_INPUT_SUFFIXES) or path.is_dir():
                    found.append((path, t("input.outside", source=entry.name, root=root)))
                continue
            if entry.is_dir(follow_symlinks=False):
                if (path / MANIFEST).exists():
                    found.append((path, None))
                elif depth < MAX_DEPTH:
                    walk(path, depth + 1)
            elif entry.name.lower().endswith(_INPUT_SUFFIXES) and entry.name != MANIFEST:
                found.append((path, None))  # verify refuses devices, FIFOs and giants

    walk(root, 0)
    return found


def collect(
    paths: list[Path],
    keys: dict[str, PublicKey] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Input]:
    """Verify every input; with `keys` (station id → public key), also where each comes
    from: an input not signed by its station's known key is not counted."""
    inputs = []
    for root in paths:
        for source, refusal in _documents_in(Path(root)):
            if refusal is not None:
                inputs.append(Input(source, VerifyReport(str(source), unchecked=[refusal])))
                continue
            verdict = verify_path(source, max_bytes=max_bytes)
            if keys is not None and verdict.ok:
                _check_origin(verdict, keys, source.name)
            if verdict.problems:
                verdict.document = None
            inputs.append(Input(source, verdict))
    _cross_check(inputs)
    return inputs


def _check_origin(verdict: VerifyReport, keys: dict[str, PublicKey], source: str) -> None:
    known = keys.get(verdict.station_id or "")
    if known is None:
        verdict.unchecked.append(t("report.no_key", source=source, station=verdict.station_id))
    elif verdict.signer is None or verdict.signer.raw != known.raw:
        got = verdict.signer.fingerprint if verdict.signer else "?"
        verdict.problems.append(
            t("verify.foreign_key", source=source, got=got, want=known.fingerprint)
        )
    else:
        verdict.origin_confirmed = True


def _cross_check(inputs: list[Input]) -> None:
    """Two logs of one station must agree on every sequence number they both hold; when
    they do not, both are named (one of them was rewritten and re-signed, or the station's
    database was replaced), and neither is counted."""
    seen: dict[tuple[str, int], tuple[str, Input]] = {}
    for item in inputs:
        doc = item.document
        if doc is None or not item.trusted:
            continue
        station = doc["station"]["id"]
        pairs = [(int(r["seq"]), str(r["row_hash"])) for r in doc["rows"]]
        pairs += [(int(r["seq"]), str(r["row_hash"])) for r in doc["chain"]["links"]]
        for seq, row_hash in pairs:
            earlier = seen.setdefault((station, seq), (row_hash, item))
            if earlier[0] != row_hash:
                for one, other in ((item, earlier[1]), (earlier[1], item)):
                    one.conflicts.append(t("verify.seq_conflict", seq=seq, other=other.source.name))
                break


@dataclass
class Copies:
    """Every input that claims one station-month, and which of them is counted."""

    items: list[Input] = field(default_factory=list)
    counted: Input | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        """ok when one copy is counted; else untrusted (a changed copy, or genuine copies
        that disagree) before unchecked (only copies that could not be checked)."""
        if self.counted is not None:
            return "ok"
        if self.problems or any(i.state == "untrusted" for i in self.items):
            return "untrusted"
        return "unchecked"


def sort_copies(inputs: list[Input]) -> dict[tuple[str, str], Copies]:
    """(station id, month) → its copies. The genuine copy is counted; a tampered or
    unreadable one beside it is only listed. Identical genuine copies count once. Of two
    genuine copies where one holds every row of the other and more (an export made mid-month
    and the one made after it), the fuller one is counted: nothing in them disagrees.
    Genuine copies that disagree (a seq with two hashes, or neither holding the other)
    make a problem of the month, and none of them is counted."""
    groups: dict[tuple[str, str], Copies] = {}
    for item in inputs:
        station_id, month = item.verdict.station_id, item.verdict.month
        if station_id is not None and month is not None:
            groups.setdefault((station_id, month), Copies()).items.append(item)
    for copies in groups.values():
        _choose(copies)
    return groups


def _choose(copies: Copies) -> None:
    # The newest first: of two copies holding the same rows, the one written last says
    # whether the month was over (`complete`) and what was still planned.
    genuine = sorted(
        (i for i in copies.items if i.trusted),
        key=lambda i: moment((i.document or {}).get("generated_at"), "generated_at"),
        reverse=True,
    )
    if not genuine:
        return
    if any(i.conflicts for i in genuine):
        copies.problems += [c for i in genuine for c in i.conflicts]
        return
    distinct: dict[str, Input] = {}
    for item in genuine:
        chain = item.document["chain"] if item.document else {}
        key = f"{chain.get('first_seq')}:{chain.get('last_seq')}:{chain.get('hash_after')}"
        if key in distinct:
            item.notes.append(t("report.same_copy", other=distinct[key].source.name))
        else:
            distinct[key] = item
    candidates = sorted(distinct.values(), key=lambda i: len(_seqs(i)), reverse=True)
    fullest = candidates[0]
    held = _seqs(fullest)
    for item in candidates[1:]:
        if not _seqs(item) <= held:
            copies.problems.append(t("verify.two_logs"))
            for one in candidates:
                one.conflicts.append(t("verify.two_logs"))
            return
        item.notes.append(t("report.earlier_copy", other=fullest.source.name))
    copies.counted = fullest


def _seqs(item: Input) -> set[int]:
    doc = item.document or {}
    rows = doc.get("rows", [])
    links = doc.get("chain", {}).get("links", [])
    return {int(r["seq"]) for r in rows} | {int(link["seq"]) for link in links}
