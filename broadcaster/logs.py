"""Logging: loguru to stderr and a rotating file; stdlib logging (APScheduler) routed in."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from loguru import logger


class _Intercept(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            level: str | int = logger.level(record.levelname).name
        except ValueError:
            level = record.levelno
        logger.opt(depth=6, exception=record.exc_info).log(level, record.getMessage())


def setup_logging(log_dir: Path | None, verbose: bool = False, quiet: bool = False) -> None:
    logger.remove()
    logger.add(
        sys.stderr,
        level="DEBUG" if verbose else ("ERROR" if quiet else "INFO"),
        format="<green>{time:YYYY-MM-DD HH:mm:ss}</green> <level>{level: <7}</level> {message}",
        backtrace=False,
        diagnose=False,
    )
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        logger.add(
            log_dir / "broadcaster.log",
            level="DEBUG",
            rotation="5 MB",
            retention=10,
            encoding="utf-8",
            enqueue=True,  # several threads write; the file is written from one
            backtrace=False,
            diagnose=False,
        )
    logging.basicConfig(handlers=[_Intercept()], level=logging.INFO, force=True)
    # APScheduler logs every job run at INFO; its warnings (misfires) are what matter.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
