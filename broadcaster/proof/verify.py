"""Checking an export: the manifest, every file's SHA-256, and the hash chain of the rows.

`verify_path` takes an export folder (with `manifest.json`), a month JSON file or a month
CSV file, and returns every problem found, the first one naming the row that breaks.
It catches an edited cell (the row's hash), a deleted, inserted or reordered row (the
links), an edited or swapped file (the manifest's SHA-256), and an edited manifest (its
figures no longer agree with the data).

What no file check can catch alone: someone who rewrites rows, hashes and manifest all
consistently. Against that, the chain's last hash is compared with the station database
(`verify --database`) and with the next month's export, whose chain starts from it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from broadcaster.chain import first_break
from broadcaster.i18n import t
from broadcaster.proof.csv_out import read_csv
from broadcaster.proof.json_out import read_json

MANIFEST = "manifest.json"


@dataclass
class Verdict:
    target: str
    problems: list[str] = field(default_factory=list)
    rows_checked: int = 0
    station_id: str | None = None
    month: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def build_manifest(document: Mapping[str, Any], files: list[Path]) -> dict[str, Any]:
    chain = document["chain"]
    return {
        "format_version": 1,
        "kind": "broadcaster-month-export",
        "station": {"id": document["station"]["id"], "name": document["station"]["name"]},
        "period": document["month"],
        "generated_at": document["generated_at"],
        "row_count": len(document["rows"]),
        "first_seq": chain["first_seq"],
        "last_seq": chain["last_seq"],
        "hash_before": chain["hash_before"],
        "hash_after": chain["hash_after"],
        "links": chain["links"],
        "files": {path.name: sha256_of(path) for path in files},
    }


def check_chain(
    rows: Sequence[Mapping[str, Any]], chain: Mapping[str, Any], verdict: Verdict, source: str
) -> None:
    """Rows (with content) and links (without) must join from hash_before to hash_after."""
    verdict.rows_checked += len(rows)
    if not rows:
        if chain.get("first_seq") is not None:
            verdict.problems.append(t("verify.no_rows", source=source, seq=chain["first_seq"]))
        return
    links = [{**link, "link_only": True} for link in chain.get("links", [])]
    merged = sorted([*rows, *links], key=lambda r: int(r["seq"]))
    seqs = [int(r["seq"]) for r in merged]
    duplicates = sorted({s for s in seqs if seqs.count(s) > 1})
    if duplicates:
        verdict.problems.append(t("verify.twice", source=source, seq=duplicates[0]))
        return
    if [int(r["seq"]) for r in rows] != sorted(int(r["seq"]) for r in rows):
        out_of_place = next(
            int(a["seq"])
            for a, b in zip(rows, rows[1:], strict=False)
            if int(a["seq"]) > int(b["seq"])
        )
        verdict.problems.append(t("verify.order", source=source, seq=out_of_place))
    broken = first_break(merged, chain.get("hash_before"))
    if broken is not None:
        row = next((r for r in rows if int(r["seq"]) == broken.seq), None)
        when = f" ({row.get('scheduled_at')}, {row.get('title')})" if row else ""
        what = t(f"verify.break.{broken.problem}")
        verdict.problems.append(
            t("verify.first_bad", source=source, seq=broken.seq, when=when, what=what)
        )
        return
    if int(merged[0]["seq"]) != chain.get("first_seq") or int(merged[-1]["seq"]) != chain.get(
        "last_seq"
    ):
        verdict.problems.append(
            t(
                "verify.range",
                source=source,
                first=merged[0]["seq"],
                last=merged[-1]["seq"],
                want_first=chain.get("first_seq"),
                want_last=chain.get("last_seq"),
            )
        )
    if merged[-1]["row_hash"] != chain.get("hash_after"):
        verdict.problems.append(t("verify.end_hash", source=source))


def verify_path(path: Path) -> Verdict:
    path = Path(path)
    if path.is_dir():
        return _verify_folder(path)
    verdict = Verdict(str(path))
    try:
        if path.suffix.lower() == ".json":
            document = read_json(path)
            _check_document(document, verdict, path.name)
        elif path.suffix.lower() == ".csv":
            manifest_path = path.parent / MANIFEST
            chain = _manifest_chain(manifest_path) if manifest_path.is_file() else None
            rows = read_csv(path)
            if chain is None:  # no manifest: the rows must at least hold together
                chain = {
                    "first_seq": int(rows[0]["seq"]) if rows else None,
                    "last_seq": int(rows[-1]["seq"]) if rows else None,
                    "hash_before": rows[0]["prev_hash"] if rows else None,
                    "hash_after": rows[-1]["row_hash"] if rows else None,
                    "links": [],
                }
            check_chain(rows, chain, verdict, path.name)
        else:
            verdict.problems.append(t("verify.unsupported", source=path.name))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        verdict.problems.append(t("verify.unreadable", source=path.name, detail=exc))
    return verdict


def _manifest_chain(path: Path) -> dict[str, Any]:
    manifest = json.loads(path.read_text(encoding="utf-8"))
    return {
        k: manifest.get(k) for k in ("first_seq", "last_seq", "hash_before", "hash_after", "links")
    }


def _check_document(document: Mapping[str, Any], verdict: Verdict, source: str) -> None:
    verdict.station_id = document.get("station", {}).get("id")
    verdict.month = document.get("month")
    rows = document["rows"]
    check_chain(rows, document["chain"], verdict, source)
    wrong = [r["seq"] for r in rows if r.get("station_id") != verdict.station_id]
    if wrong:
        verdict.problems.append(t("verify.other_station", source=source, seq=wrong[0]))


def _verify_folder(folder: Path) -> Verdict:
    verdict = Verdict(str(folder))
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        verdict.problems.append(t("verify.no_manifest", source=folder.name, manifest=MANIFEST))
        return verdict
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files: dict[str, str] = manifest["files"]
    except (ValueError, KeyError, TypeError) as exc:
        verdict.problems.append(t("verify.unreadable", source=MANIFEST, detail=exc))
        return verdict
    verdict.station_id = manifest.get("station", {}).get("id")
    verdict.month = manifest.get("period")
    for name, expected in files.items():
        target = folder / name
        if not target.is_file():
            verdict.problems.append(t("verify.file_missing", source=name))
        elif sha256_of(target) != expected:
            verdict.problems.append(t("verify.file_changed", source=name))
    extra = sorted(
        p.name
        for p in folder.iterdir()
        if p.is_file() and p.name not in files and p.name != MANIFEST
    )
    if extra:
        verdict.problems.append(t("verify.file_extra", source=extra[0]))
    chain = _manifest_chain(manifest_path)
    checked_before = verdict.rows_checked
    for name in files:
        target = folder / name
        if not target.is_file():
            continue
        try:
            if name.endswith(".json"):
                document = read_json(target)
                if (
                    document.get("month") != verdict.month
                    or document.get("station", {}).get("id") != verdict.station_id
                ):
                    verdict.problems.append(t("verify.manifest_scope", source=MANIFEST, other=name))
                if manifest.get("row_count") != len(document["rows"]):
                    verdict.problems.append(
                        t(
                            "verify.row_count",
                            source=MANIFEST,
                            other=name,
                            claimed=manifest.get("row_count"),
                            rows=len(document["rows"]),
                        )
                    )
                if {k: document["chain"].get(k) for k in chain} != chain:
                    verdict.problems.append(t("verify.manifest_chain", source=MANIFEST, other=name))
                before = len(verdict.problems)
                check_chain(document["rows"], chain, verdict, name)
                if len(verdict.problems) == before:
                    wrong = [
                        r["seq"]
                        for r in document["rows"]
                        if r.get("station_id") != verdict.station_id
                    ]
                    if wrong:
                        verdict.problems.append(
                            t("verify.other_station", source=name, seq=wrong[0])
                        )
            elif name.endswith(".csv"):
                check_chain(read_csv(target), chain, verdict, name)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            verdict.problems.append(t("verify.unreadable", source=name, detail=exc))
    # Each row is checked in the JSON and again in the CSV; report rows, not checks.
    verdict.rows_checked = checked_before + int(manifest.get("row_count") or 0)
    return verdict
