"""The inbox as the station sees it: the Ingester, with a file dropped into a bulletin
folder announced at that folder's level. Ingest sorts what arrives and never imports the
station; the station hands it this one decision (as beets' importer leaves its choices to
the layer above)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from broadcaster.clock import Clock
from broadcaster.config import Config
from broadcaster.core.vocab import Priority
from broadcaster.ingest.ingester import Ingester
from broadcaster.ingest.stages import BulletinTaken, OnBulletin
from broadcaster.station.bulletins import announce


def bulletin_handler(engine: Engine) -> OnBulletin:
    """A dropped bulletin file: moved into the library and announced at its level (with
    the Ingester's config of the moment: a reload swaps it)."""

    def take(config: Config, path: Path, priority: Priority, now: datetime) -> BulletinTaken:
        done = announce(engine, config, path, priority, now, move=True)
        return BulletinTaken(done.programme, done.airing.slot_at, done.reused)

    return take


def station_ingester(config: Config, engine: Engine, clock: Clock) -> Ingester:
    """The Ingester the daemon and `broadcaster ingest` run."""
    return Ingester(config, engine, clock, on_bulletin=bulletin_handler(engine))
