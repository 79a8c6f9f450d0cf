"""The supervisor's report across stations: many JSON exports merged into one table of
station × month, required versus done, with totals and the missing logs.

Every input is verified first. A tampered or unreadable input is listed and flagged, and
its figures are never counted in the totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from broadcaster.i18n import t
from broadcaster.proof.json_out import read_json
from broadcaster.proof.verify import MANIFEST, Verdict, verify_path

REPORT_VERSION = 1


@dataclass
class Input:
    source: Path
    verdict: Verdict
    document: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def trusted(self) -> bool:
        return self.verdict.ok and self.document is not None


def _documents_in(path: Path) -> list[Path]:
    """An export folder stands for itself; other folders are searched for exports."""
    if path.is_file():
        return [path]
    if (path / MANIFEST).is_file():
        return [path]
    found: list[Path] = []
    for child in sorted(path.iterdir()):
        if child.is_dir():
            found += _documents_in(child)
        elif child.suffix.lower() == ".json" and child.name != MANIFEST:
            found.append(child)
    return found


def collect(paths: list[Path]) -> list[Input]:
    inputs = []
    for root in paths:
        for source in _documents_in(Path(root)):
            verdict = verify_path(source)
            document = None
            try:
                if source.is_dir():
                    json_files = [p for p in source.glob("*.json") if p.name != MANIFEST]
                    document = read_json(json_files[0]) if json_files else None
                else:
                    document = read_json(source)
            except (OSError, ValueError) as exc:
                verdict.problems.append(t("verify.unreadable", source=source.name, detail=exc))
            if document is not None and "summary" not in document:
                verdict.problems.append(t("verify.not_export", source=source.name))
                document = None
            inputs.append(Input(source, verdict, document))
    return inputs


def build_report(
    inputs: list[Input], month: str | None = None, year: str | None = None
) -> dict[str, Any]:
    chosen = []
    for item in inputs:
        doc = item.document
        if doc is not None and month and doc["month"] != month:
            continue
        if doc is not None and year and not doc["month"].startswith(f"{year}-"):
            continue
        chosen.append(item)
    if month:
        months = [month]
    elif year:
        months = [f"{year}-{m:02d}" for m in range(1, 13)]
    else:
        months = sorted({i.document["month"] for i in chosen if i.document})
    stations: dict[str, dict[str, Any]] = {}
    for item in chosen:
        if item.document is None:
            continue
        station = item.document["station"]
        entry = stations.setdefault(
            station["id"],
            {
                "id": station["id"],
                "name": station["name"],
                "level": station.get("level", ""),
                "reports_to": station.get("reports_to", ""),
                "months": {},
            },
        )
        cell = _cell(item)
        previous = entry["months"].get(item.document["month"])
        if previous is not None:
            if (
                previous["hash_after"] == cell["hash_after"]
                and previous["trusted"]
                and cell["trusted"]
            ):
                continue  # the same log given twice
            cell["trusted"] = False
            cell["problems"].append(t("verify.two_logs"))
        entry["months"][item.document["month"]] = cell
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
                cells.append({**cell, "month": key, "state": "untrusted"})
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
                "station_id": item.document["station"]["id"]
                if item.document
                else item.verdict.station_id,
                "month": item.document["month"] if item.document else item.verdict.month,
                "verified": item.verdict.ok,
                "problems": item.verdict.problems,
            }
            for item in inputs
        ],
    }


def _cell(item: Input) -> dict[str, Any]:
    doc = item.document
    assert doc is not None
    summary = doc["summary"]
    return {
        "airings_required": sum(s["airings_required"] for s in summary["series"]),
        "airings_done": sum(s["airings_done"] for s in summary["series"]),
        "items_aired": summary["totals"]["aired"],
        "airtime_s": summary["totals"]["airtime_s"],
        "verdict": summary["totals"]["verdict"],
        "complete": doc.get("complete", True),
        "hash_after": doc["chain"]["hash_after"],
        "trusted": item.trusted,
        "problems": list(item.verdict.problems),
        "source": str(item.source),
    }
