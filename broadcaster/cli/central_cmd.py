"""`broadcaster central ca init | issue | service | revoke | list`: the province's certificate
authority (#14), run at the province office, not at a station (no station config is read).

`central ca init` makes the CA; `issue STATION` a station's certificate, key and the CA's
certificate, into a folder to carry to the station; `service HOST` the service's own
certificate; `revoke STATION` revokes every certificate of a station (a stolen PC) and signs
the revocation list again; `list` shows what was issued. Exit codes: 0 done; 2 a refusal
(a bad station id or host, a file that exists, a CA folder that is not one, a key others
can read), one line each.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import click

from broadcaster import i18n
from broadcaster._lib import pki
from broadcaster.clock import SystemClock
from broadcaster.i18n import display

DEFAULT_DIR = Path("var/central/ca")


def _now() -> datetime:
    return SystemClock().now()


def _dir_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--dir",
        "folder",
        type=click.Path(path_type=Path),
        default=DEFAULT_DIR,
        show_default=True,
        help="The CA folder.",
    )(command)


@click.group("central")
def central() -> None:
    """The province service (#14): its certificate authority."""


command = central


@central.group("ca")
def ca() -> None:
    """The province's certificate authority: who may talk to the province service."""


@ca.command("init")
@click.option("--name", required=True, help="The CA's name, e.g. the province department.")
@_dir_option
def init(name: str, folder: Path) -> None:
    """Make the province CA (once)."""
    cert = pki.init_ca(folder, name, _now())
    click.echo(i18n.t("central.ca_made", path=cert, key=folder / pki.CA_KEY))


@ca.command("issue")
@click.argument("station")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="New folder for station.crt, station.key and ca.crt.",
)
@_dir_option
def issue(station: str, output: Path, folder: Path) -> None:
    """Issue STATION's certificate (its [station] id)."""
    issued = pki.issue_station(folder, station, output, _now())
    click.echo(i18n.t("central.issued", station=issued.station, path=output))


@ca.command("service")
@click.argument("host")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="New folder for service.crt, service.key and ca.crt.",
)
@_dir_option
def service(host: str, output: Path, folder: Path) -> None:
    """Issue the province service's own certificate for HOST (a name or an IP address)."""
    pki.issue_service(folder, host, output, _now())
    click.echo(i18n.t("central.service_issued", host=host, path=output))


@ca.command("revoke")
@click.argument("station")
@_dir_option
def revoke(station: str, folder: Path) -> None:
    """Revoke every certificate of STATION; the revocation list is signed again."""
    serials = pki.revoke(folder, station, _now())
    click.echo(
        i18n.t("central.revoked", station=station, count=len(serials), path=folder / pki.CRL)
    )


@ca.command("list")
@_dir_option
def listing(folder: Path) -> None:
    """Every certificate issued, newest last."""
    now = _now()
    for entry in pki.issued(folder):
        until = datetime.fromisoformat(entry["not_after"]).astimezone(UTC)
        state = (
            i18n.t("central.state_revoked")
            if entry.get("revoked_at")
            else i18n.t("central.state_expired")
            if until <= now
            else i18n.t("central.state_valid")
        )
        click.echo(
            i18n.t(
                "central.listed",
                station=entry["station"],
                until=display.date_time(until, None),
                state=state,
            )
        )
