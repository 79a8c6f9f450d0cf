from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import click

from broadcaster import i18n
from broadcaster.cli.common import check_month, open_station
from broadcaster.proof.csv_out import render_csv
from broadcaster.proof.export import FORMATS, export_month
from broadcaster.proof.json_out import render_json
from broadcaster.proof.labels import label
from broadcaster.proof.month import build_month


@click.command("export")
@click.option("--month", help="YYYY-MM (default: the previous month).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="One format; without it, all four and manifest.json go into one folder.",
)
@click.option(
    "--lang",
    type=click.Choice(i18n.LANGUAGES),
    help="Language of the document (default: the station's).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="The folder (all formats) or the file (one format). JSON and CSV go to stdout without it.",
)
@click.pass_context
def command(
    ctx: click.Context, month: str | None, fmt: str | None, lang: str | None, output: Path | None
) -> None:
    """Export a month's broadcast log (nhật ký phát thanh): summary, verdicts, every airing."""
    station = open_station(ctx)
    if month is None:
        first_of_month = station.now().astimezone(station.config.station.tz).replace(day=1)
        month = (first_of_month - timedelta(days=1)).strftime("%Y-%m")
    month = check_month(month) or month
    lang = lang or station.config.station.language
    if fmt in ("json", "csv") and output is None:
        document = build_month(station.engine, station.config, month, station.now())
        text = render_json(document) if fmt == "json" else render_csv(document)
        sys.stdout.write(text)
        return
    document, written = export_month(
        station.engine, station.config, month, station.now(), fmt, lang, output
    )
    where = written[0].parent if fmt is None else written[0]
    click.echo(i18n.t("export.written", count=len(document["rows"]), month=month, path=where))
    verdict = document["summary"]["totals"]["verdict"]
    click.echo(f"{label('verdict', lang)}: {label('verdict.' + verdict, lang)}")
