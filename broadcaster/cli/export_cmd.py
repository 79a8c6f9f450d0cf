from __future__ import annotations

from pathlib import Path

import click

from broadcaster import i18n
from broadcaster.cli.common import check_month, open_station
from broadcaster.export import month_rows, to_csv, to_json


@click.command("export")
@click.option("--month", required=True, help="YYYY-MM")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="File to write (default: stdout)."
)
@click.pass_context
def command(ctx: click.Context, month: str, fmt: str, output: Path | None) -> None:
    """Export a month's as-run rows (nhật ký phát thanh) as JSON or CSV."""
    station = open_station(ctx)
    month = check_month(month) or month
    rows = month_rows(station.engine, station.config, month)
    text = to_json(station.config, month, rows) if fmt == "json" else to_csv(rows)
    if output is None:
        click.echo(text, nl=False)
        return
    # utf-8-sig: Excel only reads UTF-8 CSV correctly with a BOM.
    output.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
    click.echo(i18n.t("export.written", count=len(rows), month=month, path=output), err=True)
