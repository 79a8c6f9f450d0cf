"""`register_programme`, the one way into the library (ingest, bulletins, test airings):
placed by move, copy or in place, its row (and event) written, its loudness saved; when
the row cannot be written the file goes back where it was. A decoded file is stood in for
by its `AudioCheck`, so no ffmpeg runs."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from broadcaster.audio.decode import AudioCheck
from broadcaster.config import Config
from broadcaster.core.loudness import Loudness
from broadcaster.ingest.register import Transfer, register_programme
from broadcaster.store import levels
from broadcaster.store.errors import StoreError
from broadcaster.store.programmes import by_sha256, quarantined_events

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=TZ)
MEASURED = Loudness(-20.0, 3.0, -2.0, 0.5, 0.25)
HEARD = AudioCheck(ok=True, duration_s=600.0004, loudness=MEASURED, title=None)


def dropped(folder: Path, name: str, content: bytes) -> tuple[Path, str]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path, hashlib.sha256(content).hexdigest()


def register(config: Config, engine: Engine, source: Path, digest: str, **how):
    return register_programme(
        engine,
        config.paths.library,
        source,
        digest,
        HEARD,
        "chuyen-doi-so",
        "chuyen-doi-so",
        NOW,
        **how,
    )


@pytest.mark.parametrize("transfer", [Transfer.MOVE, Transfer.COPY])
def test_a_file_is_placed_stored_and_measured(
    config: Config, engine: Engine, transfer: Transfer
) -> None:
    source, digest = dropped(config.paths.inbox, "Bản tin tháng 3.mp3", b"one")
    programme = register(config, engine, source, digest, transfer=transfer, with_event=True)
    assert programme is not None and programme.id is not None
    target = config.paths.library / programme.file_name
    assert target.read_bytes() == b"one"
    assert source.exists() is (transfer is Transfer.COPY)
    assert programme.file_name.startswith("chuyen-doi-so/")
    assert (programme.title, programme.duration_s) == ("Bản tin tháng 3", 600.0)
    assert by_sha256(engine, digest) == programme
    assert levels.load(engine, programme.id) == MEASURED
    assert quarantined_events(engine) == []  # an accepted file's event names no quarantine


def test_a_file_already_in_the_library_stays_where_it_is(config: Config, engine: Engine) -> None:
    source, digest = dropped(config.paths.library / "chuyen-doi-so", "mot.mp3", b"in place")
    programme = register(config, engine, source, digest, transfer=Transfer.IN_PLACE)
    assert programme is not None and programme.file_name == "chuyen-doi-so/mot.mp3"
    assert source.read_bytes() == b"in place"


def test_the_same_content_stored_first_elsewhere_sends_the_file_back(
    config: Config, engine: Engine
) -> None:
    first, digest = dropped(config.paths.inbox, "a.mp3", b"same")
    assert register(config, engine, first, digest) is not None
    again, _ = dropped(config.paths.inbox, "b.mp3", b"same")
    assert register(config, engine, again, digest) is None
    assert again.read_bytes() == b"same"  # back in the inbox, not left in the library
    assert sorted(p.name for p in (config.paths.library / "chuyen-doi-so").iterdir()) == ["a.mp3"]


def test_a_row_that_cannot_be_written_puts_the_file_back(
    config: Config, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import broadcaster.ingest.register as register_module

    def full(*_args: object, **_kwargs: object) -> None:
        raise StoreError("database or disk is full")

    monkeypatch.setattr(register_module, "add_programme", full)
    source, digest = dropped(config.paths.inbox, "c.mp3", b"three")
    with pytest.raises(StoreError):
        register(config, engine, source, digest)
    assert source.read_bytes() == b"three"
    assert list((config.paths.library / "chuyen-doi-so").iterdir()) == []
