"""Library files of programmes still to air: gone or changed since they were taken in.

Cheap on every reconcile tick: a file is stat'ed, and hashed again only when its size or
modification time differs from the last time it was seen (`Seen`). A file whose size is not
the one taken in has changed without hashing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from broadcaster.audio.decode import sha256_file

VANISHED, CHANGED = "vanished", "changed"


@dataclass(frozen=True)
class LibraryFile:
    programme_id: int
    title: str
    path: Path
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class Seen:
    size: int
    mtime_ns: int
    same: bool  # its content was the programme's when last hashed


@dataclass(frozen=True)
class Problem:
    programme_id: int
    title: str
    file: str
    kind: str  # VANISHED | CHANGED
    detail: str = ""


def check_files(
    files: list[LibraryFile], seen: dict[int, Seen], may_hash: bool
) -> tuple[list[Problem], dict[int, Seen]]:
    """(problems, what was seen now). Without `may_hash` (a command, not the daemon), a file
    not seen before is judged by its size alone."""
    problems: list[Problem] = []
    now_seen: dict[int, Seen] = {}
    for file in files:
        try:
            stat = file.path.stat()
        except OSError as exc:
            detail = "" if isinstance(exc, FileNotFoundError) else (exc.strerror or "")
            problems.append(
                Problem(file.programme_id, file.title, file.path.name, VANISHED, detail)
            )
            continue
        if not file.path.is_file():
            problems.append(Problem(file.programme_id, file.title, file.path.name, VANISHED))
            continue
        before = seen.get(file.programme_id)
        if before is not None and (before.size, before.mtime_ns) == (
            stat.st_size,
            stat.st_mtime_ns,
        ):
            same = before.same
        elif stat.st_size != file.size_bytes:
            same = False
        elif may_hash:
            try:
                same = sha256_file(file.path) == file.sha256
            except OSError as exc:
                detail = exc.strerror or ""
                problems.append(
                    Problem(file.programme_id, file.title, file.path.name, VANISHED, detail)
                )
                continue
        else:
            same = True
        now_seen[file.programme_id] = Seen(stat.st_size, stat.st_mtime_ns, same)
        if not same:
            problems.append(Problem(file.programme_id, file.title, file.path.name, CHANGED))
    return problems, now_seen
