"""The key that signs session cookies, and the CSRF token of a session.

The key is 32 random bytes in `[console] secret_file`, made at the first start with mode
0600 and never shown; deleting it logs everyone out. A link or a symlink there is refused
(the key is never read from, nor written through, somewhere else).
"""

from __future__ import annotations

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
        info = path.lstat()
    except FileNotFoundError:
        return _make(path)
    if not stat.S_ISREG(info.st_mode):
        raise UserError(t("console.key_not_file", path=path), exit_code=2)
    text = path.read_text(encoding="ascii", errors="replace").strip()
    if len(text) != KEY_BYTES * 2 or any(ch not in "0123456789abcdef" for ch in text):
        raise UserError(t("console.key_damaged", path=path), exit_code=2)
    return text


def _make(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(KEY_BYTES)
    # O_EXCL: two consoles starting at once make one key; the loser reads the winner's.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return session_key(path)
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(key + "\n")
    return key


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
