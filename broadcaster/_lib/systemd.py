"""Talking to systemd without a dependency: the sd_notify protocol, in a dozen lines.

Under `Type=notify` systemd sets `$NOTIFY_SOCKET` (a unix datagram socket; a leading
`@` means Linux's abstract namespace) and waits for `READY=1`; with `WatchdogSec=` it
also sets `$WATCHDOG_USEC` and restarts the daemon when `WATCHDOG=1` stops arriving.

POSIX only. On Windows (no systemd, no AF_UNIX datagrams) every call is a harmless
no-op, so the daemon can call these unconditionally.
"""

from __future__ import annotations

import os
import sys


def notify(message: str) -> bool:
    """Send `message` (e.g. "READY=1", "WATCHDOG=1", "STOPPING=1") to systemd.

    True when it was sent; False when not running under systemd or the send failed.
    Never raises: a service manager that went away must not stop the station.
    """
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address or sys.platform == "win32":
        return False
    # ---- POSIX only from here -------------------------------------------------------------
    import socket

    family = getattr(socket, "AF_UNIX", None)
    if family is None:  # pragma: no cover - no unix sockets on this platform
        return False
    if address.startswith("@"):
        target = "\0" + address[1:]  # abstract namespace (Linux)
    elif address.startswith("/"):
        target = address
    else:
        return False  # e.g. "vsock:..." (systemd in a VM): not supported
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.sendto(message.encode("utf-8"), target)
    except OSError:
        return False
    return True


def watchdog_interval() -> float | None:
    """Seconds between `WATCHDOG=1` pings, or None when systemd set no watchdog for us.

    Half of `$WATCHDOG_USEC`, as sd_watchdog_enabled(3) recommends, so one late ping is
    not yet a restart. `$WATCHDOG_PID`, when set, must be this process.
    """
    raw = os.environ.get("WATCHDOG_USEC", "")
    pid = os.environ.get("WATCHDOG_PID", "")
    if pid and pid.strip() != str(os.getpid()):
        return None
    try:
        usec = int(raw)
    except ValueError:
        return None
    if usec <= 0:
        return None
    return usec / 2 / 1_000_000
