"""A child process that dies with the process that started it (Linux), and never outlives it.

`broadcaster run` starts the console as a child (station/console_process.py) and names
itself in PARENT_ENV. The child asks the kernel for SIGTERM when that parent goes, even if
the parent is killed with SIGKILL and has no chance to stop it (prctl PR_SET_PDEATHSIG).
The parent may already have gone before the request was made: then the child's parent is
no longer the one named, and the child leaves at once.

Elsewhere (no prctl) this does nothing: the parent's own stop still ends the child.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

PARENT_ENV = "BROADCASTER_PARENT_PID"
PR_SET_PDEATHSIG = 1


def die_with_parent() -> bool:
    """Ask to be sent SIGTERM when the parent named in PARENT_ENV goes; exit now if it has
    gone already. False when no parent is named or the kernel cannot be asked."""
    named = os.environ.get(PARENT_ENV, "")
    if not named.isdigit():
        return False
    os.environ.pop(PARENT_ENV, None)  # not handed on to what this process starts
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != int(named):  # the parent went before the request was made
        os._exit(0)
    return True
