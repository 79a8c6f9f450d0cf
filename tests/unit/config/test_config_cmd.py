"""`broadcaster config` (#12): the configuration in force, checked, secrets hidden."""

from __future__ import annotations

import json
import tomllib

from click.testing import CliRunner

from broadcaster.cli import main
from broadcaster.config import load_config
from broadcaster.config.sections import SECTIONS
from broadcaster.i18n import t

NOTIFY = """
[notify]
email_to = ["canbo.vhtt@xa.gov.vn"]
smtp_host = "smtp.gmail.com"
smtp_user = "dai.xa@gmail.com"
smtp_password = "mat-khau-bi-mat"
webhook_url = "https://zalo-bridge.example.vn/hook/T0k3nBiMat?key=K3yBiMat"
"""


def _config(station, *args: str):
    return CliRunner().invoke(main, ["--config", str(station.config_path), "config", *args])


def test_the_file_values_and_the_defaults_are_shown_as_toml(station):
    result = _config(station)
    assert result.exit_code == 0, result.output
    shown = tomllib.loads(result.stdout)
    assert shown["player"]["preroll"] == "2s"  # the file's
    assert shown["ingest"]["scan_interval"] == "1s"
    assert shown["loudness"]["target"] == -16.0  # the default's
    assert shown["database"]["backup_at"] == "02:30"
    assert shown["station"]["id"] == "xa-thu-nghiem"
    # Every declared key of every table, nothing else.
    assert {name: set(table) for name, table in shown.items()} == {
        name: {key.name for key in section.keys} for name, section in SECTIONS.items()
    }
    lines = result.stdout.splitlines()
    assert "target = -16.0  # mặc định" in lines
    assert 'preroll = "2s"' in lines  # written in the file: no mark
    assert lines[0].startswith(f"# Cấu hình đang dùng của {station.config_path.resolve()}")


def test_a_changed_value_in_the_file_is_what_is_shown(station):
    text = station.config_path.read_text(encoding="utf-8")
    station.config_path.write_text(
        text.replace('preroll = "2s"', 'preroll = "10s"') + "\n[loudness]\ntarget = -23.0\n",
        encoding="utf-8",
    )
    shown = tomllib.loads(_config(station).stdout)
    assert (shown["player"]["preroll"], shown["loudness"]["target"]) == ("10s", -23.0)
    assert "target = -23.0  # mặc định" not in _config(station).stdout


def test_what_is_printed_reads_back_as_the_same_configuration(station):
    before = load_config(station.config_path)
    station.config_path.write_text(_config(station).stdout, encoding="utf-8")
    assert load_config(station.config_path) == before


def test_the_password_and_the_webhook_token_are_hidden(station):
    station.write_config(extra=NOTIFY)
    assert load_config(station.config_path).notify.smtp_password == "mat-khau-bi-mat"
    for args in ((), ("--json",)):
        result = _config(station, *args)
        assert result.exit_code == 0, result.output
        for secret in ("mat-khau-bi-mat", "T0k3nBiMat", "K3yBiMat", "/hook/"):
            assert secret not in result.stdout, (args, secret)
    shown = tomllib.loads(_config(station).stdout)["notify"]
    assert shown["smtp_password"] == "********"
    assert shown["webhook_url"] == "https://zalo-bridge.example.vn/********"
    assert shown["smtp_user"] == "dai.xa@gmail.com"  # not a secret
    assert shown["smtp_password_file"] == ""  # not set: nothing to hide


def test_an_unset_password_and_a_bare_webhook_show_as_they_are(station):
    station.write_config(extra='\n[notify]\nwebhook_url = "https://hooks.example.vn"\n')
    shown = tomllib.loads(_config(station).stdout)["notify"]
    assert (shown["smtp_password"], shown["webhook_url"]) == ("", "https://hooks.example.vn/")


def test_json_gives_the_same_tables(station):
    result = _config(station, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == tomllib.loads(_config(station).stdout)


def test_a_bad_config_gives_the_same_lines_and_exit_code_as_every_command(station):
    text = station.config_path.read_text(encoding="utf-8")
    station.config_path.write_text(
        text.replace('preroll = "2s"', 'preroll = "2 phút"') + "\n[loudnes]\ntarget = 1\n",
        encoding="utf-8",
    )
    shown = _config(station)
    plan = CliRunner().invoke(main, ["--config", str(station.config_path), "plan"])
    assert shown.exit_code == plan.exit_code == 2
    assert shown.stdout == ""
    assert shown.stderr == plan.stderr
    assert shown.stderr.splitlines()[0] == "Cấu hình có 2 lỗi, chưa thể chạy:"
    assert "player.preroll" in shown.stderr and "loudnes" in shown.stderr


def test_each_key_comes_under_its_help_in_the_station_language(station):
    lines = _config(station).stdout.splitlines()
    at = lines.index('preroll = "2s"')
    assert lines[at - 1] == "# " + t("config_help.player.preroll", "vi") + " (1s … 1m)"
    text = station.config_path.read_text(encoding="utf-8")
    station.config_path.write_text(
        text.replace("[station]\n", '[station]\nlanguage = "en"\n', 1), encoding="utf-8"
    )
    lines = _config(station).stdout.splitlines()
    at = lines.index('preroll = "2s"')
    assert lines[at - 1] == "# open the file (paused) this long before its slot (1s … 1m)"
    assert "target = -16.0  # default" in lines
