"""Which title tags a programme may take (pure)."""

from __future__ import annotations

import unicodedata

import pytest

from broadcaster.audio.media_tags import MAX_TITLE, clean_title, title_in
from broadcaster.ingest.names import programme_name


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Chuyển đổi số tháng 11", "Chuyển đổi số tháng 11"),
        ("  Bản tin sáng  ", "Bản tin sáng"),
        (unicodedata.normalize("NFD", "Bản tin"), "Bản tin"),  # stored NFC
        ("=1+1", "=1+1"),  # text: the documents write it as text, never as a formula
        ("x" * MAX_TITLE, "x" * MAX_TITLE),
        ("x" * (MAX_TITLE + 1), None),
        ("Dòng một\nDòng hai", None),
        ("Tab\there", None),
        ("NUL\0", None),
        ("Tiêu đề\u202egiả", None),  # right-to-left override
        ("zero\u200bwidth", None),
        ("Ti\ufffdu \ufffd\ufffd", None),  # bytes that were not UTF-8
        ("", None),
        ("   ", None),
        (None, None),
        (42, None),
        (["Bản tin"], None),
    ],
)
def test_clean_title(value, expected) -> None:
    assert clean_title(value) == expected


def test_container_tag_first_then_the_stream() -> None:
    both = {"format": {"tags": {"title": "Tệp"}}, "streams": [{"tags": {"title": "Luồng"}}]}
    assert title_in(both) == "Tệp"
    stream_only = {"format": {}, "streams": [{}, {"tags": {"title": "Luồng"}}]}
    assert title_in(stream_only) == "Luồng"
    bad_first = {"format": {"tags": {"title": "a\nb"}}, "streams": [{"tags": {"title": "Tốt"}}]}
    assert title_in(bad_first) == "Tốt"


@pytest.mark.parametrize(
    "info",
    [None, [], "x", {}, {"format": None}, {"format": {"tags": []}}, {"streams": {"tags": 1}}],
)
def test_odd_shapes_have_no_title(info) -> None:
    assert title_in(info) is None


@pytest.mark.parametrize(
    "tag, name, expected",
    [
        ("Chuyển đổi số tháng 11", "chuyen-doi-so_thang-11.mp3", "Chuyển đổi số tháng 11"),
        (None, "chuyen-doi-so_thang-11.mp3", "Chuyen doi so thang 11"),
        (None, "Bản tin - tháng 11.mp3", "Bản tin - tháng 11"),
        (None, "Tin-xa", "Tin xa"),
    ],
)
def test_programme_name(tag, name, expected) -> None:
    assert programme_name(tag, name) == expected
