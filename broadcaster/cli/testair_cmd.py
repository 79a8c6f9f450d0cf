from __future__ import annotations

import errno
from datetime import timedelta
from pathlib import Path

import click

from broadcaster import i18n
from broadcaster.cli.common import App, open_station
from broadcaster.core.durations import format_duration
from broadcaster.errors import BulletinRejected, UserError
from broadcaster.station.bulletins import bulletin_time
from broadcaster.station.testair import SAMPLE, plan_test_airing
from broadcaster.store.state import get_state


@click.command("test-airing")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--at", "at_text", help=i18n.t("cli_help.test-airing.at_text"))
@click.pass_context
def command(ctx: click.Context, file: Path | None, at_text: str | None) -> None:
    """A test airing (phát thử): FILE, or the bundled sample, once, at a quiet moment.
    Its help is `cli_help.test-airing`, in the station's language."""
    station = open_station(ctx)
    source = file if file is not None else SAMPLE
    if file is None and not source.is_file():
        raise UserError(i18n.t("testair.no_sample", path=source))
    if not source.is_file():
        raise UserError(
            i18n.t("testair.rejected", name=source.name, reason=i18n.t("testair.no_file"))
        )
    at = bulletin_time(at_text, station.now(), station.config.station.tz)
    try:
        done = plan_test_airing(station.engine, station.config, source, station.now(), at)
    except BulletinRejected as exc:
        raise UserError(
            i18n.t(
                "testair.rejected", name=source.name, reason=i18n.t(exc.reason_key, **exc.values)
            )
        ) from None
    except LookupError:
        raise UserError(i18n.t("testair.no_moment")) from None
    except OSError as exc:  # unreadable, or the library's disk is full
        raise UserError(
            i18n.t("testair.rejected", name=source.name, reason=_os_reason(exc))
        ) from None
    tz = station.config.station.tz
    when = done.airing.slot_at.astimezone(tz).strftime("%d/%m/%Y %H:%M:%S")
    if at is not None and done.airing.slot_at - done.wanted >= timedelta(seconds=1):
        wanted = done.wanted.astimezone(tz).strftime("%d/%m/%Y %H:%M:%S")
        click.echo(i18n.t("testair.moved", wanted=wanted, when=when))
    click.echo(
        i18n.t(
            "testair.done",
            title=done.programme.title,
            duration=format_duration(done.programme.duration_s),
            when=when,
        )
    )
    if not _daemon_running(station):
        click.echo(i18n.t("testair.daemon_down"))


def _os_reason(exc: OSError) -> str:
    """The reason in the operator's words; the system's own (English) only when unusual."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return i18n.t("testair.disk_full")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return i18n.t("testair.no_permission")
    return i18n.t("testair.unreadable", detail=exc.strerror or exc)


def _daemon_running(station: App) -> bool:
    """As `status` judges it: a heartbeat saying running, fresher than three reconciles."""
    beat = get_state(station.engine, "daemon")
    if beat is None:
        return False
    value, at = beat
    fresh = station.now() - at < station.config.daemon.reconcile_interval * 3 + timedelta(
        seconds=10
    )
    return value.get("state") == "running" and fresh
