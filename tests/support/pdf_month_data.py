"""A realistic month document for the PDF tests: rows of every kind and status, bulletins
of the three levels, a correction, test airings, long Vietnamese titles and titles made
from long file names, and the summary scored by the real `summarize()`."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from broadcaster.proof.summary import SeriesRule, summarize

ZONE = "+07:00"
RULES = [
    SeriesRule("chuyen-doi-so", "Chuyên mục Chuyển đổi số", "month", 1, 3),
    SeriesRule(
        "an-ninh-trat-tu",
        "Chuyên mục An ninh trật tự và an toàn giao thông ở khu dân cư nông thôn",
        "month",
        2,
        1,
    ),
    SeriesRule("tinh-hang-tuan", "Chương trình phát thanh của Đài tỉnh", "week", 1, 0),
]
LONG_SLUG = "chuong-trinh-tuyen-truyen-phong-chong-thien-tai-va-bien-doi-khi-hau_mua-mua-bao-2026"
STATUSES = ["aired"] * 6 + ["partial", "missed", "failed"]


def _at(day: int, hour: int, minute: int, month: int = 11) -> str:
    return f"2026-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00{ZONE}"


def row(seq: int, series: str, title: str, kind: str, at: str, status: str, **extra: Any) -> dict:
    played = {"aired": 1800.0, "partial": 612.35}.get(status, 0.0)
    started = None if status in ("missed", "failed") else at
    ended = None
    if started:
        ended = (datetime.fromisoformat(at) + timedelta(seconds=played)).isoformat()
    reason = {
        "partial": "bị dừng khi đang phát (mất điện lưới khu vực trung tâm xã)",
        "missed": "phần mềm không chạy vào giờ phát",
        "failed": "tệp chương trình không còn trong thư viện",
    }.get(status, "")
    base = {
        "seq": seq,
        "uid": f"uid-{seq}",
        "station_id": "xa-binh-son",
        "series_id": series,
        "title": title,
        "file_name": f"{series}/{title}.mp3",
        "file_sha256": f"sha-{series}-{title}",
        "kind": kind,
        "scheduled_at": at,
        "started_at": started,
        "ended_at": ended,
        "duration_s": 1800.0,
        "played_s": played,
        "status": status,
        "reason": reason,
        "corrects_uid": None,
        "recorded_at": at,
        "prev_hash": f"{seq - 1:064x}",
        "row_hash": f"{seq:064x}",
    }
    base.update(extra)
    return base


def realistic_month(
    count: int = 320, generated_at: str = "2026-12-02T07:30:00+07:00"
) -> dict[str, Any]:
    """A November 2026 with `count` rows (at least 30)."""
    rows: list[dict[str, Any]] = []

    def add(series: str, title: str, kind: str, at: str, status: str, **extra: Any) -> None:
        rows.append(row(len(rows) + 1, series, title, kind, at, status, **extra))

    add("chuyen-doi-so", "Chuyển đổi số tháng 11", "new", _at(2, 6, 10), "aired")
    add("chuyen-doi-so", "Chuyển đổi số tháng 11", "repeat", _at(9, 6, 10), "failed")
    add("chuyen-doi-so", "Chuyển đổi số tháng 11", "makeup", _at(10, 17, 15), "aired")
    add("chuyen-doi-so", "Chuyển đổi số tháng 11", "repeat", _at(16, 6, 10), "partial")
    # The operator's correction: the row above aired in full after all.
    add(
        "chuyen-doi-so",
        "Chuyển đổi số tháng 11",
        "repeat",
        _at(16, 6, 10),
        "aired",
        corrects_uid="uid-4",
    )
    add("an-ninh-trat-tu", LONG_SLUG, "new", _at(3, 17, 15), "aired")
    add("an-ninh-trat-tu", LONG_SLUG, "repeat", _at(12, 17, 15), "missed")
    add(
        "an-ninh-trat-tu",
        "Bảo đảm trật tự an toàn giao thông dịp cuối năm",
        "new",
        _at(4, 6, 10),
        "missed",
    )
    for week, day in enumerate((6, 13, 20, 27), start=1):
        status = "aired" if week != 3 else "failed"
        add("tinh-hang-tuan", f"Tuần {week}", "new", _at(day, 16, 30), status)
    add("tinh-hang-tuan", "Tuần 3", "late", _at(24, 16, 30), "aired")
    for n, level in enumerate(("emergency", "priority", "normal"), start=1):
        add(
            "bulletin",
            f"Thông báo số {n} về phòng chống cơn bão số 9",
            "bulletin",
            _at(5 + n, 11, 0),
            "aired",
            priority=level,
        )
    add("test", "Âm thử", "test", _at(1, 5, 0), "aired")
    # The rest: repeats of a programme outside the plan, every status, to fill the pages.
    i = 0
    while len(rows) < count:
        day, slot = 1 + (i // 11) % 30, i % 11
        status = STATUSES[i % len(STATUSES)]
        add("phat-lai-tong-hop", LONG_SLUG, "repeat", _at(day, 5 + slot, (i * 7) % 60), status)
        i += 1
    summary = summarize(RULES, rows, [], date(2026, 11, 1), date(2026, 11, 30))
    return {
        "format_version": 3,
        "kind": "broadcaster-month-log",
        "generator": "broadcaster 0.1.0",
        "generated_at": generated_at,
        "station": {
            "id": "xa-binh-son",
            "name": "Đài truyền thanh xã Bình Sơn",
            "level": "commune",
            "reports_to": "Phòng Văn hóa và Thông tin huyện Bình Sơn",
            "timezone": "Asia/Ho_Chi_Minh",
        },
        "month": "2026-11",
        "complete": generated_at >= "2026-12",
        "plan": {"series": [r.as_dict() for r in RULES]},
        "summary": summary,
        "pending": [],
        "rows": rows,
        "chain": {
            "first_seq": 1,
            "last_seq": len(rows),
            "hash_before": "0" * 64,
            "hash_after": rows[-1]["row_hash"],
            "links": [],
        },
    }
