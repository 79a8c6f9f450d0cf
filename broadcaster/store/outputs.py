"""Where commands may write, and writing so that a file is either whole or not there.

A command that writes a file (`export`, `report`, `key`) never destroys what it did not
make: an existing file is replaced only with `--force`, and the station's own files (its
database, configuration, series files, chain head, keys, backups and media) are never
replaced, `--force` or not, whichever name or link points at them. Every write goes to a
temporary file in the same folder first and is renamed over the target only once complete,
so a full disk or a power cut leaves the old file, never half a new one.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from broadcaster import i18n
from broadcaster.errors import OutputFailed, OutputRefused
from broadcaster.i18n import display

if TYPE_CHECKING:
    from broadcaster.config import Config

# First bytes of files that are never an export, wherever they are: a database, a key.
_NEVER_OVERWRITE = (b"SQLite format 3\x00", b"-----BEGIN PRIVATE KEY", b"# broadcaster chain head")


def station_paths(config: Config) -> tuple[set[Path], set[Path]]:
    """(the station's own files, the folders whose contents are the station's own)."""
    from broadcaster.store.chainhead import head_path, key_path

    files = {config.source}
    db_file = config.paths.database_file
    if db_file is not None:
        files |= {db_file, head_path(db_file), key_path(db_file)}
        files |= {db_file.with_name(db_file.name + side) for side in ("-wal", "-shm", "-journal")}
        files.add(head_path(db_file).with_name(head_path(db_file).name + ".lock"))
    folders = {
        config.paths.schedules,
        config.paths.library,
        config.paths.quarantine,
        config.paths.inbox,
        config.database.backup_dir,
    }
    return {_real(p) for p in files}, {_real(p) for p in folders}


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _inside(path: Path, folders: Iterable[Path]) -> bool:
    return any(path == folder or folder in path.parents for folder in folders)


def _looks_like_station_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            start = handle.read(32)
    except OSError:
        return False
    return start.startswith(_NEVER_OVERWRITE)


def check_file_target(
    path: Path,
    force: bool,
    protected: tuple[set[Path], set[Path]] = (set(), set()),
) -> None:
    """Raise OutputRefused unless `path` may be written as a new or replaced file."""
    files, folders = protected
    real = _real(path)
    if real in files or _inside(real, folders) or _looks_like_station_file(real):
        raise OutputRefused(i18n.t("output.station_file", path=path))
    if real.is_dir():
        raise OutputRefused(i18n.t("output.is_folder", path=path))
    if os.path.lexists(path) and not force:
        raise OutputRefused(i18n.t("output.exists", path=path))
    if os.path.lexists(path) and not real.is_file():
        raise OutputRefused(i18n.t("output.not_a_file", path=path))


def check_folder_target(
    folder: Path,
    names: Iterable[str],
    force: bool,
    protected: tuple[set[Path], set[Path]] = (set(), set()),
) -> None:
    """An export folder: new, empty, or (with --force) one whose files we may replace."""
    files, folders = protected
    real = _real(folder)
    if _inside(real, folders) or real in files:
        raise OutputRefused(i18n.t("output.station_file", path=folder))
    if os.path.lexists(folder) and not real.is_dir():
        raise OutputRefused(i18n.t("output.not_a_folder", path=folder))
    if real.is_dir() and any(real.iterdir()) and not force:
        raise OutputRefused(i18n.t("output.folder_not_empty", path=folder))
    for name in names:
        check_file_target(folder / name, True, protected)


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary name beside `path` to write to; renamed over `path` when the block ends
    without an error, removed otherwise."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        yield partial
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    try:
        with atomic_path(path) as partial:
            write(partial)
    except OSError as exc:
        raise OutputFailed(
            i18n.t("output.failed", path=path, detail=display.failure(exc))
        ) from None


def write_text_atomically(path: Path, text: str, encoding: str = "utf-8") -> None:
    def write(partial: Path) -> None:
        partial.write_text(text, encoding=encoding, newline="")

    write_atomically(path, write)
