"""Reading the files `verify` and `report` are given, as a stranger may have made them.

A file is read only if it is a regular file inside the folder that was named (a link out of
the folder, a device such as /dev/zero, a FIFO or a socket is refused before it is opened)
and no bigger than a limit (50 MB by default: a station's month is well under 1 MB), so a
hostile input can neither hang the check, nor exhaust memory, nor make it read files
elsewhere on the machine. A refused input is "cannot check", never "tampered".
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from broadcaster.errors import InputRefused
from broadcaster.i18n import t

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# O_NONBLOCK: even if a FIFO slipped in between the check and the open, opening it must not
# wait for a writer. O_NOCTTY: a terminal device never becomes our controlling terminal.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def is_inside(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, lies inside `root` (links followed too)."""
    target, top = real(path), real(root)
    return target == top or top in target.parents


def is_plain_name(name: object) -> bool:
    """A file name with no folder part: what an export's manifest may list."""
    return (
        isinstance(name, str)
        and 0 < len(name) <= 255
        and name not in (".", "..")
        and not any(c in name for c in "/\\\0:")
        and not name.startswith("-")
    )


def read_input(path: Path, root: Path | None, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `max_bytes`, inside `root` when given."""
    path = Path(path)
    name = path.name or str(path)
    if root is not None and not is_inside(path, root):
        raise InputRefused(t("input.outside", source=name, root=root))
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputRefused(t("input.missing", source=name)) from None
    except OSError as exc:
        raise InputRefused(t("input.unreadable", source=name, detail=exc.strerror or exc)) from None
    _check_kind(info, name, max_bytes)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise InputRefused(t("input.unreadable", source=name, detail=exc.strerror or exc)) from None
    try:
        _check_kind(os.fstat(fd), name, max_bytes)  # what was opened, not what was looked at
        chunks, total = [], 0
        while total <= max_bytes:
            block = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not block:
                break
            chunks.append(block)
            total += len(block)
    except OSError as exc:
        raise InputRefused(t("input.unreadable", source=name, detail=exc.strerror or exc)) from None
    finally:
        os.close(fd)
    if total > max_bytes:  # it grew while it was read
        raise InputRefused(t("input.too_big", source=name, limit=megabytes(max_bytes)))
    return b"".join(chunks)


def _check_kind(info: os.stat_result, name: str, max_bytes: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise InputRefused(t("input.not_regular", source=name))
    if info.st_size > max_bytes:
        raise InputRefused(t("input.too_big", source=name, limit=megabytes(max_bytes)))


def megabytes(count: int) -> str:
    return f"{count / 1048576:g} MB".replace(".", ",")


class DiskFolder:
    """An export folder on disk, read through `read_input` (nothing followed out of it).

    `verify` checks a folder through four questions (its name, what it holds, whether a
    name is there, the bytes of one file), so that a folder inside a `.zip` (zipped.py)
    goes through exactly the same checks."""

    def __init__(self, path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.path = Path(path)
        self.name = self.path.name or str(self.path)
        self.max_bytes = max_bytes

    def entries(self) -> list[str]:
        return [entry.name for entry in self.path.iterdir()]

    def has(self, name: str) -> bool:
        path = self.path / name
        return path.exists() or path.is_symlink()

    def read(self, name: str) -> bytes:
        return read_input(self.path / name, self.path, self.max_bytes)
