"""The two ways out: an e-mail through SMTP and a JSON POST to a webhook. Each call either
delivers or raises `DeliveryError` with a one-line reason; the caller retries."""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from broadcaster.config.notify import NotifySettings
from broadcaster.errors import DeliveryError


def send_email(settings: NotifySettings, subject: str, body: str) -> None:
    message = EmailMessage()
    message["Subject"] = subject  # non-ASCII subjects are encoded (RFC 2047) by the policy
    message["From"] = settings.sender()
    message["To"] = ", ".join(settings.email_to)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="broadcaster.local")
    message.set_content(body, charset="utf-8")
    timeout = settings.timeout.total_seconds()
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(_one_line(exc)) from None


def post_webhook(settings: NotifySettings, payload: dict[str, Any]) -> None:
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        settings.webhook_url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout.total_seconds()) as reply:
            reply.read(65536)
            status = getattr(reply, "status", 200)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code}") from None
    except (OSError, ValueError) as exc:  # URLError is an OSError; ValueError: a bad URL
        raise DeliveryError(_one_line(exc)) from None
    if not 200 <= status < 300:
        raise DeliveryError(f"HTTP {status}")


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]
