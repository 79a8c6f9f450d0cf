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
        "vi": 'thời lượng không hợp lệ {got!r} (ví dụ: "45 giây", "30 phút", "2 giờ", "7 ngày", "1 giờ 30 phút"; hoặc viết tắt "45s", "30m", "2h", "7d")',
        "en": 'invalid duration {got!r} (e.g. "45s", "30m", "2h", "7d", "1h30m"; or in Vietnamese "30 phút", "2 giờ", "7 ngày")',
    },
    "config.bad_time": {
        "vi": 'giờ không hợp lệ {got!r} (đồng hồ 24 giờ, ví dụ: "6:10", "06:10", "6h10", "6h", "17g15", "17:15:30")',
        "en": 'invalid time {got!r} (24-hour clock, e.g. "06:10", "6:10", "6h10", "6h", "17:15:30")',
    },
    "config.bad_day": {
        "vi": 'ngày không hợp lệ {got!r} (T2, T3, T4, T5, T6, T7, CN; hoặc "thứ hai" … "thứ bảy", "chủ nhật")',
        "en": "invalid day {got!r} (mon, tue, wed, thu, fri, sat, sun; or T2 … T7, CN)",
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
    # Vietnamese where the operator types: series words and TOML mistakes (#10)
    "words.bad_period": {
        "vi": 'chu kỳ không hợp lệ {got!r} (phải là "tháng" hoặc "tuần")',
        "en": 'invalid period {got!r} (must be "month" or "week"; "tháng" or "tuần" in Vietnamese)',
    },
    "toml.time_unquoted": {
        "vi": "Tệp {path}, dòng {line}: giờ phải đặt trong dấu ngoặc kép; hãy viết: {fixed}",
        "en": "{path}, line {line}: a time must be in quotes; write: {fixed}",
    },
    "toml.unquoted": {
        "vi": "Tệp {path}, dòng {line}: chữ (tên, thời lượng, ngày, chu kỳ) phải đặt trong dấu ngoặc kép; hãy viết: {fixed}",
        "en": "{path}, line {line}: text (names, durations, days, periods) must be in quotes; write: {fixed}",
    },
    "toml.open_quote": {
        "vi": "Tệp {path}, dòng {line}: thiếu một dấu ngoặc kép; hãy viết: {fixed}",
        "en": "{path}, line {line}: a quote is missing; write: {fixed}",
    },
    "toml.written_twice": {
        "vi": "Tệp {path}, dòng {line}: mục này đã được ghi ở trên, hãy xóa một trong hai: {content}",
        "en": "{path}, line {line}: this is already set above; remove one of the two: {content}",
    },
    "toml.syntax": {
        "vi": 'Tệp {path}, dòng {line}: viết sai "{content}"; mỗi dòng là khóa = giá trị, chữ, giờ và thời lượng đặt trong dấu ngoặc kép (ví dụ: time = "17:15")',
        "en": '{path}, line {line}: cannot read "{content}"; each line is key = value, with text, times and durations in quotes (e.g. time = "17:15")',
    },
    "toml.unfinished": {
        "vi": "Tệp {path} dừng giữa chừng: một danh sách [ ] hoặc một dấu ngoặc kép chưa được đóng",
        "en": "{path} ends too soon: a list [ ] or a quote is not closed",
    },
    # command-line help in the station's language: cli_help.<command>[.<parameter>] (#10)
    "cli_help.main": {
        "vi": "broadcaster: phát chương trình đúng lịch và ghi nhật ký phát thanh trung thực.",
        "en": "broadcaster: airs each programme at its planned slots and keeps a truthful as-run log.",
    },
    "cli_help.main.config_path": {
        "vi": "Tệp cấu hình của đài.",
        "en": "Station configuration file.",
    },
    "cli_help.main.verbose": {
        "vi": "In thêm thông tin gỡ lỗi ra màn hình (cho kỹ thuật viên).",
        "en": "Debug messages on stderr.",
    },
    "cli_help.run": {
        "vi": "Chạy phần mềm phát của đài (dừng bằng Ctrl+C; dừng gọn, không mất nhật ký).",
        "en": "Run the station daemon in the foreground (Ctrl+C or SIGTERM stops it cleanly).",
    },
    "cli_help.ingest": {
        "vi": "Nhận các tệp trong thư mục nhận một lần rồi thoát (tệp phải đứng yên trong thời gian settle).",
        "en": "Take in the inbox once (files must hold still for `settle`), then exit.",
    },
    "cli_help.ingest.dry_run": {
        "vi": "Chỉ cho biết tệp nào sẽ được nhận; không chuyển tệp nào.",
        "en": "Only say what would be taken; move nothing.",
    },
    "cli_help.plan": {
        "vi": "Xem lịch phát của một tháng, kèm những buổi chưa xếp được hoặc đang giữ lại.",
        "en": "Show a month's planned airings, with anything unplaced or held.",
    },
    "cli_help.plan.month": {
        "vi": "Tháng cần xem, dạng 2026-11 (mặc định: tháng này).",
        "en": "YYYY-MM (default: this month).",
    },
    "cli_help.plan.as_json": {
        "vi": "In dạng JSON cho máy đọc.",
        "en": "Machine-readable output.",
    },
    "cli_help.status": {
        "vi": "Tình trạng đài: buổi sắp phát, buổi vừa phát, và kiểm tra (phần mềm phát, đầu ra âm thanh, thư mục nhận, cơ sở dữ liệu).",
        "en": "Next airings, last airings, and health (daemon, audio output, inbox, database).",
    },
    "cli_help.status.as_json": {
        "vi": "In dạng JSON cho máy đọc.",
        "en": "Machine-readable output.",
    },
    "cli_help.export": {
        "vi": "Xuất nhật ký phát thanh của một tháng: tổng hợp, kết luận và từng buổi phát.",
        "en": "Export a month's broadcast log: summary, verdicts, every airing.",
    },
    "cli_help.export.month": {
        "vi": "Tháng cần xuất, dạng 2026-11 (mặc định: tháng trước).",
        "en": "YYYY-MM (default: the previous month).",
    },
    "cli_help.export.year": {
        "vi": "Năm cần xuất, dạng 2026: mỗi tháng một thư mục trong thư mục -o.",
        "en": "YYYY: every month of the year, one folder each under -o.",
    },
    "cli_help.export.fmt": {
        "vi": "Chỉ một định dạng; không ghi thì xuất cả bốn định dạng và manifest.json vào một thư mục.",
        "en": "One format; without it, all four and manifest.json go into one folder.",
    },
    "cli_help.export.lang": {
        "vi": "Ngôn ngữ của tài liệu (mặc định: ngôn ngữ của đài).",
        "en": "Language of the document (default: the station's).",
    },
    "cli_help.export.output": {
        "vi": "Thư mục (mọi định dạng) hoặc tệp (một định dạng). Không ghi thì JSON và CSV in ra màn hình.",
        "en": "The folder (all formats) or the file (one format). JSON and CSV go to stdout without it.",
    },
    "cli_help.export.force": {
        "vi": "Thay tệp xuất đã có (không bao giờ thay tệp của đài).",
        "en": "Replace an existing export file (never the station's own files).",
    },
    "cli_help.verify": {
        "vi": "Kiểm tra một bản xuất (thư mục, tệp nén .zip của thư mục, .json, .csv, .xlsx, .pdf) hoặc cơ sở dữ liệu. Mã thoát 0: nguyên vẹn; 1: đã bị sửa hoặc giả mạo; 2: không kiểm tra được.",
        "en": "Check an export (folder, a .zip of one, .json, .csv, .xlsx, .pdf) or the database. Exit 0 intact, 1 changed or forged, 2 cannot check.",
    },
    "cli_help.verify.path": {
        "vi": "ĐƯỜNG_DẪN",
        "en": "PATH",
    },
    "cli_help.verify.database": {
        "vi": "Kiểm tra chuỗi nhật ký trong cơ sở dữ liệu của đài và các bản đối chứng.",
        "en": "Check the station database's chain and its witnesses.",
    },
    "cli_help.verify.key_file": {
        "vi": "Khóa công khai của đài (từ lệnh broadcaster key -o): xác nhận ĐƯỜNG_DẪN đến từ đài nào.",
        "en": "The station's public key (from `broadcaster key -o`): confirms where PATH comes from.",
    },
    "cli_help.verify.exports": {
        "vi": "Cùng với --database: so cơ sở dữ liệu với bản xuất này (ghi được nhiều lần).",
        "en": "With --database: also compare the database with this export (repeatable).",
    },
    "cli_help.verify.max_mb": {
        "vi": "Từ chối tệp đầu vào lớn hơn mức này (MB).",
        "en": "Refuse input files bigger than this (MB).",
    },
    "cli_help.report": {
        "vi": "Gộp bản xuất JSON của nhiều đài: đài × tháng, yêu cầu so với đã phát, tổng cộng.",
        "en": "Merge JSON exports of many stations: station × month, required versus done, totals.",
    },
    "cli_help.report.inputs": {
        "vi": "TỆP_XUẤT",
        "en": "EXPORT",
    },
    "cli_help.report.month": {
        "vi": "Một tháng của các đài, dạng 2026-11.",
        "en": "YYYY-MM: one month across stations.",
    },
    "cli_help.report.year": {
        "vi": "Mười hai tháng của một năm, dạng 2026 (báo cáo năm).",
        "en": "YYYY: the twelve months of a year (the yearly report).",
    },
    "cli_help.report.fmt": {
        "vi": "Định dạng của báo cáo.",
        "en": "The report's format.",
    },
    "cli_help.report.lang": {
        "vi": "Ngôn ngữ của báo cáo (mặc định: ngôn ngữ của đài).",
        "en": "Language of the report (default: the station's).",
    },
    "cli_help.report.output": {
        "vi": "Tệp cần ghi.",
        "en": "File to write.",
    },
    "cli_help.report.as_json": {
        "vi": "In thêm báo cáo gộp dạng JSON.",
        "en": "Print the merged report as JSON too.",
    },
    "cli_help.report.keys_dir": {
        "vi": "Thư mục khóa công khai đã biết của các đài, <mã đài>.pub: chỉ tính bản xuất được ký bằng khóa của chính đài đó.",
        "en": "Folder of known station public keys, <station id>.pub: only exports signed by their station's key are counted.",
    },
    "cli_help.report.max_mb": {
        "vi": "Từ chối tệp đầu vào lớn hơn mức này (MB).",
        "en": "Refuse input files bigger than this (MB).",
    },
    "cli_help.report.force": {
        "vi": "Thay tệp báo cáo đã có.",
        "en": "Replace an existing report file.",
    },
    "cli_help.purge": {
        "vi": "Xóa nhật ký phát thanh cũ hơn thời hạn lưu giữ, sau khi đã xuất chúng.",
        "en": "Remove as-run rows older than the retention period, after exporting them.",
    },
    "cli_help.purge.before": {
        "vi": "Dạng 2026-11: xóa nhật ký của các tháng trước tháng này.",
        "en": "YYYY-MM: remove as-run rows of months before this one.",
    },
    "cli_help.purge.yes": {
        "vi": "Xóa thật (không có tùy chọn này thì chỉ cho biết sẽ xóa gì).",
        "en": "Do it (without it, only say what would be removed).",
    },
    "cli_help.correct": {
        "vi": "Sửa một dòng nhật ký (theo số thứ tự hoặc mã) bằng một dòng mới; dòng gốc không bao giờ bị thay đổi.",
        "en": "Correct an as-run row (by seq or uid) with a new row; the original is never changed.",
    },
    "cli_help.correct.row": {
        "vi": "DÒNG",
        "en": "ROW",
    },
    "cli_help.correct.status": {
        "vi": "Tình trạng đúng.",
        "en": "The true status.",
    },
    "cli_help.correct.reason": {
        "vi": "Lý do: ai phát hiện điều gì, khi nào (được giữ trong nhật ký).",
        "en": "Why: who found what, when (kept in the log).",
    },
    "cli_help.correct.played_s": {
        "vi": "Số giây thực sự đã phát, nếu khác.",
        "en": "The true played seconds, if they differ.",
    },
    "cli_help.doctor": {
        "vi": "Kiểm tra máy này đã sẵn sàng phát chưa: phần mềm phát, ffmpeg, âm thanh, cơ sở dữ liệu, ổ đĩa, đồng hồ, thư mục nhận. Mã thoát 0 khi mọi mục đạt, 1 nếu không; chạy được cả khi cơ sở dữ liệu hỏng.",
        "en": "Check this PC is ready to air: libVLC, ffmpeg, sound, database, disk, clock, inbox. Exit 0 when every check passes, 1 otherwise. Works on a damaged database too.",
    },
    "cli_help.db": {
        "vi": "Kiểm tra cơ sở dữ liệu của đài, sao lưu, khôi phục từ bản sao lưu.",
        "en": "Check the station database, back it up, restore it from a backup.",
    },
    "cli_help.db_check": {
        "vi": "Kiểm tra toàn vẹn và kiểm tra chuỗi nhật ký; mã thoát 1 nếu một trong hai không đạt.",
        "en": "Integrity check and as-run chain check; exit 1 if either fails.",
    },
    "cli_help.db_backup": {
        "vi": "Sao lưu cơ sở dữ liệu ngay (bản sao đã kiểm tra), vào thư mục backup_dir trong mục [database].",
        "en": "Make a checked copy of the database now, in [database] backup_dir.",
    },
    "cli_help.db_restore": {
        "vi": "Thay cơ sở dữ liệu bằng một bản sao lưu (bản mới nhất, hoặc BẢN_SAO_LƯU); tệp cũ được giữ lại.",
        "en": "Replace the database with a backup (the newest, or BACKUP); the old file is kept.",
    },
    "cli_help.db_restore.backup_file": {
        "vi": "BẢN_SAO_LƯU",
        "en": "BACKUP",
    },
    "cli_help.db_restore.yes": {
        "vi": "Khôi phục thật; không có tùy chọn này thì chỉ cho biết việc sẽ làm.",
        "en": "Really restore; without it, only say what would happen.",
    },
    "cli_help.test-airing": {
        "vi": "Phát thử để kiểm tra loa: phát TỆP một lần (mặc định: bản mẫu đi kèm) vào lúc "
        "không có chương trình nào trên sóng. Được ghi vào nhật ký là “phát thử”, không tính "
        "vào chỉ tiêu nào. Chương trình phát (broadcaster run) đang chạy sẽ phát nó.",
        "en": "A test airing to check the loudspeakers: air FILE once (default: the bundled "
        "sample) at a moment with nothing on air. Logged as a test airing, counted in no "
        "quota. The running daemon (broadcaster run) airs it.",
    },
    "cli_help.test-airing.file": {"vi": "TỆP", "en": "FILE"},
    "cli_help.test-airing.at_text": {
        "vi": 'Giờ phát thử theo giờ của đài, ví dụ "6:10", "17h15", hoặc thời điểm dạng '
        "2026-11-29T06:10. Mặc định: sau khoảng 30 giây.",
        "en": "HH:MM[:SS] (station time) or an ISO 8601 time. Default: in about 30 seconds.",
    },
    "cli_help.announce": {
        "vi": "Phát một bản tin: tệp được chép vào thư viện; phần mềm phát đang chạy sẽ phát nó.",
        "en": "Air a bulletin: the file is copied to the library; the running daemon airs it.",
    },
    "cli_help.announce.file": {
        "vi": "TỆP",
        "en": "FILE",
    },
    "cli_help.announce.priority": {
        "vi": "emergency (khẩn cấp): phát ngay, cắt chương trình đang phát; priority (ưu tiên): ngay sau chương trình đang phát; normal (thông thường): khung giờ trống tiếp theo.",
        "en": "emergency: at once, cutting what is on air; priority: right after it; normal: next free slot.",
    },
    "cli_help.announce.at_text": {
        "vi": 'Giờ phát theo giờ của đài, ví dụ "6:10", "17h15", hoặc thời điểm dạng 2026-11-29T06:10.',
        "en": "HH:MM[:SS] (station time) or an ISO 8601 time.",
    },
    "cli_help.key": {
        "vi": "Xem khóa ký của đài (tạo ở lần chạy đầu); -o ghi nửa công khai của khóa ra tệp.",
        "en": "Show the station's signing key (made at its first start); -o writes its public half.",
    },
    "cli_help.key.output": {
        "vi": "Ghi khóa công khai (PEM) vào tệp này, ví dụ <mã đài>.pub.",
        "en": "Write the public key (PEM) to this file, e.g. <station id>.pub.",
    },
    "cli_help.key.force": {
        "vi": "Thay tệp đã có.",
        "en": "Replace an existing file.",
    },
    "cli_help.usage_options": {"vi": "[TÙY_CHỌN]", "en": "[OPTIONS]"},
    "cli_help.usage_command": {"vi": "LỆNH [ĐỐI_SỐ]...", "en": "COMMAND [ARGS]..."},
    "cli_help.metavar_text": {
        "vi": "CHỮ",
        "en": "TEXT",
    },
    "cli_help.metavar_number": {
        "vi": "SỐ",
        "en": "NUMBER",
    },
    "cli_help.metavar_path": {
        "vi": "ĐƯỜNG_DẪN",
        "en": "PATH",
    },
    "cli_help.metavar_file": {
        "vi": "TỆP",
        "en": "FILE",
    },
    "cli_help.metavar_folder": {
        "vi": "THƯ_MỤC",
        "en": "FOLDER",
    },
    "cli_help.metavar_month": {
        "vi": "NĂM-THÁNG",
        "en": "YYYY-MM",
    },
    "cli_help.metavar_year": {
        "vi": "NĂM",
        "en": "YYYY",
    },
    "cli_help.metavar_time": {
        "vi": "GIỜ",
        "en": "TIME",
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
        "vi": 'hiện chỉ hỗ trợ tệp cơ sở dữ liệu SQLite (ví dụ "var/broadcaster.store.db"), '
        "không dùng được {got!r}",
        "en": 'only SQLite database files are supported for now (e.g. "var/broadcaster.store.db"), '
        "not {got!r}",
    },
    "config.database_memory": {
        "vi": "cơ sở dữ liệu trong bộ nhớ sẽ mất hết nhật ký khi tắt máy; hãy ghi tên một tệp",
        "en": "an in-memory database loses the whole log at shutdown; give a file name",
    },
    "config.min_gap_over_gap": {
        "vi": "min_repeat_gap phải nhỏ hơn hoặc bằng repeat_gap",
        "en": "min_repeat_gap must not be longer than repeat_gap",
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
    "reason.not_regular": {
        "vi": "không phải một tệp âm thanh thường (thư mục, ống dẫn hay thiết bị)",
        "en": "not a regular audio file (a folder, a pipe or a device)",
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
    # programme management (#10)
    "cli_help.programme_withdraw.reason": {
        "vi": "Lý do thay đổi (bắt buộc, được ghi lại).",
        "en": "Why (required; it is recorded).",
    },
    "cli_help.programme_withdraw.by": {
        "vi": "Người thực hiện (mặc định: tài khoản đang đăng nhập).",
        "en": "Who makes the change (default: the logged-in user).",
    },
    "cli_help.programme_withdraw.programme_id": {"vi": "SỐ", "en": "NUMBER"},
    "cli_help.programme_replace.reason": {
        "vi": "Lý do thay đổi (bắt buộc, được ghi lại).",
        "en": "Why (required; it is recorded).",
    },
    "cli_help.programme_replace.by": {
        "vi": "Người thực hiện (mặc định: tài khoản đang đăng nhập).",
        "en": "Who makes the change (default: the logged-in user).",
    },
    "cli_help.programme_replace.programme_id": {"vi": "SỐ", "en": "NUMBER"},
    "cli_help.programme_title.reason": {
        "vi": "Lý do thay đổi (bắt buộc, được ghi lại).",
        "en": "Why (required; it is recorded).",
    },
    "cli_help.programme_title.by": {
        "vi": "Người thực hiện (mặc định: tài khoản đang đăng nhập).",
        "en": "Who makes the change (default: the logged-in user).",
    },
    "cli_help.programme_title.programme_id": {"vi": "SỐ", "en": "NUMBER"},
    "cli_help.programme_move.reason": {
        "vi": "Lý do thay đổi (bắt buộc, được ghi lại).",
        "en": "Why (required; it is recorded).",
    },
    "cli_help.programme_move.by": {
        "vi": "Người thực hiện (mặc định: tài khoản đang đăng nhập).",
        "en": "Who makes the change (default: the logged-in user).",
    },
    "cli_help.programme_move.programme_id": {"vi": "SỐ", "en": "NUMBER"},
    "cli_help.programme_replace.file": {"vi": "TỆP", "en": "FILE"},
    "cli_help.programme_title.title": {"vi": "TIÊU_ĐỀ", "en": "TITLE"},
    "cli_help.programme_move.period": {"vi": "KỲ", "en": "PERIOD"},
    "cli_help.programme": {
        "vi": "Quản lý chương trình trong thư viện: xem, rút, thay, đổi tiêu đề, chuyển kỳ.",
        "en": "Manage the library's programmes: list, withdraw, replace, retitle, move.",
    },
    "cli_help.programme_list": {
        "vi": "Xem thư viện: số, tiêu đề, chuyên mục, kỳ, số buổi đã phát và còn lại.",
        "en": "List the library: number, title, series, period, airings done and to come.",
    },
    "cli_help.programme_list.everything": {
        "vi": "Kể cả chương trình đã rút hoặc đã thay.",
        "en": "Include withdrawn and replaced programmes.",
    },
    "cli_help.programme_withdraw": {
        "vi": "Rút một chương trình: bỏ các buổi phát sắp tới, chuyển tệp vào lưu trữ.",
        "en": "Withdraw a programme: its airings to come leave the plan, its file is archived.",
    },
    "cli_help.programme_replace": {
        "vi": "Thay một chương trình bằng tệp khác: tệp mới nhận các buổi phát còn lại.",
        "en": "Replace a programme by another file: the new one takes its remaining airings.",
    },
    "cli_help.programme_title": {
        "vi": "Đổi tiêu đề một chương trình (giữ nguyên dấu tiếng Việt).",
        "en": "Set a programme's title (Vietnamese diacritics kept).",
    },
    "cli_help.programme_move": {
        "vi": "Chuyển một chương trình sang kỳ khác của chuyên mục (tháng 12/2026, tuần 48).",
        "en": "Move a programme to another period of its series (12/2026, week 48).",
    },
    "programme.row": {
        "vi": "số {id}  “{title}” — {series} · {period} · đã phát {done}, còn {planned} · {state}",
        "en": "no. {id}  “{title}” — {series} · {period} · aired {done}, to come {planned} · {state}",
    },
    "programme.state_active": {"vi": "đang phát", "en": "in use"},
    "programme.state_withdrawn": {"vi": "đã rút", "en": "withdrawn"},
    "programme.state_replaced": {"vi": "đã thay bằng số {other}", "en": "replaced by no. {other}"},
    "programme.no_period": {"vi": "chưa có kỳ", "en": "no period"},
    "programme.empty": {
        "vi": "Thư viện chưa có chương trình nào.",
        "en": "The library has no programme yet.",
    },
    "programme.hidden": {
        "vi": "({count} chương trình đã rút hoặc đã thay không hiện: thêm --all để xem.)",
        "en": "({count} withdrawn or replaced programmes not shown: add --all to see them.)",
    },
    "programme.bad_id": {
        "vi": "Số chương trình “{got}” không hợp lệ (xem số ở: broadcaster programme list).",
        "en": "“{got}” is not a programme number (see: broadcaster programme list).",
    },
    "programme.unknown": {
        "vi": "Không có chương trình số {id} (xem: broadcaster programme list).",
        "en": "There is no programme no. {id} (see: broadcaster programme list).",
    },
    "programme.no_series": {
        "vi": "Chương trình số {id} thuộc chuyên mục “{series}” không còn trong lịch phát.",
        "en": "Programme no. {id} belongs to series “{series}”, which is no longer scheduled.",
    },
    "programme.is_withdrawn": {
        "vi": "Chương trình số {id} đã rút rồi.",
        "en": "Programme no. {id} is already withdrawn.",
    },
    "programme.is_replaced": {
        "vi": "Chương trình số {id} đã được thay bằng số {other}.",
        "en": "Programme no. {id} has been replaced by no. {other}.",
    },
    "programme.reason_missing": {
        "vi": 'Cần ghi lý do: thêm --reason "…".',
        "en": 'A reason is required: add --reason "…".',
    },
    "programme.reason_too_long": {
        "vi": "Lý do dài quá {limit} ký tự.",
        "en": "The reason is longer than {limit} characters.",
    },
    "programme.by_missing": {
        "vi": "--by cần tên người thực hiện.",
        "en": "--by needs the name of who makes the change.",
    },
    "programme.by_too_long": {
        "vi": "Tên người thực hiện dài quá {limit} ký tự.",
        "en": "The name is longer than {limit} characters.",
    },
    "programme.control_characters": {
        "vi": "Nội dung có ký tự điều khiển (xuống dòng, tab…): hãy viết trên một dòng.",
        "en": "The text has control characters (line breaks, tabs…): write it on one line.",
    },
    "programme.title_missing": {
        "vi": "Tiêu đề không được để trống.",
        "en": "The title cannot be empty.",
    },
    "programme.title_too_long": {
        "vi": "Tiêu đề dài quá {limit} ký tự.",
        "en": "The title is longer than {limit} characters.",
    },
    "programme.title_same": {
        "vi": "Tiêu đề đã là “{title}”: không có gì thay đổi.",
        "en": "The title is already “{title}”: nothing changed.",
    },
    "programme.bad_period_month": {
        "vi": "Không hiểu kỳ “{got}”: ghi tháng như 12/2026 hoặc tháng 12.",
        "en": "“{got}” is not a period: write a month as 12/2026 or 2026-12.",
    },
    "programme.bad_period_week": {
        "vi": "Không hiểu kỳ “{got}”: ghi tuần như tuần 48, 48/2026 hoặc một ngày trong tuần (23/11/2026).",
        "en": "“{got}” is not a period: write a week as week 48, 48/2026 or a day of it (23/11/2026).",
    },
    "programme.period_over": {
        "vi": "{period} đã qua: chỉ chuyển được sang kỳ chưa kết thúc.",
        "en": "{period} is over: a programme can only move to a period not yet ended.",
    },
    "programme.period_same": {
        "vi": "Chương trình đã ở {period}: không có gì thay đổi.",
        "en": "The programme is already in {period}: nothing changed.",
    },
    "programme.move_aired": {
        "vi": "Chương trình số {id} đã phát mới (hoặc đang phát): không chuyển kỳ được nữa.",
        "en": "Programme no. {id} has had its new airing (or is on air): it can no longer move.",
    },
    "programme.file_not_found": {
        "vi": "Không tìm thấy tệp {name}.",
        "en": "File not found: {name}.",
    },
    "programme.replace_duplicate": {
        "vi": "Tệp {name} đã có trong thư viện (chương trình số {other}). Muốn chương trình đó lên thay thì rút chương trình cũ: nó sẽ nhận kỳ còn trống.",
        "en": "{name} is already in the library (programme no. {other}). To have it take the place, withdraw the old programme: it takes the free period.",
    },
    "programme.replace_rejected": {
        "vi": "Không nhận tệp thay thế: {detail}",
        "en": "The replacement file was refused: {detail}",
    },
    "programme.file_is_link": {
        "vi": "tệp trong thư viện là liên kết, không chuyển",
        "en": "the library file is a link, not moved",
    },
    "programme.file_in_use": {
        "vi": "tệp đang phát hoặc sắp phát nên để nguyên trong thư viện; có thể chuyển tay sau",
        "en": "the file is on air or about to be, so it stays in the library; move it by hand later",
    },
    "programme.file_gone": {
        "vi": "tệp không còn trong thư viện",
        "en": "the file is no longer in the library",
    },
    "programme.archive_is_link": {
        "vi": "thư mục lưu trữ là liên kết, không chuyển vào",
        "en": "the archive folder is a link, nothing moved into it",
    },
    "programme.archive_failed": {
        "vi": "không chuyển được tệp vào lưu trữ, tệp vẫn ở thư viện",
        "en": "the file could not be moved to the archive and stays in the library",
    },
    "programme.withdrawn": {
        "vi": "Đã rút chương trình số {id} “{title}”: bỏ {removed} buổi phát khỏi lịch; tệp chuyển vào {path}.",
        "en": "Withdrew programme no. {id} “{title}”: {removed} airings left the plan; file moved to {path}.",
    },
    "programme.withdrawn_kept": {
        "vi": "Đã rút chương trình số {id} “{title}”: bỏ {removed} buổi phát khỏi lịch; {why}.",
        "en": "Withdrew programme no. {id} “{title}”: {removed} airings left the plan; {why}.",
    },
    "programme.replaced": {
        "vi": "Đã thay chương trình số {old} bằng số {new} “{title}” ({period}): tệp mới nhận {taken} buổi phát còn lại.",
        "en": "Replaced programme no. {old} by no. {new} “{title}” ({period}): the new file takes {taken} remaining airings.",
    },
    "programme.replaced_archived": {
        "vi": "Tệp cũ chuyển vào {path}.",
        "en": "The old file moved to {path}.",
    },
    "programme.replaced_kept": {
        "vi": "Tệp cũ để nguyên ({why}).",
        "en": "The old file stays ({why}).",
    },
    "programme.replace_period_over": {
        "vi": "Chương trình số {id} thuộc {period}, kỳ này đã qua: không còn buổi phát nào để thay.",
        "en": "Programme no. {id} belongs to {period}, which is over: no airing is left to replace.",
    },
    "programme.retitled": {
        "vi": "Đã đổi tiêu đề chương trình số {id}: “{old}” → “{new}”.",
        "en": "Retitled programme no. {id}: “{old}” → “{new}”.",
    },
    "programme.moved": {
        "vi": "Đã chuyển chương trình số {id} “{title}”: {old} → {new}.",
        "en": "Moved programme no. {id} “{title}”: {old} → {new}.",
    },
    "programme.changes_noticed": {
        "vi": "Có thay đổi chương trình (rút, thay, đổi tiêu đề, chuyển kỳ): lập lại lịch phát.",
        "en": "Programme changes (withdraw, replace, retitle, move): re-planning.",
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
        "vi": "mọi khung giờ còn lại trong {period} đã có buổi phát khác",
        "en": "every slot left in {period} is taken by another airing",
    },
    "unplaced.period_over": {
        "vi": "không còn khung giờ nào trong {period} sau thời điểm này",
        "en": "{period} has no slot left after this point",
    },
    "unplaced.too_close": {
        "vi": "các khung giờ còn lại trong {period} quá gần lần phát trước "
        "(dưới khoảng cách tối thiểu)",
        "en": "the slots left in {period} are too close to the previous airing "
        "(under the minimum gap)",
    },
    "unplaced.after_new": {
        "vi": "buổi phát mới chưa xếp được",
        "en": "its new airing could not be placed",
    },
    "kind.new": {"vi": "phát mới", "en": "new"},
    "kind.repeat": {"vi": "phát lại", "en": "repeat"},
    "kind.makeup": {"vi": "phát bù", "en": "make-up"},
    "kind.late": {"vi": "phát muộn", "en": "late"},
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
    # test airing, phát thử (#10)
    "kind.test": {"vi": "phát thử", "en": "test airing"},
    "testair.series_title": {"vi": "Phát thử loa", "en": "Loudspeaker test"},
    "testair.sample_title": {
        "vi": "Bản mẫu chuyên mục Chuyển đổi số",
        "en": "Digital transformation sample programme",
    },
    "testair.done": {
        "vi": "Đã lên lịch phát thử: {title} ({duration}) — phát lúc {when}. "
        "Phát thử không tính vào chỉ tiêu nào.",
        "en": "Test airing planned: {title} ({duration}) — airs at {when}. "
        "A test airing counts towards no quota.",
    },
    "testair.moved": {
        "vi": "Lúc {wanted} đã có chương trình khác trên sóng: phát thử lùi đến {when}.",
        "en": "Something else is on air at {wanted}: the test airing moves to {when}.",
    },
    "testair.rejected": {
        "vi": "Không phát thử được tệp {name}: {reason}",
        "en": "Cannot test-air {name}: {reason}",
    },
    "testair.no_file": {"vi": "không có tệp này", "en": "no such file"},
    "testair.disk_full": {
        "vi": "ổ đĩa chứa thư viện đã đầy; hãy giải phóng dung lượng rồi thử lại",
        "en": "the library's disk is full; free some space and try again",
    },
    "testair.no_permission": {
        "vi": "không có quyền đọc tệp này",
        "en": "no permission to read this file",
    },
    "testair.unreadable": {
        "vi": "không đọc hoặc không chép được tệp ({detail})",
        "en": "the file could not be read or copied ({detail})",
    },
    "testair.no_moment": {
        "vi": "Không còn lúc trống nào trong hai tuần tới để phát thử; hãy chọn giờ khác bằng --at",
        "en": "No free moment in the next two weeks for a test airing; choose a time with --at",
    },
    "testair.no_sample": {
        "vi": "Không thấy tệp mẫu {path}; hãy chỉ tệp cần phát thử: broadcaster test-airing TỆP",
        "en": "The sample file {path} is missing; name the file to test-air: "
        "broadcaster test-airing FILE",
    },
    "testair.daemon_down": {
        "vi": "Lưu ý: chương trình phát (broadcaster run) đang không chạy; "
        "phát thử chỉ diễn ra nếu nó chạy trước giờ đó.",
        "en": "Note: the station daemon (broadcaster run) is not running; "
        "the test airs only if it runs by then.",
    },
    "testair.first_start": {
        "vi": "Lần chạy đầu tiên: phát thử {title} lúc {when} để kiểm tra loa "
        "(không tính vào chỉ tiêu nào)",
        "en": "First start: test airing of {title} at {when} to check the loudspeakers "
        "(counted in no quota)",
    },
    "testair.first_start_failed": {
        "vi": "Không lên lịch phát thử lần chạy đầu được: {detail}",
        "en": "The first start's test airing could not be planned: {detail}",
    },
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
    "failure.rendition": {
        "vi": "Không làm được bản chuẩn hóa âm lượng của một chương trình; chương trình vẫn "
        "được phát với mức tăng thường{hint}",
        "en": "Making a programme's normalised rendition failed; it still airs with its "
        "plain gain{hint}",
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
    # normalised renditions of quiet programmes with sharp peaks (#10)
    "rendition.made": {
        "vi": "Đã làm bản chuẩn hóa âm lượng cho «{title}»",
        "en": "Made the normalised rendition of «{title}»",
    },
    # The figures: for the technician (-v), not in the operator's console (#10 §5).
    "rendition.measured": {
        "vi": "Bản chuẩn hóa âm lượng «{title}»: {lufs} LUFS, đỉnh {peak} dBTP, "
        "thêm {gain} dB khi phát",
        "en": "Normalised rendition «{title}»: {lufs} LUFS, peak {peak} dBTP, "
        "gain {gain} dB on air",
    },
    "rendition.tool_failed": {
        "vi": "ffmpeg không làm được tệp (chi tiết trong nhật ký kỹ thuật)",
        "en": "ffmpeg could not make the file (details in the debug log)",
    },
    "rendition.failed": {
        "vi": "Không làm được bản chuẩn hóa âm lượng cho «{title}», "
        "chương trình sẽ phát bản gốc: {detail}",
        "en": "Could not make the normalised rendition of «{title}»; "
        "the original will air: {detail}",
    },
    "rendition.on_air": {
        "vi": "Phát bản chuẩn hóa âm lượng (đỉnh nhọn đã được hạ)",
        "en": "Airing the normalised rendition (sharp peaks limited)",
    },
    "rendition.not_ready": {
        "vi": "Bản chuẩn hóa âm lượng chưa sẵn sàng: phát bản gốc, có thể nhỏ hơn mức chuẩn",
        "en": "The normalised rendition is not ready: airing the original, "
        "possibly under the target",
    },
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
    # warnings and notifications (#10)
    "alert.header": {"vi": "Cảnh báo:", "en": "Warnings:"},
    "alert.programme_missing": {
        "vi": "Chưa nhận chương trình {period} của {series} (hạn {due})",
        "en": "The programme for {period} of {series} has not arrived (due {due})",
    },
    "alert.programmes_short": {
        "vi": "Mới nhận {have}/{need} chương trình {period} của {series} (hạn {due})",
        "en": "Only {have} of {need} programmes for {period} of {series} have arrived (due {due})",
    },
    "alert.month_at_risk": {
        "vi": "Không thể đạt yêu cầu {month} của {series}: không còn đủ buổi phát cho {titles}",
        "en": "{series} cannot meet {month}: not enough airings left for {titles}",
    },
    "alert.month_at_risk_missing": {
        "vi": "Không thể đạt yêu cầu {month} của {series}: còn thiếu chương trình và không còn đủ khung giờ trong tháng",
        "en": "{series} cannot meet {month}: a programme is missing and too few slots are left in the month",
    },
    "alert.file_vanished": {
        "vi": "Tệp của chương trình {title} ({file}) đã mất khỏi thư viện trước giờ phát: hãy chép lại đúng tệp đó vào chỗ cũ",
        "en": "The file of {title} ({file}) is gone from the library before its airings: copy that file back where it was",
    },
    "alert.file_changed": {
        "vi": "Tệp của chương trình {title} ({file}) trong thư viện đã bị thay đổi so với lúc nhận: hãy chép lại tệp gốc vào chỗ cũ",
        "en": "The file of {title} ({file}) in the library has changed since it was taken in: copy the original back",
    },
    "notify.audio_lost": {
        "vi": "Mất đầu ra âm thanh: {detail}",
        "en": "Audio output lost: {detail}",
    },
    "notify.audio_back": {
        "vi": "Đầu ra âm thanh đã hoạt động trở lại",
        "en": "The audio output works again",
    },
    "notify.crashed": {
        "vi": "Phần mềm phát đã khởi động lại sau khi bị dừng đột ngột (lần cuối còn chạy lúc {at})",
        "en": "The daemon restarted after a crash (last seen running at {at})",
    },
    "notify.database": {
        "vi": "Lỗi cơ sở dữ liệu: {detail}",
        "en": "Database trouble: {detail}",
    },
    "notify.repeated": {
        "vi": "Việc sau đã lặp lại thêm {count} lần; lần gần nhất: {last}",
        "en": "This happened {count} more times; the latest: {last}",
    },
    "notify.subject": {"vi": "[{station}] {summary}", "en": "[{station}] {summary}"},
    "notify.body": {
        "vi": "Đài: {station}\nLúc: {at}\n\n{text}\n\n— Thư tự động từ phần mềm phát thanh của đài, không cần trả lời.",
        "en": "Station: {station}\nAt: {at}\n\n{text}\n\n— Sent automatically by the station's broadcast software; no need to reply.",
    },
    "notify.email_failed": {
        "vi": "Không gửi được thư báo: {detail}",
        "en": "Notification e-mail not sent: {detail}",
    },
    "notify.webhook_failed": {
        "vi": "Không gửi được thông báo tới địa chỉ web: {detail}",
        "en": "Notification not posted to the web address: {detail}",
    },
    "notify.gave_up": {
        "vi": "Đã thử {tries} lần, thôi gửi thông báo này: {detail}",
        "en": "Tried {tries} times, giving up on this notification: {detail}",
    },
    "notify.queue_full": {
        "vi": "Quá nhiều thông báo đang chờ gửi: thông báo này chỉ được ghi vào nhật ký",
        "en": "Too many notifications waiting: this one is only in the log",
    },
    "notify.bad_address": {
        "vi": 'địa chỉ thư không hợp lệ {got!r} (ví dụ: "canbo@xa.gov.vn")',
        "en": 'invalid e-mail address {got!r} (e.g. "officer@example.org")',
    },
    "notify.bad_host": {
        "vi": 'tên máy chủ thư không hợp lệ {got!r} (ví dụ: "smtp.gmail.com")',
        "en": 'invalid mail server name {got!r} (e.g. "smtp.gmail.com")',
    },
    "notify.bad_url": {
        "vi": "địa chỉ web không hợp lệ {got!r} (phải bắt đầu bằng http:// hoặc https://)",
        "en": "invalid web address {got!r} (must start with http:// or https://)",
    },
    "notify.two_passwords": {
        "vi": "chỉ dùng một trong hai khóa smtp_password và smtp_password_file",
        "en": "use only one of smtp_password and smtp_password_file",
    },
    "notify.needs_host": {
        "vi": "đã có email_to thì cần smtp_host (máy chủ gửi thư)",
        "en": "email_to needs smtp_host (the mail server)",
    },
    "notify.needs_password": {
        "vi": "đã có smtp_user thì cần smtp_password hoặc smtp_password_file",
        "en": "smtp_user needs smtp_password or smtp_password_file",
    },
    "config.due_by_weekly": {
        "vi": 'due_by chỉ dùng cho chuyên mục theo tháng; chuyên mục theo tuần dùng due_before (ví dụ "2d")',
        "en": 'due_by is for monthly series; a weekly series uses due_before (e.g. "2d")',
    },
    "config.due_before_monthly": {
        "vi": "due_before chỉ dùng cho chuyên mục theo tuần; chuyên mục theo tháng dùng due_by (ngày trong tháng, 1–28)",
        "en": "due_before is for weekly series; a monthly series uses due_by (day of the month, 1–28)",
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
    # attention signal (nhạc hiệu) before and after a bulletin (#10)
    "config.signal_outside": {
        "vi": "tệp nhạc hiệu phải nằm trong thư mục của đài ({folder}), nhưng đang là {got!r}",
        "en": "the signal file must be inside the station folder ({folder}), got {got!r}",
    },
    "config.signal_missing": {
        "vi": "không tìm thấy tệp nhạc hiệu {got!r}",
        "en": "signal file {got!r} not found",
    },
    "config.signal_unreadable": {
        "vi": "không đọc được tệp nhạc hiệu {got!r} ({detail})",
        "en": "cannot read signal file {got!r} ({detail})",
    },
    "config.signal_not_file": {
        "vi": "{got!r} không phải là một tệp âm thanh (là thư mục hoặc thiết bị)",
        "en": "{got!r} is not an audio file (a folder or a device)",
    },
    "config.signal_too_big": {
        "vi": "tệp nhạc hiệu {got!r} quá lớn ({size}; tối đa {maximum})",
        "en": "signal file {got!r} is too big ({size}; at most {maximum})",
    },
    "config.signal_bad_audio": {
        "vi": "tệp nhạc hiệu {got!r} không dùng được: {reason}",
        "en": "signal file {got!r} cannot be used: {reason}",
    },
    "config.signal_too_long": {
        "vi": "nhạc hiệu {got!r} dài {duration}, tối đa {maximum}",
        "en": "signal {got!r} lasts {duration}, at most {maximum}",
    },
    "config.signal_silent": {
        "vi": "tệp nhạc hiệu {got!r} hoàn toàn im lặng",
        "en": "signal file {got!r} is silent",
    },
    "jingle.assembled": {
        "vi": "Bản tin {title} sẽ phát kèm nhạc hiệu {signal} (ghép trong {took})",
        "en": "Bulletin {title} airs with signal {signal} (assembled in {took})",
    },
    "jingle.reused": {
        "vi": "Bản tin {title} phát kèm nhạc hiệu đã ghép lần trước",
        "en": "Bulletin {title} airs with the signal assembled before",
    },
    "jingle.too_long": {
        "vi": "Bản tin {title} dài {duration}, quá {maximum} để ghép nhạc hiệu: phát không có nhạc hiệu",
        "en": "Bulletin {title} lasts {duration}, over {maximum} for a signal: it airs without one",
    },
    "jingle.too_slow": {
        "vi": "Ghép nhạc hiệu cho bản tin {title} mất quá {budget}: phát ngay, không có nhạc hiệu",
        "en": "Assembling the signal for bulletin {title} took over {budget}: it airs now, without one",
    },
    "jingle.failed": {
        "vi": "Không ghép được nhạc hiệu cho bản tin {title}: phát không có nhạc hiệu",
        "en": "The signal could not be assembled for bulletin {title}: it airs without one",
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
        "vi": "{source}: bản tóm tắt không khớp các dòng nhật ký: {where} ghi {claimed}, tính lại từ các dòng được {actual}",
        "en": "{source}: the summary does not match the rows: {where} says {claimed}, the rows give {actual}",
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
        "vi": "{source}: chỉ kiểm tra được thư mục xuất, tệp nén .zip của thư mục, tệp .json, .csv, .xlsx hoặc .pdf",
        "en": "{source}: only an export folder, a .zip of one, a .json, .csv, .xlsx or .pdf can be checked",
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
    # zip input and lone files (#11)
    "verify.alone": {
        "vi": "{source}: không tự kiểm tra được một mình tệp này — hãy gửi cả thư mục xuất, tệp nén .zip của thư mục, hoặc tệp .json",
        "en": "{source}: cannot be checked on its own — send the export folder, its .zip, or the .json",
    },
    "verify.alone_other": {
        "vi": "{source}: không phải đúng tệp mà {manifest} bên cạnh đã ký (có thể là bản xuất khác của cùng tháng, hoặc bản đã được lưu lại); chỉ cả thư mục mới cho biết",
        "en": "{source}: not the very file {manifest} beside it signs (maybe another export of the same month, or a copy saved again); only the whole folder can tell",
    },
    "zip.damaged": {
        "vi": "{source}: tệp nén bị hỏng hoặc không trọn (bị cắt khi gửi?), không đọc được",
        "en": "{source}: a damaged or incomplete zip (cut in transit?), cannot be read",
    },
    "zip.member_damaged": {
        "vi": "{source}: {name} trong tệp nén bị hỏng, không đọc được",
        "en": "{source}: {name} in the zip is damaged, cannot be read",
    },
    "zip.too_many": {
        "vi": "{source}: tệp nén có {count} mục, quá giới hạn {limit}, không mở",
        "en": "{source}: the zip holds {count} entries, over the {limit} limit, not opened",
    },
    "zip.too_big": {
        "vi": "{source}: giải nén ra lớn hơn giới hạn {limit}, không mở (đổi bằng --max-mb)",
        "en": "{source}: unpacked it is bigger than the {limit} limit, not opened (change it with --max-mb)",
    },
    "zip.bomb": {
        "vi": "{source}: {name} trong tệp nén bị nén quá mức (hơn {ratio} lần), không giải nén",
        "en": "{source}: {name} in the zip is packed too tightly (over {ratio} to 1), not unpacked",
    },
    "zip.unsafe_name": {
        "vi": "{source}: tên {name} trong tệp nén trỏ ra ngoài thư mục (đường dẫn tuyệt đối, .. hoặc ký tự lạ), không mở",
        "en": "{source}: the name {name} in the zip points out of its folder (an absolute path, .. or odd characters), not opened",
    },
    "zip.link": {
        "vi": "{source}: {name} trong tệp nén là liên kết, không mở",
        "en": "{source}: {name} in the zip is a link, not opened",
    },
    "zip.encrypted": {
        "vi": "{source}: {name} trong tệp nén có đặt mật khẩu, không đọc được",
        "en": "{source}: {name} in the zip is password-protected, cannot be read",
    },
    "zip.duplicate": {
        "vi": "{source}: tên {name} có hai lần trong tệp nén, không biết bản nào là bản xuất",
        "en": "{source}: the name {name} is twice in the zip, which one was exported cannot be told",
    },
    "zip.not_export": {
        "vi": "{source}: tệp nén không chứa thư mục xuất nào (không có {manifest}), không kiểm tra được",
        "en": "{source}: the zip holds no export folder (no {manifest}), cannot be checked",
    },
    "zip.several": {
        "vi": "{source}: tệp nén chứa {count} thư mục xuất ({names}); mỗi tệp nén chỉ chứa một thư mục xuất — hãy nén riêng từng thư mục, hoặc giải nén rồi kiểm tra từng thư mục",
        "en": "{source}: the zip holds {count} export folders ({names}); one zip, one export folder — zip each folder apart, or unzip it and check each folder",
    },
    "zip.stray": {
        "vi": "{source}: {name} nằm ngoài thư mục xuất trong tệp nén; hãy nén riêng thư mục xuất",
        "en": "{source}: {name} lies outside the export folder in the zip; zip the export folder alone",
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
    # the report's periods and copies (#11)
    "report.one_period": {
        "vi": "Chỉ chọn một cách nêu kỳ báo cáo: --month, --year, hoặc --from cùng --to",
        "en": "Name the report's period one way only: --month, --year, or --from with --to",
    },
    "report.from_and_to": {
        "vi": "Cần cả --from và --to (ví dụ --from 15/12/2025 --to 14/12/2026)",
        "en": "Give both --from and --to (for example --from 15/12/2025 --to 14/12/2026)",
    },
    "report.bad_day": {
        "vi": "Ngày {got!r} không đọc được: viết dạng 15/12/2025 hoặc 2025-12-15, năm từ {low} đến {high}",
        "en": "Cannot read the date {got!r}: write it as 15/12/2025 or 2025-12-15, a year from {low} to {high}",
    },
    "report.range_order": {
        "vi": "Ngày kết thúc {last} ở trước ngày bắt đầu {first}",
        "en": "The end date {last} comes before the start date {first}",
    },
    "report.range_long": {
        "vi": "Kỳ báo cáo từ {first} đến {last} dài quá {years} năm",
        "en": "The period from {first} to {last} is longer than {years} years",
    },
    "report.conflict": {
        "vi": "KHÔNG TÍNH (hai bản nhật ký thật khác nhau): {source} — {problem}",
        "en": "NOT COUNTED (two genuine logs disagree): {source} — {problem}",
    },
    "report.same_copy": {
        "vi": "giống hệt {other}: chỉ tính một lần",
        "en": "the same as {other}: counted once",
    },
    "report.earlier_copy": {
        "vi": "bản xuất sớm hơn của cùng nhật ký; tính bản đầy đủ hơn {other}",
        "en": "an earlier export of the same log; the fuller {other} is counted",
    },
    "report.early_export": {
        "vi": "nhật ký xuất ngày {day}, khi tháng chưa hết: xin đài bản xuất sau cuối tháng",
        "en": "exported on {day}, before the month was over: ask the station for the month-end export",
    },
    "cli_help.report.from_day": {
        "vi": "Ngày đầu của kỳ báo cáo, dạng 15/12/2025 (dùng cùng --to).",
        "en": "First day of the report's period, as 15/12/2025 or 2025-12-15 (with --to).",
    },
    "cli_help.report.to_day": {
        "vi": "Ngày cuối của kỳ báo cáo, dạng 14/12/2026 (dùng cùng --from).",
        "en": "Last day of the report's period, as 14/12/2026 or 2026-12-14 (with --from).",
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
    # config command (#12)
    "cli_help.config": {
        "vi": "Xem cấu hình đang dùng, đã kiểm tra: giá trị trong tệp và giá trị mặc định cho các khoá tệp không ghi; mật khẩu và mã webhook được che.",
        "en": "Show the configuration in force, checked: the file's values and the defaults for the keys it leaves out; passwords and webhook tokens hidden.",
    },
    "cli_help.config.as_json": {
        "vi": "In dạng JSON cho máy đọc.",
        "en": "Machine-readable output.",
    },
    "config_cmd.header": {
        "vi": "Cấu hình đang dùng của {path}: giá trị trong tệp, và giá trị mặc định cho các khoá tệp không ghi.",
        "en": "Configuration in force for {path}: the file's values, and the defaults for the keys it leaves out.",
    },
    "config_cmd.relative": {
        "vi": "Đường dẫn tương đối tính từ thư mục {folder}.",
        "en": "Relative paths are relative to {folder}.",
    },
    "config_cmd.default": {
        "vi": "mặc định",
        "en": "default",
    },
    # what each key of config.toml means, as `broadcaster config` prints it: config_help.<table>.<key>
    "config_help.station.id": {
        "vi": "mã của đài, chữ thường, số, - và _; ghi trong mọi dòng nhật ký và tệp xuất",
        "en": "station identifier, [a-z0-9_-]; in every as-run row and export",
    },
    "config_help.station.name": {
        "vi": "tên đài, hiện trong lịch phát, tình trạng và tệp xuất",
        "en": "station name shown by plan, status and the export",
    },
    "config_help.station.level": {
        "vi": "cấp của đài (xã, huyện...), chỉ là dữ liệu trong đầu tệp xuất",
        "en": "the station's level (commune, district...), data only, in the export header",
    },
    "config_help.station.reports_to": {
        "vi": "đơn vị cấp trên nhận báo cáo, ghi ở đầu tệp xuất",
        "en": "the unit the station reports to, in the export header",
    },
    "config_help.station.timezone": {
        "vi": "múi giờ IANA của khung giờ phát, tháng, tuần và giờ trong tệp xuất",
        "en": "IANA time zone of slots, months, weeks and exported times",
    },
    "config_help.station.language": {
        "vi": "ngôn ngữ thông báo và lý do trong nhật ký: vi hoặc en",
        "en": "language of messages and as-run reasons: vi or en",
    },
    "config_help.station.default_series": {
        "vi": "chuyên mục của tệp chép thẳng vào thư mục nhận; phải có tệp lịch phát",
        "en": "series of files dropped straight into the inbox; it must have a series file",
    },
    "config_help.station.test_airing_on_first_start": {
        "vi": "lần chạy đầu tiên, phát thử bản mẫu một lần",
        "en": "air the bundled sample once as a test airing at the very first start",
    },
    "config_help.paths.inbox": {
        "vi": "thư mục nhận, nơi cán bộ chép tệp vào",
        "en": "the inbox, where operators drop files",
    },
    "config_help.paths.library": {
        "vi": "thư viện chương trình đã nhận, theo thư mục chuyên mục",
        "en": "accepted programmes, in their series folders",
    },
    "config_help.paths.quarantine": {
        "vi": "thư mục cách ly: tệp bị từ chối và tệp trùng, kèm lý do",
        "en": "rejected files and duplicates, each with its reason",
    },
    "config_help.paths.schedules": {
        "vi": "thư mục các tệp lịch phát (*.toml), ít nhất một tệp",
        "en": "folder of series files (*.toml), at least one",
    },
    "config_help.paths.logs": {
        "vi": "thư mục tệp nhật ký phần mềm (broadcaster.log)",
        "en": "folder of the program's log (broadcaster.log)",
    },
    "config_help.paths.archive": {
        "vi": "nơi lưu tệp xuất trước khi xóa nhật ký cũ, và tệp chương trình đã rút",
        "en": "exports written before a purge, and withdrawn programme files",
    },
    "config_help.paths.renditions": {
        "vi": "bản đã chuẩn hóa độ lớn của chương trình nhỏ tiếng có tiếng bụp",
        "en": "normalised renditions of quiet programmes with sharp peaks",
    },
    "config_help.paths.database": {
        "vi": "tệp cơ sở dữ liệu SQLite, hoặc sqlite:///đường/dẫn",
        "en": "the SQLite database file, or sqlite:///path",
    },
    "config_help.player.vlc_args": {
        "vi": 'chỉ các tùy chọn đầu ra âm thanh của VLC, ví dụ ["--aout=alsa"]',
        "en": 'audio-output options of VLC only, e.g. ["--aout=alsa"]',
    },
    "config_help.player.preroll": {
        "vi": "mở sẵn tệp (tạm dừng) trước khung giờ phát chừng này",
        "en": "open the file (paused) this long before its slot",
    },
    "config_help.ingest.scan_interval": {
        "vi": "xem thư mục nhận và thư mục cách ly sau mỗi khoảng này",
        "en": "how often the inbox and quarantine are read",
    },
    "config_help.ingest.settle": {
        "vi": "tệp phải đứng yên chừng này mới được nhận",
        "en": "a file must hold still this long before it is taken",
    },
    "config_help.daemon.missed_grace": {
        "vi": "trễ quá chừng này, lần phát được ghi là bỏ lỡ",
        "en": "later than this, an airing is recorded as missed",
    },
    "config_help.daemon.reconcile_interval": {
        "vi": "kiểm tra lịch, đồng hồ và âm thanh sau mỗi khoảng này",
        "en": "the plan, the clock and the sound are checked this often",
    },
    "config_help.retention.months": {
        "vi": "giữ nhật ký phát thanh ít nhất chừng này tháng",
        "en": "as-run rows are kept at least this many months",
    },
    "config_help.database.backup_dir": {
        "vi": "thư mục sao lưu (tốt nhất trên ổ đĩa khác)",
        "en": "where backups go (better on another disk)",
    },
    "config_help.database.backup_at": {
        "vi": "giờ sao lưu hằng đêm, giờ của đài",
        "en": "the nightly backup time, station time",
    },
    "config_help.database.backups_kept": {
        "vi": "giữ chừng này bản sao lưu mới nhất",
        "en": "how many of the newest backups are kept",
    },
    "config_help.loudness.normalise": {
        "vi": "đưa mọi chương trình về cùng độ lớn khi phát",
        "en": "bring every programme to the target loudness at playback",
    },
    "config_help.loudness.target": {
        "vi": "độ lớn khi phát, LUFS; -23 là EBU R128",
        "en": "integrated loudness on air, LUFS; -23 is EBU R128",
    },
    "config_help.loudness.true_peak": {
        "vi": "mức đỉnh thật tối đa khi phát, dBTP",
        "en": "ceiling for true peaks on air, dBTP",
    },
    "config_help.loudness.trim_silence_over": {
        "vi": "bỏ qua đoạn im lặng dài hơn chừng này ở đầu và cuối tệp",
        "en": "silence longer than this at either end is skipped on air",
    },
    "config_help.bulletins.signal_emergency": {
        "vi": 'nhạc hiệu trước (và sau) bản tin khẩn cấp; "" = không có',
        "en": 'the signal before (and after) an emergency bulletin; "" = none',
    },
    "config_help.bulletins.signal_priority": {
        "vi": 'nhạc hiệu của bản tin ưu tiên; "" = không có',
        "en": 'the signal of priority bulletins; "" = none',
    },
    "config_help.bulletins.signal_normal": {
        "vi": 'nhạc hiệu của bản tin thường; "" = không có',
        "en": 'the signal of normal bulletins; "" = none',
    },
    "config_help.bulletins.signal_after": {
        "vi": "phát lại nhạc hiệu sau bản tin",
        "en": "play the signal again after the bulletin",
    },
    "config_help.bulletins.gap": {
        "vi": "khoảng lặng giữa nhạc hiệu và bản tin",
        "en": "silence between the signal and the bulletin",
    },
    "config_help.notify.email_to": {
        "vi": "địa chỉ thư nhận thông báo; [] = không gửi thư",
        "en": "address(es) to mail; [] = no e-mail",
    },
    "config_help.notify.email_from": {
        "vi": 'địa chỉ người gửi; "" = smtp_user',
        "en": 'the sender\'s address; "" = smtp_user',
    },
    "config_help.notify.smtp_host": {
        "vi": "máy chủ thư, cần khi có email_to",
        "en": "the mail server, required with email_to",
    },
    "config_help.notify.smtp_port": {
        "vi": "cổng của máy chủ thư",
        "en": "the mail server's port",
    },
    "config_help.notify.smtp_user": {
        "vi": "đăng nhập máy chủ thư bằng tên này (khi đó cần mật khẩu)",
        "en": "log in as this user (then a password is required)",
    },
    "config_help.notify.starttls": {
        "vi": "chuyển sang TLS trước khi đăng nhập",
        "en": "switch to TLS (STARTTLS) before logging in",
    },
    "config_help.notify.webhook_url": {
        "vi": 'địa chỉ http(s) nhận mỗi thông báo dạng JSON; "" = không có',
        "en": 'http(s) address to POST each notification to as JSON; "" = none',
    },
    "config_help.notify.timeout": {
        "vi": "chờ máy chủ trả lời tối đa chừng này",
        "en": "how long to wait for a server",
    },
    "config_help.notify.quiet_period": {
        "vi": "việc lặp lại trong khoảng này chỉ gửi một bản tóm tắt sau đó",
        "en": "more of the same within this: one summary afterwards",
    },
    "config_help.notify.retries": {
        "vi": "số lần gửi lại sau lần đầu",
        "en": "tries after the first",
    },
    "config_help.notify.retry_backoff": {
        "vi": "chờ chừng này trước lần gửi lại đầu tiên, gấp đôi mỗi lần",
        "en": "the wait before the first retry, doubling each time",
    },
    "config_help.notify.smtp_password": {
        "vi": "mật khẩu thư, ghi trong tệp này",
        "en": "the mail password, in this file",
    },
    "config_help.notify.smtp_password_file": {
        "vi": "hoặc tệp chứa mật khẩu thư (không dùng cả hai)",
        "en": "or a file holding the mail password (not both)",
    },
    "config_help.document.parent_body": {
        "vi": "cơ quan chủ quản, in chữ hoa",
        "en": "the parent body, printed in capitals",
    },
    "config_help.document.issuer": {
        "vi": 'đơn vị ban hành; "" = tên đài',
        "en": 'the issuing unit; "" = the station\'s name',
    },
    "config_help.document.issuer_code": {
        "vi": "chữ viết tắt sau BC- trong Số: .../BC-...",
        "en": "the unit's abbreviation after BC- in No.: .../BC-...",
    },
    "config_help.document.number": {
        "vi": 'số văn bản; "" = để trống cho văn phòng điền',
        "en": 'the document\'s number; "" = a gap for the office',
    },
    "config_help.document.place": {
        "vi": "địa danh ở dòng ngày tháng",
        "en": "the place of the date line",
    },
    "config_help.document.signer_title": {
        "vi": 'chức vụ người ký; "" = Thủ trưởng đơn vị',
        "en": 'the signer\'s title; "" = head of unit',
    },
    "config_help.document.signer_name": {
        "vi": "họ tên người ký",
        "en": "the signer's full name",
    },
    "config_help.document.preparer_name": {
        "vi": "họ tên người lập biểu",
        "en": "the preparer's full name",
    },
    "config_help.document.recipients": {
        "vi": "nơi nhận, tối đa 12 dòng; [] = đơn vị cấp trên của đài",
        "en": "recipients, at most 12 lines; [] = the body the station reports to",
    },
    # database migrations (#12)
    "migrate.too_new": {
        "vi": "Cơ sở dữ liệu {path} do một phiên bản broadcaster mới hơn ghi (có bước nâng cấp mà phiên bản này không biết: {names}). Không thay đổi gì; hãy chạy phiên bản mới hơn, hoặc khôi phục một bản sao lưu của phiên bản này.",
        "en": "The database {path} was written by a newer broadcaster (it records upgrade steps this version does not know: {names}). Nothing was changed; run the newer version, or restore a backup made by this one.",
    },
    "migrate.needed": {
        "vi": "Cơ sở dữ liệu {path} cần nâng cấp ({names}) trước khi dùng được: chạy `broadcaster db upgrade` (sẽ sao lưu trước), hoặc khởi động lại dịch vụ.",
        "en": "The database {path} needs upgrading ({names}) before it can be used: run `broadcaster db upgrade` (it makes a backup first), or restart the service.",
    },
    "migrate.unrecognised": {
        "vi": "Cơ sở dữ liệu {path} thiếu cột mà phiên bản này cần ({detail}): đây không phải cơ sở dữ liệu của broadcaster, hoặc đã bị sửa tay. Không thay đổi gì.",
        "en": "The database {path} lacks columns this version needs ({detail}): it is not a broadcaster database, or it was edited by hand. Nothing was changed.",
    },
    "migrate.backup_before": {
        "vi": "Đã sao lưu cơ sở dữ liệu trước khi nâng cấp: {path} ({size})",
        "en": "Backed up the database before upgrading it: {path} ({size})",
    },
    "migrate.backup_failed": {
        "vi": "Không nâng cấp cơ sở dữ liệu vì không sao lưu được: {detail}",
        "en": "The database was not upgraded, because the backup failed: {detail}",
    },
    "migrate.no_file_backup": {
        "vi": "Cơ sở dữ liệu {path} nằm trên máy chủ cơ sở dữ liệu: phần mềm không sao lưu được thành tệp; hãy sao lưu bằng công cụ của máy chủ (pg_dump) trước khi nâng cấp.",
        "en": "The database {path} is on a database server: no file backup can be made here; back it up with the server's own tools (pg_dump) before upgrading.",
    },
    "migrate.applied": {
        "vi": "Đã nâng cấp cơ sở dữ liệu: bước {name}",
        "en": "Upgraded the database: step {name}",
    },
    "migrate.up_to_date": {
        "vi": "Cơ sở dữ liệu {path} đã ở phiên bản mới nhất ({name}); không có gì phải nâng cấp.",
        "en": "The database {path} is up to date ({name}); nothing to upgrade.",
    },
    "migrate.pending": {
        "vi": "Cơ sở dữ liệu {path} có {count} bước nâng cấp chưa chạy: {names}. Chạy `broadcaster db upgrade` để nâng cấp (sẽ sao lưu trước).",
        "en": "The database {path} has {count} upgrade step(s) not yet run: {names}. Run `broadcaster db upgrade` to apply them (it makes a backup first).",
    },
    "migrate.created": {
        "vi": "Đã tạo cơ sở dữ liệu mới {path} ({name}).",
        "en": "Created a new database {path} ({name}).",
    },
    "migrate.daemon_running": {
        "vi": "Phần mềm phát đang chạy (tín hiệu lúc {at}): hãy dừng nó trước khi nâng cấp (hoặc chỉ cần khởi động lại dịch vụ: nó tự sao lưu rồi nâng cấp)",
        "en": "The daemon is running (heartbeat at {at}): stop it before upgrading (or just restart the service: it backs up and upgrades at start)",
    },
    "cli_help.db_upgrade": {
        "vi": "Nâng cấp cấu trúc cơ sở dữ liệu lên phiên bản của phần mềm này (sao lưu trước); không có gì phải làm thì chỉ báo vậy.",
        "en": "Bring the database's schema up to this version's (after a backup); says so when there is nothing to do.",
    },
    "cli_help.db_upgrade.check": {
        "vi": "Chỉ liệt kê các bước nâng cấp chưa chạy, không thay đổi gì; mã thoát 1 nếu còn bước chưa chạy.",
        "en": "Only list the upgrade steps not yet run, change nothing; exit 1 if any are pending.",
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
