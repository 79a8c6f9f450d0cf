"""The `[document]` table of config.toml: who issues a document (Nghị định 30/2020/NĐ-CP).

Its keys are declared in sections.py; here are the checked `Office` the documents are
framed with (proof/office.py draws the frame) and the converters of its lines.
Everything is optional: a blank line is left for the office to fill in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from broadcaster.config.schema import Invalid, Shown, string
from broadcaster.i18n import t

# A printed line this long already fills the page's width; longer is a mistake.
MAX_LINE = 120
MAX_RECIPIENTS = 12


@dataclass(frozen=True)
class Office:
    parent_body: str = ""
    issuer: str = ""
    issuer_code: str = ""
    number: str = ""
    place: str = ""
    signer_title: str = ""
    signer_name: str = ""
    preparer_name: str = ""
    recipients: tuple[str, ...] = ()

    def with_station(self, name: str, reports_to: str) -> Office:
        """Blanks the station's own config can fill: the issuer and the first recipient."""
        recipients = self.recipients or tuple(r for r in (reports_to,) if r)
        return Office(
            parent_body=self.parent_body,
            issuer=self.issuer or name,
            issuer_code=self.issuer_code,
            number=self.number,
            place=self.place,
            signer_title=self.signer_title,
            signer_name=self.signer_name,
            preparer_name=self.preparer_name,
            recipients=recipients,
        )


def line(value: Any) -> str:
    text = string(value).strip()
    if len(text) > MAX_LINE:
        raise Invalid(t("config.too_long", maximum=MAX_LINE))
    return text


def lines(value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Invalid(t("config.bad_type", expected='["…", ...]', got=Shown(value)))
    if len(items) > MAX_RECIPIENTS:
        raise Invalid(t("config.too_long", maximum=MAX_RECIPIENTS))
    return tuple(text for text in (line(item) for item in items) if text)
