"""Command line: one module per command, each a thin wrapper over one core call.

Expected errors become one-line messages here, in one place:
exit 2 for configuration errors, 1 for other operator errors.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from broadcaster import i18n
from broadcaster._lib import allocator, console
from broadcaster._lib.outputs import OutputFailed, OutputRefused
from broadcaster.audio.decode import ToolMissing
from broadcaster.cli.common import UserError
from broadcaster.cli.language import set_early_language, show_version
from broadcaster.config.schema import ConfigError


class _Group(click.Group):
    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        # --help and usage errors come out of parsing: the language must be known before.
        set_early_language(self, args)
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(exc.render(), err=True)
            sys.exit(2)
        except UserError as exc:
            click.echo(str(exc), err=True)
            sys.exit(exc.exit_code)
        except OutputRefused as exc:
            click.echo(str(exc), err=True)
            sys.exit(2)
        except OutputFailed as exc:
            click.echo(str(exc), err=True)
            sys.exit(1)
        except ToolMissing:
            click.echo(i18n.t("error.ffmpeg_missing"), err=True)
            sys.exit(1)


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
    from broadcaster.cli import (
        announce_cmd,
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
        testair_cmd,
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
    ):
        main.add_command(module.command)


_register()


def entry() -> None:
    """The `broadcaster` program: `run` restarts itself on jemalloc first (allocator.py)."""
    allocator.restart_on_jemalloc()
    console.make_streams_safe()  # before click or loguru write anything
    main()
