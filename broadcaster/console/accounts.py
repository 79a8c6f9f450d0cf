"""Who may use the console: argon2 password hashes, roles, and a limit on wrong passwords.

Roles: a viewer (người xem) reads every page and changes nothing; an operator (người vận
hành) acts; an approver (người duyệt) acts and approves what another account entered when
the station asks for approval (`[console] approval`).
"""

from __future__ import annotations

import threading
import unicodedata
from collections import deque
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

VIEWER, OPERATOR, APPROVER = "viewer", "operator", "approver"
ROLES = (VIEWER, OPERATOR, APPROVER)
MIN_PASSWORD = 8
MAX_PASSWORD = 256  # argon2 takes any length; a megabyte "password" is an attack, not a secret
MAX_NAME = 64

# argon2-cffi's defaults (RFC 9106's second recommended profile, 64 MiB): ~50 ms a login here.
_hasher = PasswordHasher()


def can_act(role: str) -> bool:
    return role in (OPERATOR, APPROVER)


def can_approve(role: str) -> bool:
    return role == APPROVER


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Checked against when there is no such account: the same work as a real check.
DUMMY_HASH = _hasher.hash("no account has this password")


def normal_name(name: str) -> str:
    """A name as it is stored and looked up: NFC, so "Hòa" typed with a combining accent
    (some Vietnamese keyboards) and with a precomposed one are one account, not two."""
    return unicodedata.normalize("NFC", name)


def name_problem(name: str) -> str | None:
    """Why `name` cannot be an account name (a key of the console's words), or None."""
    if not name or len(name) > MAX_NAME:
        return "console.account.bad_name_length"
    if name != name.strip() or any(
        unicodedata.category(ch)[0] in "CZ" and ch != " " for ch in name
    ):
        return "console.account.bad_name_chars"
    return None


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return "console.account.password_short"
    if len(password) > MAX_PASSWORD:
        return "console.account.password_long"
    return None


@dataclass
class LoginLimiter:
    """At most `attempts` wrong passwords per client address and per account name within
    `window` seconds; then that address or name waits until the oldest failure leaves the
    window. Kept in memory: a restart forgets, which a guesser cannot cause from outside.
    At most `keys` addresses and names are remembered: past that, the quiet ones are
    forgotten first, then the ones that failed least recently (a flood of made-up names
    cannot fill the memory)."""

    attempts: int = 5
    window: float = 900.0
    keys: int = 10_000
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, keys: list[str], now: float) -> float:
        """Seconds before any of `keys` may try again (0: now)."""
        with self._lock:
            waits = [self._wait(key, now) for key in keys]
        return max(waits, default=0.0)

    def _wait(self, key: str, now: float) -> float:
        times = self._failures.get(key)
        if not times:
            return 0.0
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) < self.attempts:
            return 0.0
        return times[0] + self.window - now

    def failed(self, keys: list[str], now: float) -> None:
        with self._lock:
            for key in keys:
                # Most recent failure last: the dict's order is the order to forget in.
                times = self._failures.pop(key, None) or deque(maxlen=self.attempts)
                times.append(now)
                self._failures[key] = times
            if len(self._failures) > self.keys:
                self._forget(now)

    def _forget(self, now: float) -> None:
        for key in [k for k, v in self._failures.items() if not v or v[-1] <= now - self.window]:
            del self._failures[key]
        while len(self._failures) > self.keys:
            del self._failures[next(iter(self._failures))]

    def succeeded(self, keys: list[str]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def remembered(self) -> int:
        with self._lock:
            return len(self._failures)
