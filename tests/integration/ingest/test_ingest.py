"""Taking programmes in from the drop folder: real files, real ffmpeg, a real SQLite file.

Each bad file must end in `media/quarantine/` with `<name>.reason.txt` (Vietnamese and
English) beside it and an `IngestEvent` row; nothing is ever deleted.
"""

from __future__ import annotations

import hashlib
import shutil
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import Engine
from sqlmodel import select

from broadcaster import i18n
from broadcaster.audio.decode import decode, probe
from broadcaster.cli import main
from broadcaster.clock import SystemClock
from broadcaster.core.durations import format_duration
from broadcaster.core.inbox_words import REASON_SUFFIX, is_temporary
from broadcaster.core.vocab import IngestOutcome
from broadcaster.ingest import measure
from broadcaster.ingest.files import unique_path
from broadcaster.ingest.ingester import Ingester
from broadcaster.ingest.stages import Outcome
from broadcaster.station.intake import station_ingester
from broadcaster.store.db import open_engine, session
from broadcaster.store.models import IngestEvent, Programme
from tests.support.station import StationDir

SERIES = "chuyen-doi-so"
Tone = Callable[..., Path]


# ---- helpers ---------------------------------------------------------------------------
def make_ingester(station: StationDir) -> Ingester:
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    return station_ingester(config, engine, SystemClock())


def scan_until_settled(ingester: Ingester) -> list[Outcome]:
    """With settle 0 the first scan only observes; the second takes what held still."""
    first, _ = ingester.scan()
    second, _ = ingester.scan()
    return first + second


def programmes(engine: Engine) -> list[Programme]:
    with session(engine) as db:
        return list(db.exec(select(Programme)).all())


def events(engine: Engine) -> list[IngestEvent]:
    with session(engine) as db:
        return list(db.exec(select(IngestEvent).order_by(IngestEvent.id)).all())  # type: ignore[arg-type]


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def drop(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def assert_quarantined(
    station: StationDir,
    ingester: Ingester,
    name: str,
    outcome: str,
    reason_key: str,
    values: dict[str, str] | None = None,
    fragments: tuple[str, ...] = (),
) -> IngestEvent:
    """The file is in quarantine with a bilingual reason, an event, and the inbox is empty."""
    values = values or {}
    path = station.quarantine / name
    assert path.is_file(), files_under(station.root / "media")
    reason = (station.quarantine / (name + REASON_SUFFIX)).read_text(encoding="utf-8-sig")
    vi = i18n.t(reason_key, "vi", **values)
    en = i18n.t(reason_key, "en", **values)
    assert vi != en
    assert vi in reason
    assert en in reason
    for fragment in fragments:
        assert fragment in reason
    assert files_under(station.inbox) == []
    assert files_under(station.library) == []
    assert programmes(ingester.engine) == []
    rows = [e for e in events(ingester.engine) if e.source_name == name]
    assert len(rows) == 1
    event = rows[0]
    assert event.outcome == outcome
    assert event.reason == en
    assert event.quarantine_name == name
    stat = path.stat()
    assert (event.quarantine_size, event.quarantine_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    return event


@pytest.fixture
def ingester(station: StationDir) -> Ingester:
    return make_ingester(station)


# ---- good files ------------------------------------------------------------------------
def test_good_mp3_in_inbox_goes_to_default_series(
    station: StationDir, ingester: Ingester, tone: Tone
) -> None:
    source = tone(2)
    dropped = drop(source, station.inbox / "Bản tin sáng.mp3")
    size = dropped.stat().st_size

    first, waiting = ingester.scan()
    assert first == []
    assert waiting == [dropped]  # the first scan only observes
    assert dropped.exists()
    second, waiting = ingester.scan()
    assert waiting == []

    assert [o.outcome for o in second] == [IngestOutcome.ACCEPTED]
    assert files_under(station.inbox) == []
    target = station.library / SERIES / "Bản tin sáng.mp3"
    assert files_under(station.library) == [target]
    assert sha256(target) == sha256(source)

    [programme] = programmes(ingester.engine)
    assert programme.series_id == SERIES
    assert programme.sha256 == sha256(source)
    assert programme.size_bytes == size
    assert programme.duration_s == pytest.approx(2.0, abs=0.1)
    assert programme.title == "Bản tin sáng"
    assert unicodedata.is_normalized("NFC", programme.title)
    assert programme.original_name == "Bản tin sáng.mp3"
    assert programme.file_name == f"{SERIES}/Bản tin sáng.mp3"
    assert programme.named_month is None
    assert programme.arrived_at.tzinfo is not None
    assert second[0].programme_id == programme.id

    [event] = events(ingester.engine)
    assert event.outcome == IngestOutcome.ACCEPTED
    assert event.programme_id == programme.id
    assert event.sha256 == programme.sha256
    assert event.quarantine_name is None
    assert files_under(station.quarantine) == []


def test_good_mp3_in_series_folder(station: StationDir, ingester: Ingester, tone: Tone) -> None:
    source = tone(1.5)
    drop(source, station.inbox / SERIES / "Tháng này.mp3")

    outcomes = scan_until_settled(ingester)

    assert [(o.outcome, o.series_id) for o in outcomes] == [(IngestOutcome.ACCEPTED, SERIES)]
    assert files_under(station.inbox) == []
    assert files_under(station.library) == [station.library / SERIES / "Tháng này.mp3"]
    [programme] = programmes(ingester.engine)
    assert programme.series_id == SERIES
    assert programme.sha256 == sha256(source)
    assert programme.duration_s == pytest.approx(1.5, abs=0.1)
    assert programme.title == "Tháng này"
    assert programme.file_name == f"{SERIES}/Tháng này.mp3"


def test_month_in_name_is_stored(station: StationDir, ingester: Ingester, tone: Tone) -> None:
    drop(tone(1), station.inbox / "Chuyen doi so 2026-12.mp3")

    outcomes = scan_until_settled(ingester)

    assert [o.outcome for o in outcomes] == [IngestOutcome.ACCEPTED]
    assert "2026-12" in outcomes[0].message
    [programme] = programmes(ingester.engine)
    assert programme.named_month == "2026-12"
    assert programme.title == "Chuyen doi so 2026-12"


def test_nfd_name_is_stored_nfc(station: StationDir, ingester: Ingester, tone: Tone) -> None:
    nfc_name = unicodedata.normalize("NFC", "Chuyển đổi số tháng 11.mp3")
    nfd_name = unicodedata.normalize("NFD", nfc_name)
    assert nfd_name != nfc_name
    drop(tone(1), station.inbox / nfd_name)

    outcomes = scan_until_settled(ingester)

    assert [o.outcome for o in outcomes] == [IngestOutcome.ACCEPTED]
    assert outcomes[0].name == nfc_name
    [programme] = programmes(ingester.engine)
    assert programme.title == nfc_name.removesuffix(".mp3")
    assert programme.original_name == nfc_name
    assert programme.file_name == f"{SERIES}/{nfc_name}"
    names = [p.name for p in files_under(station.library)]
    assert names == [nfc_name]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert files_under(station.inbox) == []


# ---- settling --------------------------------------------------------------------------
def test_growing_file_is_not_taken_until_it_holds_still(station: StationDir, tone: Tone) -> None:
    station.write_config(settle="2s")
    ingester = make_ingester(station)
    data = tone(2).read_bytes()
    path = station.inbox / "dang-chep.mp3"
    path.write_bytes(data[: len(data) // 3])

    outcomes, waiting = ingester.scan()
    assert (outcomes, waiting) == ([], [path])

    time.sleep(2.1)  # longer than settle: only the growth keeps it from being taken
    with path.open("ab") as handle:
        handle.write(data[len(data) // 3 :])
    outcomes, waiting = ingester.scan()
    assert (outcomes, waiting) == ([], [path])
    assert path.exists()
    assert programmes(ingester.engine) == []
    assert events(ingester.engine) == []

    time.sleep(0.3)  # unchanged, but not yet for `settle`
    outcomes, waiting = ingester.scan()
    assert (outcomes, waiting) == ([], [path])

    time.sleep(2.0)
    outcomes, waiting = ingester.scan()
    assert waiting == []
    assert [o.outcome for o in outcomes] == [IngestOutcome.ACCEPTED]
    assert not path.exists()
    [programme] = programmes(ingester.engine)
    assert programme.sha256 == hashlib.sha256(data).hexdigest()
    assert programme.duration_s == pytest.approx(2.0, abs=0.1)


@pytest.mark.parametrize("name", ["x.mp3.part", "x.crdownload", "~$x.mp3", ".hidden.mp3"])
def test_temporary_names_are_left_alone(
    station: StationDir, ingester: Ingester, tone: Tone, name: str
) -> None:
    in_root = drop(tone(1), station.inbox / name)
    in_series = drop(tone(1), station.inbox / SERIES / name)

    outcomes = scan_until_settled(ingester)
    again, waiting = ingester.scan()

    assert outcomes == again == waiting == []
    assert in_root.is_file() and in_series.is_file()
    assert files_under(station.inbox) == sorted([in_root, in_series])
    assert files_under(station.library) == []
    assert files_under(station.quarantine) == []
    assert programmes(ingester.engine) == []
    assert events(ingester.engine) == []


# ---- bad files -------------------------------------------------------------------------
def test_zero_byte_file_is_quarantined(station: StationDir, ingester: Ingester) -> None:
    (station.inbox / "rong.mp3").write_bytes(b"")

    outcomes = scan_until_settled(ingester)

    assert [o.outcome for o in outcomes] == [IngestOutcome.REJECTED]
    assert "0 byte" in outcomes[0].message
    event = assert_quarantined(
        station,
        ingester,
        "rong.mp3",
        IngestOutcome.REJECTED,
        "reason.empty",
        fragments=("0 byte", "empty"),
    )
    assert event.size_bytes == 0
    assert (station.quarantine / "rong.mp3").stat().st_size == 0


def test_truncated_mp3_is_quarantined(station: StationDir, ingester: Ingester, tone: Tone) -> None:
    data = tone(20).read_bytes()
    half = data[: len(data) // 2]
    (station.inbox / "cat-cut.mp3").write_bytes(half)

    outcomes = scan_until_settled(ingester)

    assert [o.outcome for o in outcomes] == [IngestOutcome.REJECTED]
    cut = station.quarantine / "cat-cut.mp3"
    found = probe(cut)
    assert found is not None
    decoded, _, _ = decode(cut, found)
    assert decoded == pytest.approx(10.0, abs=1.0)  # about half of the 20 s
    event = assert_quarantined(
        station,
        ingester,
        "cat-cut.mp3",
        IngestOutcome.REJECTED,
        "reason.truncated",
        {"decoded": format_duration(decoded), "declared": "0:20"},
        fragments=("cắt cụt", "truncated"),
    )
    assert event.sha256 == hashlib.sha256(half).hexdigest()
    assert (station.quarantine / "cat-cut.mp3").read_bytes() == half


# rig: ffprobe is what finds the file is not audio
@pytest.mark.rig
def test_text_file_named_mp3_is_quarantined(station: StationDir, ingester: Ingester) -> None:
    (station.inbox / "van-ban.mp3").write_text("Đây không phải âm thanh.\n", encoding="utf-8")

    outcomes = scan_until_settled(ingester)

    assert [o.outcome for o in outcomes] == [IngestOutcome.REJECTED]
    assert_quarantined(
        station,
        ingester,
        "van-ban.mp3",
        IngestOutcome.REJECTED,
        "reason.not_audio",
        fragments=("not a readable audio file", "không phải tệp âm thanh"),
    )


def test_unknown_folder_is_quarantined(station: StationDir, ingester: Ingester, tone: Tone) -> None:
    drop(tone(1), station.inbox / "khong-ro" / "ban-tin.mp3")

    outcomes = scan_until_settled(ingester)

    assert [(o.outcome, o.series_id) for o in outcomes] == [(IngestOutcome.REJECTED, None)]
    event = assert_quarantined(
        station,
        ingester,
        "ban-tin.mp3",
        IngestOutcome.REJECTED,
        "reason.unknown_folder",
        {"folder": "khong-ro"},
        fragments=("khong-ro", "belongs to no series"),
    )
    assert event.series_id is None
    assert sha256(station.quarantine / "ban-tin.mp3") == sha256(tone(1))


def test_duplicate_content_is_quarantined(
    station: StationDir, ingester: Ingester, tone: Tone
) -> None:
    source = tone(2)
    drop(source, station.inbox / "ban-dau.mp3")
    assert [o.outcome for o in scan_until_settled(ingester)] == [IngestOutcome.ACCEPTED]
    [first] = programmes(ingester.engine)

    drop(source, station.inbox / SERIES / "ban-sao.mp3")
    outcomes = scan_until_settled(ingester)

    assert [(o.outcome, o.programme_id) for o in outcomes] == [(IngestOutcome.DUPLICATE, first.id)]
    assert programmes(ingester.engine) == [first]
    assert files_under(station.library) == [station.library / SERIES / "ban-dau.mp3"]
    assert files_under(station.inbox) == []
    reason = (station.quarantine / ("ban-sao.mp3" + REASON_SUFFIX)).read_text("utf-8-sig")
    assert f"{SERIES}/ban-dau.mp3" in reason
    for lang in ("vi", "en"):
        assert i18n.t("reason.duplicate", lang, other=first.file_name) in reason
    [accepted, duplicate] = events(ingester.engine)
    assert accepted.outcome == IngestOutcome.ACCEPTED
    assert duplicate.outcome == IngestOutcome.DUPLICATE
    assert duplicate.source_name == "ban-sao.mp3"
    assert duplicate.programme_id == first.id
    assert duplicate.sha256 == first.sha256
    assert duplicate.quarantine_name == "ban-sao.mp3"
    assert f"{SERIES}/ban-dau.mp3" in duplicate.reason
    assert sha256(station.quarantine / "ban-sao.mp3") == first.sha256


# rig: ffprobe is what finds the file is not audio
@pytest.mark.rig
def test_same_bad_name_twice_is_kept_under_a_new_name(
    station: StationDir, ingester: Ingester
) -> None:
    (station.inbox / "hong.mp3").write_text("một", encoding="utf-8")
    scan_until_settled(ingester)
    (station.inbox / "hong.mp3").write_text("hai", encoding="utf-8")
    scan_until_settled(ingester)

    assert (station.quarantine / "hong.mp3").read_text(encoding="utf-8") == "một"
    assert (station.quarantine / "hong (2).mp3").read_text(encoding="utf-8") == "hai"
    assert (station.quarantine / ("hong (2).mp3" + REASON_SUFFIX)).is_file()
    assert [e.quarantine_name for e in events(ingester.engine)] == ["hong.mp3", "hong (2).mp3"]
    assert files_under(station.inbox) == []


# ---- retrying from quarantine ----------------------------------------------------------
def test_quarantined_file_is_retried_only_once_it_changes(
    station: StationDir, ingester: Ingester, tone: Tone
) -> None:
    (station.inbox / "sua-lai.mp3").write_text("chưa phải âm thanh", encoding="utf-8")
    assert [o.outcome for o in scan_until_settled(ingester)] == [IngestOutcome.REJECTED]
    quarantined = station.quarantine / "sua-lai.mp3"
    reason = station.quarantine / ("sua-lai.mp3" + REASON_SUFFIX)
    assert quarantined.is_file() and reason.is_file()
    assert len(events(ingester.engine)) == 1

    # Untouched: nothing happens, however often we look (also with a fresh tracker).
    assert scan_until_settled(ingester) == []
    assert scan_until_settled(make_ingester(station)) == []
    assert len(events(ingester.engine)) == 1
    assert quarantined.is_file() and reason.is_file()

    # Fixed in place by the operator: taken on the next scans.
    shutil.copyfile(tone(1), quarantined)
    outcomes = scan_until_settled(ingester)

    assert [o.outcome for o in outcomes] == [IngestOutcome.ACCEPTED]
    target = station.library / SERIES / "sua-lai.mp3"
    assert files_under(station.library) == [target]
    assert sha256(target) == sha256(tone(1))
    assert not quarantined.exists()
    assert not reason.exists()  # the stale reason goes with the fixed file
    [programme] = programmes(ingester.engine)
    assert programme.sha256 == sha256(tone(1))
    assert programme.duration_s == pytest.approx(1.0, abs=0.1)
    assert [e.outcome for e in events(ingester.engine)] == [
        IngestOutcome.REJECTED,
        IngestOutcome.ACCEPTED,
    ]

    # And it is not retried again.
    assert scan_until_settled(ingester) == []
    assert len(events(ingester.engine)) == 2


# rig: ffprobe is what finds the file is not audio
@pytest.mark.rig
def test_quarantined_file_changed_but_still_bad_stays_put(
    station: StationDir, ingester: Ingester
) -> None:
    (station.inbox / "van-hong.mp3").write_bytes(b"")
    scan_until_settled(ingester)
    quarantined = station.quarantine / "van-hong.mp3"

    quarantined.write_text("vẫn không phải âm thanh", encoding="utf-8")
    outcomes = scan_until_settled(ingester)

    assert [o.outcome for o in outcomes] == [IngestOutcome.REJECTED]
    assert quarantined.is_file()
    assert files_under(station.quarantine) == [
        quarantined,
        station.quarantine / ("van-hong.mp3" + REASON_SUFFIX),
    ]
    reason = (station.quarantine / ("van-hong.mp3" + REASON_SUFFIX)).read_text("utf-8-sig")
    assert i18n.t("reason.not_audio", "en") in reason
    assert i18n.t("reason.empty", "en") not in reason  # rewritten for the new content
    first, second = events(ingester.engine)
    assert (first.reason, second.reason) == (
        i18n.t("reason.empty", "en"),
        i18n.t("reason.not_audio", "en"),
    )
    assert second.quarantine_size == quarantined.stat().st_size
    # Not retried again until it changes once more.
    assert scan_until_settled(ingester) == []
    assert len(events(ingester.engine)) == 2


# ---- the CLI ---------------------------------------------------------------------------
def test_cli_dry_run_moves_nothing(station: StationDir, tone: Tone) -> None:
    good = drop(tone(1), station.inbox / "tot.mp3")
    bad = station.inbox / "hong.mp3"
    bad.write_text("không phải âm thanh", encoding="utf-8")

    result = CliRunner().invoke(main, ["--config", str(station.config_path), "ingest", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert good.is_file() and bad.is_file()
    assert files_under(station.library) == []
    assert files_under(station.quarantine) == []
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    assert programmes(engine) == []
    assert events(engine) == []
    lines = result.stdout.splitlines()
    assert len(lines) == 2, lines
    assert any(line.startswith("Đã nhận: tot.mp3") for line in lines)
    assert any(line.startswith("Không nhận hong.mp3") for line in lines)


def test_cli_ingest_prints_one_line_per_file(station: StationDir, tone: Tone) -> None:
    drop(tone(1), station.inbox / "tot.mp3")
    (station.inbox / "hong.mp3").write_text("không phải âm thanh", encoding="utf-8")

    result = CliRunner().invoke(main, ["--config", str(station.config_path), "ingest"])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2, lines
    [accepted] = [line for line in lines if line.startswith("Đã nhận: tot.mp3")]
    [rejected] = [line for line in lines if line.startswith("Không nhận hong.mp3")]
    assert "→ Chuyên mục Chuyển đổi số" in accepted and SERIES not in accepted  # its title
    assert "0:01" in accepted
    assert i18n.t("reason.not_audio", "vi") in rejected
    assert "cách ly" in rejected
    assert files_under(station.inbox) == []
    assert files_under(station.library) == [station.library / SERIES / "tot.mp3"]
    assert (station.quarantine / "hong.mp3").is_file()
    assert (station.quarantine / ("hong.mp3" + REASON_SUFFIX)).is_file()
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    assert [p.original_name for p in programmes(engine)] == ["tot.mp3"]
    assert sorted(e.outcome for e in events(engine)) == [
        IngestOutcome.ACCEPTED,
        IngestOutcome.REJECTED,
    ]

    again = CliRunner().invoke(main, ["--config", str(station.config_path), "ingest"])
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines() == [i18n.t("ingest.nothing", "vi")]


# ---- unit: names -----------------------------------------------------------------------
def test_unique_path_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "Bản tin.mp3"
    assert unique_path(target) == target
    assert target.parent.is_dir()
    target.write_bytes(b"1")
    second = unique_path(target)
    assert second == tmp_path / "sub" / "Bản tin (2).mp3"
    second.write_bytes(b"2")
    assert unique_path(target) == tmp_path / "sub" / "Bản tin (3).mp3"
    assert target.read_bytes() == b"1" and second.read_bytes() == b"2"
    plain = tmp_path / "README"
    plain.write_bytes(b"")
    assert unique_path(plain) == tmp_path / "README (2)"


@pytest.mark.parametrize(
    "name",
    [
        "x.mp3.part",
        "X.MP3.PART",
        "x.crdownload",
        "x.tmp",
        "x.partial",
        "x.download",
        "~$x.mp3",
        ".hidden.mp3",
        ".x.mp3.AbC123",
        "x.mp3.reason.txt",
    ],
)
def test_is_temporary(name: str) -> None:
    assert is_temporary(name)


@pytest.mark.parametrize(
    "name",
    ["x.mp3", "Chuyển đổi số tháng 11.mp3", "x.part.mp3", "ban tin~$.mp3", "x.wav", "x.m4a"],
)
def test_is_not_temporary(name: str) -> None:
    assert not is_temporary(name)


def test_loudness_is_measured_stored_and_shown(
    station: StationDir, ingester: Ingester, tone: Tone
) -> None:
    """The decode that proves the file also measures it; the figures reach plan --json and
    the technician's debug log, not the operator's line."""
    from broadcaster.store import levels

    drop(tone(3), station.inbox / "Đo độ lớn.mp3")
    (outcome,) = scan_until_settled(ingester)
    assert outcome.outcome == IngestOutcome.ACCEPTED
    assert "LUFS" not in outcome.message and "dB" not in outcome.message
    measured = levels.load(ingester.engine, outcome.programme_id)
    assert measured is not None and measured.integrated_lufs is not None
    # make_tone's sine, amplitude 1/8 (−18 dBFS), measured as heard on two speakers.
    assert measured.integrated_lufs == pytest.approx(-19.2, abs=1.0)
    assert measured.true_peak_dbtp == pytest.approx(-18.1, abs=0.6)
    assert (measured.lead_silence_s, measured.tail_silence_s) == (0.0, 0.0)
    assert levels.unmeasured(ingester.engine) == []
    plan = CliRunner().invoke(
        main, ["--config", str(station.config_path), "plan", "--json"], catch_exceptions=False
    )
    assert '"integrated_lufs"' in plan.output and '"gain_db"' in plan.output


def test_a_library_programme_without_figures_is_measured_later(
    station: StationDir, ingester: Ingester, tone: Tone
) -> None:
    from broadcaster.store import levels
    from broadcaster.store.models import ProgrammeLoudness

    drop(tone(2), station.inbox / "Cũ.mp3")
    (outcome,) = scan_until_settled(ingester)
    with session(ingester.engine) as db:  # as if taken in before loudness was measured
        db.delete(db.get(ProgrammeLoudness, outcome.programme_id))
        db.commit()
    assert [p.id for p in levels.unmeasured(ingester.engine)] == [outcome.programme_id]
    tried: set[int] = set()
    assert measure.measure_one(ingester.config, ingester.engine, ingester.clock, tried) == "Cũ"
    assert levels.unmeasured(ingester.engine) == []
    assert measure.measure_one(ingester.config, ingester.engine, ingester.clock, tried) is None
