from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import click

from broadcaster import i18n
from broadcaster.cli.common import open_station
from broadcaster.config.schema import parse_time
from broadcaster.core.vocab import Priority
from broadcaster.errors import BulletinRejected, Invalid, UserError
from broadcaster.i18n import display
from broadcaster.station.bulletins import announce

# A bulletin is news: a time more than a year ahead is a typo (2062 for 2026), and a time
# at the far end of the calendar overflows the date arithmetic of planning and airing.
MAX_AHEAD = timedelta(days=366)


def _when(text: str | None, station) -> datetime | None:  # type: ignore[no-untyped-def]
    """HH:MM[:SS] today in the station's zone (tomorrow if already past), or ISO 8601 from
    now to MAX_AHEAD."""
    if text is None:
        return None
    tz = station.config.station.tz
    now = station.now()
    try:
        moment: time = parse_time(text)
    except Invalid:
        try:
            parsed = datetime.fromisoformat(text.strip())
        except ValueError:
            raise UserError(i18n.t("announce.bad_time", got=text), exit_code=2) from None
        parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
        if not now <= parsed <= now + MAX_AHEAD:
            latest = display.date_time(now + MAX_AHEAD, tz)
            raise UserError(
                i18n.t("announce.time_out_of_range", got=text, latest=latest), exit_code=2
            ) from None
        return parsed
    today = now.astimezone(tz)
    result = today.replace(
        hour=moment.hour, minute=moment.minute, second=moment.second, microsecond=0
    )
    return result if result >= today else result + timedelta(days=1)


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
    at = _when(at_text, station)
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
