from __future__ import annotations

import sys
import time
from typing import Any

import click

from broadcaster import i18n
from broadcaster._lib.instance import lock_path, single_instance
from broadcaster.audio.decode import DecodeProgress
from broadcaster.cli.common import open_station
from broadcaster.core.vocab import IngestOutcome
from broadcaster.errors import AlreadyRunning
from broadcaster.ingest.ingester import Ingester
from broadcaster.ingest.names import shown_name
from broadcaster.ingest.stages import Outcome
from broadcaster.station.intake import station_ingester
from broadcaster.station.replan import replan

BAR_FROM_S = 60.0  # files at least this long show a bar


def _bar(name: str) -> DecodeProgress | None:
    """A progress bar on stderr while a long file is decoded and measured (only on a
    terminal; scripts and logs get the one-line outcome alone)."""
    if not sys.stderr.isatty():
        return None
    state: dict[str, Any] = {"bar": None, "at": 0}

    def report(done: float, total: float | None) -> None:
        if not total or total < BAR_FROM_S:
            return
        if state["bar"] is None:
            bar = click.progressbar(
                length=int(total), label=name, file=sys.stderr, show_percent=True
            )
            bar.__enter__()
            state["bar"] = bar
        step = min(int(total), int(done)) - state["at"]
        if step > 0:
            state["bar"].update(step)
            state["at"] += step
        if done >= total - 1:
            state["bar"].__exit__(None, None, None)
            state["bar"] = None

    return report


@click.command("ingest")
@click.option("--dry-run", is_flag=True, help="Only say what would be taken; move nothing.")
@click.pass_context
def command(ctx: click.Context, dry_run: bool) -> None:
    """Take in the inbox once (files must hold still for `settle`), then exit."""
    station = open_station(ctx)
    ingester = station_ingester(station.config, station.engine, station.clock)
    ingester.progress = _bar
    ingester.say = click.echo  # links left alone, names changed, files found at start-up
    adopted = [] if dry_run else _adopt_orphans(ingester)
    outcomes, waiting = ingester.scan(dry_run=dry_run)  # first look: note sizes and times
    if waiting:
        time.sleep(station.config.ingest.settle.total_seconds() + 0.2)
        more, waiting = ingester.scan(dry_run=dry_run)
        outcomes += more
    for outcome in outcomes:
        click.echo(outcome.message)
    for path in waiting:
        click.echo(i18n.t("ingest.waiting", name=shown_name(path.name)))
    if not outcomes and not waiting and not adopted:
        click.echo(i18n.t("ingest.nothing"))
    if not dry_run and any(o.outcome == IngestOutcome.ACCEPTED for o in adopted + outcomes):
        replan(station.engine, station.config, station.now(), station.config.player.preroll)


def _adopt_orphans(ingester: Ingester) -> list[Outcome]:
    """Library files a kill left without their programme row, as the daemon does at its
    start; skipped while the daemon runs, since it owns the library then (a file it is
    taking in right now has no row yet either)."""
    try:
        with single_instance(lock_path(ingester.config.paths)):
            return ingester.adopt_orphans()
    except AlreadyRunning:
        return []
