"""The memory allocator of a process that plays thousands of airings without a restart (#4).

Nothing here changes what the daemon does; it changes how freed memory is kept, so that the
daemon's resident memory stays flat over months instead of creeping up an airing at a time.

- **jemalloc for `run`.** Under glibc's malloc the daemon's heap kept growing while the
  space it held free grew nearly as fast: over 1,500 airings the heap grew 1.45 KB per
  airing, of which the memory in use was about 0.1 KB (libVLC starts and ends several
  threads for every airing). One arena, two arenas and lower mmap thresholds did not stop
  it. jemalloc keeps small blocks of one size together in their own pages and gives idle
  pages back to the system after about a second (`JEMALLOC_CONF`). The daemon runs on
  jemalloc when the library is installed (Debian: `libjemalloc2`, installed by
  `make run`): the `run` command re-executes itself once with `LD_PRELOAD`, before it does
  anything else. `BROADCASTER_MALLOC=system` keeps glibc's malloc.
- **glibc's mmap threshold pinned**, for a daemon left on glibc (and the other commands).
  For every file it opens, libVLC's `cache_read` stream filter mallocs one 12 MiB buffer.
  When glibc frees so large a block it raises its mmap threshold to its size, and from then
  on every block under 12 MiB comes from the heap, which is rarely given back.

Linux only; elsewhere these do nothing.
"""

from __future__ import annotations

import ctypes
import glob
import os
import sys
from collections.abc import Mapping, Sequence

# Set by the re-execution (value "jemalloc"); an operator sets "system" to stay on glibc.
ENV = "BROADCASTER_MALLOC"
SYSTEM = "system"
JEMALLOC = "jemalloc"
# Where Debian, Ubuntu, Fedora and a source build put the library.
JEMALLOC_GLOBS = (
    "/usr/lib/*-linux-gnu/libjemalloc.so.2",
    "/usr/lib64/libjemalloc.so.2",
    "/usr/lib/libjemalloc.so.2",
    "/usr/local/lib/libjemalloc.so.2",
)
# jemalloc's settings for the daemon: idle pages go back to the system after about a second,
# from jemalloc's own thread, so memory follows use even while the station sits idle.
JEMALLOC_CONF = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0"
# The command line's global options that take a value (see broadcaster.cli.main).
_OPTIONS_WITH_VALUE = ("--config",)

# glibc's mallopt() parameter, and its own default (128 KiB) which is pinned.
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 128 * 1024


def command_of(argv: Sequence[str]) -> str | None:
    """The sub-command named on a `broadcaster` command line (argv without the program)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in _OPTIONS_WITH_VALUE:
            skip = True
        elif not token.startswith("-"):
            return token
    return None


def find_jemalloc() -> str | None:
    for pattern in JEMALLOC_GLOBS:
        found = sorted(glob.glob(pattern))
        if found:
            return found[0]
    return None


def jemalloc_restart(
    argv: Sequence[str], environ: Mapping[str, str], library: str | None, platform: str
) -> dict[str, str] | None:
    """The environment to re-execute `broadcaster run` with, on jemalloc; None to go on."""
    if not platform.startswith("linux") or library is None:
        return None
    if environ.get(ENV) in (SYSTEM, JEMALLOC) or command_of(argv) != "run":
        return None
    preload = environ.get("LD_PRELOAD", "")
    return {
        **environ,
        ENV: JEMALLOC,
        "LD_PRELOAD": f"{library}:{preload}" if preload else library,
        "MALLOC_CONF": environ.get("MALLOC_CONF", JEMALLOC_CONF),
    }


def restart_on_jemalloc() -> None:
    """Re-execute this `broadcaster run` process (same PID, same arguments) on jemalloc.

    Call first thing, before any thread or file is opened. Other commands, an operator's
    `BROADCASTER_MALLOC=system` and a machine without the library carry on unchanged."""
    env = jemalloc_restart(sys.argv[1:], os.environ, find_jemalloc(), sys.platform)
    if env is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], env)
    if os.environ.get(ENV) == JEMALLOC:
        # Our children (ffmpeg, ffprobe) keep their own allocator. (MALLOC_CONF is left:
        # only jemalloc reads it, and an operator may have set it.)
        library = os.environ.get("LD_PRELOAD", "").split(":")
        rest = ":".join(part for part in library[1:] if part)
        if rest:
            os.environ["LD_PRELOAD"] = rest
        else:
            os.environ.pop("LD_PRELOAD", None)


def wanted() -> bool:
    """Whether `run` should be on jemalloc here: Linux, and the operator did not opt out."""
    return sys.platform.startswith("linux") and os.environ.get(ENV) != SYSTEM


def in_use(pid: int | str = "self") -> str:
    """'jemalloc' when the process (this one by default) runs on it, else 'system'."""
    try:
        with open(f"/proc/{pid}/maps", encoding="utf-8", errors="replace") as maps:
            return JEMALLOC if any("libjemalloc" in line for line in maps) else SYSTEM
    except OSError:
        return SYSTEM


def pin_mmap_threshold() -> None:
    """Keep glibc's mmap threshold at its default (see the module's docstring)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # pragma: no cover - a C library without mallopt
        return
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
