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
    "config.silent_output": {
        "vi": "'{arg}' không phát ra loa: mọi buổi phát sẽ bị ghi sai là đã phát",
        "en": "'{arg}' sends no sound to a speaker: every airing would be recorded as aired",
    },
    "config.between": {
        "vi": "phải nằm trong khoảng {low} đến {high}",
        "en": "must be between {low} and {high}",
    },
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
    # configuration that cannot hurt the station (#15)
    "config.file_is_folder": {
        "vi": "{path} là một thư mục, không phải tệp cấu hình",
        "en": "{path} is a folder, not a configuration file",
    },
    "config.not_a_file": {
        "vi": "{path} không phải tệp thường (có thể là thiết bị hoặc đường ống)",
        "en": "{path} is not a regular file (a device or a pipe?)",
    },
    "config.file_too_big": {
        "vi": "Tệp {path} quá lớn để là tệp cấu hình (tối đa {maximum})",
        "en": "{path} is too big to be a configuration file (at most {maximum})",
    },
    "config.unreadable": {
        "vi": "Không đọc được tệp {path}: {detail}",
        "en": "Cannot read {path}: {detail}",
    },
    "config.not_utf8": {
        "vi": "Tệp {path} không phải văn bản UTF-8 (dòng {line}); hãy lưu lại với bảng mã UTF-8",
        "en": "{path} is not UTF-8 text (line {line}); save it again as UTF-8",
    },
    "config.too_deep": {
        "vi": "bảng hoặc danh sách lồng nhau quá sâu",
        "en": "tables or arrays nested too deep",
    },
    "config.control_character": {
        "vi": "có ký tự điều khiển (ví dụ NUL hoặc xuống dòng) trong {got!r}",
        "en": "contains a control character (such as NUL or a line break): {got!r}",
    },
    "config.too_long": {
        "vi": "quá dài (tối đa {maximum} ký tự)",
        "en": "too long (at most {maximum} characters)",
    },
    "config.empty_path": {
        "vi": "đường dẫn không được để trống",
        "en": "the path must not be empty",
    },
    "config.name_too_long": {
        "vi": "có tên thư mục hoặc tệp quá dài (tối đa {maximum} byte mỗi tên)",
        "en": "a folder or file name in it is too long (at most {maximum} bytes each)",
    },
    "config.home_unknown": {
        "vi": "không xác định được thư mục người dùng trong {got!r}",
        "en": "cannot find the home folder in {got!r}",
    },
    "config.database_not_sqlite": {
        "vi": 'hiện chỉ hỗ trợ tệp cơ sở dữ liệu SQLite (ví dụ "var/broadcaster.db"), '
        "không dùng được {got!r}",
        "en": 'only SQLite database files are supported for now (e.g. "var/broadcaster.db"), '
        "not {got!r}",
    },
    "config.database_memory": {
        "vi": "cơ sở dữ liệu trong bộ nhớ sẽ mất hết nhật ký khi tắt máy; hãy ghi tên một tệp",
        "en": "an in-memory database loses the whole log at shutdown; give a file name",
    },
    "config.too_many_slots": {
        "vi": "có {count} khung giờ phát; tất cả chuyên mục cộng lại tối đa {maximum}",
        "en": "{count} slots; all series together may have at most {maximum}",
    },
    "config.reserved_id": {
        "vi": "mã '{id}' dành riêng cho bản tin; hãy chọn mã khác",
        "en": "the id '{id}' is reserved for bulletins; choose another",
    },
    "config.folder_bulletins": {
        "vi": "thư mục '{folder}' dành riêng cho bản tin ({reserved}); "
        "chương trình bỏ vào đó sẽ thành bản tin",
        "en": "the folder '{folder}' is reserved for bulletins ({reserved}); "
        "programmes dropped there would become bulletins",
    },
    "config.folder_bad_character": {
        "vi": "tên thư mục '{folder}' có ký tự không dùng được: {chars}",
        "en": "the folder name '{folder}' has characters a folder cannot have: {chars}",
    },
    "config.folder_windows": {
        "vi": "'{folder}' là tên thiết bị dành riêng của Windows, không dùng làm thư mục được",
        "en": "'{folder}' is a device name reserved by Windows; it cannot be a folder",
    },
    "config.folder_edges": {
        "vi": "tên thư mục '{folder}' không được bắt đầu bằng dấu cách hoặc kết thúc bằng "
        "dấu chấm hay dấu cách",
        "en": "the folder name '{folder}' must not start with a space or end with a dot or a space",
    },
    "config.folder_ignored": {
        "vi": "tên thư mục '{folder}' giống tệp ẩn hoặc tệp đang chép dở, nên sẽ bị bỏ qua khi nhận",
        "en": "the folder name '{folder}' looks hidden or like a file still being copied, "
        "so taking in would skip it",
    },
    "config.vlc_not_allowed": {
        "vi": "tùy chọn {arg!r} không được phép; chỉ dùng được: {allowed}",
        "en": "the option {arg!r} is not allowed; only these are: {allowed}",
    },
    "config.vlc_needs_value": {
        "vi": "tùy chọn {arg!r} cần một giá trị",
        "en": "the option {arg!r} needs a value",
    },
    "config.vlc_bad_value": {
        "vi": "giá trị {got!r} không hợp lệ cho {option} ({expected})",
        "en": "{got!r} is not a valid value for {option} ({expected})",
    },
    "config.vlc_unknown_output": {
        "vi": "'{name}' không phải đầu ra âm thanh được hỗ trợ; dùng một trong: {allowed}",
        "en": "'{name}' is not a supported audio output; use one of: {allowed}",
    },
    "config.vlc_gain": {
        "vi": "{arg!r}: phần mềm tự đặt --gain để bù mức âm của bộ cân bằng và giá trị của nó "
        "luôn được dùng; hãy chỉnh độ lớn bằng [loudness] target",
        "en": "{arg!r}: the player sets --gain itself to make up the equalizer's loss, and its "
        "value always wins; set the level with [loudness] target",
    },
    "cli.bad_month": {
        "vi": "Tháng không hợp lệ {got!r} (dạng YYYY-MM, năm từ {low} đến {high})",
        "en": "Invalid month {got!r} (use YYYY-MM, a year from {low} to {high})",
    },
    "cli.bad_year": {
        "vi": "Năm không hợp lệ {got!r} (dạng YYYY, từ {low} đến {high})",
        "en": "Invalid year {got!r} (use YYYY, from {low} to {high})",
    },
    # ingest
    "ingest.accepted": {
        "vi": "Đã nhận: {name} → {series}, thời lượng {duration}, phát trong {period}",
        "en": "Taken in: {name} → {series}, duration {duration}, airs in {period}",
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
        "vi": "Không xếp được: {title} ({what}) — {reason}",
        "en": "Could not place: {title} ({what}) — {reason}",
    },
    "plan.held": {
        "vi": "Tạm giữ sang kỳ sau: {title} — {wanted} đã đủ chương trình mới, sẽ phát trong {period}",
        "en": "Held for a later period: {title} — {wanted} already has its new programmes; "
        "it airs in {period}",
    },
    "unplaced.no_free_slot": {
        "vi": "hết khung giờ trống trong {period}",
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
    # plain Vietnamese where the operator reads: log words, failures, status health (#10)
    "log.warning": {"vi": "Chú ý", "en": "Warning"},
    "log.error": {"vi": "LỖI", "en": "ERROR"},
    "plan.updated": {
        "vi": "Đã cập nhật lịch phát: {new} buổi mới, {moved} buổi dời giờ, {removed} buổi bỏ",
        "en": "Plan updated: {new} new, {moved} moved, {removed} removed airings",
    },
    "failure.airing": {
        "vi": "Một buổi phát gặp lỗi bất ngờ; phần mềm vẫn chạy tiếp{hint}",
        "en": "An airing failed unexpectedly; the daemon carries on{hint}",
    },
    "failure.clock_replan": {
        "vi": "Không lập lại được lịch phát sau khi đồng hồ nhảy; sẽ thử lại{hint}",
        "en": "Re-planning after the clock jump failed; it is retried{hint}",
    },
    "failure.bulletin_check": {
        "vi": "Không kiểm tra được bản tin đến giờ phát; sẽ thử lại sau một giây{hint}",
        "en": "Checking for due bulletins failed; retried in a second{hint}",
    },
    "failure.inbox_scan": {
        "vi": "Không quét được thư mục nhận; sẽ thử lại ở lần quét sau{hint}",
        "en": "Scanning the inbox failed; retried at the next scan{hint}",
    },
    "failure.adopt": {
        "vi": "Không nhận được các tệp có sẵn trong thư viện; sẽ thử lại ở lần chạy sau{hint}",
        "en": "Taking in library files without a programme failed; retried at the next start{hint}",
    },
    "failure.measure": {
        "vi": "Không đo được độ lớn một chương trình có sẵn; chương trình vẫn được phát{hint}",
        "en": "Measuring a library programme's loudness failed; it still airs{hint}",
    },
    "failure.reconcile": {
        "vi": "Không đối chiếu được lịch phát với bộ hẹn giờ; sẽ thử lại{hint}",
        "en": "Reconciling the plan with the timers failed; it is retried{hint}",
    },
    "failure.hint": {
        "vi": " (chi tiết kỹ thuật trong {path})",
        "en": " (technical detail in {path})",
    },
    "failure.unexpected": {"vi": "lỗi không lường trước", "en": "an unexpected error"},
    "failure.disk_full": {"vi": "đĩa đầy", "en": "the disk is full"},
    "failure.no_permission": {"vi": "không có quyền truy cập", "en": "permission denied"},
    "failure.not_found": {"vi": "không tìm thấy tệp hoặc thư mục", "en": "no such file or folder"},
    "failure.read_only": {"vi": "ổ đĩa chỉ cho đọc, không ghi được", "en": "the disk is read-only"},
    "failure.disk_io": {"vi": "lỗi đọc ghi ổ đĩa", "en": "a disk read or write error"},
    "failure.db_locked": {
        "vi": "cơ sở dữ liệu đang bị chương trình khác giữ",
        "en": "the database is locked by another program",
    },
    "failure.db_damaged": {"vi": "tệp cơ sở dữ liệu bị hỏng", "en": "the database file is damaged"},
    "failure.db_unopenable": {
        "vi": "không mở được tệp cơ sở dữ liệu",
        "en": "the database file cannot be opened",
    },
    "chainhead.not_written": {
        "vi": "Không ghi được tệp đối chiếu nhật ký {path}: {detail}; sẽ ghi bù ở lần sau",
        "en": "The chain head file {path} was not written: {detail}; it is caught up later",
    },
    "chainhead.restore_unrecorded": {
        "vi": "Không ghi được việc khôi phục vào tệp đối chiếu nhật ký {path}: {detail}",
        "en": "The restore was not recorded in the chain head file {path}: {detail}",
    },
    "audio.no_output": {
        "vi": "Không có đầu ra âm thanh hoạt động: kiểm tra loa, dây nối, card âm thanh; "
        "chạy broadcaster doctor để xem chi tiết",
        "en": "No working audio output: check the speakers, cables and sound card; "
        "run broadcaster doctor for the detail",
    },
    "health.audio_ok": {
        "vi": "tốt (kiểm tra lúc {at})",
        "en": "ok (checked at {at})",
    },
    "health.audio_bad": {
        "vi": "LỖI: không phát ra loa được (kiểm tra lúc {at}); chạy broadcaster doctor",
        "en": "FAULT: no sound reaches the speakers (checked at {at}); run broadcaster doctor",
    },
    "status.exit_hint": {
        "vi": "{failed} mục kiểm tra có lỗi: xem các dòng [!!] ở trên.",
        "en": "{failed} check(s) failed: see the [!!] lines above.",
    },
    "makeup.nth": {"vi": "phát bù lần {n}", "en": "make-up #{n}"},
    "repeat.nth": {"vi": "phát lại lần {n}", "en": "repeat #{n}"},
    "plan.bulletins": {"vi": "Bản tin", "en": "Bulletins"},
    # status
    "status.title": {"vi": "Tình trạng: {station}", "en": "Status: {station}"},
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
    "doctor.tool_ok": {"vi": "phiên bản {version} ({path})", "en": "version {version} ({path})"},
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
    "doctor.db_changed": {
        "vi": "{path}: nhật ký phát đã bị thay đổi: {problem}; hãy báo cho kỹ thuật viên",
        "en": "{path}: the as-run log was changed: {problem}; call the technician",
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
    # verify: what an export's check found. Three outcomes: intact, changed, cannot check.
    "verify.no_rows": {
        "vi": "{source}: không có dòng nào, nhưng chuỗi kiểm tra ghi bắt đầu từ seq {seq}",
        "en": "{source}: no rows, but the chain says it starts at seq {seq}",
    },
    "verify.no_anchor": {
        "vi": "{source}: thiếu điểm neo đầu hoặc cuối của chuỗi kiểm tra",
        "en": "{source}: the chain's anchor or head is missing",
    },
    "verify.twice": {
        "vi": "{source}: seq {seq} xuất hiện hai lần",
        "en": "{source}: seq {seq} appears twice",
    },
    "verify.order": {
        "vi": "{source}: các dòng bị đảo thứ tự tại seq {seq}",
        "en": "{source}: rows out of order at seq {seq}",
    },
    "verify.outside": {
        "vi": "{source}: có dòng nằm ngoài đoạn chuỗi đã ký: seq {seqs}",
        "en": "{source}: rows outside the signed range of the chain: seq {seqs}",
    },
    "verify.range_absurd": {
        "vi": "{source}: đoạn chuỗi từ seq {first} đến {last} không thể có thật",
        "en": "{source}: a chain range from seq {first} to {last} cannot be real",
    },
    "verify.missing": {
        "vi": "{source}: thiếu dòng seq {seqs} (chuỗi đã ký chạy từ seq {first} đến {last}: có dòng bị xóa)",
        "en": "{source}: rows missing: seq {seqs} (the signed chain runs from seq {first} to {last}: rows were deleted)",
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
    "verify.end_hash": {
        "vi": "{source}: mã băm của dòng cuối không khớp mã kết thúc chuỗi",
        "en": "{source}: the last row's hash is not the chain's end hash",
    },
    "verify.other_station": {
        "vi": "{source}: seq {seq} thuộc đài khác",
        "en": "{source}: seq {seq} belongs to another station",
    },
    "verify.other_month": {
        "vi": "{source}: seq {seq} không thuộc tháng {month} như tệp ghi",
        "en": "{source}: seq {seq} does not fall in {month}, the month the file claims",
    },
    "verify.hidden_row": {
        "vi": "{source}: dòng seq {seq} của tháng {month} chỉ còn mã băm, nội dung đã bị bỏ đi",
        "en": "{source}: row seq {seq} of {month} is given only as a link, its content left out",
    },
    "verify.bad_scope": {
        "vi": "{source}: tháng hoặc múi giờ của đài không hợp lệ",
        "en": "{source}: the month or the station's time zone is not valid",
    },
    "verify.summary": {
        "vi": "{source}: bản tóm tắt không khớp các dòng nhật ký: {where} ghi {claimed!r}, tính lại từ các dòng được {actual!r}",
        "en": "{source}: the summary does not match the rows: {where} says {claimed!r}, the rows give {actual!r}",
    },
    "verify.complete_flag": {
        "vi": "{source}: mục 'complete' (tháng đã kết thúc) không khớp thời điểm xuất",
        "en": "{source}: 'complete' does not match when the file was written",
    },
    "verify.pending_outside": {
        "vi": "{source}: có buổi phát 'còn chờ' nằm ngoài phần còn lại của tháng",
        "en": "{source}: a 'pending' airing lies outside what was left of the month",
    },
    "verify.head_behind": {
        "vi": "{source}: đầu chuỗi của cơ sở dữ liệu ghi trong tệp đứng trước dòng cuối của tệp",
        "en": "{source}: the database head it records comes before its own last row",
    },
    "verify.shape": {
        "vi": "{source}: nội dung không đúng dạng tệp xuất (tại {where}): đã bị sửa",
        "en": "{source}: not what an export holds (at {where}): edited",
    },
    "verify.unsigned": {
        "vi": "{source}: không có chữ ký số của đài (tệp xuất phiên bản này luôn được ký)",
        "en": "{source}: no station signature (exports of this version are always signed)",
    },
    "verify.bad_signature": {
        "vi": "{source}: chữ ký số không khớp nội dung (tệp đã bị sửa sau khi ký)",
        "en": "{source}: the signature does not match the content (changed after signing)",
    },
    "verify.two_signers": {
        "vi": "{source}: được ký bằng khóa khác với các tệp còn lại của bản xuất",
        "en": "{source}: signed with another key than the rest of the export",
    },
    "verify.foreign_key": {
        "vi": "{source}: KHÔNG PHẢI CỦA ĐÀI: ký bằng khóa {got}, khóa của đài là {want}",
        "en": "{source}: NOT FROM THE STATION: signed with key {got}, the station's key is {want}",
    },
    "verify.bad_name": {
        "vi": "{source}: ghi tên tệp ngoài thư mục xuất {name!r} (không đọc)",
        "en": "{source}: names a file outside the export folder {name!r} (not read)",
    },
    "verify.manifest_mismatch": {
        "vi": "{source}: mục '{what}' khác với {other}",
        "en": "{source}: '{what}' differs from {other}",
    },
    "verify.row_count": {
        "vi": "{source}: ghi {claimed} dòng nhưng {other} có {rows} dòng",
        "en": "{source}: says {claimed} rows but {other} has {rows}",
    },
    "verify.no_manifest": {
        "vi": "{source}: thiếu {manifest}, không kiểm tra được",
        "en": "{source}: {manifest} is missing, nothing to check against",
    },
    "verify.file_missing": {
        "vi": "{source}: có trong bản kê nhưng không thấy tệp (đã bị xóa)",
        "en": "{source}: listed in the manifest but missing (deleted)",
    },
    "verify.file_changed": {
        "vi": "{source}: mã SHA-256 khác bản kê đã ký (tệp đã bị thay đổi)",
        "en": "{source}: SHA-256 differs from the signed manifest (the file was changed)",
    },
    "verify.file_extra": {
        "vi": "{source}: không có trong bản kê đã ký (tệp bị thêm vào)",
        "en": "{source}: not in the signed manifest (a file was added)",
    },
    "verify.two_logs": {
        "vi": "có hai nhật ký khác nhau cho cùng đài và tháng",
        "en": "two different logs for this station and month",
    },
    "verify.seq_conflict": {
        "vi": "seq {seq} có mã băm khác trong {other}: hai nhật ký khác nhau của cùng đài",
        "en": "seq {seq} has another hash in {other}: two different logs of the same station",
    },
    # verify: cannot check (exit 2), never worded as tampering
    "verify.unsupported": {
        "vi": "{source}: chỉ kiểm tra được thư mục xuất, tệp .json, .csv, .xlsx hoặc .pdf",
        "en": "{source}: only an export folder, a .json, .csv, .xlsx or .pdf can be checked",
    },
    "verify.unsupported_alone": {
        "vi": "{source}: không có bản kê đã ký đi kèm ({source}.manifest.json hoặc manifest.json), không kiểm tra được",
        "en": "{source}: no signed manifest with it ({source}.manifest.json or manifest.json), cannot be checked",
    },
    "verify.unreadable": {
        "vi": "{source}: không đọc được ({detail})",
        "en": "{source}: unreadable ({detail})",
    },
    "verify.not_export": {
        "vi": "{source}: không phải tệp xuất nhật ký của broadcaster",
        "en": "{source}: not a broadcaster month export",
    },
    "verify.unknown_version": {
        "vi": "{source}: phiên bản tệp xuất {version!r} không được hỗ trợ",
        "en": "{source}: export format version {version!r} is not supported",
    },
    "verify.old_unsigned": {
        "vi": "{source}: tệp xuất phiên bản cũ, không có chữ ký: không xác định được tệp có đủ dòng và do đài lập hay không",
        "en": "{source}: an old, unsigned export: whether it is complete and comes from the station cannot be established",
    },
    "verify.cannot_complete": {
        "vi": "{source}: các dòng khớp nhau, nhưng tệp đứng riêng không có bản kê đã ký nên không xác định được tệp có đủ dòng hay không",
        "en": "{source}: the rows hold together, but a file alone has no signed manifest, so whether it is complete cannot be established",
    },
    "input.outside": {
        "vi": "{source}: là liên kết trỏ ra ngoài thư mục {root}, không đọc",
        "en": "{source}: a link out of the folder {root}, not read",
    },
    "input.missing": {"vi": "{source}: không có tệp này", "en": "{source}: no such file"},
    "input.unreadable": {
        "vi": "{source}: không đọc được ({detail})",
        "en": "{source}: cannot be read ({detail})",
    },
    "input.not_regular": {
        "vi": "{source}: không phải tệp thường (thiết bị, ống dẫn hoặc ổ cắm), không đọc",
        "en": "{source}: not a regular file (a device, a pipe or a socket), not read",
    },
    "input.too_big": {
        "vi": "{source}: lớn hơn giới hạn {limit}, không đọc (đổi bằng --max-mb)",
        "en": "{source}: bigger than the {limit} limit, not read (change it with --max-mb)",
    },
    # verify: the command's lines
    "verify.ok": {
        "vi": "TOÀN VẸN: {path} — {count} dòng, chữ ký, chuỗi kiểm tra, mã SHA-256 và bản tóm tắt đều khớp",
        "en": "INTACT: {path} — {count} rows; signature, hash chain, SHA-256 and summary all match",
    },
    "verify.bad": {
        "vi": "ĐÃ BỊ THAY ĐỔI: {path} — {count} điểm không khớp:",
        "en": "CHANGED: {path} — {count} mismatch(es):",
    },
    "verify.cannot": {
        "vi": "KHÔNG KIỂM TRA ĐƯỢC: {path}",
        "en": "CANNOT BE CHECKED: {path}",
    },
    "verify.signer_confirmed": {
        "vi": "  Chữ ký: của đài {station} (khóa {fingerprint}, khớp khóa đã cho)",
        "en": "  Signature: station {station}'s (key {fingerprint}, matches the key given)",
    },
    "verify.signer_unconfirmed": {
        "vi": "  Chữ ký: khóa {fingerprint}; chưa đối chiếu với khóa của đài {station} (dùng --key TỆP_KHÓA để xác nhận nguồn)",
        "en": "  Signature: key {fingerprint}; not compared with station {station}'s key (use --key KEYFILE to confirm where it comes from)",
    },
    "verify.bad_key_file": {
        "vi": "Không đọc được khóa công khai {path}: {detail}",
        "en": "Cannot read the public key {path}: {detail}",
    },
    "verify.db_ok": {
        "vi": "TOÀN VẸN: nhật ký trong cơ sở dữ liệu, {count} dòng",
        "en": "INTACT: the database log, {count} rows",
    },
    "verify.db_bad": {
        "vi": "chuỗi kiểm tra trong cơ sở dữ liệu: dòng {seq} không khớp ({problem})",
        "en": "the chain in the database: row {seq} does not match ({problem})",
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
    "report.unchecked": {
        "vi": "KHÔNG TÍNH (không kiểm tra được): {source} — {problem}",
        "en": "NOT COUNTED (cannot be checked): {source} — {problem}",
    },
    "report.no_key": {
        "vi": "{source}: không có khóa công khai của đài {station} trong thư mục khóa, không xác nhận được nguồn",
        "en": "{source}: no public key for station {station} in the keys folder, its origin cannot be confirmed",
    },
    "report.no_keys": {
        "vi": "Thư mục khóa {path} không có tệp <mã đài>.pub nào",
        "en": "The keys folder {path} holds no <station id>.pub file",
    },
    "report.month_or_year": {
        "vi": "Chỉ chọn một trong --month hoặc --year",
        "en": "Use either --month or --year, not both",
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
    "correct.bad_played": {
        "vi": "Số giây đã phát không hợp lệ: {got} (phải từ 0 đến {limit}, thời lượng chương "
        "trình cộng một chút sai số); nhật ký không thay đổi",
        "en": "Invalid played seconds: {got} (must be from 0 to {limit}, the programme's "
        "length plus a small tolerance); the log is unchanged",
    },
    "correct.bad_reason": {
        "vi": "Lý do đính chính quá dài hoặc có ký tự điều khiển (tối đa {maximum} ký tự, "
        "một dòng)",
        "en": "The reason is too long or has control characters (at most {maximum} "
        "characters, one line)",
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
    "announce.time_out_of_range": {
        "vi": "Giờ phát {got!r} đã qua hoặc quá xa: phải từ bây giờ đến {latest}",
        "en": "The time {got!r} is past or too far ahead: it must be from now to {latest}",
    },
    # verify --database / db check: the database against the witnesses outside it
    "witness.missing": {
        "vi": "THIẾU DÒNG trong cơ sở dữ liệu: seq {seqs} (có trong {where}: đã bị xóa)",
        "en": "ROWS MISSING from the database: seq {seqs} (present in {where}: deleted)",
    },
    "witness.rewritten": {
        "vi": "DÒNG BỊ VIẾT LẠI trong cơ sở dữ liệu: seq {seqs} (mã băm khác {where})",
        "en": "ROWS REWRITTEN in the database: seq {seqs} (hash differs from {where})",
    },
    "witness.triggers": {
        "vi": "Lớp bảo vệ chỉ-ghi-thêm của nhật ký đã bị gỡ bỏ (thiếu: {names})",
        "en": "The as-run log's append-only protection was removed (missing: {names})",
    },
    "witness.trigger.as_run_no_update": {
        "vi": "chặn sửa dòng",
        "en": "no row may be changed",
    },
    "witness.trigger.as_run_no_delete": {
        "vi": "chặn xóa dòng",
        "en": "no row may be deleted",
    },
    "witness.trigger.as_run_only_at_end": {
        "vi": "chỉ thêm dòng vào cuối chuỗi",
        "en": "rows only at the end of the chain",
    },
    "witness.key_unreadable": {
        "vi": "Không đọc được khóa ký của đài: {detail}",
        "en": "Cannot read the station's signing key: {detail}",
    },
    "witness.no_head": {
        "vi": "Không có tệp đầu chuỗi {path}: không xác nhận được các dòng mới nhất (chạy phần mềm phát một lần để tạo tệp)",
        "en": "No chain head file {path}: the newest rows cannot be confirmed (run the daemon once to make it)",
    },
    "witness.head_name": {
        "vi": "tệp đầu chuỗi ({count} dòng)",
        "en": "the chain head file ({count} lines)",
    },
    "witness.head_name_short": {"vi": "tệp đầu chuỗi", "en": "the chain head file"},
    "witness.head_damaged": {
        "vi": "Tệp đầu chuỗi có dòng hỏng hoặc bị sửa: dòng {lines}",
        "en": "The chain head file has damaged or edited lines: line {lines}",
    },
    "witness.head_forged": {
        "vi": "Tệp đầu chuỗi có dòng mang chữ ký không khớp (bị sửa): dòng {lines}",
        "en": "The chain head file has lines whose signature fails (edited): line {lines}",
    },
    "witness.head_gap": {
        "vi": "Tệp đầu chuỗi bị mất dòng trước seq {seq}",
        "en": "The chain head file lost lines before seq {seq}",
    },
    "witness.anchor_forged": {
        "vi": "Điểm neo sau khi xóa bớt tại seq {seq} không khớp tệp đầu chuỗi (điểm neo giả)",
        "en": "The purge anchor at seq {seq} does not match the chain head file (a forged anchor)",
    },
    "witness.purged_young": {
        "vi": "Các dòng seq {seqs} đã bị xóa dù còn trong thời hạn lưu giữ {months} tháng",
        "en": "Rows seq {seqs} were removed inside the {months}-month retention period",
    },
    "witness.purged_young_month": {
        "vi": "Đã xóa nhật ký các tháng còn trong thời hạn lưu giữ: {months}",
        "en": "Logs of months still inside the retention period were removed: {months}",
    },
    "witness.anchor_unarchived": {
        "vi": "Điểm neo tại seq {seq} không có bản lưu nào xác nhận (bản lưu ghi: {to})",
        "en": "No archive confirms the purge anchor at seq {seq} (archive given: {to})",
    },
    "witness.not_in_head": {
        "vi": "{count} dòng mới nhất chưa có trong tệp đầu chuỗi, chưa xác nhận được (phần mềm bị ngắt ngay sau khi ghi? chạy lại phần mềm phát rồi kiểm tra lại)",
        "en": "{count} newest rows are not in the chain head file yet and cannot be confirmed (cut off right after writing them? run the daemon, then check again)",
    },
    "witness.lost_in_restore": {
        "vi": "Các dòng seq {seqs} đã mất khi khôi phục cơ sở dữ liệu từ bản sao lưu {backup} lúc {at} (giờ UTC)",
        "en": "Rows seq {seqs} were lost when the database was restored from the backup {backup} at {at} (UTC)",
    },
    "witness.backup_unreadable": {
        "vi": "Không đọc được bản sao lưu {name}: {detail}",
        "en": "Cannot read the backup {name}: {detail}",
    },
    "witness.export_unusable": {
        "vi": "Bản xuất {path} không kiểm tra được hoặc không toàn vẹn, không dùng để đối chiếu",
        "en": "The export {path} cannot be checked or is not intact; not used for comparison",
    },
    "witness.compared": {
        "vi": "  Đã đối chiếu với: {witnesses}",
        "en": "  Compared with: {witnesses}",
    },
    "witness.cannot": {
        "vi": "CHƯA XÁC NHẬN ĐỦ: nhật ký trong cơ sở dữ liệu, {count} dòng",
        "en": "NOT FULLY CONFIRMED: the database log, {count} rows",
    },
    "witness.bad": {
        "vi": "ĐÃ BỊ THAY ĐỔI: nhật ký trong cơ sở dữ liệu, {count} dòng — {problems} điểm không khớp:",
        "en": "CHANGED: the database log, {count} rows — {problems} mismatch(es):",
    },
    # commands that write files: never over what they did not make
    "output.station_file": {
        "vi": "Không ghi vào {path}: đó là tệp hoặc thư mục của đài (cơ sở dữ liệu, cấu hình, lịch, khóa, tệp đầu chuỗi, sao lưu hoặc thư mục âm thanh); hãy chọn chỗ khác",
        "en": "Not writing to {path}: it is one of the station's own files or folders (database, config, schedules, key, chain head, backups or media); choose another place",
    },
    "output.exists": {
        "vi": "Không ghi đè {path}: tệp đã có; chọn tên khác, hoặc thêm --force nếu thật sự muốn thay nó",
        "en": "Not overwriting {path}: it exists; choose another name, or add --force to replace it",
    },
    "output.is_folder": {
        "vi": "Không ghi được {path}: đó là một thư mục; hãy cho tên tệp",
        "en": "Cannot write {path}: it is a folder; give a file name",
    },
    "output.not_a_file": {
        "vi": "Không ghi đè {path}: không phải tệp thường",
        "en": "Not overwriting {path}: not a regular file",
    },
    "output.not_a_folder": {
        "vi": "Không xuất vào {path}: đó là một tệp, không phải thư mục",
        "en": "Not exporting into {path}: it is a file, not a folder",
    },
    "output.folder_not_empty": {
        "vi": "Không xuất vào {path}: thư mục đã có tệp; chọn thư mục khác, hoặc thêm --force để thay các tệp xuất trong đó",
        "en": "Not exporting into {path}: the folder is not empty; choose another, or add --force to replace the export files in it",
    },
    "output.failed": {
        "vi": "Không ghi được {path}: {detail}",
        "en": "Cannot write {path}: {detail}",
    },
    # the station's signing key
    "key.show": {
        "vi": "Khóa ký của đài {station}: {fingerprint}",
        "en": "Signing key of station {station}: {fingerprint}",
    },
    "key.made": {
        "vi": "Đã tạo khóa ký mới cho đài (lần chạy đầu): {fingerprint} — gửi khóa công khai cho đơn vị cấp trên (broadcaster key -o TỆP)",
        "en": "A new signing key was made for the station (first start): {fingerprint} — give the public key to your supervisor (broadcaster key -o FILE)",
    },
    "key.written": {
        "vi": "Đã ghi khóa công khai của đài vào {path} (gửi tệp này cho đơn vị cấp trên; khóa bí mật không bao giờ rời máy này)",
        "en": "The station's public key was written to {path} (give this file to your supervisor; the private key never leaves this PC)",
    },
    "key.unreadable": {
        "vi": "Không đọc được khóa ký của đài {path}: {detail}",
        "en": "Cannot read the station's signing key {path}: {detail}",
    },
    "export.written": {
        "vi": "Đã xuất {count} dòng nhật ký phát thanh {month} vào {path}",
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
