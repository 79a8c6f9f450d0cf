"""Files the console puts in and takes out of the station's folders: an uploaded programme
(into a series' inbox folder, or held for approval), a quarantined file sent back to the
inbox or set aside.

A file enters the library only through the inbox, exactly as one copied there by hand: the
daemon's ingester then checks, measures, deduplicates or quarantines it. The console only
writes it there safely:

- under a hidden temporary name first (`.tai-len-*.part`, which `is_temporary` makes the
  ingester skip), flushed to the disk, then given its final name by a link that fails
  rather than overwrite (a free name is picked: `name (2).mp3`);
- with a name anyone's PC can create (`kept_name`: NFC, no control character, no Windows
  device name, short enough) and never a path: only the last part of what the browser sent;
- stopped at `[console] upload_max_mb`, the partial file removed.

Nothing here deletes an operator's file: a quarantined file is moved, never removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from broadcaster.config import Config
from broadcaster.core.inbox_words import REASON_SUFFIX, is_temporary
from broadcaster.core.rules import Series
from broadcaster.core.vocab import INBOX_FOLDERS
from broadcaster.errors import BroadcasterError
from broadcaster.ingest.files import move_file, reason_file, unique_path
from broadcaster.ingest.names import is_link, kept_name
from broadcaster.store.models import ConsoleRequest

# Under the inbox: hidden (a leading dot) and `.part`, so no scan takes a half-written file.
UPLOAD_PREFIX = ".tai-len-"
# Beside the console's key (var/): uploads waiting for an approver, out of the inbox.
HELD_FOLDER = "console-held"
# Under the archive: quarantined files an operator set aside (kept, never deleted).
SET_ASIDE_FOLDER = "cach-ly-de-rieng"
# Characters Windows refuses in a name (a station PC copies the folders with a USB stick).
_WINDOWS_BAD = re.compile(r'[<>:"|?*]')
CHUNK = 1 << 16


class ProgrammeFileRefused(BroadcasterError):
    """One line for the operator: a name, a size or a folder the console will not take."""

    def __init__(self, key: str, status: int = 400, **values: object) -> None:
        from broadcaster import i18n

        super().__init__(i18n.t(key, **values))
        self.status = status


def upload_name(raw: str | None) -> str:
    """The name to keep for an uploaded file: the last part of what the browser sent
    (percent-encoded UTF-8), made a name every station PC can create. ProgrammeFileRefused
    for a name that says nothing (empty, only dots or slashes) or one the ingester would
    skip as a file being written."""
    from urllib.parse import unquote

    text = unquote(raw or "", encoding="utf-8", errors="surrogateescape")
    last = re.split(r"[/\\]", text)[-1]
    last = _WINDOWS_BAD.sub("_", last).replace("\x00", "_")
    if not last.strip(" ."):
        raise ProgrammeFileRefused("console.programmes.name_empty")
    # A leading dot or ~$ would hide the file from the ingester for ever.
    last = re.sub(r"^(?:\.|~\$)+", "_", last)
    name = kept_name(last)
    if is_temporary(name):
        raise ProgrammeFileRefused("console.programmes.name_temporary", name=name)
    return name


def inbox_folder(config: Config, series: Series) -> Path:
    """A series' inbox folder, refused when it (or the inbox) is a link: never a file
    written through a link to somewhere else."""
    folder = config.paths.inbox / series.folder
    for step in (config.paths.inbox, folder):
        if is_link(step):
            raise ProgrammeFileRefused("console.programmes.folder_is_link")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def held_folder(config: Config) -> Path:
    folder = config.console.secret_file.parent / HELD_FOLDER
    if is_link(folder):
        raise ProgrammeFileRefused("console.programmes.folder_is_link")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def set_aside_folder(config: Config) -> Path:
    folder = config.paths.archive / SET_ASIDE_FOLDER
    for step in (config.paths.archive, folder):
        if is_link(step):
            raise ProgrammeFileRefused("console.programmes.folder_is_link")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class ProgrammeUpload:
    """A file being written under its temporary name in `folder`, at most `limit` bytes."""

    folder: Path
    limit: int
    path: Path
    handle: IO[bytes]
    size: int = 0

    @classmethod
    def open(cls, folder: Path, limit: int) -> ProgrammeUpload:
        path = folder / f"{UPLOAD_PREFIX}{secrets.token_hex(8)}.part"
        handle = open(path, "xb")  # noqa: SIM115 (closed by finish() or abandon())
        return cls(folder, limit, path, handle)

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise ProgrammeFileRefused(
                "console.programmes.too_big", status=413, limit=self.limit // (1024 * 1024)
            )
        self.handle.write(chunk)

    def finish(self, name: str) -> Path:
        """Flush to the disk, then the final name (a free one): the file appears whole."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        if self.size == 0:
            self.abandon()
            raise ProgrammeFileRefused("console.programmes.empty_file")
        try:
            final = publish(self.path, self.folder / name)
        except BaseException:
            self.abandon()
            raise
        return final

    def abandon(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        self.path.unlink(missing_ok=True)


def publish(source: Path, wanted: Path) -> Path:
    """Give `source` the name `wanted` (or `wanted (2)`, ...) in the same folder, never
    replacing a file that is there: a hard link fails when the name is taken, where a
    rename would overwrite. The folder is flushed so the name survives a power cut."""
    for _attempt in range(50):
        target = unique_path(wanted)
        try:
            os.link(source, target)
        except FileExistsError:
            continue  # taken between the look and the link: the next free name
        except OSError:
            # A file system without hard links (FAT on a USB disk): look, then rename.
            if target.exists():
                continue
            os.rename(source, target)
            _sync_folder(target.parent)
            return target
        source.unlink()
        _sync_folder(target.parent)
        return target
    raise FileExistsError(wanted)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def waiting_in_inbox(config: Config) -> dict[str, list[str]]:
    """Series folder → names of the files in it the ingester has not taken yet."""
    found: dict[str, list[str]] = {}
    for series in config.series:
        folder = config.paths.inbox / series.folder
        if is_link(folder) or not folder.is_dir():
            continue
        names = sorted(
            p.name
            for p in folder.iterdir()
            if p.is_file() and not is_link(p) and not is_temporary(p.name)
        )
        if names:
            found[series.folder] = names
    return found


# ---- approval: held uploads -----------------------------------------------------------
def hold_payload(held: Path, config: Config, series: Series, name: str, size: int) -> str:
    """What a `console_request` of kind "programme" carries (JSON)."""
    relative = held.relative_to(held_folder(config)).as_posix()
    return json.dumps(
        {"file": relative, "series": series.id, "name": name, "size": size}, ensure_ascii=False
    )


def held_file(config: Config, request: ConsoleRequest) -> tuple[Path, Series, str]:
    """The held file of a programme request, its series and the name it will have."""
    payload = json.loads(request.payload)
    folder = held_folder(config)
    path = folder / str(payload["file"])
    if path.parent != folder or is_link(path) or not path.is_file():
        raise ProgrammeFileRefused("console.programmes.held_missing", id=request.id)
    series = config.series_by_id().get(str(payload["series"]))
    if series is None:
        raise ProgrammeFileRefused("console.programmes.no_series", series=payload["series"])
    return path, series, upload_name(str(payload["name"]))


def release_programme(config: Config, request: ConsoleRequest) -> Path:
    """Approved: the held file goes into its series' inbox folder under its name (a free
    one), as if dropped there; the daemon's ingester takes it from there. Returns where
    it went. ProgrammeFileRefused (one line) when the held file or the series is gone."""
    if request.kind != "programme":
        raise ProgrammeFileRefused("console.programmes.not_a_programme", id=request.id)
    path, series, name = held_file(config, request)
    folder = inbox_folder(config, series)
    # Through a hidden name in the inbox, so the ingester never sees half a copy when the
    # holding folder is on another disk.
    staged = folder / f"{UPLOAD_PREFIX}{secrets.token_hex(8)}.part"
    move_file(path, staged, None)
    return publish(staged, folder / name)


REPLACEMENT = "programme_replace"  # the kind of a held replacement's request


def hold_file(config: Config, path: Path) -> Path:
    """`path` moved into the holding folder under a free name like its own."""
    folder = held_folder(config)
    folder.mkdir(parents=True, exist_ok=True)
    held = unique_path(folder / path.name)
    move_file(path, held, None)
    return held


def replacement_payload(
    held: Path, config: Config, pid: int, name: str, size: int, reason: str
) -> dict[str, Any]:
    """What a `console_request` of kind "programme_replace" carries: the held file, the
    programme it replaces and the operator's reason."""
    relative = held.relative_to(held_folder(config)).as_posix()
    return {"file": relative, "programme": pid, "name": name, "size": size, "reason": reason}


def held_replacement(config: Config, request: ConsoleRequest) -> tuple[Path, int, str]:
    """The held file of a replacement request, the programme it replaces, the reason."""
    if request.kind != REPLACEMENT:
        raise ProgrammeFileRefused("console.programmes.not_a_programme", id=request.id)
    payload = json.loads(request.payload)
    folder = held_folder(config)
    path = folder / str(payload["file"])
    if path.parent != folder or is_link(path) or not path.is_file():
        raise ProgrammeFileRefused("console.programmes.held_missing", id=request.id)
    return path, int(payload["programme"]), str(payload.get("reason") or "")


def set_aside_held(config: Config, request: ConsoleRequest) -> Path:
    """Refused by the approver: the held file is kept in the set-aside folder, not deleted."""
    if request.kind == REPLACEMENT:
        path = held_replacement(config, request)[0]
        name = upload_name(str(json.loads(request.payload).get("name") or path.name))
    else:
        path, _series, name = held_file(config, request)
    target = unique_path(set_aside_folder(config) / name)
    move_file(path, target, None)
    return target


# ---- quarantine -----------------------------------------------------------------------
def quarantined_files(config: Config) -> list[Path]:
    """The files in the quarantine folder (not their reason files, not links), by name."""
    folder = config.paths.quarantine
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not is_link(p)
        and not p.name.endswith(REASON_SUFFIX)
        and not is_temporary(p.name)
    )


def quarantined(config: Config, name: str) -> Path:
    """The quarantined file called `name`, only one that the listing shows (so never a
    path elsewhere); ProgrammeFileRefused otherwise."""
    for path in quarantined_files(config):
        if path.name == name:
            return path
    raise ProgrammeFileRefused("console.quarantine.unknown", status=404, name=name)


def retry(config: Config, name: str, series: Series) -> Path:
    """Back into the series' inbox folder (the daemon checks it again); its reason file
    goes, as the ingester removes it when a retried file is taken in (the ingest event
    keeps the reason). The file itself is moved, never deleted."""
    if series.folder in INBOX_FOLDERS:
        raise ProgrammeFileRefused("console.quarantine.no_series")
    path = quarantined(config, name)
    folder = inbox_folder(config, series)
    staged = folder / f"{UPLOAD_PREFIX}{secrets.token_hex(8)}.part"
    move_file(path, staged, None)
    target = publish(staged, folder / kept_name(path.name))
    reason_file(path).unlink(missing_ok=True)
    return target


def set_aside(config: Config, name: str) -> Path:
    """Into the set-aside folder, with its reason file: out of the operator's way, kept."""
    path = quarantined(config, name)
    target = unique_path(set_aside_folder(config) / path.name)
    move_file(path, target, None)
    reason = reason_file(path)
    if reason.is_file() and not is_link(reason):
        move_file(reason, unique_path(reason_file(target)), None)
    return target
