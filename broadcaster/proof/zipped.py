"""A `.zip` of an export folder, read in place, as folders travel by e-mail and chat apps.

The zip is read into memory like any input (a regular file, within `--max-mb`), and its
members are read from there: nothing is extracted to disk, so no name in it can write or
point anywhere. Before any member is inflated, the whole listing is checked: at most
`MAX_ENTRIES` entries, the declared sizes within the limit, no entry packed so tightly it
can only be a bomb, no absolute name, no `..`, no link, no password, no name twice. Every
member is then read with a cap of its declared size, so a lying header cannot make it
bigger. A zip that fails any of this is "cannot check", never "tampered".

It must hold exactly one export folder (a folder with `manifest.json`), either at its root
(the files zipped themselves) or under one or more folders (the folder zipped, as Windows
Explorer and chat apps do). A zip of several exports is refused with their names: the
verdict is about one export, and one zip is one export. macOS's `__MACOSX/` tree is the
zip tool's own record of file attributes, not part of what was exported, and is skipped.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from pathlib import Path

from broadcaster.errors import InputRefused
from broadcaster.i18n import t
from broadcaster.proof.inputs import DEFAULT_MAX_BYTES, megabytes, read_input
from broadcaster.proof.manifest import MANIFEST

ZIP_SUFFIX = ".zip"
MAX_ENTRIES = 200  # an export is 5 files; a zip tool adds a folder entry or a few more
# Deflate can pack at most ~1030:1; a month's JSON packs ~10:1, a PDF barely. Over this, a
# member of some size can only be a bomb. Small members are left alone: they cannot hurt.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1 << 20
SKIPPED_TREES = ("__MACOSX",)
_DRIVE = re.compile(r"^[A-Za-z]:")
# What a damaged or hostile zip may raise while being listed or read.
_DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,  # a compression method zipfile does not know
    RuntimeError,
    EOFError,
    OSError,
    ValueError,
    struct.error,  # a header cut inside a fixed-size field
    zlib.error,
)


def is_zip(path: Path) -> bool:
    return path.name.lower().endswith(ZIP_SUFFIX)


class ZipFolder:
    """The export folder inside a zip: the same four questions as `inputs.DiskFolder`."""

    def __init__(
        self,
        archive: zipfile.ZipFile,
        source: str,
        name: str,
        members: dict[str, zipfile.ZipInfo],
        subfolders: set[str],
    ) -> None:
        self.archive = archive
        self.source = source
        self.name = name
        self.members = members
        self.subfolders = subfolders

    def entries(self) -> list[str]:
        return [*self.members, *self.subfolders]

    def has(self, name: str) -> bool:
        return name in self.members or name in self.subfolders

    def read(self, name: str) -> bytes:
        info = self.members.get(name)
        if info is None:
            raise InputRefused(t("input.missing", source=name))
        try:
            with self.archive.open(info) as handle:
                data = handle.read(info.file_size + 1)  # never more than it declared
        except _DAMAGED:  # a bad CRC, a cut stream: damaged on the way, not changed
            raise InputRefused(t("zip.member_damaged", source=self.source, name=name)) from None
        if len(data) != info.file_size:
            raise InputRefused(t("zip.member_damaged", source=self.source, name=name))
        return data


def open_export(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ZipFolder:
    """The one export folder a zip holds, or InputRefused with the reason in one line."""
    source = path.name or str(path)
    data = read_input(path, None, max_bytes)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _DAMAGED:
        raise InputRefused(t("zip.damaged", source=source)) from None
    if len(infos) > MAX_ENTRIES:
        raise InputRefused(t("zip.too_many", source=source, count=len(infos), limit=MAX_ENTRIES))
    files, folders = _listing(infos, source, max_bytes)
    exports = sorted({parts[:-1] for parts in files if parts[-1] == MANIFEST})
    if not exports:
        raise InputRefused(t("zip.not_export", source=source, manifest=MANIFEST))
    if len(exports) > 1:
        names = ", ".join("/".join(parts) or "." for parts in exports[:5])
        raise InputRefused(t("zip.several", source=source, count=len(exports), names=names))
    (prefix,) = exports
    depth = len(prefix)
    for parts in [*files, *folders]:
        inside = parts[:depth] == prefix and len(parts) > depth
        if not inside and parts != prefix[: len(parts)]:  # the folders above it are fine
            raise InputRefused(t("zip.stray", source=source, name="/".join(parts)))
    members = {parts[depth]: info for parts, info in files.items() if len(parts) == depth + 1}
    subfolders = {parts[depth] for parts in [*files, *folders] if len(parts) > depth + 1}
    subfolders |= {parts[depth] for parts in folders if len(parts) == depth + 1}
    return ZipFolder(archive, source, prefix[-1] if prefix else path.stem, members, subfolders)


def _listing(
    infos: list[zipfile.ZipInfo], source: str, max_bytes: int
) -> tuple[dict[tuple[str, ...], zipfile.ZipInfo], set[tuple[str, ...]]]:
    """Files and folder entries by their name's parts, every entry checked first."""
    files: dict[tuple[str, ...], zipfile.ZipInfo] = {}
    folders: set[tuple[str, ...]] = set()
    total = 0
    for info in infos:
        parts = _parts(info.filename, source)
        if parts[0] in SKIPPED_TREES:
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            raise InputRefused(t("zip.link", source=source, name=info.filename))
        if info.flag_bits & 0x1:
            raise InputRefused(t("zip.encrypted", source=source, name=info.filename))
        if info.is_dir():
            folders.add(parts)
            continue
        total += info.file_size
        if total > max_bytes:
            raise InputRefused(t("zip.too_big", source=source, limit=megabytes(max_bytes)))
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise InputRefused(t("zip.bomb", source=source, name=info.filename, ratio=MAX_RATIO))
        if parts in files:
            raise InputRefused(t("zip.duplicate", source=source, name=info.filename))
        files[parts] = info
    return files, folders


def _parts(name: str, source: str) -> tuple[str, ...]:
    """A member's name as folder parts. Backslashes count as separators (PowerShell's
    Compress-Archive writes them), so `..\\..\\x` is caught like `../../x`."""
    unified = name.replace("\\", "/")
    parts = unified.rstrip("/").split("/")
    if (
        not unified.strip("/")
        or unified.startswith("/")
        or _DRIVE.match(unified)
        or any(part in ("", ".", "..") for part in parts)
        or any(ord(c) < 32 for c in unified)
    ):
        raise InputRefused(t("zip.unsafe_name", source=source, name=name[:200]))
    return tuple(parts)
