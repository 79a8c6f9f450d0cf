"""File operations of ingest, shared by everything that moves a file in or out of the
library (ingest, bulletins, the archive of withdrawn programmes, attention signals): never
overwrite, never delete, never leave half a file behind (beets keeps its `move` and
`unique_path` in one utility module for the same reason)."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from loguru import logger

from broadcaster import i18n
from broadcaster.audio.decode import sha256_file
from broadcaster.core.inbox_words import REASON_SUFFIX
from broadcaster.ingest.names import is_link, shown_name


def files_under(folder: Path, links: set[Path]) -> Iterator[Path]:
    """The files below `folder` in name order, never through a link (noted in `links`):
    a linked folder that points outside would be emptied into the library."""
    for entry in sorted(folder.iterdir()):
        if is_link(entry):
            links.add(entry)
        elif entry.is_dir():
            yield from files_under(entry, links)
        elif entry.is_file():
            yield entry


def reason_file(path: Path) -> Path:
    return path.with_name(path.name + REASON_SUFFIX)


def unique_path(path: Path) -> Path:
    """`name.mp3`, else `name (2).mp3`, `name (3).mp3`, ...: never overwrite a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        return path
    for number in range(2, 10_000):
        candidate = path.with_name(f"{path.stem} ({number}){path.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(path)


def move_file(source: Path, target: Path, digest: str | None) -> None:
    """Atomic rename on one file system; across devices copy, verify, then remove."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise FileExistsError(target)
    try:
        os.replace(source, target)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:  # Windows' "not same device" maps to EXDEV too
            raise
    partial = target.with_name(f".{target.name}.part")
    try:
        shutil.copy2(source, partial)
        if digest is not None and sha256_file(partial) != digest:
            raise OSError(f"copy of {source} does not match its SHA-256")
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)  # a full disk must not leave half a copy behind
        raise
    try:
        source.unlink()
    except BaseException:
        if source.exists():
            target.unlink(missing_ok=True)  # the source stays the one copy
        raise


def put_back(moved: Path, source: Path, digest: str | None) -> None:
    """Undo a move whose follow-up failed; if even that fails, say loudly where it is."""
    try:
        move_file(moved, source, digest)
    except OSError as exc:
        logger.error(
            i18n.t(
                "ingest.stranded",
                name=shown_name(source.name),
                source=shown_name(str(source.parent)),
                path=moved,
            )
        )
        logger.debug("put back failed: {}", exc)


def write_atomically(path: Path, text: str) -> None:
    """Either the whole new text or the old file: never a half-written reason file."""
    partial = path.with_name(f".{path.name}.part")
    try:
        partial.write_text(text, encoding="utf-8-sig")
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC (or a quota) from the OS, or SQLite's SQLITE_FULL ("database or disk is full")."""
    if isinstance(exc, OSError) and exc.errno in {errno.ENOSPC, getattr(errno, "EDQUOT", -1)}:
        return True
    return "disk is full" in str(exc)
