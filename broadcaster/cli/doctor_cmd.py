from __future__ import annotations

import sys

import click

from broadcaster import i18n
from broadcaster._lib.logs import divert_native_stderr, setup_logging
from broadcaster.clock import SystemClock
from broadcaster.config import load_config
from broadcaster.ops.doctor import run_checks


@click.command("doctor")
@click.pass_context
def command(ctx: click.Context) -> None:
    """Check this PC is ready to air: libVLC, ffmpeg, sound, database, disk, clock, inbox.

    Exit 0 when every check passes, 1 otherwise. Works on a damaged database too.
    """
    # Not open_station(): it stops at a database that will not open, and that is exactly
    # one of the things the doctor must report.
    config = load_config(ctx.obj["config_path"])
    # The audio check opens libVLC: its ALSA chatter goes to the debug file, not the report.
    divert_native_stderr(config.paths.logs)
    setup_logging(None, ctx.obj.get("verbose", False), quiet=True, tz=config.station.tz)
    checks = run_checks(config, SystemClock())
    for check in checks:
        mark = "[OK]" if check.ok else "[!!]"
        click.echo(f"{mark} {check.name}: {check.detail}")
    failed = sum(1 for check in checks if not check.ok)
    if failed:
        click.echo(i18n.t("doctor.summary_bad", failed=failed, count=len(checks)))
        sys.exit(1)
    click.echo(i18n.t("doctor.summary_ok", count=len(checks)))
