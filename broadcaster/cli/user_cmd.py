"""`user`: the station console's accounts (tài khoản).

There is no default account and no default password. `user add NAME --role ROLE` asks for
the password twice (or reads one line from stdin with `--password-stdin`, for scripts);
only its argon2 hash is stored. Exit codes: 0 done; 1 no such account; 2 a bad name,
password or role, or the name is taken.
"""

from __future__ import annotations

import getpass
import sys

import click

from broadcaster import i18n
from broadcaster.cli.common import open_station
from broadcaster.console import accounts as rules
from broadcaster.errors import UserError
from broadcaster.i18n import display
from broadcaster.store import accounts


def _who() -> str:
    """Who typed the command, for the audit log ("cli:" and the system account)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # a uid with no name (a container): still one line
        return "cli"


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        # One line; its end may be "\n" or "\r\n" (a file written on Windows, a
        # here-string in PowerShell): neither is part of the password.
        line = sys.stdin.readline(rules.MAX_PASSWORD + 3)
        password = line.removesuffix("\n").removesuffix("\r")
    else:
        password = getpass.getpass(i18n.t("user.password_prompt"))
        if getpass.getpass(i18n.t("user.password_again")) != password:
            raise UserError(i18n.t("console.account.passwords_differ"), exit_code=2)
    problem = rules.password_problem(password)
    if problem is not None:
        raise UserError(i18n.t(problem, minimum=rules.MIN_PASSWORD), exit_code=2)
    return password


@click.group("user")
def command() -> None:
    """Console accounts: add, list, new password, disable."""


@command.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(rules.ROLES), default=rules.OPERATOR, show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
@click.pass_context
def add(ctx: click.Context, name: str, role: str, password_stdin: bool) -> None:
    """Add an account that can log in to the station console."""
    name = rules.normal_name(name)
    problem = rules.name_problem(name)
    if problem is not None:
        raise UserError(i18n.t(problem, maximum=rules.MAX_NAME), exit_code=2)
    station = open_station(ctx)
    password = _read_password(password_stdin)
    try:
        accounts.add_account(
            station.engine,
            name,
            rules.hash_password(password),
            role,
            _who(),
            station.now(),
        )
    except accounts.AccountExists:
        raise UserError(i18n.t("console.account.exists", name=name), exit_code=2) from None
    accounts.record_audit(station.engine, station.now(), _who(), "account_add", name, role)
    click.echo(i18n.t("user.added", name=name, role=i18n.t(f"console.role.{role}")))


@command.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """List the console's accounts."""
    station = open_station(ctx)
    rows = accounts.list_accounts(station.engine)
    if not rows:
        click.echo(i18n.t("user.none"))
        return
    tz = station.config.station.tz
    for row in rows:
        state = (
            i18n.t("user.disabled_since", when=display.date_time(row.disabled_at, tz))
            if row.disabled_at
            else i18n.t("user.active")
        )
        click.echo(
            i18n.t(
                "user.row",
                name=row.name,
                role=i18n.t(f"console.role.{row.role}"),
                created=display.date_time(row.created_at, tz),
                state=state,
            )
        )


@command.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
@click.pass_context
def password(ctx: click.Context, name: str, password_stdin: bool) -> None:
    """Give an account a new password (its open sessions are logged out)."""
    name = rules.normal_name(name)
    station = open_station(ctx)
    if accounts.active_account(station.engine, name) is None:
        raise UserError(i18n.t("user.no_such", name=name), exit_code=1)
    secret = _read_password(password_stdin)
    accounts.set_password(station.engine, name, rules.hash_password(secret))
    accounts.record_audit(station.engine, station.now(), _who(), "account_password", name)
    click.echo(i18n.t("user.password_set", name=name))


@command.command("disable")
@click.argument("name")
@click.pass_context
def disable(ctx: click.Context, name: str) -> None:
    """Disable an account (it can no longer log in; its name stays in the audit log)."""
    name = rules.normal_name(name)
    station = open_station(ctx)
    if not accounts.disable_account(station.engine, name, station.now()):
        raise UserError(i18n.t("user.no_such", name=name), exit_code=1)
    accounts.record_audit(station.engine, station.now(), _who(), "account_disable", name)
    click.echo(i18n.t("user.disabled", name=name))
