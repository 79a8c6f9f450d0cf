"""`config`: the configuration in force, checked: the file's values and the defaults it
leaves out, as TOML (or JSON), passwords and webhook tokens hidden.

A config with errors prints the same lines and exits 2, as every other command does.
"""

from __future__ import annotations

from pathlib import Path

import click

from broadcaster.config import effective, load_config


@click.command("config")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def command(ctx: click.Context, as_json: bool) -> None:
    """Show the configuration in force: the file's values and the defaults, checked."""
    path: Path = ctx.obj["config_path"]
    config = load_config(path)  # ConfigError: the usual lines, exit 2
    settings = effective.settings_in(path)
    click.echo(
        effective.as_json(settings) if as_json else effective.as_toml(settings, config.source)
    )
