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

from broadcaster.config.document import Office

GAP = "……"  # printed where the office writes by hand


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
