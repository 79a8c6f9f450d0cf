"""What every command needs: the config, the database, the clock, one-line errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from loguru import logger
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster._lib.logs import divert_native_stderr, setup_logging
from broadcaster.clock import SystemClock
from broadcaster.config import Config, load_config
from broadcaster.core.periods import MAX_YEAR, MIN_YEAR, parse_month, parse_year
from broadcaster.errors import BackupError, UserError
from broadcaster.i18n import display
from broadcaster.store.db import Upgrade, open_engine
from broadcaster.store.errors import StoreError


@dataclass
class App:
    config: Config
    engine: Engine
    clock: SystemClock

    def now(self) -> datetime:
        return self.clock.now()

    def this_month(self) -> str:
        return self.now().astimezone(self.config.station.tz).strftime("%Y-%m")


def backed_up_upgrade(config: Config, say: Callable[[str], None]) -> Upgrade:
    """Leave to upgrade the schema once a checked backup of the database exists (a
    database server has no file to copy: the operator is told to use the server's tools)."""

    def backup(_names: list[str]) -> None:
        # Here, not at the top: the backup signs the chain head (cryptography), which a
        # command that never upgrades (the console's process, #13) need not load.
        from broadcaster.store.backup import backup_database, format_size

        db_file = config.paths.database_file
        if db_file is None:
            say(i18n.t("migrate.no_file_backup", path=config.paths.database))
            return
        try:
            copy = backup_database(
                db_file,
                config.database.backup_dir,
                SystemClock().now(),
                config.database.backups_kept,
            )
        except (BackupError, OSError, sqlite3.Error) as exc:
            raise UserError(i18n.t("migrate.backup_failed", detail=exc)) from None
        say(i18n.t("migrate.backup_before", path=copy, size=format_size(copy.stat().st_size)))

    return Upgrade(backup)


def open_station(ctx: click.Context, log_to_file: bool = False, upgrade: bool = False) -> App:
    """The station's config and database. With `upgrade` (the daemon's start), pending
    migrations are run after a backup and each step is logged; without it a database that
    needs them is refused (store/db.py says which can still be used)."""
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
    leave = backed_up_upgrade(config, logger.info) if upgrade else None
    try:
        engine = open_engine(config.paths.database, config.paths.database_file, leave)
    except (StoreError, OSError) as exc:
        detail = display.failure(exc)
        raise UserError(
            i18n.t("error.database", path=config.paths.database, detail=detail)
        ) from None
    for name in leave.applied if leave and not leave.created else []:
        logger.info(i18n.t("migrate.applied", name=name))
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
    from broadcaster.proof.inputs import DEFAULT_MAX_BYTES

    return click.option(
        "--max-mb",
        type=click.IntRange(1, 4096),
        default=DEFAULT_MAX_BYTES // 1048576,
        show_default=True,
        help="Refuse input files bigger than this.",
    )(command)
