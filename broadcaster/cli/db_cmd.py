"""`broadcaster db check | backup | restore`: the station database's health and its copies.

`check` and `restore` must work on a damaged file, which SQLAlchemy may refuse to open, so
they read the config and use plain, read-only `sqlite3`, never `open_station`.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

import click
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from broadcaster import i18n
from broadcaster._lib.logs import setup_logging
from broadcaster.cli.common import open_station
from broadcaster.cli.verify_cmd import show_database
from broadcaster.clock import SystemClock
from broadcaster.config import Config, load_config
from broadcaster.errors import UserError
from broadcaster.i18n import display
from broadcaster.ops.backup import (
    aside_name,
    backup_on_request,
    backup_time,
    check_file,
    format_size,
    list_backups,
    restore,
)
from broadcaster.proof.witnesses import check_database
from broadcaster.store.db import quick_check
from broadcaster.store.state import get_state


@click.group("db")
def db() -> None:
    """Check the station database, back it up, restore it from a backup."""


command = db


def _config(ctx: click.Context) -> Config:
    config = load_config(ctx.obj["config_path"])
    setup_logging(None, ctx.obj.get("verbose", False), quiet=True, tz=config.station.tz)
    return config


def _file(config: Config) -> Path:
    if config.paths.database_file is None:
        raise UserError(i18n.t("db.not_a_file", url=config.paths.database))
    return config.paths.database_file


@db.command("check")
@click.pass_context
def check(ctx: click.Context) -> None:
    """Integrity check and as-run chain check; exit 1 if either fails."""
    config = _config(ctx)
    db_file = config.paths.database_file
    if db_file is None:  # a database server: SQLAlchemy is the only way in
        engine = open_station(ctx).engine
        verdict = quick_check(engine)
        where: object = config.paths.database
    else:
        verdict = check_file(db_file)
        where = db_file
        engine = _readonly_engine(db_file)
    if verdict != "ok":
        # The chain of a damaged file cannot be trusted either way: one line, one remedy.
        click.echo(i18n.t("db.damaged", path=where, detail=verdict))
        sys.exit(1)
    click.echo(i18n.t("db.ok", path=where))
    try:
        result = check_database(
            engine,
            db_file,
            config.backup_dir,
            config.retention_months,
            SystemClock().now(),
        )
    except (SQLAlchemyError, sqlite3.Error) as exc:
        click.echo(i18n.t("db.chain_unreadable", detail=str(exc).splitlines()[0]))
        sys.exit(1)
    finally:
        engine.dispose()
    show_database(result)
    # Rows newer than every witness are not a fault of the database: only changes fail.
    sys.exit(1 if result.problems else 0)


@db.command("backup")
@click.pass_context
def backup(ctx: click.Context) -> None:
    """Make a checked copy of the database now, in [database] backup_dir."""
    config = _config(ctx)
    db_file = _file(config)
    path = backup_on_request(db_file, config.backup_dir, SystemClock().now(), config.backups_kept)
    click.echo(i18n.t("db.backup_done", path=path, size=format_size(path.stat().st_size)))


@db.command("restore")
@click.argument(
    "backup_file",
    metavar="[BACKUP]",
    required=False,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
)
@click.option("--yes", is_flag=True, help="Really restore; without it, only say what would happen.")
@click.pass_context
def restore_cmd(ctx: click.Context, backup_file: Path | None, yes: bool) -> None:
    """Replace the database with a backup (the newest, or BACKUP); the old file is kept."""
    config = _config(ctx)
    db_file = _file(config)
    tz = config.station.tz
    if backup_file is None:
        backups = list_backups(config.backup_dir)
        if not backups:
            raise UserError(i18n.t("db.no_backups", folder=config.backup_dir))
        click.echo(i18n.t("db.backups_header", folder=config.backup_dir))
        for path in backups:
            size = format_size(path.stat().st_size)
            click.echo(f"  {path.name}  {_taken(path, tz)}  {size}")
        backup_file = backups[0]
    verdict = check_file(backup_file)
    if verdict != "ok":
        raise UserError(i18n.t("db.backup_damaged", path=backup_file, detail=verdict))
    now = SystemClock().now()
    if not yes:
        state = check_file(db_file)
        click.echo(
            i18n.t(
                "db.restore_plan",
                backup=backup_file,
                time=_taken(backup_file, tz),
                state=i18n.t("health.ok") if state == "ok" else state,
                aside=aside_name(db_file, now),
            )
        )
        return
    running_at = _daemon_heartbeat(config, db_file, now)
    if running_at is not None:
        at = display.date_time(running_at, tz, seconds=True)
        raise UserError(i18n.t("db.daemon_running", at=at))
    try:
        aside = restore(db_file, backup_file, now)
    except OSError as exc:
        raise UserError(i18n.t("error.database", path=db_file, detail=exc)) from None
    if aside is None:
        click.echo(i18n.t("db.restored_fresh", backup=backup_file))
    else:
        click.echo(i18n.t("db.restored", backup=backup_file, aside=aside))


def _readonly_engine(db_file: Path) -> Engine:
    uri = db_file.resolve().as_uri() + "?mode=ro"
    return create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=10),
    )


def _daemon_heartbeat(config: Config, db_file: Path, now: datetime) -> datetime | None:
    """When the daemon last said it was running, if that is recent (best effort: a file too
    damaged to read has no heartbeat). Restoring under a running daemon would lose what it
    writes next: on Linux it goes on writing to the file moved aside."""
    if not db_file.is_file():
        return None
    engine = _readonly_engine(db_file)
    try:
        state = get_state(engine, "daemon")
    except (SQLAlchemyError, sqlite3.Error, ValueError):
        return None
    finally:
        engine.dispose()
    if state is None:
        return None
    value, at = state
    fresh = now - at < config.reconcile_interval * 3 + timedelta(seconds=10)
    return at if value.get("state") == "running" and fresh else None


def _taken(path: Path, tz: tzinfo) -> str:
    """When a backup was taken, in station time (its file time if it has no backup name)."""
    when = backup_time(path) or datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return display.date_time(when, tz, seconds=True)
