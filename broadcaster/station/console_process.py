"""The console beside the daemon (#13): `broadcaster run` starts it as a process of its own,
watches it, and stops it when the daemon stops.

Why a process and not a thread: a page that is slow, a flood of requests or a crash in the
web stack must take nothing from the airing thread. The console runs `broadcaster console`
(by module name: the station wing does not import the console), at a lower CPU priority
(nice +10), so that on a busy machine the airing thread always comes first.

- Its output (the address it listens on, a port already in use) is the daemon's log, line by
  line: stdout at INFO, stderr at WARNING.
- If it dies, it is started again after 1, 2, 4 ... 60 s, one line in the log each time;
  after MAX_FAILURES deaths in a row, each within STEADY_S of its start, it is left stopped
  (one line) until the daemon's next start. Exit code 2 (the address is in use, the config
  or the key is wrong) is not retried: its own line says what to change.
- The daemon's stop sends it SIGTERM, then SIGKILL after STOP_TIMEOUT_S. If the daemon is
  killed outright, the kernel ends the console (lifeline.py: PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from loguru import logger

from broadcaster import i18n
from broadcaster._lib.lifeline import PARENT_ENV
from broadcaster.config import Config

NICE = 10
FIRST_BACKOFF_S = 1.0
MAX_BACKOFF_S = 60.0
STEADY_S = 60.0  # a console that ran this long before dying starts the count afresh
MAX_FAILURES = 8
STOP_TIMEOUT_S = 5.0
STOPPING_GRACE_S = 1.0  # a console that ends this close before the daemon's stop is no crash
WRONG_SETUP = 2  # the console's exit code for an address, config or key to fix
LINE_MAX = 500


def console_command(config_path: Path) -> list[str]:
    return [sys.executable, "-m", "broadcaster", "--config", str(config_path), "console"]


class ConsoleProcess:
    """Start, watch and stop the console process. `command` is the argv to run."""

    def __init__(
        self,
        command: list[str],
        env: dict[str, str] | None = None,
        daemon_stop: threading.Event | None = None,
    ) -> None:
        self.command = command
        self.env = env
        # The daemon's own stop: a service manager's SIGTERM reaches the console and the
        # daemon at once, and a console ending then is no crash to restart.
        self.daemon_stop = daemon_stop or threading.Event()
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0  # how many times the console was started (the tests read it)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._supervise, name="console", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        self._stop.set()
        with self._lock:
            proc = self.proc
        if proc is not None:
            _terminate(proc, timeout)
        self._thread.join(timeout + 2.0)

    # ---- the watching thread ------------------------------------------------------------
    def _supervise(self) -> None:
        # The thread that starts the child is the one whose end the kernel reports to it
        # (PR_SET_PDEATHSIG): every start happens here, and this thread lives until stop().
        failures = 0
        while not self._stop.is_set():
            began = time.monotonic()
            proc = self._spawn()
            if proc is None:
                return
            code = proc.wait()
            if self._stopping(STOPPING_GRACE_S):
                return
            if code == WRONG_SETUP:
                return  # its own line (port in use, say) is in the log already
            failures = 1 if time.monotonic() - began >= STEADY_S else failures + 1
            logger.debug("console exited with {} after {:.1f} s", code, time.monotonic() - began)
            if failures > MAX_FAILURES:
                logger.error(i18n.t("console.process.given_up", count=MAX_FAILURES))
                return
            delay = min(MAX_BACKOFF_S, FIRST_BACKOFF_S * 2 ** (failures - 1))
            logger.warning(i18n.t("console.process.restarting", seconds=f"{delay:.0f}"))
            if self._stopping(delay):
                return

    def _stopping(self, within: float) -> bool:
        """Whether the console or the daemon is being stopped, or is within `within` s."""
        deadline = time.monotonic() + within
        while True:
            if self._stop.is_set() or self.daemon_stop.is_set():
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self._stop.wait(min(left, 0.1))

    def _spawn(self) -> subprocess.Popen[bytes] | None:
        env = {
            **(self.env if self.env is not None else os.environ),
            PARENT_ENV: str(os.getpid()),
            "PYTHONUNBUFFERED": "1",  # each line reaches the log when it is written
            # glibc gives each thread that allocates its own arena (64 MiB reserved, pages
            # kept after a burst): two are enough for a few people's clicks, 7 MB less here.
            "MALLOC_ARENA_MAX": "2",
        }
        with self._lock:
            if self._stop.is_set():
                return None
            try:
                proc = subprocess.Popen(
                    self.command,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    # Its own session: Ctrl+C in the terminal stops the daemon, and the
                    # daemon stops the console (not both at once, which would read as a crash).
                    start_new_session=True,
                )
            except OSError as exc:
                logger.error(i18n.t("console.process.cannot_start", detail=exc.strerror or exc))
                return None
            self.proc = proc
            self.starts += 1
        # Not allowed, or not POSIX: it runs at the daemon's own priority.
        with suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, proc.pid, NICE)
        assert proc.stdout is not None and proc.stderr is not None
        _forward(proc.stdout, logger.info)
        _forward(proc.stderr, logger.warning)
        return proc


def _forward(stream: IO[bytes], log: Callable[[str], None]) -> None:
    """The child's lines into the daemon's log, from a thread that ends with the stream."""

    def pump() -> None:
        with stream:
            for raw in stream:
                line = raw.decode("utf-8", errors="replace").rstrip()
                if line:
                    log(line[:LINE_MAX])

    threading.Thread(target=pump, name="console-output", daemon=True).start()


def _terminate(proc: subprocess.Popen[bytes], timeout: float) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5.0)


@contextmanager
def console_beside(
    config: Config, config_path: Path, daemon_stop: threading.Event | None = None
) -> Iterator[ConsoleProcess | None]:
    """The console running beside whatever the block runs (the daemon), unless `[console]
    enabled = false`; stopped when the block ends, however it ends."""
    if not config.console.enabled:
        yield None
        return
    console = ConsoleProcess(console_command(config_path), daemon_stop=daemon_stop)
    console.start()
    try:
        yield console
    finally:
        console.stop()
