"""The daemon's memory allocator (#4): `run` restarts itself on jemalloc, and glibc's mmap
threshold is pinned. The glibc cases run in a fresh interpreter, so the test process's own
allocator is left alone."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import textwrap

import pytest

from broadcaster._lib import allocator
from broadcaster._lib.allocator import command_of, jemalloc_restart

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
LIB = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"

# Prints how many arenas glibc has after four threads malloc at once (a check that the probe
# itself works), and whether a 1 MiB block asked for after a 16 MiB one was freed was
# served by mmap (the pinned threshold) or by the heap.
PROBE = textwrap.dedent(
    """
    import ctypes, os, sys, tempfile, threading
    if sys.argv[1] == "tuned":
        from broadcaster._lib.allocator import pin_mmap_threshold
        pin_mmap_threshold()
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    libc.fopen.restype = ctypes.c_void_p
    libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    libc.fclose.argtypes = [ctypes.c_void_p]
    libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
    start = threading.Barrier(4)

    def work():
        start.wait()
        for _ in range(2000):
            libc.free(libc.malloc(200))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    libc.free(libc.malloc(16 << 20))
    block = libc.malloc(1 << 20)

    class Info(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd",
            "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

    libc.mallinfo2.restype = Info
    mapped = libc.mallinfo2().hblkhd >= (1 << 20)
    libc.free(block)
    path = os.path.join(tempfile.mkdtemp(), "info.xml")
    fp = libc.fopen(path.encode(), b"w")
    libc.malloc_info(0, fp)
    libc.fclose(fp)
    heaps = open(path).read().count("<heap nr=")
    print(heaps, mapped)
    """
)


def probe(mode: str) -> tuple[int, bool]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), out[1] == "True"


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's")
def test_a_pinned_threshold_keeps_large_blocks_off_the_heap() -> None:
    assert probe("tuned")[1]


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's")
def test_the_probe_sees_glibc_move_its_threshold_without_the_pin() -> None:
    # The control: the freed 16 MiB block raises glibc's threshold, so the 1 MiB block
    # comes from the heap. (Several arenas show the probe's threads really ran at once.)
    heaps, mapped = probe("plain")
    assert heaps > 1
    assert not mapped


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["run"], "run"),
        (["--config", "run.toml", "status"], "status"),
        (["--config", "x.toml", "-v", "run"], "run"),
        (["--config=run", "ingest", "run"], "ingest"),
        (["-v"], None),
        ([], None),
    ],
)
def test_the_command_is_found_past_the_global_options(argv, command) -> None:
    assert command_of(argv) == command


def test_only_run_is_restarted_on_jemalloc() -> None:
    env = jemalloc_restart(["--config", "c.toml", "run"], {"PATH": "/bin"}, LIB, "linux")
    assert env == {
        "PATH": "/bin",
        "BROADCASTER_MALLOC": "jemalloc",
        "LD_PRELOAD": LIB,
        "MALLOC_CONF": allocator.JEMALLOC_CONF,
    }
    assert jemalloc_restart(["ingest"], {}, LIB, "linux") is None
    assert jemalloc_restart(["status"], {}, LIB, "linux") is None


def test_an_operators_preload_and_jemalloc_settings_are_kept() -> None:
    environ = {"LD_PRELOAD": "/opt/x.so", "MALLOC_CONF": "narenas:1"}
    env = jemalloc_restart(["run"], environ, LIB, "linux")
    assert env is not None and env["LD_PRELOAD"] == f"{LIB}:/opt/x.so"
    assert env["MALLOC_CONF"] == "narenas:1"


@pytest.mark.parametrize(
    ("environ", "library", "platform_name"),
    [
        ({"BROADCASTER_MALLOC": "system"}, LIB, "linux"),  # the operator's choice
        ({"BROADCASTER_MALLOC": "jemalloc"}, LIB, "linux"),  # already restarted: no loop
        ({}, None, "linux"),  # not installed: run on glibc and say so
        ({}, LIB, "win32"),
        ({}, LIB, "darwin"),
    ],
)
def test_no_restart(environ, library, platform_name) -> None:
    assert jemalloc_restart(["run"], environ, library, platform_name) is None


def test_after_the_restart_children_do_not_inherit_our_preload(monkeypatch) -> None:
    monkeypatch.setattr(allocator, "find_jemalloc", lambda: LIB)
    monkeypatch.setenv("BROADCASTER_MALLOC", "jemalloc")
    monkeypatch.setenv("LD_PRELOAD", f"{LIB}:/opt/x.so")
    monkeypatch.setattr(sys, "argv", ["broadcaster", "run"])
    allocator.restart_on_jemalloc()  # already restarted: no exec, only the tidy-up
    assert os.environ["LD_PRELOAD"] == "/opt/x.so"
    monkeypatch.setenv("LD_PRELOAD", LIB)
    allocator.restart_on_jemalloc()
    assert "LD_PRELOAD" not in os.environ
