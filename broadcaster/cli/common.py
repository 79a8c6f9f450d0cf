"""What every command needs: the config, the database, the clock, one-line errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from broadcaster import i18n
from broadcaster._lib.logs import divert_native_stderr, setup_logging
from broadcaster.clock import SystemClock
from broadcaster.config import Config, load_config
from broadcaster.core.periods import MAX_YEAR, MIN_YEAR, parse_month, parse_year
from broadcaster.errors import UserError
from broadcaster.i18n import display
from broadcaster.proof.inputs import DEFAULT_MAX_BYTES
from broadcaster.store.db import open_engine


@dataclass
class App:
    config: Config
    engine: Engine
    clock: SystemClock

    def now(self) -> datetime:
        return self.clock.now()

    def this_month(self) -> str:
        return self.now().astimezone(self.config.station.tz).strftime("%Y-%m")


def open_station(ctx: click.Context, log_to_file: bool = False) -> App:
    path: Path = ctx.obj["config_path"]
    config = load_config(path)
    if log_to_file:
        # Before the console sink is made: ALSA's and libVLC's chatter on fd 2 goes to a
        # debug file, Python's own stderr stays on the console.
        divert_native_stderr(config.paths.logs)
    # Only the daemon logs progress; one-shot commands print their own results.
    setup_logging(
        config.paths.logs if log_to_file else None,
        ctx.obj.get("verbose", False),
        quiet=not log_to_file,
        tz=config.station.tz,
    )
    try:
        engine = open_engine(config.paths.database, config.paths.database_file)
    except (SQLAlchemyError, OSError) as exc:
        detail = display.failure(exc)
        raise UserError(
            i18n.t("error.database", path=config.paths.database, detail=detail)
        ) from None
    return App(config, engine, SystemClock())


def check_month(value: str | None) -> str | None:
    """A `--month` value (YYYY-MM, year in range) as given; exit 2 with one line otherwise."""
    if value is None:
        return None
    try:
        year, month = parse_month(value)
    except ValueError:
        raise UserError(
            i18n.t("cli.bad_month", got=value, low=MIN_YEAR, high=MAX_YEAR), exit_code=2
        ) from None
    return f"{year:04d}-{month:02d}"


def check_year(value: str | None) -> str | None:
    """A `--year` value (YYYY in range); exit 2 with one line otherwise."""
    if value is None:
        return None
    try:
        return str(parse_year(value))
    except ValueError:
        raise UserError(
            i18n.t("cli.bad_year", got=value, low=MIN_YEAR, high=MAX_YEAR), exit_code=2
        ) from None


def max_mb_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--max-mb`: the size over which `verify` and `report` refuse an input file."""
    return click.option(
        "--max-mb",
        type=click.IntRange(1, 4096),
        default=DEFAULT_MAX_BYTES // 1048576,
        show_default=True,
        help="Refuse input files bigger than this.",
    )(command)
