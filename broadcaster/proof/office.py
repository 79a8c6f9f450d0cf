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
from broadcaster.i18n import LANGUAGES, t

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


# The frame's words are in the catalogue (broadcaster/i18n/vi.toml, en.toml) under
# "office.<key>" and "office.motto.country|words" (#12).
_WORDS = (
    "number",
    "place_date",
    "recipients",
    "archive",
    "sign_hint",
    "preparer",
    "preparer_hint",
    "head",
)


def frame(office: Office, on: date | None, lang: str) -> Frame:
    """The frame's texts; `on` None leaves the day for the office to write in."""
    known = lang if lang in LANGUAGES else "vi"
    words = {key: t(f"office.{key}", known) for key in _WORDS}
    day, month, year = (f"{on.day:02d}", f"{on.month:02d}", str(on.year)) if on else (GAP, GAP, GAP)
    if on is not None and lang == "vi":
        # Nghị định 30: days below 10 and months below 3 take a leading zero; others do not.
        day = f"{on.day:02d}" if on.day < 10 else str(on.day)
        month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    recipients = [f"- {r.rstrip(';.')};" for r in office.recipients]
    recipients.append(f"- {words['archive']}")
    bodies = tuple(b.upper() for b in (office.parent_body, office.issuer) if b)
    return Frame(
        motto=(t("office.motto.country", known), t("office.motto.words", known)),
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
