"""Command line: one module per command, each a thin wrapper over one core call.

Expected errors (broadcaster/errors.py) become their one-line message and exit code here,
in one place: 2 for configuration and argument errors, 3 when the daemon cannot start, 1
for other operator errors.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from broadcaster import i18n
from broadcaster._lib import allocator, console
from broadcaster.cli.language import early_language, show_version, speak_click
from broadcaster.errors import BroadcasterError


class _Group(click.Group):
    def main(self, args: Any = None, *rest: Any, **extra: Any) -> Any:
        """The one place the language is chosen: the station's, from `--config`'s
        `[station] language`, for everything this command line does (parsing, --help,
        the command, its errors), and undone when it returns (#12)."""
        words = list(sys.argv[1:] if args is None else args)
        with i18n.speaking(early_language(self, words)):
            return super().main(words, *rest, **extra)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        # --help and usage errors come out of parsing: click must speak before it.
        speak_click(self)
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BroadcasterError as exc:  # every expected failure, worded by itself (errors.py)
            click.echo(exc.line(), err=True)
            sys.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    default="config.toml",
    envvar="BROADCASTER_CONFIG",
    show_default=True,
    help="Station configuration file.",  # cli_help.* in i18n gives the station's language
)
@click.option("-v", "--verbose", is_flag=True, help="Debug messages on stderr.")
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=show_version,
    help="Show the version and exit.",
)
@click.pass_context
def main(ctx: click.Context, config_path: Path, verbose: bool) -> None:
    """broadcaster: airs each programme at its planned slots and keeps a truthful as-run log.

    The help an operator reads is `cli_help.main` in i18n, in the station's language.
    """
    ctx.obj = {"config_path": config_path, "verbose": verbose}


def _register() -> None:
    if allocator.command_of(sys.argv[1:]) == "console":
        # `broadcaster console` (the process `run` starts beside the daemon, #13) loads its
        # own command only: the others bring the proof, audio, ingest and scheduler
        # libraries, about 14 MB the console never uses (daemon + console ≤ 150 MB).
        from broadcaster.cli import console_cmd

        main.add_command(console_cmd.command)
        return
    from broadcaster.cli import (
        announce_cmd,
        central_cmd,
        config_cmd,
        console_cmd,
        correct_cmd,
        db_cmd,
        doctor_cmd,
        export_cmd,
        ingest_cmd,
        key_cmd,
        plan_cmd,
        programme_cmd,
        purge_cmd,
        report_cmd,
        run_cmd,
        status_cmd,
        sync_cmd,
        testair_cmd,
        user_cmd,
        verify_cmd,
    )

    for module in (
        run_cmd,
        ingest_cmd,
        plan_cmd,
        status_cmd,
        export_cmd,
        verify_cmd,
        report_cmd,
        purge_cmd,
        correct_cmd,
        doctor_cmd,
        db_cmd,
        announce_cmd,
        testair_cmd,
        key_cmd,
        programme_cmd,
        config_cmd,
        console_cmd,
        user_cmd,
        sync_cmd,
        central_cmd,
    ):
        main.add_command(module.command)


_register()


def entry() -> None:
    """The `broadcaster` program: `run` restarts itself on jemalloc first (allocator.py)."""
    allocator.restart_on_jemalloc()
    console.make_streams_safe()  # before click or loguru write anything
    main()
