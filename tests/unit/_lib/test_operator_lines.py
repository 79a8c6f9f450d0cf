"""The operator's log line format, and the leak detector the class test relies on: it must
catch every line the old code printed (so the class test can fail)."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from loguru import logger

from broadcaster import i18n
from broadcaster._lib.logs import operator_line
from tests.support.operator_words import leaks

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _lines(level: str, message: str) -> str:
    out: list[str] = []
    logger.remove()
    logger.add(out.append, format=operator_line(TZ), colorize=False, level="DEBUG")
    try:
        raise ValueError("boom")
    except ValueError:
        logger.opt(exception=True).log(level, message)
    return "".join(out)


def test_the_operator_line_is_a_vietnamese_date_time_and_the_message() -> None:
    text = _lines("INFO", "Đã nhận")
    assert re.fullmatch(r"\d\d/\d\d/20\d\d \d\d:\d\d:\d\d Đã nhận\n", text), text
    assert "Traceback" not in _lines("ERROR", "x")  # the traceback is the technician's
    assert re.fullmatch(r"\S+ \S+ Chú ý: Bị bỏ lỡ\n", _lines("WARNING", "Bị bỏ lỡ"))
    assert re.fullmatch(r"\S+ \S+ LỖI: Hỏng\n", _lines("ERROR", "Hỏng"))
    with i18n.speaking("en"):
        assert re.fullmatch(r"\S+ \S+ ERROR: Broken\n", _lines("ERROR", "Broken"))


@pytest.mark.parametrize(
    "line",
    [
        "2026-11-29 02:16:15 INFO    plan updated: 1 new, 0 moved, 0 removed airings",
        "Lịch phát 2026-11 — Đài truyền thanh huyện Bình Sơn",
        "Đã nhận: a.mp3 → chuyên mục chuyen-doi-so, thời lượng 0:15, kỳ 2026-11",
        "Tạm giữ sang kỳ sau: Tuần 2 — kỳ 2026-W10 đã đủ chương trình mới",
        "  T2 30/11 06:10  Chuyên mục · a · phát mới · 0:15 · -16.6 LUFS → -0.7 dB",
        "  ! Không xếp được: a (phát bù lần 100) — hết khung giờ trống",
        "  [OK] Phần mềm phát: đang chạy (tín hiệu lúc 2026-11-29T09:16:08.123456+07:00)",
        "  [OK] Đầu ra âm thanh: tốt (lần kiểm tra lúc 17/03: probe)",
        "airing 0b9f3c1e-2d4a-4c55-9a7e-5d7c2b1a0f11 failed unexpectedly",
        "ALSA lib confmisc.c:855:(parse_card) cannot find card '0'",
        "[00007f412229f3c0] vlcpulse audio output error: PulseAudio server connection failure",
        "còn trống 76.3 GB (30%)",
        "  T5 26/11 18:24:11  bulletin · canh-bao-bao · bản tin · 0:06",
    ],
)
def test_the_detector_catches_every_old_line(line: str) -> None:
    assert leaks(line, series_ids=("chuyen-doi-so",)), line


@pytest.mark.parametrize(
    "line",
    [
        "29/11/2026 09:19:47 Đã nhận: a.mp3 → Chuyên mục Chuyển đổi số, thời lượng 0:15, "
        "phát trong tháng 11/2026",
        "Tạm giữ sang kỳ sau: Tuần 2 — tuần 10 (2–8/3) đã đủ chương trình mới",
        "  T2 30/11 06:10  Chuyên mục Chuyển đổi số · a · phát bù lần 2 · 0:15",
        "còn trống 76,3 GB (30%)",
        "[OK] Thư viện phát VLC (libVLC): phiên bản 3.0.24 Vetinari",
    ],
)
def test_the_detector_lets_plain_vietnamese_through(line: str) -> None:
    assert leaks(line, series_ids=("chuyen-doi-so",)) == []


def test_fd_2_is_left_alone_when_python_s_stderr_is_not_it(tmp_path, monkeypatch) -> None:
    """Inside a test runner's capture or click's CliRunner, Python's stderr is no file
    descriptor: diverting fd 2 there would swallow the runner's own output."""
    import io

    from broadcaster._lib.logs import NATIVE_LOG, divert_native_stderr

    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert divert_native_stderr(tmp_path / "log") is None
    assert not (tmp_path / "log" / NATIVE_LOG).exists()
