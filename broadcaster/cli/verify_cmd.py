from __future__ import annotations

import sys
from pathlib import Path

import click

from broadcaster import i18n
from broadcaster.asrun import verify_database
from broadcaster.cli.common import UserError, open_station
from broadcaster.proof.verify import verify_path


@click.command("verify")
@click.argument("path", required=False, type=click.Path(path_type=Path, exists=True))
@click.option(
    "--database", is_flag=True, help="Check the whole as-run chain in the station database."
)
@click.pass_context
def command(ctx: click.Context, path: Path | None, database: bool) -> None:
    """Check an export (folder, .json or .csv) or the database; exit 1 if anything was changed."""
    if database:
        station = open_station(ctx)
        count, broken = verify_database(station.engine)
        if broken is None:
            click.echo(i18n.t("verify.db_ok", count=count))
            return
        click.echo(i18n.t("verify.db_bad", seq=broken.seq, problem=broken.problem))
        sys.exit(1)
    if path is None:
        raise UserError(i18n.t("verify.nothing"), exit_code=2)
    verdict = verify_path(path)
    if verdict.ok:
        click.echo(i18n.t("verify.ok", path=path, count=verdict.rows_checked))
        return
    click.echo(i18n.t("verify.bad", path=path, count=len(verdict.problems)))
    for problem in verdict.problems:
        click.echo(f"  - {problem}")
    sys.exit(1)
