from __future__ import annotations

import signal
import threading

import click

from broadcaster._lib.instance import lock_path, single_instance
from broadcaster.cli.common import open_station
from broadcaster.errors import DatabaseDamaged
from broadcaster.station.console_process import console_beside
from broadcaster.station.daemon import Daemon
from broadcaster.station.timers import make_scheduler
from broadcaster.store.errors import DatabaseError


@click.command("run")
@click.pass_context
def command(ctx: click.Context) -> None:
    """Run the station daemon in the foreground (Ctrl+C or SIGTERM stops it cleanly)."""
    # The daemon's start is where a station in the field gets a new schema: after a backup.
    station = open_station(ctx, log_to_file=True, upgrade=True)
    stop = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    # SIGTERM exists on Windows too, but only POSIX service managers send it.
    signal.signal(signal.SIGTERM, request_stop)
    if hasattr(signal, "SIGBREAK"):  # Windows: Ctrl+Break in a console
        signal.signal(signal.SIGBREAK, request_stop)
    lock = lock_path(station.config.paths)
    try:
        with single_instance(lock):
            scheduler = make_scheduler(station.config)
            # The console (web page) is a process of its own beside the daemon, stopped
            # with it; a console that cannot start or dies never stops the airing.
            with console_beside(station.config, ctx.obj["config_path"], stop):
                Daemon(station.config, engine=station.engine, scheduler=scheduler).run(stop)
    except DatabaseError as exc:  # SQLite's own complaint, met before the daemon's check
        raise DatabaseDamaged(str(getattr(exc, "orig", None) or exc)) from None
