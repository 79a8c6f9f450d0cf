"""`broadcaster programme …`: thin commands over `broadcaster.programmes`.

A refused request (unknown number, bad period, no reason, a file refused by the ingest
checks) is one line in the station's language and exit 2; nothing is changed then.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from broadcaster import i18n
from broadcaster.cli.common import App, open_station
from broadcaster.core.programme_state import ACTIVE, WITHDRAWN
from broadcaster.errors import UserError
from broadcaster.programmes import library
from broadcaster.programmes.period_text import show_period
from broadcaster.programmes.replace import replace, replaced_line
from broadcaster.programmes.withdraw import withdraw
from broadcaster.station.replan import replan


def _id(text: str) -> int:
    """'12' or '#12' or 'số 12' → 12; exit 2 with one line otherwise."""
    match = re.fullmatch(r"\s*(?:số|so|no\.?)?\s*#?\s*([0-9]{1,9})\s*", text, re.IGNORECASE)
    if match is None:
        raise UserError(i18n.t("programme.bad_id", got=text), exit_code=2)
    return int(match.group(1))


def _replan(station: App) -> None:
    """As `ingest` does: the plan reflects the change at once (a running daemon also
    notices the change at its next reconcile tick)."""
    replan(station.engine, station.config, station.now(), station.config.player.preroll)


def _change_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option("--by", "by", help=i18n.t("cli_help.programme_withdraw.by"))(command)
    return click.option("--reason", default="", help=i18n.t("cli_help.programme_withdraw.reason"))(
        command
    )


@click.group("programme", help=i18n.t("cli_help.programme"))
def command() -> None:
    pass


@command.command("list", help=i18n.t("cli_help.programme_list"))
@click.option(
    "--all", "everything", is_flag=True, help=i18n.t("cli_help.programme_list.everything")
)
@click.pass_context
def list_command(ctx: click.Context, everything: bool) -> None:
    station = open_station(ctx)
    _replan(station)
    entries = library.library(station.engine, station.config, station.now(), everything=True)
    shown = [e for e in entries if everything or e.state == ACTIVE]
    if not shown:
        click.echo(i18n.t("programme.empty"))
    for entry in shown:
        if entry.state == ACTIVE:
            state = i18n.t("programme.state_active")
        elif entry.state == WITHDRAWN:
            state = i18n.t("programme.state_withdrawn")
        else:
            state = i18n.t("programme.state_replaced", other=entry.replaced_by)
        click.echo(
            i18n.t(
                "programme.row",
                id=entry.id,
                title=entry.title,
                series=entry.series_title,
                period=show_period(entry.period) if entry.period else i18n.t("programme.no_period"),
                done=entry.done,
                planned=entry.planned,
                state=state,
            )
        )
    hidden = len(entries) - len(shown)
    if hidden:
        click.echo(i18n.t("programme.hidden", count=hidden))


@command.command("withdraw", help=i18n.t("cli_help.programme_withdraw"))
@click.argument("programme_id")
@_change_options
@click.pass_context
def withdraw_command(ctx: click.Context, programme_id: str, reason: str, by: str | None) -> None:
    pid = _id(programme_id)
    station = open_station(ctx)
    done = withdraw(station.engine, station.config, pid, reason, by, station.now())
    _replan(station)
    title = done.programme.title
    if done.archived is not None:
        click.echo(
            i18n.t(
                "programme.withdrawn", id=pid, title=title, removed=done.removed, path=done.archived
            )
        )
    else:
        why = i18n.t(done.kept_reason or "programme.file_gone")
        click.echo(
            i18n.t("programme.withdrawn_kept", id=pid, title=title, removed=done.removed, why=why)
        )


@command.command("replace", help=i18n.t("cli_help.programme_replace"))
@click.argument("programme_id")
@click.argument("file", type=click.Path(path_type=Path))
@_change_options
@click.pass_context
def replace_command(
    ctx: click.Context, programme_id: str, file: Path, reason: str, by: str | None
) -> None:
    pid = _id(programme_id)
    station = open_station(ctx)
    done = replace(station.engine, station.config, station.clock, pid, file, reason, by)
    _replan(station)
    click.echo(replaced_line(pid, done))
    if done.archived is not None:
        click.echo(i18n.t("programme.replaced_archived", path=done.archived))
    elif done.kept_reason is not None:
        click.echo(i18n.t("programme.replaced_kept", why=i18n.t(done.kept_reason)))


@command.command("title", help=i18n.t("cli_help.programme_title"))
@click.argument("programme_id")
@click.argument("title")
@_change_options
@click.pass_context
def title_command(
    ctx: click.Context, programme_id: str, title: str, reason: str, by: str | None
) -> None:
    pid = _id(programme_id)
    station = open_station(ctx)
    old, new = library.retitle(
        station.engine, station.config, pid, title, reason, by, station.now()
    )
    click.echo(i18n.t("programme.retitled", id=pid, old=old, new=new))


@command.command("move", help=i18n.t("cli_help.programme_move"))
@click.argument("programme_id")
@click.argument("period")
@_change_options
@click.pass_context
def move_command(
    ctx: click.Context, programme_id: str, period: str, reason: str, by: str | None
) -> None:
    pid = _id(programme_id)
    station = open_station(ctx)
    done = library.move(station.engine, station.config, pid, period, reason, by, station.now())
    _replan(station)
    old = show_period(done.old) if done.old else i18n.t("programme.no_period")
    click.echo(
        i18n.t(
            "programme.moved",
            id=pid,
            title=done.programme.title,
            old=old,
            new=show_period(done.new),
        )
    )
