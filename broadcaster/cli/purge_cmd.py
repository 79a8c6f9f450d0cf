from __future__ import annotations

import click

from broadcaster import i18n
from broadcaster.cli.common import check_month, open_station
from broadcaster.proof.retention import plan_purge, purge


@click.command("purge")
@click.option(
    "--before", required=True, help="YYYY-MM: remove as-run rows of months before this one."
)
@click.option("--yes", is_flag=True, help="Do it (without it, only say what would be removed).")
@click.pass_context
def command(ctx: click.Context, before: str, yes: bool) -> None:
    """Remove as-run rows older than the retention period, after exporting them."""
    station = open_station(ctx)
    before = check_month(before) or before
    if not yes:
        plan = plan_purge(station.engine, station.config, before, station.now())
        click.echo(i18n.t("purge.dry_run", rows=plan.rows, months=", ".join(plan.months) or "—"))
        return
    plan, folders = purge(station.engine, station.config, before, station.now())
    click.echo(
        i18n.t("purge.done", rows=plan.rows, folders=", ".join(str(f) for f in folders) or "—")
    )
