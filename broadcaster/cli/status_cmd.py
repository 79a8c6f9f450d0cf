from __future__ import annotations

import json

import click

from broadcaster.cli.common import open_station
from broadcaster.views import render_status, status_data


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def command(ctx: click.Context, as_json: bool) -> None:
    """Next airings, last airings, and health (daemon, audio output, inbox, database)."""
    station = open_station(ctx)
    data = status_data(station.engine, station.config, station.now())
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(render_status(data, station.config))
