from __future__ import annotations

import time

import click

from broadcaster import i18n
from broadcaster.cli.common import open_station
from broadcaster.ingest import Ingester
from broadcaster.scheduling import replan


@click.command("ingest")
@click.option("--dry-run", is_flag=True, help="Only say what would be taken; move nothing.")
@click.pass_context
def command(ctx: click.Context, dry_run: bool) -> None:
    """Take in the inbox once (files must hold still for `settle`), then exit."""
    station = open_station(ctx)
    ingester = Ingester(station.config, station.engine, station.clock)
    outcomes, waiting = ingester.scan(dry_run=dry_run)  # first look: note sizes and times
    if waiting:
        time.sleep(station.config.settle.total_seconds() + 0.2)
        more, waiting = ingester.scan(dry_run=dry_run)
        outcomes += more
    for outcome in outcomes:
        click.echo(outcome.message)
    for path in waiting:
        click.echo(i18n.t("ingest.waiting", name=path.name))
    if not outcomes and not waiting:
        click.echo(i18n.t("ingest.nothing"))
    if not dry_run and any(o.outcome == "accepted" for o in outcomes):
        replan(station.engine, station.config, station.now(), station.config.preroll)
