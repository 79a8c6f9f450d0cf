"""The key that signs session cookies, and the CSRF token of a session.

The key is 32 random bytes in `[console] secret_file`, made at the first start with mode
0600 and never shown; deleting it logs everyone out. A symlink there is refused (the key is
never read from, nor written through, somewhere else), and so is a key other accounts of
the machine may read (mode beyond 0600): it may have leaked, delete it to make a new one.
"""

from __future__ import annotations

import errno
import hmac
import os
import secrets
import stat
from pathlib import Path

from broadcaster.errors import UserError
from broadcaster.i18n import t

KEY_BYTES = 32


def session_key(path: Path) -> str:
    """The key's hex text, made first if the file is not there."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except FileNotFoundError:
        if os.path.islink(path):  # a dangling link: nothing is made through it
            raise UserError(t("console.key_not_file", path=path), exit_code=2) from None
        return _make(path)
    except OSError as exc:  # ELOOP: a symlink (O_NOFOLLOW); or not ours to read
        key = (
            "console.key_not_file"
            if exc.errno == errno.ELOOP
            else "console.accounts.key_unreadable"
        )
        raise UserError(t(key, path=path, detail=exc.strerror), exit_code=2) from None
    with os.fdopen(fd, "rb") as file:
        # fstat on what was opened, not lstat on the name: nothing can swap it in between.
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or os.path.islink(path):
            raise UserError(t("console.key_not_file", path=path), exit_code=2)
        if os.name == "posix" and info.st_mode & 0o077:
            raise UserError(
                t("console.accounts.key_open", path=path, mode=f"{stat.S_IMODE(info.st_mode):04o}"),
                exit_code=2,
            )
        data = file.read(KEY_BYTES * 2 + 8)  # a key and its newline; more is damage
    text = data.decode("ascii", errors="replace").strip()
    if len(text) != KEY_BYTES * 2 or any(ch not in "0123456789abcdef" for ch in text):
        raise UserError(t("console.key_damaged", path=path), exit_code=2)
    return text


# Windows has no O_NOFOLLOW (nor symlinks an ordinary account can make).
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO put there does not hang the start


def _make(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(KEY_BYTES)
    # O_EXCL: two consoles starting at once make one key; the loser reads the winner's.
    # O_EXCL also refuses to follow a symlink put there in the meantime.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    except FileExistsError:
        return session_key(path)
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(key + "\n")
    return key


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
