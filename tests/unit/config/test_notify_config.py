"""`[notify]` in config.toml and the due keys of series files: defaults, ranges, and one
clear Vietnamese line for each wrong value (#10 §4)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from broadcaster.config.schema import Shown
from broadcaster.i18n import t
from tests.unit.config.test_config import issues_of, only_issue, write_config, write_series


def test_without_notify_nothing_is_sent_and_series_have_default_due_days(station):
    write_config(station)
    config = station.config()
    assert not config.notify.any_channel
    assert config.notify.quiet_period == timedelta(minutes=30)
    assert config.notify.retries == 3
    assert config.series[0].due_by == 5


def test_a_full_notify_table_is_read(station, tmp_path):
    secret = tmp_path / "mat-khau.txt"
    secret.write_text("bí mật\n", encoding="utf-8")
    write_config(
        station,
        notify={
            "email_to": ["canbo@xa.gov.vn", "truong@xa.gov.vn"],
            "smtp_host": "smtp.gmail.com",
            "smtp_port": 465,
            "smtp_user": "dai.xa@gmail.com",
            "smtp_password_file": str(secret),
            "starttls": False,
            "webhook_url": "https://hooks.example.vn/dai",
            "quiet_period": "1h",
            "retries": 5,
            "retry_backoff": "1m",
            "timeout": "20s",
        },
    )
    notify = station.config().notify
    assert notify.email and notify.email_to == ("canbo@xa.gov.vn", "truong@xa.gov.vn")
    assert (notify.smtp_port, notify.smtp_password, notify.starttls) == (465, "bí mật", False)
    assert notify.sender() == "dai.xa@gmail.com"
    assert (notify.quiet_period, notify.retries) == (timedelta(hours=1), 5)


def test_one_address_as_text_is_a_list_of_one(station):
    write_config(station, notify={"email_to": "canbo@xa.gov.vn", "smtp_host": "localhost"})
    assert station.config().notify.email_to == ("canbo@xa.gov.vn",)


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        ({"email_to": ["canbo"], "smtp_host": "h.vn"}, "notify.email_to", t("notify.bad_address", "vi", got=Shown("canbo"))),
        ({"email_to": 5}, "notify.email_to", t("config.bad_type", "vi", expected='["name@host", ...]', got=Shown(5))),
        ({"email_to": ["a@b.vn"]}, "notify.smtp_host", t("notify.needs_host", "vi")),
        ({"smtp_host": "smtp gmail"}, "notify.smtp_host", t("notify.bad_host", "vi", got=Shown("smtp gmail"))),
        ({"smtp_port": 0}, "notify.smtp_port", t("config.between", "vi", low=1, high=65535)),
        ({"smtp_port": 70000}, "notify.smtp_port", t("config.between", "vi", low=1, high=65535)),
        ({"smtp_user": "u"}, "notify.smtp_password", t("notify.needs_password", "vi")),
        ({"smtp_password": "a", "smtp_password_file": "secret.txt"}, "notify.smtp_password_file", None),
        ({"webhook_url": "ftp://x.vn/h"}, "notify.webhook_url", t("notify.bad_url", "vi", got=Shown("ftp://x.vn/h"))),
        ({"webhook_url": "http://"}, "notify.webhook_url", t("notify.bad_url", "vi", got=Shown("http://"))),
        ({"quiet_period": "2d"}, "notify.quiet_period", t("config.between", "vi", low="0s", high="1d")),
        ({"quiet_period": 30}, "notify.quiet_period", t("config.bad_duration", "vi", got=Shown(30))),
        ({"retries": 11}, "notify.retries", t("config.between", "vi", low=0, high=10)),
        ({"retries": -1}, "notify.retries", t("config.between", "vi", low=0, high=10)),
        ({"retry_backoff": "1h"}, "notify.retry_backoff", t("config.between", "vi", low="0s", high="10m")),
        ({"timeout": "0s"}, "notify.timeout", t("config.between", "vi", low="1s", high="2m")),
        ({"starttls": "yes"}, "notify.starttls", t("config.bad_type", "vi", expected="true/false", got=Shown("yes"))),
    ],
)  # fmt: skip
def test_each_wrong_notify_value_is_one_line(station, change, key, message):
    if "smtp_password_file" in change:
        (station.root / "secret.txt").write_text("x", encoding="utf-8")
    write_config(station, notify=change)
    issue = only_issue(station)
    assert issue.key == key
    if message is not None:
        assert issue.message == message


def test_an_unreadable_password_file_is_named(station):
    write_config(station, notify={"smtp_user": "u", "smtp_password_file": "khong-co.txt"})
    issues = issues_of(station)
    assert [i.key for i in issues][0] == "notify.smtp_password_file"
    assert "khong-co.txt" in issues[0].message


def test_an_unknown_notify_key_has_a_hint(station):
    write_config(station, notify={"webhok_url": "http://x.vn"})
    issue = only_issue(station)
    assert (issue.key, issue.message) == (
        "notify.webhok_url",
        t(
            "config.unknown_key",
            "vi",
            key="webhok_url",
            hint=t("config.hint", "vi", near="webhook_url"),
        ),
    )


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        ({"due_by": 0}, "due_by", t("config.between", "vi", low=1, high=28)),
        ({"due_by": 31}, "due_by", t("config.between", "vi", low=1, high=28)),
        ({"due_by": "5"}, "due_by", t("config.bad_type", "vi", expected="integer", got=Shown("5"))),
        ({"due_before": "2d"}, "due_before", t("config.due_before_monthly", "vi")),
        ({"period": "week", "due_by": 5}, "due_by", t("config.due_by_weekly", "vi")),
        ({"period": "week", "due_before": "8d"}, "due_before", t("config.between", "vi", low="0s", high="7d")),
    ],
)  # fmt: skip
def test_each_wrong_due_value_is_one_line(station, change, key, message):
    write_series(station, **change)
    issue = only_issue(station)
    assert (issue.key, issue.message) == (key, message)


def test_due_keys_are_read(station):
    write_series(station, due_by=10)
    assert station.config().series[0].due_by == 10
    write_series(station, period="week", due_before="36h")
    assert station.config().series[0].due_before == timedelta(hours=36)


def test_a_password_is_never_echoed(station):
    write_config(station, notify={"smtp_user": "u", "smtp_password": 123456789})
    issue = only_issue(station)
    assert issue.key == "notify.smtp_password" and "123456789" not in issue.message


def test_wrong_notify_values_stop_a_command_with_vietnamese_lines_not_a_traceback(station):
    from click.testing import CliRunner

    from broadcaster.cli import main

    write_config(station, notify={"webhook_url": "javascript:alert(1)", "smtp_port": "25"})
    result = CliRunner().invoke(main, ["--config", str(station.config_path), "status"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "notify.webhook_url: địa chỉ web không hợp lệ 'javascript:alert(1)'" in result.output
    assert "notify.smtp_port: phải là integer" in result.output
