"""A programme's title at ingest (#11): the audio file's own title tag, else its file name
read with spaces. Real files made by ffmpeg, real ffprobe, the real ingester."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from sqlmodel import select

from broadcaster.audio.decode import check_audio, probe
from broadcaster.audio.media_tags import MAX_TITLE
from broadcaster.clock import SystemClock
from broadcaster.core.vocab import IngestOutcome
from broadcaster.station.intake import station_ingester
from broadcaster.store.db import open_engine, session
from broadcaster.store.models import Programme
from tests.support.station import StationDir

# rig: every test makes its tagged MP3s with ffmpeg and takes them in through ffprobe
pytestmark = pytest.mark.rig

SERIES = "chuyen-doi-so"
VIETNAMESE = "Chuyển đổi số tháng 11: Dịch vụ công trực tuyến"


def tagged(folder: Path, name: str, title: str | None, codec: str = "libmp3lame") -> Path:
    """A one-second tone in `name`, with `title` as its title tag (none for None)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    tags = ["-metadata", f"title={title}"] if title is not None else []
    subprocess.run(
        [
            *("ffmpeg", "-v", "error", "-y", "-f", "lavfi"),
            *("-i", "sine=frequency=440:duration=1:sample_rate=44100", "-ac", "1"),
            *("-c:a", codec, *tags, str(path)),
        ],
        check=True,
    )
    return path


def raw_title(path: Path) -> str | None:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format_tags=title", "-of", "json", str(path)],
        capture_output=True,
        check=True,
    ).stdout
    return json.loads(out).get("format", {}).get("tags", {}).get("title")


def ingest(station: StationDir) -> list[Programme]:
    config = station.config()
    engine = open_engine(config.paths.database, config.paths.database_file)
    ingester = station_ingester(config, engine, SystemClock())
    outcomes = [*ingester.scan()[0], *ingester.scan()[0]]
    assert [o.outcome for o in outcomes] == [IngestOutcome.ACCEPTED] * len(outcomes), outcomes
    with session(engine) as db:
        return list(db.exec(select(Programme).order_by(Programme.id)).all())  # type: ignore[arg-type]


def test_the_title_tag_names_the_programme(station: StationDir) -> None:
    # Old code: the title was the file name, "chuyen-doi-so_thang-11".
    tagged(station.inbox / SERIES, "chuyen-doi-so_thang-11.mp3", VIETNAMESE)
    [programme] = ingest(station)
    assert programme.title == VIETNAMESE
    assert programme.file_name == f"{SERIES}/chuyen-doi-so_thang-11.mp3"  # the file keeps its name


def test_a_slug_without_a_tag_reads_with_spaces(station: StationDir) -> None:
    # Old code: "chuyen-doi-so_thang-11".
    tagged(station.inbox / SERIES, "chuyen-doi-so_thang-11.mp3", None)
    [programme] = ingest(station)
    assert programme.title == "Chuyen doi so thang 11"


def test_a_name_with_spaces_is_kept_as_written(station: StationDir) -> None:
    tagged(station.inbox / SERIES, "Bản tin - tháng 11.mp3", None)
    [programme] = ingest(station)
    assert programme.title == "Bản tin - tháng 11"


@pytest.mark.parametrize(
    "title",
    [
        "Dòng một\nDòng hai",  # a control character
        "Tiêu đề\u202egiả",  # a right-to-left override
        "x" * (MAX_TITLE + 1),
        "   ",
    ],
)
def test_a_bad_tag_is_ignored(station: StationDir, title: str) -> None:
    path = tagged(station.inbox / SERIES, "chuyen-doi-so_thang-12.mp3", title)
    # The file does carry the tag (ffprobe shows it), and it is refused.
    assert raw_title(path) == title
    assert check_audio(path).title is None
    [programme] = ingest(station)
    assert programme.title == "Chuyen doi so thang 12"


def test_a_tag_of_the_longest_length_is_kept(station: StationDir) -> None:
    title = "Chuyển đổi số " + "x" * (MAX_TITLE - len("Chuyển đổi số "))
    tagged(station.inbox / SERIES, "ten-tep.mp3", title)
    [programme] = ingest(station)
    assert programme.title == title and len(title) == MAX_TITLE


def test_the_one_probe_reads_the_tag(tmp_path: Path) -> None:
    # The ffprobe run that checks every file finds a tag where there is one (MP3: the
    # container's; Ogg Vorbis: the stream's), and none where there is none.
    found = probe(tagged(tmp_path, "a.mp3", VIETNAMESE))
    assert found is not None and found.title == VIETNAMESE and found.duration_s > 0.9
    assert check_audio(tmp_path / "a.mp3").title == VIETNAMESE
    untagged = probe(tagged(tmp_path, "b.mp3", None))
    assert untagged is not None and untagged.title is None
    vorbis = probe(tagged(tmp_path, "c.ogg", "Vorbis: tiêu đề", "libvorbis"))
    assert vorbis is not None and vorbis.title == "Vorbis: tiêu đề"
    junk = tmp_path / "junk.mp3"
    junk.write_bytes(b"not audio at all" * 100)
    assert not check_audio(junk).ok and check_audio(junk).title is None


def test_a_bulletin_takes_its_tag_too(station: StationDir) -> None:
    tagged(station.inbox / "khan-cap", "bao-so-5.mp3", "Bão số 5: sơ tán khẩn cấp")
    [programme] = ingest(station)
    assert programme.series_id == "bulletin"
    assert programme.title == "Bão số 5: sơ tán khẩn cấp"
