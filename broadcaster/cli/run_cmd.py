from __future__ import annotations

import signal
import threading

import click
from sqlalchemy.exc import DatabaseError

from broadcaster._lib.instance import lock_path, single_instance
from broadcaster.cli.common import open_station
from broadcaster.errors import DatabaseDamaged
from broadcaster.station.daemon import Daemon


@click.command("run")
@click.pass_context
def command(ctx: click.Context) -> None:
    """Run the station daemon in the foreground (Ctrl+C or SIGTERM stops it cleanly)."""
    station = open_station(ctx, log_to_file=True)
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
            Daemon(station.config, engine=station.engine).run(stop)
    except DatabaseError as exc:  # SQLite's own complaint, met before the daemon's check
        raise DatabaseDamaged(str(exc.orig or exc)) from None
