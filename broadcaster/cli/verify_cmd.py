"""`broadcaster verify PATH | --database`: exit 0 intact, 1 tampered or forged, 2 cannot check."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from broadcaster import i18n
from broadcaster._lib.signing import PublicKey, read_public_key
from broadcaster.cli.common import max_mb_option, open_station
from broadcaster.errors import KeyFileError, UserError
from broadcaster.proof.verify import VerifyReport, verify_path
from broadcaster.proof.witnesses import DatabaseVerdict, check_database


def trusted_key(path: Path | None) -> PublicKey | None:
    if path is None:
        return None
    try:
        return read_public_key(path)
    except KeyFileError as exc:
        raise UserError(i18n.t("verify.bad_key_file", path=path, detail=exc), exit_code=2) from None


@click.command("verify")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--database", is_flag=True, help="Check the station database's chain and its witnesses."
)
@click.option(
    "--key",
    "key_file",
    type=click.Path(path_type=Path),
    help="The station's public key (from `broadcaster key -o`): confirms where PATH comes from.",
)
@click.option(
    "--export",
    "exports",
    multiple=True,
    type=click.Path(path_type=Path),
    help="With --database: also compare the database with this export (repeatable).",
)
@max_mb_option
@click.pass_context
def command(
    ctx: click.Context,
    path: Path | None,
    database: bool,
    key_file: Path | None,
    exports: tuple[Path, ...],
    max_mb: int,
) -> None:
    """Check an export (folder, a .zip of one, .json, .csv, .xlsx, .pdf) or the database.

    Exit 0 intact, 1 changed or forged, 2 cannot check."""
    if database:
        station = open_station(ctx)
        config = station.config
        result = check_database(
            station.engine,
            config.paths.database_file,
            config.database.backup_dir,
            config.retention.months,
            station.now(),
            exports,
        )
        show_database(result)
        sys.exit(result.exit_code)
    if path is None:
        raise UserError(i18n.t("verify.nothing"), exit_code=2)
    verdict = verify_path(path, trusted_key(key_file), max_mb * 1048576)
    show(verdict, path)
    sys.exit(verdict.exit_code)


def show(verdict: VerifyReport, path: Path) -> None:
    if verdict.problems:
        click.echo(i18n.t("verify.bad", path=path, count=len(verdict.problems)))
        for line in [*verdict.problems, *verdict.unchecked]:
            click.echo(f"  - {line}")
        return
    if verdict.unchecked:
        click.echo(i18n.t("verify.cannot", path=path))
        for line in verdict.unchecked:
            click.echo(f"  - {line}")
        return
    click.echo(i18n.t("verify.ok", path=path, count=verdict.rows_checked))
    if verdict.signer is not None:
        key = "verify.signer_confirmed" if verdict.origin_confirmed else "verify.signer_unconfirmed"
        click.echo(i18n.t(key, station=verdict.station_id, fingerprint=verdict.signer.fingerprint))


def show_database(result: DatabaseVerdict) -> None:
    if result.problems:
        click.echo(i18n.t("witness.bad", count=result.rows, problems=len(result.problems)))
        lines = [*result.problems, *result.unchecked]
    elif result.unchecked:
        click.echo(i18n.t("witness.cannot", count=result.rows))
        lines = result.unchecked
    else:
        click.echo(i18n.t("verify.db_ok", count=result.rows))
        lines = []
    for line in lines:
        click.echo(f"  - {line}")
    if result.witnesses:
        click.echo(i18n.t("witness.compared", witnesses=", ".join(result.witnesses)))
