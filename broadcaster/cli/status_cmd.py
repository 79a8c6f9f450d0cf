"""`status`: next airings, last airings and health; the exit code says whether all is well.

Exit codes: 0 every check passes; 1 a check fails (the daemon is not running, the audio
output is lost, the inbox is missing, the database is in trouble); 2 the station cannot be
read (its configuration, or a database that does not open).
"""

from __future__ import annotations

import json
import sys

import click

from broadcaster.cli.common import open_station
from broadcaster.errors import UserError
from broadcaster.station.views import failed_checks, render_status, status_data

EXIT_CHECK_FAILED = 1
EXIT_UNREADABLE = 2


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def command(ctx: click.Context, as_json: bool) -> None:
    """Next airings, last airings, and health (daemon, audio output, inbox, database).

    Exit 0 when every check passes, 1 when one fails, 2 when the station cannot be read.
    """
    try:
        station = open_station(ctx)
    except UserError as exc:  # the database does not open: nothing can be checked
        raise UserError(str(exc), exit_code=EXIT_UNREADABLE) from None
    data = status_data(station.engine, station.config, station.now())
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(render_status(data, station.config, ctx.obj.get("verbose", False)))
    if failed_checks(data):
        sys.exit(EXIT_CHECK_FAILED)
