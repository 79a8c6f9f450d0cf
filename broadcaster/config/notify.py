"""The `[notify]` table of config.toml: where notifications go, how often, how hard to try.

Its keys are declared in sections.py; here are the settings the notifier uses, the
converters of addresses and secrets, and the rules between keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from broadcaster.config.schema import Checker, Shown, read_text, string
from broadcaster.errors import Invalid
from broadcaster.i18n import t

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


def check_notify(check: Checker, values: dict[str, Any]) -> None:
    """The rules between `[notify]` keys, each one line; only when the keys themselves are
    fine (None: already reported)."""
    password, from_file = values["smtp_password"], values["smtp_password_file"]
    if password and from_file:
        check.report("notify.smtp_password_file", t("notify.two_passwords"))
    if values["email_to"] and values["smtp_host"] == "":
        check.report("notify.smtp_host", t("notify.needs_host"))
    if values["smtp_user"] and password == "" and from_file == "":
        check.report("notify.smtp_password", t("notify.needs_password"))


def build_notify(values: dict[str, Any]) -> NotifySettings:
    """The settings of checked values: the password from the file when it is not written."""
    settings = {k: v for k, v in values.items() if k != "smtp_password_file"}
    settings["smtp_password"] = values["smtp_password"] or values["smtp_password_file"] or ""
    return NotifySettings(**settings)


def optional_address(value: Any) -> str:
    text = string(value).strip()
    return addresses(text)[0] if text else ""
