"""`[central]` (#14): none by default; an address is https only, without a login or
parameters; the files resolve beside config.toml; a bad value is one issue naming the key."""

from __future__ import annotations

import pytest

from broadcaster.config import load_config
from broadcaster.errors import ConfigError
from tests.support.station import StationDir


def test_without_central_the_station_sends_nothing(station: StationDir) -> None:
    station.write_config()
    central = station.config().central
    assert not central.enabled and central.url == ""
    assert central.key == station.root / "var" / "central" / "station.key"


def test_an_https_address_and_files_beside_the_config(station: StationDir) -> None:
    station.write_config(
        extra='[central]\nurl = "https://tinh.example.vn:8443/"\ncert = "pki/a.crt"\n'
        "batch_rows = 50\n"
    )
    central = station.config().central
    assert central.enabled and central.url == "https://tinh.example.vn:8443"
    assert central.cert == station.root / "pki" / "a.crt" and central.batch_rows == 50


@pytest.mark.parametrize(
    "value",
    [
        '"http://tinh.example.vn"',  # never unencrypted
        '"https://user:pass@tinh.example.vn"',
        '"https://tinh.example.vn/?token=x"',
        '"https://tinh.example.vn/#x"',
        '"https://"',
        '"https://tinh example.vn"',
        '"https://tinh.example.vn:99999"',
        '"ftp://tinh.example.vn"',
        "42",
    ],
)
def test_a_bad_address_is_one_issue(station: StationDir, value: str) -> None:
    station.write_config(extra=f"[central]\nurl = {value}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(station.config_path)
    text = str(caught.value)
    assert "central" in text and "url" in text and "Traceback" not in text


@pytest.mark.parametrize("rows", ["0", "5001", '"many"'])
def test_batch_rows_outside_its_range_is_one_issue(station: StationDir, rows: str) -> None:
    station.write_config(extra=f"[central]\nbatch_rows = {rows}\n")
    with pytest.raises(ConfigError, match="batch_rows"):
        load_config(station.config_path)
