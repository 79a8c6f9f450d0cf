"""The `[notify]` table of config.toml: where notifications go, how often, how hard to try."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from broadcaster.config.schema import (
    Checker,
    Shown,
    boolean,
    duration,
    int_between,
    read_text,
    string,
    table,
)
from broadcaster.errors import Invalid
from broadcaster.i18n import t

DEFAULTS: dict[str, Any] = {
    "email_to": [],
    "email_from": "",
    "smtp_host": "",
    "smtp_port": 587,
    "smtp_user": "",
    "smtp_password": "",
    "smtp_password_file": "",
    "starttls": True,
    "webhook_url": "",
    "timeout": "10s",
    "quiet_period": "30m",
    "retries": 3,
    "retry_backoff": "30s",
}
# A server that has not answered in two minutes will not; a second keeps a LAN test honest.
TIMEOUT_RANGE = ("1s", "2m")
# Zero sends every event; a day is the longest an operator would wait to hear of a repeat.
QUIET_RANGE = ("0s", "1d")
# Ten tries with the backoff doubling from ten minutes already spans a week: enough.
MAX_RETRIES = 10
BACKOFF_RANGE = ("0s", "10m")


@dataclass(frozen=True)
class NotifySettings:
    email_to: tuple[str, ...] = ()
    email_from: str = ""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    starttls: bool = True
    webhook_url: str = ""
    timeout: timedelta = timedelta(seconds=10)
    quiet_period: timedelta = timedelta(minutes=30)
    retries: int = 3
    retry_backoff: timedelta = timedelta(seconds=30)

    @property
    def email(self) -> bool:
        return bool(self.email_to and self.smtp_host)

    @property
    def any_channel(self) -> bool:
        return self.email or bool(self.webhook_url)

    def sender(self) -> str:
        return self.email_from or self.smtp_user or f"broadcaster@{self.smtp_host}"


def addresses(value: Any) -> tuple[str, ...]:
    """One address or a list of them; each must look like an address (name@host)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise Invalid(t("config.bad_type", expected='["name@host", ...]', got=Shown(value)))
    result = []
    for item in items:
        text = string(item).strip()
        local, at, host = text.rpartition("@")
        if not at or not local or "." not in host or any(c.isspace() for c in text):
            raise Invalid(t("notify.bad_address", got=Shown(item)))
        result.append(text)
    return tuple(result)


def host_name(value: Any) -> str:
    text = string(value).strip()
    if any(c.isspace() or c in "/@" for c in text):
        raise Invalid(t("notify.bad_host", got=Shown(value)))
    return text


def web_address(value: Any) -> str:
    text = string(value).strip()
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid(t("notify.bad_url", got=Shown(value)))
    return text


def secret(value: Any) -> str:
    """A password: checked like any text, but never echoed in a message (or in the log)."""
    try:
        return string(value)
    except Invalid:
        raise Invalid(t("config.bad_type", expected="text", got=Shown("***"))) from None


def password_file(base: Path) -> Any:
    def convert(value: Any) -> str:
        text = string(value)
        if not text.strip():
            return ""
        path = Path(text).expanduser()
        path = path if path.is_absolute() else base / path
        secret = read_text(path)  # Invalid, in the operator's words, when it cannot be read
        return secret.strip()

    return convert


def load_notify(check: Checker, data: dict[str, Any], base: Path) -> NotifySettings:
    """`[notify]` checked key by key; issues go to `check`, the defaults stand in for them."""
    section = table(check, data, "notify")
    check.reject_unknown(section, set(DEFAULTS), "notify")
    d = DEFAULTS
    values: dict[str, Any] = {
        "email_to": check.get(section, "notify", "email_to", addresses, d["email_to"]),
        "email_from": check.get(section, "notify", "email_from", _optional_address, ""),
        "smtp_host": check.get(section, "notify", "smtp_host", host_name, d["smtp_host"]),
        "smtp_port": check.get(section, "notify", "smtp_port", int_between(1, 65535), 587),
        "smtp_user": check.get(section, "notify", "smtp_user", string, ""),
        "starttls": check.get(section, "notify", "starttls", boolean, True),
        "webhook_url": check.get(section, "notify", "webhook_url", web_address, ""),
        "timeout": check.get(section, "notify", "timeout", duration(*TIMEOUT_RANGE), "10s"),
        "quiet_period": check.get(
            section, "notify", "quiet_period", duration(*QUIET_RANGE), d["quiet_period"]
        ),
        "retries": check.get(section, "notify", "retries", int_between(0, MAX_RETRIES), 3),
        "retry_backoff": check.get(
            section, "notify", "retry_backoff", duration(*BACKOFF_RANGE), d["retry_backoff"]
        ),
    }
    password = check.get(section, "notify", "smtp_password", secret, "")
    from_file = check.get(section, "notify", "smtp_password_file", password_file(base), "")
    if password and from_file:
        check.report("notify.smtp_password_file", t("notify.two_passwords"))
    values["smtp_password"] = password or from_file or ""
    # Only when the keys themselves are fine (None: already reported), one line each.
    if values["email_to"] and values["smtp_host"] == "":
        check.report("notify.smtp_host", t("notify.needs_host"))
    if values["smtp_user"] and password == "" and from_file == "":
        check.report("notify.smtp_password", t("notify.needs_password"))
    if any(v is None for v in values.values()):
        return NotifySettings()  # load_config raises on the issues before this is used
    return NotifySettings(**values)


def _optional_address(value: Any) -> str:
    text = string(value).strip()
    return addresses(text)[0] if text else ""
