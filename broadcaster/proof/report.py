"""The supervisor's report across stations: many JSON exports merged into one table of
station × month, required versus done, with totals and the missing logs.

Every input is verified first. A tampered or unreadable input is listed and flagged, and
its figures are never counted in the totals.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from broadcaster.i18n import t
from broadcaster.proof.inputs import DEFAULT_MAX_BYTES, is_inside
from broadcaster.proof.manifest import MANIFEST
from broadcaster.proof.signing import PublicKey
from broadcaster.proof.verify import Verdict, verify_path
from broadcaster.proof.zipped import ZIP_SUFFIX

REPORT_VERSION = 1
# A report walks folders a stranger may have filled: it stops going deeper or wider here.
MAX_DEPTH = 8
MAX_INPUTS = 20_000
_INPUT_SUFFIXES = (".json", ZIP_SUFFIX)  # a zip is verified as the export folder it holds


@dataclass
class Input:
    source: Path
    verdict: Verdict
    notes: list[str] = field(default_factory=list)

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
                inputs.append(Input(source, Verdict(str(source), unchecked=[refusal])))
                continue
            verdict = verify_path(source, max_bytes=max_bytes)
            if keys is not None and verdict.ok:
                _check_origin(verdict, keys, source.name)
            if verdict.problems:
                verdict.document = None
            inputs.append(Input(source, verdict))
    _cross_check(inputs)
    return inputs


def _check_origin(verdict: Verdict, keys: dict[str, PublicKey], source: str) -> None:
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
    """Two logs of one station must agree on every sequence number they both hold."""
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
                    one.verdict.problems.append(
                        t("verify.seq_conflict", seq=seq, other=other.source.name)
                    )
                break


def build_report(
    inputs: list[Input], month: str | None = None, year: str | None = None
) -> dict[str, Any]:
    chosen = []
    for item in inputs:
        claimed = item.verdict.month
        if claimed is not None and month and claimed != month:
            continue
        if claimed is not None and year and not claimed.startswith(f"{year}-"):
            continue
        chosen.append(item)
    if month:
        months = [month]
    elif year:
        months = [f"{year}-{m:02d}" for m in range(1, 13)]
    else:
        months = sorted({i.verdict.month for i in chosen if i.trusted and i.verdict.month})
    stations: dict[str, dict[str, Any]] = {}
    for item in chosen:
        station_id, claimed = item.verdict.station_id, item.verdict.month
        if station_id is None or claimed is None:
            continue  # listed among the inputs only: nothing says whose it is
        station = item.document["station"] if item.document else {"id": station_id}
        entry = stations.setdefault(
            station_id,
            {
                "id": station_id,
                "name": station.get("name", station_id),
                "level": station.get("level", ""),
                "reports_to": station.get("reports_to", ""),
                "months": {},
            },
        )
        if item.document is not None:
            entry["name"] = station.get("name", station_id)
        cell = _cell(item)
        previous = entry["months"].get(claimed)
        if previous is not None:
            if (
                previous["hash_after"] == cell["hash_after"]
                and previous["trusted"]
                and cell["trusted"]
            ):
                continue  # the same log given twice
            if not previous["trusted"] and cell["trusted"]:
                cell, previous = previous, cell  # keep the warning, not the figures
            cell["trusted"] = False
            cell["state"] = "untrusted"
            cell["problems"].append(t("verify.two_logs"))
        entry["months"][claimed] = cell
    rows = []
    for station in sorted(stations.values(), key=lambda s: s["id"]):
        totals = {
            "airings_required": 0,
            "airings_done": 0,
            "items_aired": 0,
            "airtime_s": 0.0,
            "months_met": 0,
            "months_missing": 0,
            "months_untrusted": 0,
        }
        cells = []
        for key in months:
            cell = station["months"].get(key)
            if cell is None:
                totals["months_missing"] += 1
                cells.append({"month": key, "state": "missing"})
                continue
            if not cell["trusted"]:
                totals["months_untrusted"] += 1
                cells.append({**cell, "month": key})
                continue
            totals["airings_required"] += cell["airings_required"]
            totals["airings_done"] += cell["airings_done"]
            totals["items_aired"] += cell["items_aired"]
            totals["airtime_s"] += cell["airtime_s"]
            totals["months_met"] += cell["verdict"] == "met"
            cells.append({**cell, "month": key, "state": "ok"})
        totals["airtime_s"] = round(totals["airtime_s"], 2)
        rows.append(
            {k: station[k] for k in ("id", "name", "level", "reports_to")}
            | {"cells": cells, "totals": totals}
        )
    overall = {
        key: round(sum(r["totals"][key] for r in rows), 2)
        if key == "airtime_s"
        else sum(r["totals"][key] for r in rows)
        for key in (
            "airings_required",
            "airings_done",
            "items_aired",
            "airtime_s",
            "months_met",
            "months_missing",
            "months_untrusted",
        )
    }
    return {
        "report_version": REPORT_VERSION,
        "scope": {"month": month, "year": year, "months": months},
        "stations": rows,
        "overall": overall,
        "inputs": [
            {
                "source": str(item.source),
                "station_id": item.verdict.station_id,
                "month": item.verdict.month,
                "verified": item.trusted,
                "state": item.state,
                "origin_confirmed": item.verdict.origin_confirmed,
                "signer": item.verdict.signer.fingerprint if item.verdict.signer else None,
                "problems": [*item.verdict.problems, *item.verdict.unchecked],
            }
            for item in inputs
        ],
    }


def _cell(item: Input) -> dict[str, Any]:
    doc = item.document
    if doc is None or not item.trusted:
        return {
            "trusted": False,
            "state": item.state,
            "hash_after": None,
            "problems": [*item.verdict.problems, *item.verdict.unchecked],
            "source": str(item.source),
        }
    summary = doc["summary"]
    return {
        "state": "ok",
        "airings_required": sum(s["airings_required"] for s in summary["series"]),
        "airings_done": sum(s["airings_done"] for s in summary["series"]),
        "items_aired": summary["totals"]["aired"],
        "airtime_s": summary["totals"]["airtime_s"],
        "verdict": summary["totals"]["verdict"],
        "complete": doc.get("complete", True),
        "hash_after": doc["chain"]["hash_after"],
        "trusted": item.trusted,
        "problems": [],
        "source": str(item.source),
    }
