"""`broadcaster sync`: one pass sending the as-run log to the province service (#14).

The rows the service does not hold yet go in batches of `[central] batch_rows`, with a line
of progress per batch; a pass stopped anywhere (the network, Ctrl+C) is simply run again.
Exit codes: 0 the service holds the whole log; 1 it could not be reached or refused (one
line, nothing lost: the rows stay in the log); 2 `[central]` is not set or its files
cannot be used; 3 the service holds another history of this station (a divergence: told,
never overwritten).
"""

from __future__ import annotations

import click
import httpx

from broadcaster import i18n
from broadcaster._lib.pki import station_context
from broadcaster.cli.common import open_station
from broadcaster.errors import UserError
from broadcaster.i18n import display
from broadcaster.station.central_sync import (
    divergence_words,
    heartbeat,
    send_heartbeat,
    sync_once,
    why_failed,
)
from broadcaster.store.state import set_state

CLOCK_WARN_S = 30  # a station clock this far off makes its slots and its log wrong
ACK = "central_ack"  # what the service acknowledged at the last pass (for `status`, next)


@click.command("sync")
@click.pass_context
def command(ctx: click.Context) -> None:
    """Send the as-run log to the province service now (one pass)."""
    station = open_station(ctx)
    central = station.config.central
    if not central.enabled:
        raise UserError(i18n.t("sync.not_set"), exit_code=2)
    context = station_context(central.ca, central.cert, central.key)
    click.echo(i18n.t("sync.start", url=central.url))

    def progress(done: int, total: int) -> None:
        click.echo(i18n.t("sync.progress", done=done, total=total))

    offset: float | None = None
    try:
        with httpx.Client(base_url=central.url, verify=context, timeout=60) as link:
            result = sync_once(
                station.engine, link, station.now(), central.batch_rows, progress=progress
            )
            if result.outcome == "done":
                beat = heartbeat(station.engine, station.config, station.now(), result.head_seq)
                offset = send_heartbeat(link, beat)
    except httpx.HTTPError as exc:
        why = why_failed(exc)
        raise UserError(i18n.t("sync.unreachable", url=central.url, detail=why)) from None
    if result.outcome == "divergence":
        raise UserError(
            i18n.t("sync.divergence", detail=divergence_words(result.detail)), exit_code=3
        )
    if result.outcome != "done":
        raise UserError(i18n.t("sync.refused", detail=result.detail))
    set_state(
        station.engine,
        ACK,
        {"head_seq": result.head_seq, "url": central.url},
        station.now(),
    )
    click.echo(i18n.t("sync.done", head=result.head_seq, added=result.added))
    if offset is not None and abs(offset) >= CLOCK_WARN_S:
        click.echo(i18n.t("sync.clock_off", seconds=display.number(offset, 0)))
