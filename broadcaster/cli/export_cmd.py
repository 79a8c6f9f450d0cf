from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import click

from broadcaster import i18n
from broadcaster.cli.common import App, check_month, check_year, open_station
from broadcaster.config import Config
from broadcaster.i18n import display
from broadcaster.proof.csv_out import render_csv
from broadcaster.proof.export import FORMATS, base_name, export_month, folder_names, signed_month
from broadcaster.proof.json_out import render_json
from broadcaster.proof.labels import label
from broadcaster.store.db import open_engine
from broadcaster.store.outputs import check_file_target, check_folder_target, station_paths


@click.command("export")
@click.option("--month", help="YYYY-MM (default: the previous month).")
@click.option("--year", help="YYYY: every month of the year, one folder each under -o.")
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
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing export file (never the station's own files).",
)
@click.pass_context
def command(
    ctx: click.Context,
    month: str | None,
    year: str | None,
    fmt: str | None,
    lang: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Export a month's broadcast log (nhật ký phát thanh): summary, verdicts, every airing."""
    station = open_station(ctx)  # first: it sets the station's language for the messages
    month, year = check_month(month), check_year(year)
    if year is not None:
        _export_year(station, year, fmt, lang or station.config.station.language, output, force)
        return
    if month is None:
        first_of_month = station.now().astimezone(station.config.station.tz).replace(day=1)
        month = (first_of_month - timedelta(days=1)).strftime("%Y-%m")
    lang = lang or station.config.station.language
    if fmt in ("json", "csv") and output is None:
        document = signed_month(station.engine, station.config, month, station.now())
        text = render_json(document) if fmt == "json" else render_csv(document)
        sys.stdout.write(text)
        return
    document, written = export_month(
        station.engine, station.config, month, station.now(), fmt, lang, output, force
    )
    where = written[0].parent if fmt is None else written[0]
    click.echo(
        i18n.t(
            "export.written",
            count=len(document["rows"]),
            month=display.period_label(month),
            path=where,
        )
    )
    verdict = document["summary"]["totals"]["verdict"]
    click.echo(f"{label('verdict', lang)}: {label('verdict.' + verdict, lang)}")


def _export_year(
    station: App, year: str, fmt: str | None, lang: str, output: Path | None, force: bool
) -> None:
    root = output or Path(f"{station.config.station.id}-{year}")
    jobs = []
    for number in range(1, 13):
        month = f"{year}-{number:02d}"
        name = f"{station.config.station.id}-{month}" if fmt is None else f"{month}.{fmt}"
        target = root / name
        # Every target is checked before any month is written: all or nothing refused.
        protected = station_paths(station.config)
        if fmt is None:
            check_folder_target(
                target, folder_names(base_name(station.config, month)), force, protected
            )
        else:
            check_file_target(target, force, protected)
        jobs.append((station.config, month, station.now(), fmt, lang, target, force))
    # Months are independent: the station PC's cores write them side by side.
    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        for (_, month, _, _, _, target, _), count in zip(
            jobs, pool.map(export_one, jobs), strict=True
        ):
            click.echo(
                i18n.t(
                    "export.written", count=count, month=display.period_label(month), path=target
                )
            )


def export_one(job: tuple[Config, str, datetime, str | None, str, Path, bool]) -> int:
    """One month in a worker process, with its own database connection."""
    config, month, now, fmt, lang, target, force = job
    engine = open_engine(config.paths.database, config.paths.database_file)
    try:
        document, _ = export_month(engine, config, month, now, fmt, lang, target, force)
    finally:
        engine.dispose()
    return len(document["rows"])
