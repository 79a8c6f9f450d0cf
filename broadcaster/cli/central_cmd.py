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
from broadcaster.errors import UserError
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


@central.command("serve")
@click.option("--database", required=True, help="The service's PostgreSQL URL.")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8443, show_default=True, help="The port."
)
@click.option(
    "--certs",
    type=click.Path(path_type=Path),
    required=True,
    help="The folder `central ca service` wrote (service.crt, service.key, ca.crt).",
)
@_dir_option
def serve(database: str, host: str, port: int, certs: Path, folder: Path) -> None:
    """Run the province service: the station API over mutual TLS, on PostgreSQL."""
    from broadcaster.central.app import create_app
    from broadcaster.central.server import bind, make_server
    from broadcaster.store import migrations
    from broadcaster.store.db import connect
    from broadcaster.store.errors import OperationalError

    if not database.startswith(("postgresql://", "postgresql+psycopg://")):
        raise UserError(i18n.t("central.not_postgresql"), exit_code=2)
    # Read (and checked) before anything listens: a missing or open key is one line.
    for name in (pki.CA_CERT, pki.CRL):
        pki.read_checked(folder / name)
    pki.read_checked(certs / "service.crt")
    pki.read_checked(certs / "service.key", private=True)
    engine = connect(database.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        applied = migrations.apply_pending(engine, _now(), migrations.CENTRAL_MIGRATIONS)
    except OperationalError:  # the server is not there, or refuses the login
        raise UserError(i18n.t("central.database_unreachable"), exit_code=2) from None
    except Exception as exc:  # noqa: BLE001 - any other: one line, never a traceback
        raise UserError(
            i18n.t("central.database", detail=display.failure(exc)), exit_code=2
        ) from None
    for name in applied:
        click.echo(i18n.t("migrate.applied", name=name))
    try:
        sock = bind(host, port)
    except OSError as exc:
        raise UserError(
            i18n.t("central.cannot_listen", host=host, port=port, detail=exc.strerror),
            exit_code=2,
        ) from None
    server = make_server(
        create_app(engine, lambda: SystemClock().now()),
        folder / pki.CA_CERT,
        folder / pki.CRL,
        certs / "service.crt",
        certs / "service.key",
    )
    click.echo(i18n.t("central.listening", host=host, port=sock.getsockname()[1]))
    server.run(sockets=[sock])


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
