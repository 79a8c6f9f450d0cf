from __future__ import annotations

import json
from pathlib import Path

import click

from broadcaster import i18n
from broadcaster.cli.common import UserError, check_month, check_year, max_mb_option
from broadcaster.outputs import check_file_target, write_atomically
from broadcaster.proof.report import build_report, collect
from broadcaster.proof.report_out import WRITERS
from broadcaster.proof.signing import KeyFileError, PublicKey, read_public_key


@click.command("report")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--month", help="YYYY-MM: one month across stations.")
@click.option("--year", help="YYYY: the twelve months of a year (the yearly report).")
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
    fmt: str,
    lang: str,
    output: Path | None,
    as_json: bool,
    keys_dir: Path | None,
    max_mb: int,
    force: bool,
) -> None:
    """Merge JSON exports of many stations: station × month, required versus done, totals."""
    i18n.set_language(lang)
    if month and year:
        raise UserError(i18n.t("report.month_or_year"), exit_code=2)
    month, year = check_month(month), check_year(year)
    keys = read_keys(keys_dir) if keys_dir is not None else None
    scope = month or year or "all"
    path = output or Path(f"bao-cao-phat-thanh-{scope}.{fmt}")
    check_file_target(path, force)
    collected = collect(list(inputs), keys, max_mb * 1048576)
    report = build_report(collected, month=month, year=year)
    write_atomically(path, lambda partial: WRITERS[fmt](report, partial, lang))
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
