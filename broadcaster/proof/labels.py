"""Words of the proof-of-broadcast documents, in Vietnamese and English (DOMAIN.md terms)."""

from __future__ import annotations

from broadcaster.core.vocab import BULLETIN_SERIES, TEST_SERIES

LABELS: dict[str, dict[str, str]] = {
    "title": {"vi": "NHẬT KÝ PHÁT THANH", "en": "BROADCAST LOG"},
    "month": {"vi": "Tháng", "en": "Month"},
    "station": {"vi": "Đài", "en": "Station"},
    "level": {"vi": "Cấp", "en": "Level"},
    "reports_to": {"vi": "Đơn vị quản lý", "en": "Reports to"},
    "generated_at": {"vi": "Lập lúc", "en": "Generated at"},
    "summary": {"vi": "Tổng hợp", "en": "Summary"},
    "detail": {"vi": "Chi tiết", "en": "Detail"},
    "calendar": {"vi": "Lịch tháng", "en": "Calendar"},
    "series": {"vi": "Chuyên mục", "en": "Series"},
    "programme": {"vi": "Chương trình", "en": "Programme"},
    "required": {"vi": "Yêu cầu", "en": "Required"},
    "done": {"vi": "Đã thực hiện", "en": "Done"},
    "new": {"vi": "Phát mới", "en": "New"},
    "repeats": {"vi": "Phát lại", "en": "Repeats"},
    "makeups": {"vi": "Phát bù", "en": "Make-ups"},
    "problems": {"vi": "Sự cố", "en": "Problems"},
    "airtime": {"vi": "Tổng thời lượng phát", "en": "Total airtime"},
    "verdict": {"vi": "Đánh giá", "en": "Verdict"},
    "pending": {"vi": "Còn theo lịch", "en": "Still planned"},
    "programmes": {"vi": "Số chương trình", "en": "Programmes"},
    "airings": {"vi": "Số lần phát", "en": "Airings"},
    "seq": {"vi": "STT", "en": "No."},
    "scheduled_at": {"vi": "Giờ theo lịch", "en": "Scheduled"},
    "started_at": {"vi": "Giờ bắt đầu thực tế", "en": "Actual start"},
    "ended_at": {"vi": "Giờ kết thúc thực tế", "en": "Actual end"},
    "duration_s": {"vi": "Thời lượng (giây)", "en": "Duration (s)"},
    "played_s": {"vi": "Đã phát (giây)", "en": "Played (s)"},
    "kind": {"vi": "Loại", "en": "Kind"},
    "status": {"vi": "Trạng thái", "en": "Status"},
    "reason": {"vi": "Ghi chú", "en": "Notes"},
    "file_name": {"vi": "Tệp", "en": "File"},
    "total": {"vi": "Tổng cộng", "en": "Total"},
    "prepared_by": {"vi": "Người lập biểu", "en": "Prepared by"},
    "approved_by": {"vi": "Lãnh đạo đơn vị", "en": "Head of unit"},
    "sign_hint": {"vi": "(Ký, ghi rõ họ tên)", "en": "(Signature and full name)"},
    "chain": {"vi": "Chuỗi kiểm tra", "en": "Integrity chain"},
    # The workbook's detail columns: hashes to compare, and each correction's link (#11).
    "file_sha256": {"vi": "Mã SHA-256 của tệp", "en": "File SHA-256"},
    "row_hash": {"vi": "Mã băm của dòng", "en": "Row hash"},
    "corrects_seq": {"vi": "Đính chính dòng số", "en": "Corrects row no."},
    "correction": {"vi": "Đính chính", "en": "Correction"},
    "corrected_by": {"vi": "đã được đính chính bởi dòng {seq}", "en": "corrected by row {seq}"},
    "kind.new": {"vi": "phát mới", "en": "new"},
    "kind.repeat": {"vi": "phát lại", "en": "repeat"},
    "kind.makeup": {"vi": "phát bù", "en": "make-up"},
    "kind.late": {"vi": "phát muộn", "en": "late"},
    "kind.bulletin": {"vi": "bản tin", "en": "bulletin"},
    "kind.test": {"vi": "phát thử", "en": "test airing"},
    "status.aired": {"vi": "đã phát", "en": "aired"},
    "status.partial": {"vi": "phát không trọn", "en": "partial"},
    "status.missed": {"vi": "bị bỏ lỡ", "en": "missed"},
    "status.failed": {"vi": "lỗi phát", "en": "failed"},
    "verdict.met": {"vi": "đạt", "en": "met"},
    "verdict.not_met": {"vi": "không đạt", "en": "not met"},
    "verdict.pending": {"vi": "đang thực hiện", "en": "in progress"},
    "verdict.withdrawn": {"vi": "đã rút", "en": "withdrawn"},
    # not_met while the period is still running: the plan can no longer meet it (#11).
    "verdict.cannot": {"vi": "không thể đạt", "en": "cannot be met"},
    "series.bulletin": {"vi": "Bản tin", "en": "Bulletins"},
    "series.bulletin.emergency": {"vi": "Bản tin khẩn cấp", "en": "Emergency bulletins"},
    "series.bulletin.priority": {"vi": "Bản tin ưu tiên", "en": "Priority bulletins"},
    "series.bulletin.normal": {"vi": "Bản tin thông thường", "en": "Normal bulletins"},
    "series.test": {"vi": "Phát thử", "en": "Test airings"},
    "corrects": {"vi": "đính chính dòng {seq}", "en": "corrects row {seq}"},
    # the monthly log PDF in the form an office files (#11 §2)
    "report": {"vi": "BÁO CÁO", "en": "REPORT"},
    "log_of_month": {
        "vi": "Nhật ký phát thanh tháng {month} năm {year}",
        "en": "Broadcast log, month {month}/{year}",
    },
    "month_of": {"vi": "tháng {month}/{year}", "en": "month {month}/{year}"},
    "period": {"vi": "Kỳ báo cáo", "en": "Period"},
    "period.over": {"vi": "đã kết thúc", "en": "over"},
    "period.running": {"vi": "chưa kết thúc", "en": "still running"},
    "summary_heading": {
        "vi": "Kết quả thực hiện kế hoạch phát thanh",
        "en": "The broadcasting plan: required and done",
    },
    "annex": {"vi": "Phụ lục {number}", "en": "Annex {number}"},
    "annex.detail": {"vi": "Chi tiết các lần phát", "en": "Every airing in detail"},
    "annex.calendar": {"vi": "Lịch phát trong tháng", "en": "The month's airings by day"},
    "annex_of": {"vi": "(Kèm theo Báo cáo số {number})", "en": "(Attached to report no. {number})"},
    "actual": {"vi": "Giờ phát thực tế", "en": "Actual time"},
    "more_problems": {
        "vi": "… và {count} sự cố khác (xem Phụ lục I)",
        "en": "… and {count} more (see Annex I)",
    },
    "figures_note": {
        "vi": "Số liệu ghi dạng đã thực hiện/yêu cầu; thời lượng tính theo giờ:phút:giây.",
        "en": "Figures read done/required; airtime in hours:minutes:seconds.",
    },
    "level.commune": {"vi": "xã", "en": "commune"},
    "level.ward": {"vi": "phường", "en": "ward"},
    "level.district": {"vi": "huyện", "en": "district"},
    "level.province": {"vi": "tỉnh", "en": "province"},
    "weekday": {"vi": "T2 T3 T4 T5 T6 T7 CN", "en": "Mon Tue Wed Thu Fri Sat Sun"},
}


def label(key: str, lang: str) -> str:
    entry = LABELS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["vi"]


def level_label(level: str | None, lang: str) -> str:
    """Station level is free text in the config; the usual ones are translated."""
    if not level:
        return ""
    return label(f"level.{level}", lang) if f"level.{level}" in LABELS else level


# A station-month's state in the supervisor's report (report_model.py), besides a verdict.
STATE_WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "in_progress": "đang thực hiện",
        "not_yet": "chưa đến kỳ",
        "not_started": "chưa hoạt động",
        "missing": "thiếu nhật ký",
        "untrusted": "không tin cậy (đã bị sửa)",
        "unchecked": "không kiểm tra được",
    },
    "en": {
        "in_progress": "in progress",
        "not_yet": "not yet due",
        "not_started": "not started",
        "missing": "log missing",
        "untrusted": "untrusted (changed)",
        "unchecked": "cannot be checked",
    },
}


def series_label(series_id: str, title: str | None, lang: str, level: str | None = None) -> str:
    """A series as a supervisor reads it: bulletins as *Bản tin* (with their level when
    known), test airings as *Phát thử*, the others by their title from the plan."""
    if series_id == BULLETIN_SERIES:
        key = f"series.bulletin.{level}" if level else "series.bulletin"
        return label(key if key in LABELS else "series.bulletin", lang)
    if series_id == TEST_SERIES:
        return label("series.test", lang)
    return programme_title(title or series_id)


def programme_title(title: str) -> str:
    """A title made from a file name (`chuyen-doi-so_thang-11`) reads with spaces; a title
    a person wrote (it has spaces already) is kept as it is."""
    text = title.strip()
    if " " in text or not any(c in text for c in "-_"):
        return text
    words = text.replace("_", " ").replace("-", " ").split()
    spaced = " ".join(words)
    return spaced[:1].upper() + spaced[1:]


def verdict_label(verdict: str, lang: str, period_over: bool = True) -> str:
    """`not_met` reads *không đạt* once the period is over and *không thể đạt* before."""
    if verdict == "not_met" and not period_over:
        return label("verdict.cannot", lang)
    return label(f"verdict.{verdict}", lang)


def corrects_label(seq: int | str, lang: str) -> str:
    return label("corrects", lang).format(seq=seq)
