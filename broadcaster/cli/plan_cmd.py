from __future__ import annotations

import json

import click

from broadcaster.cli.common import check_month, open_station
from broadcaster.station.replan import replan
from broadcaster.station.views import alert_texts, plan_data, render_alerts, render_plan


@click.command("plan")
@click.option("--month", help="YYYY-MM (default: this month).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def command(ctx: click.Context, month: str | None, as_json: bool) -> None:
    """Show a month's planned airings, with anything unplaced or held."""
    station = open_station(ctx)
    month = check_month(month) or station.this_month()
    result = replan(station.engine, station.config, station.now(), station.config.player.preroll)
    # The warnings are about now (this month, files still to air), whatever month is shown.
    alerts = alert_texts(station.engine, station.config, station.now())
    if as_json:
        data = plan_data(station.engine, station.config, month, result.plan, station.now())
        click.echo(json.dumps({**data, "alerts": alerts}, ensure_ascii=False, indent=2))
    else:
        text = render_plan(
            station.engine,
            station.config,
            month,
            result.plan,
            station.now(),
            verbose=ctx.obj.get("verbose", False),  # loudness figures are the technician's
        )
        click.echo("\n".join([text, *render_alerts(alerts)]))
