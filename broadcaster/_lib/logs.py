"""Logging: what the operator reads, and what the technician digs into.

- The console and `broadcaster.log` are the operator's: a date-time as 29/11/2026 06:10:05
  in the station's zone, a level word only for problems (in the station's language), the
  message; no microseconds, no module paths, no tracebacks.
- `broadcaster-debug.log` is the technician's: everything at DEBUG, with module, line and
  traceback (English is fine there).
- `audio-debug.log` takes what C libraries write straight to the process's stderr (fd 2):
  ALSA prints hundreds of `ALSA lib …` lines when libVLC probes its devices, PulseAudio and
  libVLC add their own. Python's own stderr (click's errors, a crash) stays on the console.
stdlib logging (APScheduler) is routed into loguru.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from loguru import logger

from broadcaster import i18n

OPERATOR_LOG = "broadcaster.log"
DEBUG_LOG = "broadcaster-debug.log"
NATIVE_LOG = "audio-debug.log"
NATIVE_KEEP_BYTES = 5 * 1024 * 1024  # past this at start-up, the old file becomes .1
_LEVEL_WORDS = {"WARNING": "log.warning", "ERROR": "log.error", "CRITICAL": "log.error"}
# loguru appends the traceback to a format given as a string.
_TECHNICIAN_FORMAT = "{time:YYYY-MM-DD HH:mm:ss.SSS} {level: <7} {name}:{line} {message}"


class _Intercept(logging.Handler):
    """Only libraries log through stdlib logging (APScheduler's "Run time of job … was
    missed"), in English: the technician's debug log. What such a line means for the
    station (an airing missed) the daemon tells the operator itself."""

    def emit(self, record: logging.LogRecord) -> None:
        logger.opt(depth=6, exception=record.exc_info).debug(
            "{}: {}: {}", record.name, record.levelname, record.getMessage()
        )


def operator_line(stamp_tz: ZoneInfo | None) -> Callable[[Any], str]:
    """The loguru format of the operator's console and log file."""

    def render(record: Any) -> str:
        moment = record["time"]
        local = moment.astimezone(stamp_tz) if stamp_tz is not None else moment
        stamp = local.strftime("%d/%m/%Y %H:%M:%S")
        word = _LEVEL_WORDS.get(record["level"].name)
        label = f"{i18n.t(word)}: " if word else ""
        # No {exception}: a traceback is the technician's, in the debug log.
        return f"<green>{stamp}</green> <level>{label}</level>{{message}}\n"

    return render


def divert_native_stderr(log_dir: Path) -> Path | None:
    """Point fd 2 at `log_dir/audio-debug.log` and give Python a stderr of its own on the
    console. Returns the file, or None when nothing changed: the file cannot be opened, or
    Python's stderr is not fd 2 (a test runner's capture, an embedding program)."""
    try:
        if sys.stderr.fileno() != 2:
            return None
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
        return None
    path = log_dir / NATIVE_LOG
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > NATIVE_KEEP_BYTES:
            path.replace(path.with_name(NATIVE_LOG + ".1"))
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    except OSError:
        return None
    old: TextIO = sys.stderr
    try:
        old.flush()
        console = os.dup(2)
        os.dup2(target, 2)
    except OSError:
        return None
    finally:
        os.close(target)
    sys.stderr = open(  # noqa: SIM115 - the process's stderr from now on
        console,
        "w",
        encoding=getattr(old, "encoding", None) or "utf-8",
        errors=getattr(old, "errors", None) or "backslashreplace",
        buffering=1,
    )
    return path


def setup_logging(
    log_dir: Path | None,
    verbose: bool = False,
    quiet: bool = False,
    tz: ZoneInfo | None = None,
) -> None:
    logger.remove()
    logger.add(
        sys.stderr,
        level="DEBUG" if verbose else ("ERROR" if quiet else "INFO"),
        format=operator_line(tz),
        backtrace=False,
        diagnose=False,
    )
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        # Several threads write; enqueue makes each file written from one.
        logger.add(
            log_dir / OPERATOR_LOG,
            level="INFO",
            format=operator_line(tz),
            rotation="5 MB",
            retention=10,
            encoding="utf-8",
            enqueue=True,
            backtrace=False,
            diagnose=False,
        )
        logger.add(
            log_dir / DEBUG_LOG,
            level="DEBUG",
            format=_TECHNICIAN_FORMAT,
            rotation="5 MB",
            retention=5,
            encoding="utf-8",
            enqueue=True,
            backtrace=False,
            diagnose=False,
        )
    logging.basicConfig(handlers=[_Intercept()], level=logging.INFO, force=True)
    # APScheduler logs every job run at INFO; its warnings (misfires) are what matter.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def report_failure(message_key: str, log_dir: Path | None) -> None:
    """An unexpected failure the daemon survives: one line in the operator's language that
    says where the detail is, and the traceback for the technician at DEBUG. Call it from an
    `except` block."""
    hint = "" if log_dir is None else i18n.t("failure.hint", path=log_dir / DEBUG_LOG)
    logger.error(i18n.t(message_key, hint=hint))
    logger.opt(exception=True).debug("{} failed", message_key)
