"""#15 §3, ingest: no file name, folder or link breaks taking files in.

Real files, real ffmpeg, a real SQLite file; the inbox, library and quarantine of the
`station` fixture. Names are made as bytes where the finding is about bytes.
"""

from __future__ import annotations

import codecs
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from loguru import logger
from sqlmodel import select

from broadcaster import i18n
from broadcaster.audio import decode
from broadcaster.audio.player.fake import FakePlayer
from broadcaster.cli import main
from broadcaster.core.inbox_words import REASON_SUFFIX
from broadcaster.core.vocab import IngestOutcome
from broadcaster.station.daemon import Daemon
from broadcaster.store.db import open_engine, session
from broadcaster.store.models import PlannedAiring
from tests.integration.ingest.test_ingest import (
    drop,
    events,
    files_under,
    make_ingester,
    programmes,
    scan_until_settled,
)
from tests.support.onair import slot_in
from tests.support.paths import REPO as ROOT
from tests.support.station import series_toml

SERIES = "chuyen-doi-so"
NAME_LIMIT = 255


@pytest.fixture
def warnings() -> Iterator[list[str]]:
    """Operator lines the ingester logs at WARNING or above while the test runs."""
    lines: list[str] = []
    sink = logger.add(lambda m: lines.append(m.record["message"]), level="WARNING")
    yield lines
    logger.remove(sink)


def ingest_cli(station) -> object:
    return CliRunner().invoke(main, ["--config", str(station.config_path), "ingest"])


def raw(folder: Path, name: bytes) -> Path:
    """A path whose name is these exact bytes (as a USB stick from Windows may hold)."""
    return Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))


def assert_fits(path: Path) -> None:
    encoded = os.fsencode(path.name)
    assert len(encoded) <= NAME_LIMIT and len(os.fsencode(path.name + REASON_SUFFIX)) <= NAME_LIMIT
    encoded.decode("utf-8")  # valid UTF-8: never a name that breaks the next tool


def test_a_name_that_is_not_utf8_is_taken_and_the_scan_goes_on(station, tone) -> None:
    """Finding: a name with invalid UTF-8 bytes raised `UnicodeEncodeError` on every scan,
    and every file sorted after it was never taken."""
    station.inbox.mkdir(parents=True)
    # Name bytes → how the record keeps them: "Bán tin sáng" in Windows-1258, and in VNI
    # (a letter, then its tone mark as a byte of its own); neither is UTF-8.
    recorded = {
        b"B\xe1n tin s\xe1ng.mp3": "B\\xe1n tin s\\xe1ng.mp3",
        b"Ba\xf9n tin chie\xe0u.mp3": "Ba\\xf9n tin chie\\xe0u.mp3",
    }
    for number, name in enumerate(recorded):
        shutil.copyfile(tone(1, 440 + 110 * number), raw(station.inbox, name))
    raw(station.inbox, b"h\xf3ng.mp3").write_text("không phải âm thanh", encoding="utf-8")
    after = drop(tone(1, 770), station.inbox / "z sau cùng.mp3")

    result = ingest_cli(station)

    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert files_under(station.inbox) == [], "a file was left behind"
    engine = make_ingester(station).engine
    taken = {p.original_name: p for p in programmes(engine)}
    assert set(taken) == {*recorded.values(), after.name}
    for name, text in recorded.items():
        programme = taken[text]
        assert codecs.escape_decode(programme.original_name.encode())[0] == name  # recoverable
        kept = station.library / programme.file_name
        assert kept.is_file() and "\ufffd" in kept.name
        assert_fits(kept)
        assert kept.name in result.stdout  # the operator is told the name it is kept under
    [rejected] = [e for e in events(engine) if e.outcome == IngestOutcome.REJECTED]
    assert rejected.source_name == "h\\xf3ng.mp3"
    assert rejected.quarantine_name is not None
    quarantined = station.quarantine / rejected.quarantine_name
    assert quarantined.is_file()
    assert_fits(quarantined)
    reason = (station.quarantine / (quarantined.name + REASON_SUFFIX)).read_text("utf-8-sig")
    assert i18n.t("reason.not_audio", "vi") in reason


def test_windows_device_names_get_a_safe_library_name(station, tone) -> None:
    """Finding (project guide): names reserved on Windows (CON, NUL, AUX, ...) and names
    with control characters must be kept under a name every station PC can create."""
    ingester = make_ingester(station)
    names = ["CON.mp3", "nul.tar.mp3", "Aux", "tin\nmới.mp3"]
    for number, name in enumerate(names):
        drop(tone(1, 300 + 50 * number), station.inbox / name)

    outcomes = scan_until_settled(ingester)

    assert sorted(o.outcome for o in outcomes) == [IngestOutcome.ACCEPTED] * len(names), outcomes
    kept = sorted(p.file_name.split("/")[-1] for p in programmes(ingester.engine))
    for name in kept:
        stem = name.split(".")[0].upper()
        assert stem not in {"CON", "NUL", "AUX"}, name
        assert not any(ord(c) < 0x20 for c in name), name
    assert {p.original_name for p in programmes(ingester.engine)} == {
        "CON.mp3",
        "nul.tar.mp3",
        "Aux",
        "tin\\x0amới.mp3",
    }


def test_links_in_the_inbox_are_never_followed_and_told_once(station, tone, warnings) -> None:
    """Finding: a symlinked folder (or file) inside the inbox pointing outside: ingest moved
    the outside folder's files into the library and quarantine, emptying it."""
    outside = station.root.parent / "ngoai"
    outside.mkdir()
    drop(tone(1), outside / "tot.mp3")
    (outside / "rac.mp3").write_text("không phải âm thanh", encoding="utf-8")
    lone = drop(tone(1, 550), station.root.parent / "le.mp3")
    before = {p: p.read_bytes() for p in [*files_under(outside), lone]}
    station.inbox.mkdir(parents=True)
    links = [
        station.inbox / SERIES,  # a series folder that is a link to a folder outside
        station.inbox / "le.mp3",  # a file link
        station.inbox / "khan-cap" / "bao.mp3",  # an emergency bulletin through a link
        station.inbox / "thong-thuong" / "cu",  # a folder link below a real folder
    ]
    links[0].symlink_to(outside, target_is_directory=True)
    links[1].symlink_to(lone)
    links[2].parent.mkdir()
    links[2].symlink_to(outside / "tot.mp3")
    links[3].parent.mkdir()
    links[3].symlink_to(outside, target_is_directory=True)
    ingester = make_ingester(station)

    for _ in range(3):
        ingester.scan()

    assert {p: p.read_bytes() for p in [*files_under(outside), lone]} == before
    assert all(link.is_symlink() for link in links)
    assert files_under(station.library) == [] and files_under(station.quarantine) == []
    assert programmes(ingester.engine) == [] and events(ingester.engine) == []
    told = [line for line in warnings if "liên kết" in line]
    assert len(told) == len(links), told  # once per link, not once per scan
    for link in links:
        name = link.relative_to(station.inbox).as_posix()
        assert sum(name in line for line in told) >= 1, (name, told)


def test_a_250_byte_name_fits_and_keeps_its_reason_file_and_record(station, tone) -> None:
    """Finding: a 250-byte name that gets rejected was stranded in quarantine with no reason
    file and no record (the `.reason.txt` name exceeded the 255-byte limit)."""
    ingester = make_ingester(station)
    long_stem = "Bản tin " + "ư" * 118  # 250 bytes with ".mp3", 'ư' two bytes each
    name = long_stem + ".mp3"
    assert len(name.encode()) == 250
    (station.inbox / name).write_text("không phải âm thanh", encoding="utf-8")
    good = long_stem[:-1] + "ơ.mp3"
    drop(tone(1), station.inbox / good)

    outcomes = scan_until_settled(ingester)
    (station.inbox / name).write_text("vẫn không phải âm thanh", encoding="utf-8")
    outcomes += scan_until_settled(ingester)  # the same name again: kept as "... (2).mp3"

    assert sorted(o.outcome for o in outcomes) == [
        IngestOutcome.ACCEPTED,
        IngestOutcome.REJECTED,
        IngestOutcome.REJECTED,
    ], outcomes
    assert files_under(station.inbox) == []
    rejected = [e for e in events(ingester.engine) if e.outcome == IngestOutcome.REJECTED]
    assert [e.source_name for e in rejected] == [name, name]
    for event in rejected:
        assert event.quarantine_name is not None
        kept = station.quarantine / event.quarantine_name
        assert kept.is_file() and kept.suffix == ".mp3"
        assert_fits(kept)
        reason = (station.quarantine / (kept.name + REASON_SUFFIX)).read_text("utf-8-sig")
        assert i18n.t("reason.not_audio", "vi") in reason
    assert len({e.quarantine_name for e in rejected}) == 2
    [programme] = programmes(ingester.engine)
    assert programme.original_name == good
    library_file = station.library / programme.file_name
    assert library_file.is_file() and library_file.suffix == ".mp3"
    assert_fits(library_file)


def test_a_rejected_bulletin_changed_in_quarantine_does_not_stop_the_scan(station, tone) -> None:
    """Found with the folder findings: a bulletin refused from `khan-cap/`, then edited in
    quarantine, raised `KeyError` on every scan (its folder is not kept), and no other file
    was taken any more. It stays in quarantine; its reason says to drop it again."""
    ingester = make_ingester(station)
    (station.inbox / "khan-cap").mkdir(parents=True)
    (station.inbox / "khan-cap" / "bao.mp3").write_text("không phải âm thanh", encoding="utf-8")
    scan_until_settled(ingester)
    (station.quarantine / "bao.mp3").write_text("vẫn không phải âm thanh", encoding="utf-8")
    drop(tone(1), station.inbox / "tot.mp3")

    outcomes = scan_until_settled(ingester)

    assert [(o.name, o.outcome) for o in outcomes] == [("tot.mp3", IngestOutcome.ACCEPTED)]
    assert (station.quarantine / "bao.mp3").is_file()
    reason = (station.quarantine / ("bao.mp3" + REASON_SUFFIX)).read_text("utf-8-sig")
    assert i18n.t("advice.drop_bulletin_again", "vi") in reason


KILL_AFTER_LIBRARY_MOVE = """
import os, signal, sys
from pathlib import Path

from broadcaster.ingest import register as ingest  # where a file is moved in
from broadcaster.cli import main

library = Path(sys.argv[2]).resolve()
real_move = ingest.move_file


def move_then_die(source, target, digest):
    real_move(source, target, digest)
    if library in Path(target).resolve().parents:
        os.kill(os.getpid(), signal.SIGKILL)  # kill -9 between the move and the row


ingest.move_file = move_then_die
main(["--config", sys.argv[1], "ingest"])
"""


def ingest_killed_after_the_move(station) -> str:
    """`broadcaster ingest` in a process killed (-9) right after a file's move into the
    library; its output."""
    done = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_LIBRARY_MOVE]
        + [str(station.config_path), str(station.library)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},  # what it said before the kill
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    return done.stdout


def test_a_kill_right_after_the_move_is_recovered_by_the_ingest_command(station, tone) -> None:
    """Finding: `kill -9` right after the inbox→library move left a library file with no
    programme row, silently dropped from the schedule (a bulletin's too)."""
    drop(tone(1), station.inbox / "Bản tin sáng.mp3")
    drop(tone(2), station.inbox / "khan-cap" / "Bão số 3.mp3")

    ingest_killed_after_the_move(station)  # the programme is moved in, then the kill
    second = ingest_killed_after_the_move(station)  # then the bulletin
    result = ingest_cli(station)

    assert result.exit_code == 0, result.output
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    taken = programmes(engine)
    assert [p.original_name for p in taken] == ["Bản tin sáng.mp3"], "dropped from the schedule"
    programme = taken[0]
    assert (station.library / programme.file_name).is_file()
    adopted = [line for line in (second + result.stdout).splitlines() if "Bản tin sáng" in line]
    assert len(adopted) == 1, adopted  # said once, in one line
    # The bulletin's level went with the kill: quarantined with its reason, and said.
    assert files_under(station.library / "bulletins") == []
    kept = station.quarantine / "Bão số 3.mp3"
    assert kept.is_file()
    reason = (station.quarantine / ("Bão số 3.mp3" + REASON_SUFFIX)).read_text("utf-8-sig")
    assert i18n.t("reason.orphan_bulletin", "vi") in reason
    assert [e.source_name for e in events(engine) if e.outcome == IngestOutcome.REJECTED] == [
        "Bão số 3.mp3"
    ]
    assert sum("Bão số 3.mp3" in line for line in result.stdout.splitlines()) == 1
    assert files_under(station.inbox) == []


def test_a_kill_right_after_the_move_is_recovered_at_daemon_start(station, tone) -> None:
    """Finding: `kill -9` right after the inbox→library move left a library file with no
    programme row; the daemon's start must take it in and plan it, and say so once."""
    station.write_series(SERIES, series_toml([slot_in(600)[0]]))  # nothing airs meanwhile
    drop(tone(1), station.inbox / "Bản tin chiều.mp3")
    ingest_killed_after_the_move(station)
    [orphan] = files_under(station.library)
    lines: list[str] = []
    logger.remove()
    logger.add(lambda m: lines.append(m.record["message"]), level="INFO")
    daemon = Daemon(station.config(), player_factory=FakePlayer)
    stop = threading.Event()
    thread = threading.Thread(target=daemon.run, args=(stop,), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        planned: list[PlannedAiring] = []
        while not planned and time.monotonic() < deadline:
            time.sleep(0.2)
            with session(daemon.engine) as db:
                planned = list(db.exec(select(PlannedAiring)).all())
    finally:
        stop.set()
        thread.join(15)
    taken = programmes(daemon.engine)
    assert [station.library / p.file_name for p in taken] == [orphan], "dropped from the schedule"
    programme = taken[0]
    assert planned and {p.programme_id for p in planned} == {programme.id}
    assert sum("Bản tin chiều" in line for line in lines if "\n" not in line) == 1, lines


def sparse_zeros(path: Path, size: int, head: bytes = b"") -> Path:
    """`head`, then zeros up to `size` bytes, without writing them (a sparse file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(head)
        out.truncate(size)
    return path


def test_junk_that_balloons_ffprobe_and_ffmpeg_is_quarantined_within_the_memory_bound(
    station, tone, monkeypatch
) -> None:
    """Finding: a 2 GB junk `.mp3` made ffprobe and ffmpeg each peak at 2.1 GB. The junk:
    no MPEG frame header in it (here zeros); libavformat's MP3 demuxer takes it on its name
    and its parser buffers the whole file looking for a frame. The bound is lowered for the
    test (`BROADCASTER_TOOL_MEMORY_MB`) so that 64 MiB of zeros prove it."""
    monkeypatch.setenv("BROADCASTER_TOOL_MEMORY_MB", "320")
    ingester = make_ingester(station)
    size = 64 << 20
    sparse_zeros(station.inbox / "rac.mp3", size)  # ffprobe balloons
    sparse_zeros(station.inbox / "dau tot duoi rac.mp3", size, tone(2).read_bytes())  # ffmpeg
    drop(tone(1), station.inbox / "tot.mp3")  # real audio fits the same bound

    started = time.monotonic()
    outcomes = scan_until_settled(ingester)
    elapsed = time.monotonic() - started

    assert elapsed < 60
    by_name = {o.name: o.outcome for o in outcomes}
    assert by_name == {
        "rac.mp3": IngestOutcome.REJECTED,
        "dau tot duoi rac.mp3": IngestOutcome.REJECTED,
        "tot.mp3": IngestOutcome.ACCEPTED,
    }
    for name in ("rac.mp3", "dau tot duoi rac.mp3"):
        [event] = [e for e in events(ingester.engine) if e.source_name == name]
        assert "more than 320 MB of memory" in event.reason, event.reason
        assert event.reason == i18n.t("reason.tool_memory", "en", memory="320")
        reason = (station.quarantine / (name + REASON_SUFFIX)).read_text("utf-8-sig")
        assert i18n.t("reason.tool_memory", "vi", memory="320") in reason, reason


def test_a_tool_past_its_time_is_stopped_and_the_file_quarantined(
    station, tone, monkeypatch
) -> None:
    """Finding: a 2 GB junk `.mp3` kept ffprobe and ffmpeg busy with no bound on their time.
    The time bound is lowered for the test (module constants in broadcaster/audio/decode.py) to
    1 s, which zeros of this size outlast and real audio does not."""
    monkeypatch.setenv("BROADCASTER_TOOL_MEMORY_MB", "4096")  # so that time is hit first
    monkeypatch.setattr(decode, "TOOL_TIME_BASE_S", 1.0, raising=False)
    monkeypatch.setattr(decode, "PROBE_MIN_BYTES_PER_S", 1e15, raising=False)
    ingester = make_ingester(station)
    sparse_zeros(station.inbox / "rac.mp3", 384 << 20)
    drop(tone(1), station.inbox / "tot.mp3")

    started = time.monotonic()
    outcomes = scan_until_settled(ingester)
    elapsed = time.monotonic() - started

    assert {o.name: o.outcome for o in outcomes} == {
        "rac.mp3": IngestOutcome.REJECTED,
        "tot.mp3": IngestOutcome.ACCEPTED,
    }
    [event] = [e for e in events(ingester.engine) if e.source_name == "rac.mp3"]
    assert "took longer than 1 s" in event.reason, event.reason
    reason = (station.quarantine / ("rac.mp3" + REASON_SUFFIX)).read_text("utf-8-sig")
    assert i18n.t("reason.tool_time", "vi", seconds="1") in reason, reason
    assert elapsed < 20
