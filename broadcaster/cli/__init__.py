"""Command line: one module per command, each a thin wrapper over one core call.

Expected errors become one-line messages here, in one place:
exit 2 for configuration errors, 1 for other operator errors.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from broadcaster import __version__, allocator, i18n
from broadcaster.cli.common import UserError
from broadcaster.config import ConfigError
from broadcaster.decode import ToolMissing
from broadcaster.outputs import OutputFailed, OutputRefused


class _Group(click.Group):
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
    help="Station configuration file.",
)
@click.option("-v", "--verbose", is_flag=True, help="Debug messages on stderr.")
@click.version_option(__version__, prog_name="broadcaster")
@click.pass_context
def main(ctx: click.Context, config_path: Path, verbose: bool) -> None:
    """broadcaster: phát chương trình đúng lịch và ghi nhật ký phát thanh trung thực.

    Airs each programme at its planned slots and keeps a truthful as-run log.
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
    ):
        main.add_command(module.command)


_register()


def entry() -> None:
    """The `broadcaster` program: `run` restarts itself on jemalloc first (allocator.py)."""
    allocator.restart_on_jemalloc()
    main()


_ = i18n  # messages are chosen by the station's language once the config is read
