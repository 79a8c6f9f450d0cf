from __future__ import annotations

from pathlib import Path

import click

from broadcaster import i18n
from broadcaster.cli.common import open_station
from broadcaster.core.vocab import Priority
from broadcaster.errors import BulletinRejected, UserError
from broadcaster.i18n import display
from broadcaster.station.bulletins import announce, bulletin_time


@click.command("announce")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--priority",
    type=click.Choice([p.value for p in Priority]),  # values: click shows an enum's names
    default=Priority.NORMAL.value,
    show_default=True,
    help="emergency: at once, cutting what is on air; priority: right after it; normal: next free slot.",
)
@click.option("--at", "at_text", help="HH:MM[:SS] (station time) or an ISO 8601 time.")
@click.pass_context
def command(ctx: click.Context, file: Path, priority: str, at_text: str | None) -> None:
    """Air a bulletin (bản tin): the file is copied to the library; the running daemon airs it."""
    station = open_station(ctx)
    at = bulletin_time(at_text, station.now(), station.config.station.tz)
    try:
        done = announce(station.engine, station.config, file, Priority(priority), station.now(), at)
    except BulletinRejected as exc:
        raise UserError(
            i18n.t("announce.rejected", name=file.name, reason=i18n.t(exc.reason_key, **exc.values))
        ) from None
    except LookupError:
        raise UserError(i18n.t("announce.no_slot")) from None
    slot = done.airing.slot_at.astimezone(station.config.station.tz)
    when = display.date_time(slot, seconds=bool(slot.second))
    click.echo(
        i18n.t(
            "announce.done",
            title=done.programme.title,
            priority=i18n.t(f"priority.{priority}"),
            when=when,
        )
    )
    if done.signal_note:
        click.echo(done.signal_note)
