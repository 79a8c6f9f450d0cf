"""Who issues a document, and the frame an office files it in (Nghị định 30/2020/NĐ-CP).

The `[document]` table of config.toml names the parent body and the issuing unit, the
report's number and place, the signer and the recipients. The station's monthly log uses
the station's config; `broadcaster report`, run at the culture office, uses the office's.
Everything is optional: a blank line is left for the office to fill in by hand.

`frame()` is pure: it turns an `Office` and a date into the texts every document draws
(PDF, Word) in the same places: the motto at the top right, the bodies at the top left,
`Số: …/BC-…`, the place and date line, the signature block and *Nơi nhận*.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from broadcaster.config.schema import Checker, ConfigIssue, Shown, read_toml, string, table
from broadcaster.errors import ConfigError, Invalid
from broadcaster.i18n import t

DEFAULTS: dict[str, Any] = {
    "parent_body": "",  # cơ quan chủ quản, e.g. "UBND HUYỆN BÌNH SƠN"
    "issuer": "",  # đơn vị ban hành; "" = the station's name
    "issuer_code": "",  # chữ viết tắt after BC-, e.g. "ĐTT"; "" = a gap to fill in
    "number": "",  # the document's number; "" = a gap the office fills in by hand
    "place": "",  # địa danh of the date line, e.g. "Bình Sơn"
    "signer_title": "",  # e.g. "GIÁM ĐỐC" or "KT. TRƯỞNG PHÒNG"
    "signer_name": "",
    "preparer_name": "",  # người lập biểu
    "recipients": [],  # Nơi nhận; [] = the body the station reports to, and "Lưu: VT"
}
# A printed line this long already fills the page's width; longer is a mistake.
MAX_LINE = 120
MAX_RECIPIENTS = 12
GAP = "……"  # printed where the office writes by hand


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


@dataclass(frozen=True)
class Frame:
    """The texts of an administrative document's frame, in the order they are drawn."""

    motto: tuple[str, str]  # Quốc hiệu and Tiêu ngữ (the second is underlined)
    bodies: tuple[str, ...]  # parent body (plain), issuing unit (bold, underlined)
    number: str  # "Số: 12/BC-ĐTT"
    place_date: str  # "Bình Sơn, ngày 29 tháng 11 năm 2026" (italic)
    recipients_title: str  # "Nơi nhận:" (bold italic)
    recipients: tuple[str, ...]  # each "- …;", the last "- Lưu: VT."
    signer_title: str  # bold capitals
    sign_hint: str  # "(Ký, ghi rõ họ tên, đóng dấu)" (italic)
    signer_name: str  # bold; "" leaves the space blank
    preparer_title: str
    preparer_hint: str
    preparer_name: str


def _line(value: Any) -> str:
    text = string(value).strip()
    if len(text) > MAX_LINE:
        raise Invalid(t("config.too_long", maximum=MAX_LINE))
    return text


def _lines(value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise Invalid(t("config.bad_type", expected='["…", ...]', got=Shown(value)))
    if len(items) > MAX_RECIPIENTS:
        raise Invalid(t("config.too_long", maximum=MAX_RECIPIENTS))
    return tuple(text for text in (_line(item) for item in items) if text)


def load_office(check: Checker, data: dict[str, Any]) -> Office:
    """`[document]` checked key by key; issues go to `check`, the defaults stand in."""
    section = table(check, data, "document")
    check.reject_unknown(section, set(DEFAULTS), "document")
    values: dict[str, Any] = {
        key: check.get(section, "document", key, _line, "")
        for key in DEFAULTS
        if key != "recipients"
    }
    values["recipients"] = check.get(section, "document", "recipients", _lines, [])
    return Office(**values)


def read_office(path: Path) -> Office:
    """The `[document]` table of a config file for `report`, run where there may be no
    station (the culture office): no file, no table; only this table is read and checked
    (a bad value is ConfigError, exit 2, like any setting)."""
    if not path.exists():
        return Office()
    issues: list[ConfigIssue] = []
    data = read_toml(path, issues)
    office = load_office(Checker(path, issues), data or {})
    if issues:
        raise ConfigError(issues)
    return office


MOTTO = {
    "vi": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
    "en": ("SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness"),
}
WORDS = {
    "vi": {
        "number": "Số: {number}/BC-{code}",
        "place_date": "{place}, ngày {day} tháng {month} năm {year}",
        "recipients": "Nơi nhận:",
        "archive": "Lưu: VT.",
        "sign_hint": "(Ký, ghi rõ họ tên, đóng dấu)",
        "preparer": "NGƯỜI LẬP BIỂU",
        "preparer_hint": "(Ký, ghi rõ họ tên)",
        "head": "THỦ TRƯỞNG ĐƠN VỊ",
    },
    "en": {
        "number": "No.: {number}/BC-{code}",
        "place_date": "{place}, {day:0>2}/{month:0>2}/{year}",
        "recipients": "To:",
        "archive": "File: archive.",
        "sign_hint": "(Signature, full name and seal)",
        "preparer": "PREPARED BY",
        "preparer_hint": "(Signature and full name)",
        "head": "HEAD OF UNIT",
    },
}


def frame(office: Office, on: date | None, lang: str) -> Frame:
    """The frame's texts; `on` None leaves the day for the office to write in."""
    words = WORDS.get(lang, WORDS["vi"])
    day, month, year = (f"{on.day:02d}", f"{on.month:02d}", str(on.year)) if on else (GAP, GAP, GAP)
    if on is not None and lang == "vi":
        # Nghị định 30: days below 10 and months below 3 take a leading zero; others do not.
        day = f"{on.day:02d}" if on.day < 10 else str(on.day)
        month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    recipients = [f"- {r.rstrip(';.')};" for r in office.recipients]
    recipients.append(f"- {words['archive']}")
    bodies = tuple(b.upper() for b in (office.parent_body, office.issuer) if b)
    return Frame(
        motto=MOTTO.get(lang, MOTTO["vi"]),
        bodies=bodies,
        number=words["number"].format(number=office.number or GAP, code=office.issuer_code or GAP),
        place_date=words["place_date"].format(
            place=office.place or GAP, day=day, month=month, year=year
        ),
        recipients_title=words["recipients"],
        recipients=tuple(recipients),
        signer_title=(office.signer_title or words["head"]).upper(),
        sign_hint=words["sign_hint"],
        signer_name=office.signer_name,
        preparer_title=words["preparer"],
        preparer_hint=words["preparer_hint"],
        preparer_name=office.preparer_name,
    )
