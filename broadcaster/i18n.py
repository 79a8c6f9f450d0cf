"""Operator-facing messages in Vietnamese (default) and English.

Operators may not read English, so every message an operator can see goes through `t()`.
Log lines for developers (tracebacks, debug) stay in English.
"""

from __future__ import annotations

LANGUAGES = ("vi", "en")
_language = "vi"

MESSAGES: dict[str, dict[str, str]] = {
    # configuration
    "config.missing_file": {
        "vi": "Không tìm thấy tệp cấu hình {path}",
        "en": "Configuration file not found: {path}",
    },
    "config.bad_toml": {
        "vi": "Tệp {path} sai cú pháp TOML: {detail}",
        "en": "{path} is not valid TOML: {detail}",
    },
    "config.unknown_key": {
        "vi": "khóa không hợp lệ '{key}'{hint}",
        "en": "unknown key '{key}'{hint}",
    },
    "config.hint": {"vi": " (có phải ý bạn là '{near}'?)", "en": " (did you mean '{near}'?)"},
    "config.missing_key": {"vi": "thiếu khóa bắt buộc", "en": "required key is missing"},
    "config.bad_type": {
        "vi": "phải là {expected}, nhưng đang là {got!r}",
        "en": "must be {expected}, got {got!r}",
    },
    "config.bad_duration": {
        "vi": 'thời lượng không hợp lệ {got!r} (ví dụ: "5s", "2m", "7d")',
        "en": 'invalid duration {got!r} (e.g. "5s", "2m", "7d")',
    },
    "config.bad_time": {
        "vi": "giờ không hợp lệ {got!r} (dạng HH:MM hoặc HH:MM:SS)",
        "en": "invalid time {got!r} (use HH:MM or HH:MM:SS)",
    },
    "config.bad_day": {
        "vi": "ngày không hợp lệ {got!r} (mon, tue, wed, thu, fri, sat, sun)",
        "en": "invalid day {got!r} (mon, tue, wed, thu, fri, sat, sun)",
    },
    "config.bad_choice": {
        "vi": "phải là một trong {choices}, nhưng đang là {got!r}",
        "en": "must be one of {choices}, got {got!r}",
    },
    "config.bad_timezone": {
        "vi": "múi giờ không tồn tại {got!r}",
        "en": "unknown time zone {got!r}",
    },
    "config.not_positive": {"vi": "phải lớn hơn 0", "en": "must be greater than 0"},
    "config.negative": {"vi": "không được âm", "en": "must not be negative"},
    "config.silent_output": {
        "vi": "'{arg}' không phát ra loa: mọi buổi phát sẽ bị ghi sai là đã phát",
        "en": "'{arg}' sends no sound to a speaker: every airing would be recorded as aired",
    },
    "config.between": {
        "vi": "phải nằm trong khoảng {low} đến {high}",
        "en": "must be between {low} and {high}",
    },
    "config.at_least": {"vi": "phải từ {minimum} trở lên", "en": "must be at least {minimum}"},
    "config.no_slots": {
        "vi": "chuyên mục phải có ít nhất một khung giờ phát",
        "en": "a series needs at least one slot",
    },
    "config.duplicate_slot": {
        "vi": "khung giờ {time} bị khai báo hai lần",
        "en": "slot {time} is listed twice",
    },
    "config.duplicate_series": {
        "vi": "mã chuyên mục '{id}' đã dùng trong {other}",
        "en": "series id '{id}' is already used in {other}",
    },
    "config.duplicate_folder": {
        "vi": "thư mục '{folder}' đã dùng cho chuyên mục '{other}'",
        "en": "folder '{folder}' is already used by series '{other}'",
    },
    "config.reserved_folder": {
        "vi": "tên thư mục không hợp lệ '{folder}'",
        "en": "invalid folder name '{folder}'",
    },
    "config.no_series": {
        "vi": "không có chuyên mục nào trong {path}",
        "en": "no series files in {path}",
    },
    "config.unknown_default_series": {
        "vi": "chuyên mục mặc định '{id}' không có trong thư mục lịch phát",
        "en": "default series '{id}' has no schedule file",
    },
    "config.errors_header": {
        "vi": "Cấu hình có {count} lỗi, chưa thể chạy:",
        "en": "The configuration has {count} error(s); nothing was started:",
    },
    # ingest
    "ingest.accepted": {
        "vi": "Đã nhận: {name} → chuyên mục {series}, thời lượng {duration}, kỳ {period}",
        "en": "Taken in: {name} → series {series}, duration {duration}, period {period}",
    },
    "ingest.progress": {
        "vi": "Đang nhận {name}: {percent}% ({done} / {total})",
        "en": "Taking in {name}: {percent}% ({done} / {total})",
    },
    "loudness.unmeasured": {"vi": "chưa đo độ lớn", "en": "loudness not measured yet"},
    "loudness.silent": {"vi": "im lặng (không đo được)", "en": "silent (nothing to measure)"},
    "loudness.line": {
        "vi": "{lufs} LUFS, đỉnh {peak} dBTP, LRA {lra} LU → {gain} dB",
        "en": "{lufs} LUFS, peak {peak} dBTP, LRA {lra} LU → {gain} dB",
    },
    "loudness.measured_later": {
        "vi": "Đã đo độ lớn chương trình có sẵn: {title}",
        "en": "Measured the loudness of a library programme: {title}",
    },
    "loudness.cue": {
        "vi": "Độ lớn: {line}; phát từ {start} đến {stop}",
        "en": "Loudness: {line}; playing from {start} to {stop}",
    },
    "ingest.bulletin": {
        "vi": "Đã nhận bản tin {priority}: {name} — phát lúc {when}",
        "en": "Bulletin ({priority}) taken in: {name} — airs at {when}",
    },
    "ingest.duplicate": {
        "vi": "Trùng nội dung với '{other}', không lên lịch lại: {name}",
        "en": "Same content as '{other}', not planned again: {name}",
    },
    "ingest.rejected": {
        "vi": "Không nhận {name}: {reason} (đã chuyển vào thư mục cách ly)",
        "en": "Rejected {name}: {reason} (moved to quarantine)",
    },
    "ingest.waiting": {
        "vi": "Đang chờ tệp chép xong: {name}",
        "en": "Waiting for the copy to finish: {name}",
    },
    "ingest.nothing": {"vi": "Thư mục nhận không có tệp mới.", "en": "No new files in the inbox."},
    "ingest.failed_move": {
        "vi": "Không chuyển được tệp {name}: {detail}",
        "en": "Could not move {name}: {detail}",
    },
    "reason.empty": {"vi": "tệp rỗng (0 byte)", "en": "the file is empty (0 bytes)"},
    "reason.not_audio": {
        "vi": "không phải tệp âm thanh đọc được",
        "en": "not a readable audio file",
    },
    "reason.decode_error": {
        "vi": "tệp âm thanh bị hỏng, không giải mã trọn được",
        "en": "the audio is damaged and does not decode to the end",
    },
    "reason.truncated": {
        "vi": "tệp bị cắt cụt: chỉ giải mã được {decoded} trên {declared}",
        "en": "the file is truncated: only {decoded} of {declared} decode",
    },
    "reason.too_short": {
        "vi": "không có âm thanh (thời lượng {duration})",
        "en": "no audio in it (duration {duration})",
    },
    "reason.bulletin_again": {
        "vi": "bản tin này đã có trong thư viện ('{other}'); đã lên lịch phát lại theo yêu cầu",
        "en": "this bulletin is already in the library ('{other}'); it is scheduled again as asked",
    },
    "reason.duplicate": {
        "vi": "trùng nội dung với chương trình đã có '{other}'",
        "en": "same content as the programme already in the library, '{other}'",
    },
    "reason.unknown_folder": {
        "vi": "thư mục '{folder}' không thuộc chuyên mục nào",
        "en": "folder '{folder}' belongs to no series",
    },
    "advice.bad_file": {
        "vi": "Cách xử lý: chép lại tệp gốc từ nguồn (USB, thư điện tử) rồi đặt lại vào thư mục "
        "nhận; nếu tệp này đã được sửa ngay trong thư mục cách ly, hệ thống sẽ tự thử lại.",
        "en": "What to do: copy the original file again from its source and drop it into the "
        "inbox; if you fix this file here in quarantine, it is retried automatically.",
    },
    "advice.duplicate": {
        "vi": "Cách xử lý: không cần làm gì; chương trình này đã có trong thư viện và đã lên lịch.",
        "en": "What to do: nothing; this programme is already in the library and planned.",
    },
    "advice.unknown_folder": {
        "vi": "Cách xử lý: đặt tệp vào thư mục của một chuyên mục có trong lịch phát, "
        "hoặc thẳng vào thư mục nhận.",
        "en": "What to do: put the file in the folder of a series that has a schedule, "
        "or directly in the inbox.",
    },
    # hostile names, links, start-up recovery, bounded tools (#15)
    "ingest.renamed": {
        "vi": "Tệp {original} được lưu với tên {name} để máy nào cũng đọc và lưu được",
        "en": "{original} is kept under the name {name}, which every station PC can read and store",
    },
    "ingest.link_left": {
        "vi": "Để nguyên liên kết {name} trong thư mục nhận: hệ thống không lấy tệp qua liên kết. "
        "Hãy chép chính tệp vào thư mục nhận.",
        "en": "Left the link {name} in the inbox as it is: files are never taken through a link. "
        "Copy the file itself into the inbox.",
    },
    "ingest.adopted": {
        "vi": "Đã nhận tệp có sẵn trong thư viện nhưng chưa có trong lịch phát "
        "(lần nhận trước bị ngắt giữa chừng): {name} → {series}",
        "en": "Took in a library file that had no programme entry "
        "(taking it in was interrupted): {name} → {series}",
    },
    "ingest.orphan_quarantined": {
        "vi": "Tệp {name} có trong thư viện nhưng chưa có trong lịch phát, "
        "đã chuyển vào thư mục cách ly: {reason}",
        "en": "{name} was in the library with no programme entry and is moved to quarantine: "
        "{reason}",
    },
    "reason.orphan_bulletin": {
        "vi": "bản tin bị ngắt giữa chừng khi đang nhận nên không rõ mức phát "
        "(khẩn cấp, ưu tiên hay thông thường)",
        "en": "a bulletin whose taking-in was interrupted, so its level "
        "(emergency, priority or normal) is unknown",
    },
    "advice.drop_bulletin_again": {
        "vi": "Cách xử lý: nếu vẫn cần phát bản tin này, đặt lại tệp vào thư mục bản tin "
        "đúng mức trong thư mục nhận.",
        "en": "What to do: if this bulletin must still air, drop the file again into the inbox "
        "folder of its level.",
    },
    "reason.tool_memory": {
        "vi": "cần hơn {memory} MB bộ nhớ để đọc tệp: có lẽ không phải âm thanh, chỉ mang đuôi "
        "tệp âm thanh",
        "en": "reading the file needs more than {memory} MB of memory: probably not audio, "
        "only named like it",
    },
    "reason.tool_time": {
        "vi": "đọc tệp mất quá {seconds} giây: tệp hỏng hoặc không phải âm thanh",
        "en": "reading the file took longer than {seconds} s: damaged, or not audio",
    },
    # planning
    "plan.title": {"vi": "Lịch phát {period} — {station}", "en": "Schedule {period} — {station}"},
    "plan.none": {"vi": "Chưa có buổi phát nào trong kỳ này.", "en": "No airings in this period."},
    "plan.unplaced": {
        "vi": "Không xếp được: {title} ({kind} lần {n}) — {reason}",
        "en": "Could not place: {title} ({kind} #{n}) — {reason}",
    },
    "plan.held": {
        "vi": "Tạm giữ sang kỳ sau: {title} — kỳ {wanted} đã đủ chương trình mới, sẽ phát kỳ {period}",
        "en": "Held for a later period: {title} — {wanted} already has its new programmes; "
        "it airs in {period}",
    },
    "unplaced.no_free_slot": {
        "vi": "hết khung giờ trống trong kỳ {period}",
        "en": "no free slot left in {period}",
    },
    "unplaced.after_new": {
        "vi": "buổi phát mới chưa xếp được",
        "en": "its new airing could not be placed",
    },
    "kind.new": {"vi": "phát mới", "en": "new"},
    "kind.repeat": {"vi": "phát lại", "en": "repeat"},
    "kind.makeup": {"vi": "phát bù", "en": "make-up"},
    "kind.bulletin": {"vi": "bản tin", "en": "bulletin"},
    "priority.emergency": {"vi": "khẩn cấp", "en": "emergency"},
    "priority.priority": {"vi": "ưu tiên", "en": "priority"},
    "priority.normal": {"vi": "thông thường", "en": "normal"},
    "status.aired": {"vi": "đã phát", "en": "aired"},
    "status.partial": {"vi": "phát không trọn", "en": "partial"},
    "status.missed": {"vi": "bị bỏ lỡ", "en": "missed"},
    "status.failed": {"vi": "lỗi phát", "en": "failed"},
    "status.planned": {"vi": "theo lịch", "en": "planned"},
    "status.unrecorded": {"vi": "chưa ghi nhận", "en": "not recorded yet"},
    # as-run reasons
    "asrun.file_missing": {
        "vi": "tệp chương trình không còn trong thư viện: {name}",
        "en": "the programme file is no longer in the library: {name}",
    },
    "asrun.file_changed": {
        "vi": "tệp chương trình đã bị thay đổi (mã SHA-256 khác)",
        "en": "the programme file was changed (SHA-256 differs)",
    },
    "asrun.no_audio_output": {
        "vi": "không có đầu ra âm thanh hoạt động: {detail}",
        "en": "no working audio output: {detail}",
    },
    "asrun.player_error": {"vi": "trình phát báo lỗi: {detail}", "en": "player error: {detail}"},
    "asrun.stopped": {
        "vi": "bị dừng khi đang phát (dừng chương trình)",
        "en": "cut short: the daemon was stopped",
    },
    "asrun.interrupted": {
        "vi": "bị ngắt giữa chừng: phần mềm dừng đột ngột (mất điện hoặc bị tắt)",
        "en": "cut off: the daemon stopped abruptly (power cut or killed)",
    },
    "asrun.preempted": {
        "vi": "bị ngắt để phát bản tin khẩn cấp; sẽ phát bù",
        "en": "pre-empted by an emergency bulletin; it will be made up",
    },
    "asrun.output_lost": {
        "vi": "mất đầu ra âm thanh giữa chừng sau {played}: {detail}",
        "en": "the audio output was lost after {played}: {detail}",
    },
    "asrun.player_hung": {
        "vi": "trình phát VLC bị treo; đã khởi động lại trình phát",
        "en": "the VLC player hung; the player was restarted",
    },
    "asrun.daemon_down": {
        "vi": "phần mềm không chạy vào giờ phát",
        "en": "the daemon was not running at the slot",
    },
    "asrun.late": {
        "vi": "đến giờ phát nhưng không bắt đầu được trong {grace}",
        "en": "could not start within {grace} of the slot",
    },
    "asrun.cut_short": {
        "vi": "chỉ phát được {played} trên {duration}",
        "en": "only {played} of {duration} played",
    },
    # status
    "status.title": {"vi": "Tình trạng đài {station}", "en": "Status of {station}"},
    "status.next": {"vi": "Sắp phát:", "en": "Next airings:"},
    "status.last": {"vi": "Đã phát gần đây:", "en": "Last airings:"},
    "status.health": {"vi": "Kiểm tra:", "en": "Health:"},
    "health.ok": {"vi": "tốt", "en": "ok"},
    "health.bad": {"vi": "LỖI", "en": "FAULT"},
    "health.audio": {"vi": "Đầu ra âm thanh", "en": "Audio output"},
    "health.inbox": {"vi": "Thư mục nhận", "en": "Inbox"},
    "health.database": {"vi": "Cơ sở dữ liệu", "en": "Database"},
    "health.daemon": {"vi": "Phần mềm phát", "en": "Daemon"},
    "health.daemon_running": {
        "vi": "đang chạy (tín hiệu lúc {at})",
        "en": "running (heartbeat at {at})",
    },
    "health.daemon_stopped": {
        "vi": "không chạy (tín hiệu cuối lúc {at})",
        "en": "not running (last heartbeat at {at})",
    },
    "health.daemon_never": {"vi": "chưa từng chạy", "en": "has never run"},
    "health.audio_unknown": {
        "vi": "chưa kiểm tra (chưa có buổi phát nào)",
        "en": "not checked yet (no airing so far)",
    },
    "health.audio_last": {
        "vi": "{state} (lần kiểm tra lúc {at}: {detail})",
        "en": "{state} (checked at {at}: {detail})",
    },
    "health.inbox_ok": {
        "vi": "{path}, {waiting} tệp đang chờ",
        "en": "{path}, {waiting} file(s) waiting",
    },
    "health.inbox_missing": {"vi": "không truy cập được {path}", "en": "cannot access {path}"},
    "health.db_ok": {"vi": "{path}, kiểm tra toàn vẹn đạt", "en": "{path}, integrity check ok"},
    "health.db_bad": {"vi": "{path}: {detail}", "en": "{path}: {detail}"},
    # daemon
    "daemon.started": {
        "vi": "{station}: bắt đầu chạy; thư mục nhận: {inbox}",
        "en": "{station}: started; inbox: {inbox}",
    },
    "daemon.allocator_jemalloc": {
        "vi": "bộ cấp phát bộ nhớ: jemalloc",
        "en": "memory allocator: jemalloc",
    },
    "daemon.allocator_system": {
        "vi": "bộ cấp phát bộ nhớ: malloc của hệ thống, bộ nhớ sẽ tăng dần; hãy cài libjemalloc2",
        "en": "memory allocator: the system's malloc, memory will creep; install libjemalloc2",
    },
    "daemon.row_unwritten": {
        "vi": "KHÔNG GHI ĐƯỢC nhật ký cho {title} (đĩa đầy?): {detail} — sẽ ghi lại khi có chỗ",
        "en": "COULD NOT WRITE the as-run row for {title} (disk full?): {detail} — kept, retried",
    },
    "daemon.row_written_late": {
        "vi": "Đã ghi bù dòng nhật ký còn chờ",
        "en": "A pending as-run row was written",
    },
    "daemon.db_damaged": {
        "vi": "Cơ sở dữ liệu bị hỏng ({detail}); chưa phát gì. Hãy chạy: broadcaster db restore",
        "en": "The database is damaged ({detail}); nothing started. Run: broadcaster db restore",
    },
    "daemon.already_running": {
        "vi": "Phần mềm phát của đài này đang chạy rồi (khóa {lock}); không chạy thêm bản thứ hai",
        "en": "The daemon already runs for this station (lock {lock}); not starting a second one",
    },
    "daemon.player_hung": {
        "vi": "Trình phát VLC bị treo: ghi nhận buổi phát và khởi động lại trình phát",
        "en": "The VLC player hung: the airing is recorded and the player restarted",
    },
    "daemon.clock_jump": {
        "vi": "Đồng hồ máy vừa nhảy {delta} giây; lập lại lịch, không phát bù dồn dập",
        "en": "The system clock jumped {delta} s; re-planning, no backlog is replayed",
    },
    "daemon.stopping": {"vi": "Đang dừng…", "en": "Stopping…"},
    "daemon.stopped": {"vi": "Đã dừng.", "en": "Stopped."},
    "daemon.airing_start": {
        "vi": "Bắt đầu phát: {title} ({kind}), giờ theo lịch {slot}",
        "en": "On air: {title} ({kind}), scheduled {slot}",
    },
    "daemon.airing_done": {
        "vi": "Kết thúc: {title} — {status} ({played}){reason}",
        "en": "Done: {title} — {status} ({played}){reason}",
    },
    "daemon.missed": {
        "vi": "Bị bỏ lỡ: {title}, giờ theo lịch {slot}",
        "en": "Missed: {title}, scheduled {slot}",
    },
    # errors
    "error.player_unavailable": {
        "vi": "Không khởi động được VLC (libVLC): {detail}. Hãy cài VLC 3.",
        "en": "libVLC could not start: {detail}. Install VLC 3.",
    },
    "error.ffmpeg_missing": {
        "vi": "Không tìm thấy ffmpeg/ffprobe. Hãy cài ffmpeg.",
        "en": "ffmpeg/ffprobe not found. Install ffmpeg.",
    },
    "error.bad_month": {
        "vi": "Tháng không hợp lệ {got!r} (dạng YYYY-MM)",
        "en": "Invalid month {got!r} (use YYYY-MM)",
    },
    "error.database": {
        "vi": "Lỗi cơ sở dữ liệu {path}: {detail} (nếu tệp bị hỏng: broadcaster db restore)",
        "en": "Database error {path}: {detail} (if the file is damaged: broadcaster db restore)",
    },
    # doctor: one verdict line per check
    "doctor.libvlc": {"vi": "Thư viện phát VLC (libVLC)", "en": "VLC playback library (libVLC)"},
    "doctor.libvlc_ok": {"vi": "phiên bản {version}", "en": "version {version}"},
    "doctor.libvlc_missing": {
        "vi": "không tìm thấy libVLC ({detail}); hãy cài VLC",
        "en": "libVLC not found ({detail}); install VLC",
    },
    "doctor.tool_ok": {"vi": "{version} ({path})", "en": "{version} ({path})"},
    "doctor.tool_missing": {
        "vi": "không tìm thấy {tool}; hãy cài ffmpeg",
        "en": "{tool} not found; install ffmpeg",
    },
    "doctor.tool_failed": {
        "vi": "{tool} không chạy được: {detail}",
        "en": "{tool} does not run: {detail}",
    },
    "doctor.audio_ok": {
        "vi": "phát thử 1,5 giây im lặng được ({args})",
        "en": "1.5 s of silence played ({args})",
    },
    "doctor.audio_bad": {
        "vi": "không phát ra loa được: {detail} ({args}); kiểm tra loa, dây nối và âm lượng",
        "en": "cannot play to the speakers: {detail} ({args}); check the speakers, cables and volume",
    },
    "doctor.audio_timeout": {
        "vi": "phát thử không xong sau {seconds} giây ({args}); khởi động lại máy rồi thử lại",
        "en": "the test playback did not finish within {seconds} s ({args}); restart the PC and try again",
    },
    "doctor.db_ok": {
        "vi": "{path}: toàn vẹn, nhật ký phát {count} dòng, chuỗi kiểm tra khớp",
        "en": "{path}: intact, as-run log {count} rows, the chain holds",
    },
    "doctor.db_missing": {
        "vi": "{path} chưa có; phần mềm phát sẽ tạo khi chạy lần đầu",
        "en": "{path} does not exist yet; the daemon creates it when it first starts",
    },
    "doctor.db_damaged": {
        "vi": "{path} bị hỏng ({detail}); đừng xóa tệp này, hãy báo cho kỹ thuật viên",
        "en": "{path} is damaged ({detail}); do not delete it, call the technician",
    },
    "doctor.db_chain": {
        "vi": "{path}: nhật ký phát đã bị thay đổi tại dòng {seq} ({problem}); hãy báo cho kỹ thuật viên",
        "en": "{path}: the as-run log was changed at row {seq} ({problem}); call the technician",
    },
    "doctor.disk": {"vi": "Dung lượng đĩa", "en": "Disk space"},
    "doctor.disk_place": {
        "vi": "{path}: còn trống {free} ({percent})",
        "en": "{path}: {free} free ({percent})",
    },
    "doctor.disk_low": {
        "vi": "sắp đầy: cần còn trống ít nhất {minimum} và {percent}; hãy giải phóng chỗ trống, nhưng đừng xóa cơ sở dữ liệu hay thư viện chương trình",
        "en": "nearly full: keep at least {minimum} and {percent} free; free some space, but never delete the database or the programme library",
    },
    "doctor.clock": {"vi": "Đồng hồ hệ thống", "en": "System clock"},
    "doctor.clock_ok": {
        "vi": "giờ hệ thống {now}; mốc mới nhất đã ghi: {latest}",
        "en": "system time {now}; newest recorded time: {latest}",
    },
    "doctor.clock_behind": {
        "vi": "giờ hệ thống {now} sớm hơn mốc đã ghi {latest}: đồng hồ bị lùi (pin CMOS hết?); hãy chỉnh lại ngày giờ",
        "en": "system time {now} is earlier than the recorded {latest}: the clock went backwards (flat CMOS battery?); set the date and time",
    },
    "doctor.clock_too_early": {
        "vi": "giờ hệ thống {now} sớm hơn năm {year}: đồng hồ sai (pin CMOS hết?); hãy chỉnh lại ngày giờ",
        "en": "system time {now} is before {year}: the clock is wrong (flat CMOS battery?); set the date and time",
    },
    "doctor.clock_nothing": {"vi": "chưa có", "en": "none yet"},
    "doctor.clock_unreadable": {
        "vi": "không đọc được (xem dòng Cơ sở dữ liệu)",
        "en": "unreadable (see the Database line)",
    },
    "doctor.source_asrun": {"vi": "nhật ký phát", "en": "as-run log"},
    "doctor.source_heartbeat": {"vi": "tín hiệu của phần mềm phát", "en": "daemon heartbeat"},
    "doctor.inbox_ok": {"vi": "{path}: ghi được", "en": "{path}: writable"},
    "doctor.inbox_missing": {
        "vi": "{path} không có hoặc không phải thư mục; kiểm tra [paths] inbox trong config.toml",
        "en": "{path} is missing or not a folder; check [paths] inbox in config.toml",
    },
    "doctor.inbox_readonly": {
        "vi": "không ghi được vào {path}: {detail}",
        "en": "cannot write in {path}: {detail}",
    },
    "doctor.allocator": {"vi": "Bộ cấp phát bộ nhớ", "en": "Memory allocator"},
    "doctor.allocator_ok": {
        "vi": "jemalloc ({path}), dùng cho lệnh run",
        "en": "jemalloc ({path}), used by the run command",
    },
    "doctor.allocator_missing": {
        "vi": "chưa cài jemalloc, bộ nhớ sẽ tăng dần khi chạy lâu: sudo apt install libjemalloc2",
        "en": "jemalloc is not installed, memory creeps over a long run: "
        "sudo apt install libjemalloc2",
    },
    "doctor.allocator_system": {
        "vi": "malloc của hệ thống ({env})",
        "en": "the system's malloc ({env})",
    },
    "doctor.allocator_not_needed": {
        "vi": "malloc của hệ thống (không cần jemalloc ở đây)",
        "en": "the system's malloc (jemalloc is not needed here)",
    },
    "doctor.crashed": {"vi": "không kiểm tra được: {detail}", "en": "the check failed: {detail}"},
    "doctor.summary_ok": {
        "vi": "Tất cả {count} mục kiểm tra đều tốt.",
        "en": "All {count} checks passed.",
    },
    "doctor.summary_bad": {
        "vi": "{failed}/{count} mục có lỗi: xem các dòng [!!] ở trên.",
        "en": "{failed} of {count} checks failed: see the [!!] lines above.",
    },
    "verify.no_rows": {
        "vi": "{source}: không có dòng nào, nhưng chuỗi kiểm tra ghi từ seq {seq}",
        "en": "{source}: no rows, but the chain starts at seq {seq}",
    },
    "verify.twice": {
        "vi": "{source}: seq {seq} xuất hiện hai lần",
        "en": "{source}: seq {seq} appears twice",
    },
    "verify.order": {
        "vi": "{source}: các dòng bị đảo thứ tự tại seq {seq}",
        "en": "{source}: rows out of order at seq {seq}",
    },
    "verify.first_bad": {
        "vi": "{source}: dòng sai đầu tiên seq {seq}{when}: {what}",
        "en": "{source}: first bad row seq {seq}{when}: {what}",
    },
    "verify.break.hash": {
        "vi": "nội dung không khớp mã băm của nó (đã bị sửa)",
        "en": "its content does not match its hash (edited)",
    },
    "verify.break.link": {
        "vi": "không nối tiếp dòng trước (có dòng bị xóa, chèn hoặc di chuyển)",
        "en": "it does not follow the row before it (a row deleted, inserted or moved)",
    },
    "verify.break.missing": {
        "vi": "dòng này bị thiếu (đã bị xóa)",
        "en": "this row is missing (deleted)",
    },
    "verify.range": {
        "vi": "{source}: các dòng chạy từ seq {first} đến {last}, nhưng chuỗi ghi {want_first} đến {want_last}",
        "en": "{source}: rows run seq {first}–{last}, but the chain says {want_first}–{want_last}",
    },
    "verify.end_hash": {
        "vi": "{source}: mã băm của dòng cuối không khớp mã kết thúc chuỗi",
        "en": "{source}: the last row's hash is not the chain's end hash",
    },
    "verify.unsupported": {
        "vi": "{source}: chỉ kiểm tra được thư mục xuất, tệp .json hoặc .csv",
        "en": "{source}: only an export folder, a .json or a .csv can be checked",
    },
    "verify.unreadable": {
        "vi": "{source}: không đọc được ({detail})",
        "en": "{source}: unreadable ({detail})",
    },
    "verify.other_station": {
        "vi": "{source}: seq {seq} thuộc đài khác",
        "en": "{source}: seq {seq} belongs to another station",
    },
    "verify.no_manifest": {
        "vi": "{source}: thiếu {manifest}",
        "en": "{source}: {manifest} is missing",
    },
    "verify.file_missing": {
        "vi": "{source}: có trong manifest nhưng không thấy tệp",
        "en": "{source}: listed in the manifest but missing",
    },
    "verify.file_changed": {
        "vi": "{source}: mã SHA-256 khác manifest (tệp đã bị thay đổi)",
        "en": "{source}: SHA-256 differs from the manifest (the file was changed)",
    },
    "verify.file_extra": {
        "vi": "{source}: không có trong manifest",
        "en": "{source}: not listed in the manifest",
    },
    "verify.manifest_scope": {
        "vi": "{source}: đài hoặc tháng khác với {other}",
        "en": "{source}: station or month differs from {other}",
    },
    "verify.manifest_chain": {
        "vi": "{source}: số liệu chuỗi kiểm tra khác với {other}",
        "en": "{source}: chain figures differ from {other}",
    },
    "verify.row_count": {
        "vi": "{source}: row_count ghi {claimed} nhưng {other} có {rows} dòng",
        "en": "{source}: row_count {claimed} but {other} has {rows} rows",
    },
    "verify.not_export": {
        "vi": "{source}: không phải tệp xuất nhật ký của broadcaster",
        "en": "{source}: not a broadcaster month export",
    },
    "verify.two_logs": {
        "vi": "có hai nhật ký khác nhau cho cùng đài và tháng",
        "en": "two different logs for this station and month",
    },
    "verify.ok": {
        "vi": "TOÀN VẸN: {path} — {count} dòng, chuỗi kiểm tra và mã SHA-256 khớp",
        "en": "INTACT: {path} — {count} rows, hash chain and SHA-256 all match",
    },
    "verify.bad": {
        "vi": "ĐÃ BỊ THAY ĐỔI: {path} — {count} điểm không khớp:",
        "en": "CHANGED: {path} — {count} mismatch(es):",
    },
    "verify.db_ok": {
        "vi": "TOÀN VẸN: nhật ký trong cơ sở dữ liệu, {count} dòng",
        "en": "INTACT: the database log, {count} rows",
    },
    "verify.db_bad": {
        "vi": "ĐÃ BỊ THAY ĐỔI: nhật ký trong cơ sở dữ liệu, dòng {seq} không khớp ({problem})",
        "en": "CHANGED: the database log, row {seq} does not match ({problem})",
    },
    "verify.nothing": {
        "vi": "Hãy chỉ ra thư mục hoặc tệp cần kiểm tra, hoặc dùng --database",
        "en": "Name a folder or file to check, or use --database",
    },
    "report.written": {
        "vi": "Đã lập báo cáo {path}: {stations} đài, {inputs} tệp đầu vào",
        "en": "Report written to {path}: {stations} stations, {inputs} inputs",
    },
    "report.flagged": {
        "vi": "KHÔNG TÍNH (đã bị thay đổi): {source} — {problem}",
        "en": "NOT COUNTED (changed): {source} — {problem}",
    },
    "report.month_or_year": {
        "vi": "Chỉ chọn một trong --month hoặc --year",
        "en": "Use either --month or --year, not both",
    },
    "report.bad_year": {
        "vi": "Năm không hợp lệ {got!r} (dạng YYYY)",
        "en": "Invalid year {got!r} (use YYYY)",
    },
    "purge.dry_run": {
        "vi": "Sẽ xóa {rows} dòng nhật ký của các tháng: {months} (sau khi xuất lưu). Thêm --yes để thực hiện.",
        "en": "Would remove {rows} as-run rows of: {months} (after exporting them). Add --yes to do it.",
    },
    "purge.done": {
        "vi": "Đã xuất lưu rồi xóa {rows} dòng nhật ký; bản lưu: {folders}",
        "en": "Exported, then removed {rows} as-run rows; exports: {folders}",
    },
    "purge.too_recent": {
        "vi": "Không xóa: nhật ký phải giữ ít nhất {months} tháng (từ {keep}); {before} còn quá gần",
        "en": "Not removed: logs are kept at least {months} months (from {keep}); {before} is too recent",
    },
    "correct.done": {
        "vi": "Đã ghi dòng đính chính seq {seq} cho dòng {original}: {status}",
        "en": "Correction written as seq {seq} for row {original}: {status}",
    },
    "correct.not_found": {
        "vi": "Không có dòng nhật ký {row} (nhập số seq hoặc mã uid)",
        "en": "No as-run row {row} (give its seq or uid)",
    },
    "correct.no_reason": {
        "vi": "Hãy ghi lý do đính chính (--reason)",
        "en": "Give the reason for the correction (--reason)",
    },
    # ingest: a full disk, and a file that could not be put back
    "ingest.disk_full": {
        "vi": "Ổ ĐĨA ĐẦY: chưa nhận được {name} ({detail}). Tệp vẫn nằm nguyên chỗ cũ; "
        "hãy giải phóng dung lượng ổ đĩa, phần mềm sẽ tự thử lại.",
        "en": "DISK FULL: {name} was not taken in ({detail}). The file stays where it was; "
        "free some disk space and it will be tried again.",
    },
    "ingest.stranded": {
        "vi": "Không trả được tệp {name} về {source}; tệp hiện nằm ở {path}",
        "en": "Could not put {name} back to {source}; the file is now at {path}",
    },
    # database: check, backup, restore
    "db.ok": {
        "vi": "Cơ sở dữ liệu {path}: kiểm tra toàn vẹn đạt",
        "en": "Database {path}: integrity check ok",
    },
    "db.damaged": {
        "vi": "Cơ sở dữ liệu bị hỏng: {path} — {detail}. Hãy chạy: broadcaster db restore",
        "en": "The database is damaged: {path} — {detail}. Run: broadcaster db restore",
    },
    "db.no_file": {"vi": "không có tệp này", "en": "no such file"},
    "db.empty": {
        "vi": "cơ sở dữ liệu trống, không có bảng nào",
        "en": "an empty database with no tables",
    },
    "db.unreadable": {"vi": "không đọc được tệp: {detail}", "en": "cannot read the file: {detail}"},
    "db.not_a_file": {
        "vi": "Lệnh này chỉ dùng được với cơ sở dữ liệu SQLite dạng tệp, không dùng được với {url}",
        "en": "This command works only with an SQLite database file, not with {url}",
    },
    "db.chain_unreadable": {
        "vi": "Không đọc được nhật ký phát thanh trong cơ sở dữ liệu: {detail}",
        "en": "Cannot read the as-run log in the database: {detail}",
    },
    "db.backup_done": {
        "vi": "Đã sao lưu cơ sở dữ liệu: {path} ({size})",
        "en": "Database backed up: {path} ({size})",
    },
    "db.backup_failed": {
        "vi": "SAO LƯU CƠ SỞ DỮ LIỆU THẤT BẠI: {detail}",
        "en": "DATABASE BACKUP FAILED: {detail}",
    },
    "db.backup_bad_copy": {
        "vi": "bản sao không đạt kiểm tra toàn vẹn ({detail}) nên đã bị xóa; "
        "cơ sở dữ liệu có thể đã hỏng, hãy chạy: broadcaster db check",
        "en": "the copy failed its integrity check ({detail}) and was removed; "
        "the database may be damaged, run: broadcaster db check",
    },
    "db.no_backups": {
        "vi": "Chưa có bản sao lưu nào trong {folder}",
        "en": "No backups in {folder}",
    },
    "db.backups_header": {
        "vi": "Các bản sao lưu trong {folder} (mới nhất trước):",
        "en": "Backups in {folder} (newest first):",
    },
    "db.restore_plan": {
        "vi": "Sẽ khôi phục từ {backup} (sao lưu lúc {time}). Cơ sở dữ liệu hiện tại ({state}) "
        "sẽ được chuyển sang {aside}, không bị xóa; những gì ghi sau lúc sao lưu sẽ không có "
        "trong bản khôi phục. Hãy dừng phần mềm phát trước, rồi chạy lại lệnh với --yes.",
        "en": "Would restore from {backup} (taken {time}). The current database ({state}) "
        "would be moved aside to {aside}, not deleted; anything written after the backup is "
        "not in it. Stop the daemon first, then run the command again with --yes.",
    },
    "db.restored": {
        "vi": "Đã khôi phục cơ sở dữ liệu từ {backup}. Tệp cũ được giữ lại tại {aside}",
        "en": "Database restored from {backup}. The old file is kept at {aside}",
    },
    "db.restored_fresh": {
        "vi": "Đã khôi phục cơ sở dữ liệu từ {backup} (trước đó không có tệp cơ sở dữ liệu)",
        "en": "Database restored from {backup} (there was no database file before)",
    },
    "db.backup_damaged": {
        "vi": "Không khôi phục: bản sao lưu {path} cũng bị hỏng ({detail}). "
        "Hãy chọn bản khác (broadcaster db restore để xem danh sách)",
        "en": "Not restored: the backup {path} is damaged too ({detail}). "
        "Choose another one (broadcaster db restore lists them)",
    },
    "db.daemon_running": {
        "vi": "Phần mềm phát đang chạy (tín hiệu lúc {at}): hãy dừng nó trước khi khôi phục",
        "en": "The daemon is running (heartbeat at {at}): stop it before restoring",
    },
    "announce.done": {
        "vi": "Đã lên lịch bản tin {priority}: {title} — phát lúc {when}",
        "en": "Bulletin ({priority}) scheduled: {title} — airs at {when}",
    },
    "announce.rejected": {
        "vi": "Không nhận bản tin {name}: {reason}",
        "en": "Bulletin {name} not taken: {reason}",
    },
    "announce.no_slot": {
        "vi": "Không còn khung giờ trống trong hai tuần tới; hãy chỉ định giờ bằng --at",
        "en": "No free slot in the next two weeks; give a time with --at",
    },
    "announce.bad_time": {
        "vi": "Giờ không hợp lệ {got!r} (dạng HH:MM, HH:MM:SS hoặc ISO 8601)",
        "en": "Invalid time {got!r} (use HH:MM, HH:MM:SS or ISO 8601)",
    },
    "export.written": {
        "vi": "Đã xuất {count} dòng nhật ký phát thanh tháng {month} vào {path}",
        "en": "Exported {count} as-run rows for {month} to {path}",
    },
}


def set_language(language: str) -> None:
    global _language
    _language = language if language in LANGUAGES else "vi"


def language() -> str:
    return _language


def t(message_key: str, lang: str | None = None, /, **values: object) -> str:
    entry = MESSAGES[message_key]
    text = entry.get(lang or _language) or entry["vi"]
    return text.format(**values) if values else text


def both(message_key: str, /, **values: object) -> str:
    """Vietnamese line, then English line: for files a stranger may open (reason.txt)."""
    return f"{t(message_key, 'vi', **values)}\n{t(message_key, 'en', **values)}"
