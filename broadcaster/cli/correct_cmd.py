from __future__ import annotations

import click

from broadcaster import i18n
from broadcaster.cli.common import open_station
from broadcaster.core.vocab import Status
from broadcaster.errors import UserError
from broadcaster.station.records import correction_reason
from broadcaster.store.asrun import correct


@click.command("correct")
@click.argument("row")
@click.option(
    "--status", type=click.Choice([s.value for s in Status]), required=True, help="The true status."
)
@click.option("--reason", required=True, help="Why: who found what, when (kept in the log).")
@click.option("--played-s", type=float, help="The true played seconds, if they differ.")
@click.pass_context
def command(ctx: click.Context, row: str, status: str, reason: str, played_s: float | None) -> None:
    """Correct an as-run row (by seq or uid) with a new row; the original is never changed."""
    station = open_station(ctx)
    reason = correction_reason(reason)
    try:
        record = correct(station.engine, row, Status(status), reason, played_s, station.now())
    except LookupError:
        raise UserError(i18n.t("correct.not_found", row=row), exit_code=2) from None
    click.echo(
        i18n.t(
            "correct.done",
            seq=record.seq,
            original=record.corrects_uid,
            status=i18n.t(f"status.{status}"),
        )
    )
