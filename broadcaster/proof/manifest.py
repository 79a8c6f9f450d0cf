"""The manifest: what an export holds, signed by the station.

A folder export has `manifest.json`; a single XLSX, PDF or CSV file written with `-o` gets
`<file>.manifest.json` beside it (a JSON document carries its own seal). The manifest
names the station, its period, the row count, the chain's anchor (the hash before the
first row) and head (the hash after the last), the database's chain head at export time,
and the SHA-256 of every file; the signature covers all of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from broadcaster._lib.signing import StationKey, sealed

MANIFEST = "manifest.json"
SIDECAR_SUFFIX = ".manifest.json"
MANIFEST_KIND = "broadcaster-month-export"
MANIFEST_VERSION = 2
CHAIN_KEYS = ("first_seq", "last_seq", "hash_before", "hash_after", "links")


def sidecar(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def build_manifest(
    document: Mapping[str, Any], files: Mapping[str, Path], key: StationKey
) -> dict[str, Any]:
    """`files`: the name each file has in the export → where it is now (maybe a temp name)."""
    chain = document["chain"]
    station = document["station"]
    content = {
        "format_version": MANIFEST_VERSION,
        "kind": MANIFEST_KIND,
        "station": {
            "id": station["id"],
            "name": station["name"],
            "timezone": station["timezone"],
        },
        "period": document["month"],
        "generated_at": document["generated_at"],
        "row_count": len(document["rows"]),
        **{k: chain[k] for k in CHAIN_KEYS},
        "head": document.get("head"),
        "files": {name: sha256_of(path) for name, path in files.items()},
    }
    return sealed(content, key)
