from __future__ import annotations

import json
from pathlib import Path

import click

from broadcaster import i18n
from broadcaster.cli.common import UserError, check_month, check_year
from broadcaster.proof.report import build_report, collect
from broadcaster.proof.report_out import WRITERS


@click.command("report")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--month", help="YYYY-MM: one month across stations.")
@click.option("--year", help="YYYY: the twelve months of a year (the yearly report).")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(WRITERS)), default="xlsx", show_default=True
)
@click.option("--lang", type=click.Choice(i18n.LANGUAGES), default="vi", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write.")
@click.option("--json", "as_json", is_flag=True, help="Print the merged report as JSON too.")
def command(
    inputs: tuple[Path, ...],
    month: str | None,
    year: str | None,
    fmt: str,
    lang: str,
    output: Path | None,
    as_json: bool,
) -> None:
    """Merge JSON exports of many stations: station × month, required versus done, totals."""
    i18n.set_language(lang)
    if month and year:
        raise UserError(i18n.t("report.month_or_year"), exit_code=2)
    month, year = check_month(month), check_year(year)
    collected = collect(list(inputs))
    report = build_report(collected, month=month, year=year)
    scope = month or year or "all"
    path = output or Path(f"bao-cao-phat-thanh-{scope}.{fmt}")
    WRITERS[fmt](report, path, lang)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    flagged = [i for i in report["inputs"] if not i["verified"]]
    click.echo(
        i18n.t(
            "report.written", path=path, stations=len(report["stations"]), inputs=len(collected)
        ),
        err=as_json,
    )
    for item in flagged:
        click.echo(
            i18n.t("report.flagged", source=item["source"], problem=(item["problems"] or ["?"])[0]),
            err=as_json,
        )
