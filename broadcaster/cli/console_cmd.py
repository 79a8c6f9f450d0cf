"""`console`: run the station console (the web page) on `[console] host:port`.

`broadcaster run` starts it itself (station/console_process.py) unless `[console] enabled =
false`; this command is for a technician who runs it alone. Exit codes: 0 stopped by a
signal; 2 the config, the key file or the address is wrong (the port is in use, say).
"""

from __future__ import annotations

import click

from broadcaster.cli.common import open_station


@click.command("console")
@click.option("--port", type=click.IntRange(1024, 65535), help="Listen on this port.")
@click.pass_context
def command(ctx: click.Context, port: int | None) -> None:
    """Run the station console (web page) on [console] host:port."""
    from dataclasses import replace

    from broadcaster._lib.lifeline import die_with_parent

    die_with_parent()  # started by `broadcaster run`: never outlive the daemon

    from broadcaster.console.server import serve

    station = open_station(ctx)
    config = station.config
    if port is not None:
        config = replace(config, console=replace(config.console, port=port))
    serve(config, station.engine, station.clock, announce=click.echo)
