"""`broadcaster key [-o FILE]`: the station's public signing key, for its supervisor."""

from __future__ import annotations

from pathlib import Path

import click

from broadcaster import i18n
from broadcaster.cli.common import open_station
from broadcaster.errors import KeyFileError, UserError
from broadcaster.proof.export import key_of
from broadcaster.store.outputs import check_file_target, station_paths, write_text_atomically


@click.command("key")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write the public key (PEM) to this file, e.g. <station id>.pub.",
)
@click.option("--force", is_flag=True, help="Replace an existing file.")
@click.pass_context
def command(ctx: click.Context, output: Path | None, force: bool) -> None:
    """Show the station's signing key (made at its first start); -o writes its public half."""
    station = open_station(ctx)
    try:
        key = key_of(station.config)
    except KeyFileError as exc:
        raise UserError(
            i18n.t("key.unreadable", path=station.config.paths.database, detail=exc)
        ) from None
    click.echo(
        i18n.t("key.show", station=station.config.station.id, fingerprint=key.public.fingerprint)
    )
    if output is None:
        click.echo(key.public.pem(), nl=False)
        return
    check_file_target(output, force, station_paths(station.config))
    write_text_atomically(output, key.public.pem())
    click.echo(i18n.t("key.written", path=output))
