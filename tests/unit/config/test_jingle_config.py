"""`[bulletins]`: the attention signal of each level, checked like every other key, every
error in the operator's language, all at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from broadcaster.config import load_config
from broadcaster.errors import ConfigError
from tests.support.paths import REPO

CHIME = REPO / "media" / "signals" / "nhac-hieu.flac"


def _with(station, section: str) -> None:
    station.write_config(extra="\n[bulletins]\n" + section)


def _errors(station) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        station.config()
    return [f"{issue.key}: {issue.message}" for issue in caught.value.issues]


@pytest.fixture
def signal(station) -> Path:
    target = station.root / "media" / "signals" / "nhac-hieu.flac"
    target.parent.mkdir(parents=True)
    shutil.copyfile(CHIME, target)
    return target


def test_no_section_means_no_signal(station) -> None:
    signals = load_config(station.config_path).bulletins
    assert [signals.for_priority(p) for p in ("emergency", "priority", "normal")] == [None] * 3
    assert (signals.after, signals.gap_s) == (True, 0.5)


# rig: load_config decodes a named signal in full with ffmpeg
@pytest.mark.rig
def test_a_signal_per_level(station, signal) -> None:
    _with(
        station,
        'signal_emergency = "media/signals/nhac-hieu.flac"\n'
        'signal_priority = "media/signals/nhac-hieu.flac"\n'
        'signal_normal = ""\nsignal_after = false\ngap = "1.5s"\n',
    )
    signals = load_config(station.config_path).bulletins
    assert signals.for_priority("emergency") == signal.resolve()
    assert signals.for_priority("priority") == signal.resolve()
    assert signals.for_priority("normal") is None
    assert (signals.after, signals.gap_s) == (False, 1.5)
    assert signals.shown(signal.resolve()) == "media/signals/nhac-hieu.flac"


# rig: load_config decodes a named signal in full with ffmpeg
@pytest.mark.rig
def test_the_shipped_config_names_the_bundled_chime() -> None:
    signals = load_config(REPO / "config.toml").bulletins
    assert signals.for_priority("emergency") == CHIME
    assert signals.for_priority("normal") is None


def test_a_signal_outside_the_station_folder_is_refused(station, tmp_path) -> None:
    outside = tmp_path / "elsewhere.flac"
    shutil.copyfile(CHIME, outside)
    (station.root / "media").mkdir()
    (station.root / "media" / "link.flac").symlink_to(outside)
    _with(
        station,
        f'signal_emergency = "{outside}"\n'
        'signal_priority = "../elsewhere.flac"\n'
        'signal_normal = "media/link.flac"\n',
    )
    errors = _errors(station)
    assert len(errors) == 3, errors
    for key, error in zip(("emergency", "priority", "normal"), errors, strict=True):
        assert error.startswith(f"bulletins.signal_{key}: ")
        assert "phải nằm trong thư mục của đài" in error


# rig: load_config decodes a named signal in full with ffmpeg
@pytest.mark.rig
def test_a_missing_file_a_folder_and_a_text_file_are_each_explained(station) -> None:
    folder = station.root / "media" / "signals"
    folder.mkdir(parents=True)
    (folder / "chu.mp3").write_text("đây không phải âm thanh", encoding="utf-8")
    _with(
        station,
        'signal_emergency = "media/signals/khong-co.mp3"\n'
        'signal_priority = "media/signals"\n'
        'signal_normal = "media/signals/chu.mp3"\n',
    )
    emergency, priority, normal = _errors(station)
    assert "không tìm thấy tệp nhạc hiệu 'media/signals/khong-co.mp3'" in emergency
    assert "không phải là một tệp âm thanh" in priority
    assert "tệp nhạc hiệu 'media/signals/chu.mp3' không dùng được" in normal


def test_an_unreadable_signal_is_explained(station, signal, monkeypatch) -> None:
    # chmod 0 does not stop root (CI runs as root): the refusal is made where it happens.
    real_open = Path.open

    def refusing_open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.name == signal.name:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)
    _with(station, 'signal_emergency = "media/signals/nhac-hieu.flac"\n')
    (error,) = _errors(station)
    assert "không đọc được tệp nhạc hiệu" in error


def test_a_signal_of_more_than_a_minute_is_refused(station, tone) -> None:
    long = station.root / "dai.mp3"
    shutil.copyfile(tone(61), long)
    _with(station, 'signal_emergency = "dai.mp3"\n')
    (error,) = _errors(station)
    assert error == "bulletins.signal_emergency: nhạc hiệu 'dai.mp3' dài 1:01, tối đa 1:00"


def test_a_signal_of_a_few_seconds_is_taken(station, tone) -> None:
    # The same check passes a short file: the bound is the length, not the file type.
    shutil.copyfile(tone(3), station.root / "ngan.mp3")
    _with(station, 'signal_emergency = "ngan.mp3"\n')
    assert load_config(station.config_path).bulletins.for_priority("emergency") is not None


# rig: load_config decodes a named signal in full with ffmpeg
@pytest.mark.rig
def test_a_silent_signal_is_refused(station) -> None:
    import subprocess

    silent = station.root / "im-lang.wav"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "anullsrc=d=2", str(silent)], check=True
    )
    _with(station, 'signal_emergency = "im-lang.wav"\n')
    (error,) = _errors(station)
    assert "hoàn toàn im lặng" in error


def test_wrong_types_ranges_and_keys_all_at_once(station) -> None:
    _with(
        station,
        'signal_emergency = 5\nsignal_after = "có"\ngap = "10s"\nsingal_normal = ""\n',
    )
    errors = _errors(station)
    assert len(errors) == 4, errors
    joined = "\n".join(errors)
    assert "bulletins.singal_normal: khóa không hợp lệ 'singal_normal'" in joined
    assert "(có phải ý bạn là 'signal_normal'?)" in joined
    assert "bulletins.signal_emergency: phải là text, nhưng đang là 5" in joined
    assert "bulletins.signal_after: phải là true/false" in joined
    assert "bulletins.gap: phải nằm trong khoảng 0s đến 5s" in joined


def test_errors_follow_the_station_language(station) -> None:
    _with(station, 'signal_emergency = "khong-co.mp3"\n')
    text = station.config_path.read_text(encoding="utf-8")
    station.config_path.write_text(
        text.replace("[station]\n", '[station]\nlanguage = "en"\n'), encoding="utf-8"
    )
    (error,) = _errors(station)
    assert error == "bulletins.signal_emergency: signal file 'khong-co.mp3' not found"
