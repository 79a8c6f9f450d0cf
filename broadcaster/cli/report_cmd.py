from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from broadcaster import i18n
from broadcaster._lib.signing import PublicKey, read_public_key
from broadcaster.cli.common import check_month, check_year, max_mb_option
from broadcaster.config import read_office
from broadcaster.core.periods import MAX_YEAR, MIN_YEAR
from broadcaster.errors import KeyFileError, UserError
from broadcaster.proof.report import collect
from broadcaster.proof.report_model import build_report
from broadcaster.proof.report_out import WRITERS
from broadcaster.proof.report_periods import (
    MAX_RANGE_YEARS,
    day_words,
    parse_day,
    range_scope,
)
from broadcaster.store.outputs import check_file_target, write_atomically


@click.command("report")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--month", help="YYYY-MM: one month across stations.")
@click.option("--year", help="YYYY: the twelve months of a year (the yearly report).")
@click.option("--from", "from_day", help="First day of the period: 15/12/2025 or 2025-12-15.")
@click.option("--to", "to_day", help="Last day of the period: 14/12/2026 or 2026-12-14.")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(WRITERS)), default="xlsx", show_default=True
)
@click.option("--lang", type=click.Choice(i18n.LANGUAGES), default="vi", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write.")
@click.option("--json", "as_json", is_flag=True, help="Print the merged report as JSON too.")
@click.option(
    "--keys",
    "keys_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of known station public keys, <station id>.pub: only exports signed by "
    "their station's key are counted.",
)
@max_mb_option
@click.option("--force", is_flag=True, help="Replace an existing report file.")
def command(
    inputs: tuple[Path, ...],
    month: str | None,
    year: str | None,
    from_day: str | None,
    to_day: str | None,
    fmt: str,
    lang: str,
    output: Path | None,
    as_json: bool,
    keys_dir: Path | None,
    max_mb: int,
    force: bool,
) -> None:
    """Merge JSON exports of many stations: station × month, required versus done, totals."""
    # The report's language (--lang) for the rest of this command line, its errors included:
    # the root context holds it until the group has reported them (#12).
    click.get_current_context().find_root().with_resource(i18n.speaking(lang))
    if month and year:
        raise UserError(i18n.t("report.month_or_year"), exit_code=2)
    ranged = from_day is not None or to_day is not None
    if ranged and (month or year):
        raise UserError(i18n.t("report.one_period"), exit_code=2)
    month, year = check_month(month), check_year(year)
    first, last = check_range(from_day, to_day) if ranged else (None, None)
    keys = read_keys(keys_dir) if keys_dir is not None else None
    scope = month or year or (f"{first}-{last}" if first else "all")
    path = output or Path(f"bao-cao-phat-thanh-{scope}.{fmt}")
    check_file_target(path, force)
    collected = collect(list(inputs), keys, max_mb * 1048576)
    # The day the report is made decides which months are still running or yet to come.
    today = date.today()
    report = build_report(collected, month=month, year=year, start=first, end=last, today=today)
    office = read_office(click.get_current_context().obj["config_path"])
    write_atomically(path, lambda partial: WRITERS[fmt](report, partial, lang, office))
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
        key = "report.flagged" if item["state"] == "untrusted" else "report.unchecked"
        click.echo(
            i18n.t(key, source=item["source"], problem=(item["problems"] or ["?"])[0]),
            err=as_json,
        )
    for one in collected:
        if one.trusted and one.conflicts:
            click.echo(
                i18n.t("report.conflict", source=one.source, problem=one.conflicts[0]),
                err=as_json,
            )


def check_range(from_day: str | None, to_day: str | None) -> tuple[date, date]:
    """`--from` and `--to`, both given, readable, in order and at most five years apart;
    exit 2 with one line otherwise."""
    if from_day is None or to_day is None:
        raise UserError(i18n.t("report.from_and_to"), exit_code=2)
    days = []
    for text in (from_day, to_day):
        try:
            days.append(parse_day(text))
        except ValueError:
            raise UserError(
                i18n.t("report.bad_day", got=text, low=MIN_YEAR, high=MAX_YEAR), exit_code=2
            ) from None
    first, last = days
    try:
        range_scope(first, last)
    except ValueError as exc:
        key = "report.range_order" if str(exc) == "order" else "report.range_long"
        raise UserError(
            i18n.t(key, first=day_words(first), last=day_words(last), years=MAX_RANGE_YEARS),
            exit_code=2,
        ) from None
    return first, last


def read_keys(folder: Path) -> dict[str, PublicKey]:
    """`<station id>.pub` files: what a supervisor was given by each station."""
    keys = {}
    try:
        files = sorted(folder.glob("*.pub"))
    except OSError as exc:
        raise UserError(
            i18n.t("verify.bad_key_file", path=folder, detail=exc), exit_code=2
        ) from None
    for path in files:
        try:
            keys[path.name[: -len(".pub")]] = read_public_key(path)
        except KeyFileError as exc:
            raise UserError(
                i18n.t("verify.bad_key_file", path=path, detail=exc), exit_code=2
            ) from None
    if not keys:
        raise UserError(i18n.t("report.no_keys", path=folder), exit_code=2)
    return keys
