"""File names as they arrive, as they are shown, and as the station keeps them.

An operator's file can be named anything the file system allows: bytes that are not UTF-8
(old Vietnamese encodings, Windows tools), control characters, 250 bytes, a Windows device
name (CON, NUL, ...). Three views of one name:

- `shown_name`: what an operator reads and what the database holds as text (valid UTF-8,
  NFC; a byte that is not UTF-8 and a control character show as U+FFFD);
- `original_name`: the exact name, recoverable: the NFC name itself when it is clean, else
  every bad byte as `\\xNN` (and `\\` as `\\\\`), so `codecs.escape_decode` gives the bytes back;
- `kept_name`: the name of the file in the library or quarantine, which any station PC can
  create: the shown name, not a Windows device name, cut at a UTF-8 boundary to fit.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from pathlib import Path

from broadcaster.i18n.display import programme_title

# The longest name derived from a kept name is the temporary reason file that
# `write_atomically` writes beside a quarantined file: `.<name> (9999).reason.txt.part`.
# Kept names are cut so that it still fits in the 255-byte limit of ext4 (NTFS and FAT
# count 255 UTF-16 units, never fewer than the UTF-8 bytes).
NAME_LIMIT_BYTES = 255
NAME_MAX_BYTES = NAME_LIMIT_BYTES - len(". (9999).reason.txt.part")  # 231
# A suffix longer than this is part of the name, not a file type.
EXTENSION_MAX_BYTES = 16
REPLACEMENT = "\ufffd"
# Names Windows reserves for devices, whatever the extension (`con.mp3` opens the console).
WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"COM{n}" for n in range(1, 10)]
    + [f"LPT{n}" for n in range(1, 10)]
)
# On POSIX, Python hands a byte that is not UTF-8 over as a lone surrogate U+DC80..U+DCFF.
_ESCAPED_BYTE = range(0xDC80, 0xDD00)
_BAD = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
# Links a scan must not follow: symbolic links, and on Windows junctions as well (a
# OneDrive placeholder is a reparse point too, but a file of its own). Windows' values of
# IO_REPARSE_TAG_SYMLINK and IO_REPARSE_TAG_MOUNT_POINT (`stat` has them on Windows only).
_LINK_TAGS = frozenset([0xA000000C, 0xA0000003])


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def shown_name(name: str) -> str:
    """The name as text that can be printed, logged and stored (never raises)."""
    return nfc(_BAD.sub(REPLACEMENT, name))


def is_clean(name: str) -> bool:
    return _BAD.search(name) is None


def original_name(name: str) -> str:
    """The name as the operator dropped it, in a form that keeps every byte."""
    if is_clean(name):
        return nfc(name)
    return "".join(_escape(char) for char in name)


def _escape(char: str) -> str:
    code = ord(char)
    if char == "\\":
        return "\\\\"
    if code in _ESCAPED_BYTE:
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0xD800 <= code <= 0xDFFF:  # Windows: a lone UTF-16 surrogate
        return f"\\u{code:04x}"
    return char


def kept_name(name: str) -> str:
    """A name for the library or quarantine that every station PC can create."""
    shown = shown_name(name).rstrip(". ") or "_"  # Windows drops trailing dots and spaces
    stem, extension = split_extension(shown)
    if stem.split(".")[0].rstrip(" ").upper() in WINDOWS_DEVICES:
        stem = "_" + stem  # `_CON.mp3`: no longer the device, still the operator's name
    room = NAME_MAX_BYTES - len(extension.encode())
    cut = stem.encode()[:room].decode("utf-8", "ignore").rstrip(". ")
    return (cut or "_") + extension


def split_extension(name: str) -> tuple[str, str]:
    """(stem, extension) with the extension kept only when it is short enough to be one."""
    extension = Path(name).suffix
    if not extension or len(extension.encode()) > EXTENSION_MAX_BYTES:
        return name, ""
    return name[: -len(extension)], extension


def is_link(path: Path) -> bool:
    """A symbolic link (or a Windows junction): a scan leaves it where it is."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISLNK(info.st_mode) or getattr(info, "st_reparse_tag", 0) in _LINK_TAGS


def programme_name(tag: str | None, name: str) -> str:
    """The title of a programme whose file has title tag `tag` (None: none usable) and
    whose shown (NFC) file name is `name`."""
    return tag or programme_title(split_extension(name)[0])
