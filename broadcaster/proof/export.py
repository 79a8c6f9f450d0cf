"""Writing a month's proof-of-broadcast export: one format to a file, or all four plus
`manifest.json` into a folder."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from broadcaster.config import Config
from broadcaster.proof.csv_out import write_csv
from broadcaster.proof.json_out import write_json
from broadcaster.proof.month import build_month
from broadcaster.proof.verify import MANIFEST, build_manifest

FORMATS = ("json", "csv", "xlsx", "pdf")


def _writer(fmt: str, lang: str) -> Callable[[Mapping[str, Any], Path], None]:
    if fmt == "json":
        return write_json
    if fmt == "csv":
        return write_csv
    if fmt == "xlsx":
        from broadcaster.proof.xlsx_out import write_xlsx

        return lambda document, path: write_xlsx(dict(document), path, lang)
    from broadcaster.proof.pdf_out import write_pdf

    return lambda document, path: write_pdf(dict(document), path, lang)


def base_name(config: Config, month: str) -> str:
    return f"nhat-ky-phat-thanh-{config.station.id}-{month}"


def write_formats(document: Mapping[str, Any], folder: Path, base: str, lang: str) -> list[Path]:
    """All four formats and the manifest; the manifest is written last, over the others."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in FORMATS:
        path = folder / f"{base}.{fmt}"
        _writer(fmt, lang)(document, path)
        written.append(path)
    manifest = build_manifest(document, written)
    write_json(manifest, folder / MANIFEST)
    return [*written, folder / MANIFEST]


def export_month(
    engine: Engine,
    config: Config,
    month: str,
    now: datetime,
    fmt: str | None,
    lang: str,
    output: Path | None,
) -> tuple[dict[str, Any], list[Path]]:
    document = build_month(engine, config, month, now)
    base = base_name(config, month)
    if fmt is None:
        folder = output or Path(f"{config.station.id}-{month}")
        return document, write_formats(document, folder, base, lang)
    path = output or Path(f"{base}.{fmt}")
    path.parent.mkdir(parents=True, exist_ok=True)
    _writer(fmt, lang)(document, path)
    return document, [path]
