"""`broadcaster db check | backup | restore | upgrade`: the station database's health, its
copies and its schema (upgrade: store/migrations.py).

`check` and `restore` must work on a damaged file, which SQLAlchemy may refuse to open, so
they read the config and use plain, read-only `sqlite3`, never `open_station`.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

import click

from broadcaster import i18n
from broadcaster._lib.logs import setup_logging
from broadcaster.cli.common import backed_up_upgrade, open_station
from broadcaster.cli.verify_cmd import show_database
from broadcaster.clock import SystemClock
from broadcaster.config import Config, load_config
from broadcaster.errors import UserError
from broadcaster.i18n import display
from broadcaster.proof.witnesses import check_database
from broadcaster.store import migrations
from broadcaster.store.backup import (
    aside_name,
    backup_on_request,
    backup_time,
    check_file,
    format_size,
    list_backups,
    restore,
)
from broadcaster.store.db import connect, open_engine, quick_check, where
from broadcaster.store.errors import StoreError
from broadcaster.store.readonly import open_readonly
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
        engine = open_readonly(db_file)
    if verdict != "ok":
        # The chain of a damaged file cannot be trusted either way: one line, one remedy.
        click.echo(i18n.t("db.damaged", path=where, detail=verdict))
        sys.exit(1)
    click.echo(i18n.t("db.ok", path=where))
    try:
        result = check_database(
            engine,
            db_file,
            config.database.backup_dir,
            config.retention.months,
            SystemClock().now(),
        )
    except (StoreError, sqlite3.Error) as exc:
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
    path = backup_on_request(
        db_file, config.database.backup_dir, SystemClock().now(), config.database.backups_kept
    )
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
        backups = list_backups(config.database.backup_dir)
        if not backups:
            raise UserError(i18n.t("db.no_backups", folder=config.database.backup_dir))
        click.echo(i18n.t("db.backups_header", folder=config.database.backup_dir))
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


@db.command("upgrade")
@click.option(
    "--check",
    is_flag=True,
    help="Only list the upgrade steps not yet run, change nothing; exit 1 if any are pending.",
)
@click.pass_context
def upgrade(ctx: click.Context, check: bool) -> None:
    """Bring the database's schema up to this version's (after a backup); says so when there is nothing to do."""
    config = _config(ctx)
    db_file = config.paths.database_file
    pending = _pending(config)
    latest = migrations.MIGRATIONS[-1].name
    if check:
        if not pending:
            click.echo(i18n.t("migrate.up_to_date", path=where_of(config), name=latest))
            return
        names = ", ".join(pending)
        click.echo(
            i18n.t("migrate.pending", path=where_of(config), count=len(pending), names=names)
        )
        sys.exit(1)
    if pending and db_file is not None:
        running_at = _daemon_heartbeat(config, db_file, SystemClock().now())
        if running_at is not None:
            at = display.date_time(running_at, config.station.tz, seconds=True)
            raise UserError(i18n.t("migrate.daemon_running", at=at))
    leave = backed_up_upgrade(config, click.echo)
    try:
        engine = open_engine(config.paths.database, db_file, leave)
    except (StoreError, OSError) as exc:
        detail = display.failure(exc)
        raise UserError(i18n.t("error.database", path=where_of(config), detail=detail)) from None
    engine.dispose()
    if leave.created:
        click.echo(i18n.t("migrate.created", path=where_of(config), name=latest))
        return
    for name in leave.applied:
        click.echo(i18n.t("migrate.applied", name=name))
    if not leave.applied:
        click.echo(i18n.t("migrate.up_to_date", path=where_of(config), name=latest))


def where_of(config: Config) -> str:
    return where(config.paths.database, config.paths.database_file)


def _pending(config: Config) -> list[str]:
    """The steps not yet run, read without writing (a database a newer release wrote is
    refused here too, with the same line as everywhere)."""
    db_file = config.paths.database_file
    if db_file is not None and not db_file.is_file():
        return [m.name for m in migrations.MIGRATIONS]
    engine = open_readonly(db_file) if db_file is not None else connect(config.paths.database)
    try:
        state = migrations.schema_state(engine)
    except (StoreError, sqlite3.Error) as exc:
        detail = str(exc).splitlines()[0]
        raise UserError(i18n.t("error.database", path=where_of(config), detail=detail)) from None
    finally:
        engine.dispose()
    if state.unknown:
        names = ", ".join(state.unknown)
        raise UserError(i18n.t("migrate.too_new", path=where_of(config), names=names), 2)
    return state.pending_names


def _daemon_heartbeat(config: Config, db_file: Path, now: datetime) -> datetime | None:
    """When the daemon last said it was running, if that is recent (best effort: a file too
    damaged to read has no heartbeat). Restoring under a running daemon would lose what it
    writes next: on Linux it goes on writing to the file moved aside."""
    if not db_file.is_file():
        return None
    engine = open_readonly(db_file)
    try:
        state = get_state(engine, "daemon")
    except (StoreError, sqlite3.Error, ValueError):
        return None
    finally:
        engine.dispose()
    if state is None:
        return None
    value, at = state
    fresh = now - at < config.daemon.reconcile_interval * 3 + timedelta(seconds=10)
    return at if value.get("state") == "running" and fresh else None


def _taken(path: Path, tz: tzinfo) -> str:
    """When a backup was taken, in station time (its file time if it has no backup name)."""
    when = backup_time(path) or datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return display.date_time(when, tz, seconds=True)
