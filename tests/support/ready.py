"""Waiting for a daemon process the way systemd does: for its `READY=1` (sd_notify).

A fixed sleep after `broadcaster run` is too short on a loaded machine (start-up took 6–9 s
at a load average of 8) and too long on a quiet one; READY=1 is sent once the signal
handlers, the scheduler and the airing thread are up, so SIGTERM after it is always handled.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
import uuid


class Readiness:
    """A notify socket in Linux's abstract namespace (no path-length limit, nothing to clean)."""

    def __init__(self) -> None:
        self.name = f"broadcaster-test-{uuid.uuid4().hex}"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + self.name)

    def env(self) -> dict[str, str]:
        return {"NOTIFY_SOCKET": "@" + self.name}

    def wait(self, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> bool:
        """True once the daemon said READY=1; False if it exited or the time ran out."""
        deadline = time.monotonic() + timeout
        self.sock.settimeout(0.2)
        while time.monotonic() < deadline:
            with contextlib.suppress(TimeoutError):
                if b"READY=1" in self.sock.recv(4096).split(b"\n"):
                    return True
            if proc.poll() is not None:
                return False
        return False

    def close(self) -> None:
        self.sock.close()
