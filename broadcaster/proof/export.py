"""Writing a month's proof-of-broadcast export: one format to a file, or all four plus
`manifest.json` into a folder. Everything is signed with the station's key: the JSON
document carries its seal, the manifest (or a single file's `<name>.manifest.json`) signs
every file's SHA-256 with the chain's anchor and head."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from broadcaster._lib.signing import StationKey, sealed
from broadcaster.config import Config
from broadcaster.proof.csv_out import write_csv
from broadcaster.proof.json_out import write_json
from broadcaster.proof.manifest import MANIFEST, build_manifest, sidecar
from broadcaster.proof.month import build_month
from broadcaster.proof.office import Office
from broadcaster.store.chainhead import station_key
from broadcaster.store.outputs import (
    check_file_target,
    check_folder_target,
    station_paths,
    write_atomically,
)

FORMATS = ("json", "csv", "xlsx", "pdf")


def _writer(
    fmt: str, lang: str, office: Office | None = None
) -> Callable[[Mapping[str, Any], Path], None]:
    if fmt == "json":
        return write_json
    if fmt == "csv":
        return write_csv
    if fmt == "xlsx":
        from broadcaster.proof.xlsx_out import write_xlsx

        return lambda document, path: write_xlsx(dict(document), path, lang, office)
    from broadcaster.proof.pdf_out import write_pdf

    # The frame (bodies, number, signer, recipients) from `[document]`; None: blanks.
    return lambda document, path: write_pdf(dict(document), path, lang, office)


def office_of(config: Config) -> Office:
    """Who issues the station's documents: `[document]`, its blanks filled by the station."""
    return config.document.with_station(config.station.name, config.station.reports_to)


def base_name(config: Config, month: str) -> str:
    return f"nhat-ky-phat-thanh-{config.station.id}-{month}"


def key_of(config: Config) -> StationKey:
    """The station's signing key (made on first use, beside the database)."""
    db_file = config.paths.database_file or config.source.parent / "var" / "broadcaster.store.db"
    return station_key(db_file)


def signed_month(engine: Engine, config: Config, month: str, now: datetime) -> dict[str, Any]:
    return sealed(build_month(engine, config, month, now), key_of(config))


def folder_names(base: str) -> list[str]:
    return [*(f"{base}.{fmt}" for fmt in FORMATS), MANIFEST]


def write_formats(
    document: Mapping[str, Any],
    folder: Path,
    base: str,
    lang: str,
    key: StationKey,
    office: Office | None = None,
) -> list[Path]:
    """All four formats, then the manifest over them, each written whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for fmt in FORMATS:
        path = folder / f"{base}.{fmt}"
        writer = _writer(fmt, lang, office)
        write_atomically(path, lambda p, writer=writer: writer(document, p))  # type: ignore[misc]
        written[path.name] = path
    manifest = build_manifest(document, written, key)
    write_atomically(folder / MANIFEST, lambda p: write_json(manifest, p))
    return [*written.values(), folder / MANIFEST]


def write_one(
    document: Mapping[str, Any],
    path: Path,
    fmt: str,
    lang: str,
    key: StationKey,
    office: Office | None = None,
) -> list[Path]:
    """One format to `path`; a format other than JSON gets its signed sidecar manifest."""
    write_atomically(path, lambda p: _writer(fmt, lang, office)(document, p))
    if fmt == "json":
        return [path]
    manifest = build_manifest(document, {path.name: path}, key)
    write_atomically(sidecar(path), lambda p: write_json(manifest, p))
    return [path, sidecar(path)]


def export_month(
    engine: Engine,
    config: Config,
    month: str,
    now: datetime,
    fmt: str | None,
    lang: str,
    output: Path | None,
    force: bool = False,
) -> tuple[dict[str, Any], list[Path]]:
    """Raises OutputRefused (before anything is written) for a target it may not write."""
    base = base_name(config, month)
    protected = station_paths(config)
    if fmt is None:
        folder = output or Path(f"{config.station.id}-{month}")
        check_folder_target(folder, folder_names(base), force, protected)
    else:
        path = output or Path(f"{base}.{fmt}")
        check_file_target(path, force, protected)
        if fmt != "json":
            check_file_target(sidecar(path), force, protected)
    key = key_of(config)
    document = sealed(build_month(engine, config, month, now), key)
    office = office_of(config)
    if fmt is None:
        return document, write_formats(document, folder, base, lang, key, office)
    return document, write_one(document, path, fmt, lang, key, office)
