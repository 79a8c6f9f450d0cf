"""click's own words in Vietnamese: "Usage:", "Options:", "Error: No such option", ...

The keys are click's message ids exactly as its source passes them to gettext (click 8.x);
tests/unit/cli/test_cli_language.py reads click's source and fails when click gains or changes
a message, so an upgrade cannot bring English back unnoticed. Vietnamese has no plural
forms: a plural pair maps to one sentence per form only where click's placeholders differ.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # help pages
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Đối số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "required": "bắt buộc",
    "(dynamic)": "(tùy lúc chạy)",
    "deprecated": "không còn dùng",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "Cảnh báo: lệnh {name!r} không còn được dùng.{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "Cảnh báo: {name!r} không còn được dùng.{extra_message}"
    ),
    # usage errors
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Gõ '{command} {option}' để xem hướng dẫn.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Missing command.": "Thiếu lệnh.",
    "Missing argument": "Thiếu đối số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu tham số",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Đối số {name!r} cần {nargs} giá trị.",
    "Invalid start character for option ({option})": (
        "Tùy chọn bắt đầu bằng ký tự không hợp lệ ({option})"
    ),
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "unknown error": "lỗi không rõ",
    "Aborted!": "Đã dừng!",
    # values
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    # click fills {number_type} with its English type name ("integer"): left out here
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là số hợp lệ.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} không phải giá trị đúng/sai. Các giá trị được nhận: {states}"
    ),
    "{value!r} is not a valid UUID.": "{value!r} không phải là mã định danh hợp lệ.",
    # paths: click fills {name} with "file", "directory" or "path" when the program
    # starts, before the station's language is known: left out here
    "{name} {filename!r} does not exist.": "{filename!r} không tồn tại.",
    "{name} {filename!r} is a file.": "{filename!r} là một tệp, không phải thư mục.",
    "{name} {filename!r} is a directory.": "{filename!r} là một thư mục, không phải tệp.",
    "{name} {filename!r} is not readable.": "Không đọc được {filename!r}.",
    "{name} {filename!r} is not writable.": "Không ghi được vào {filename!r}.",
    "{name} {filename!r} is not executable.": "Không chạy được {filename!r}.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    # prompts
    "Do you want to continue?": "Bạn có muốn tiếp tục không?",
    "Confirm the action without prompting.": "Xác nhận luôn, không hỏi lại.",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai lần nhập không khớp nhau.",
    "Error: invalid input": "Lỗi: dữ liệu nhập không hợp lệ",
    "Press any key to continue...": "Nhấn phím bất kỳ để tiếp tục...",
    "{editor}: Editing failed": "{editor}: không sửa được",
    "{editor}: Editing failed: {e}": "{editor}: không sửa được: {e}",
    "Windows error: {error}": "Lỗi Windows: {error}",
}

# (singular, plural) as click passes them to ngettext -> (singular, plural) in Vietnamese.
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Thừa đối số ({args})",
        "Thừa đối số ({args})",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Có phải ý bạn là {possibility}?",
        "(Có phải ý bạn là một trong: {possibilities}?)",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Tùy chọn {name!r} cần một giá trị.",
        "Tùy chọn {name!r} cần {nargs} giá trị.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} không phải là {choice}.",
        "{value!r} không phải là một trong {choices}.",
    ),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): (
        "{value!r} không đúng dạng {format}.",
        "{value!r} không đúng dạng nào trong {formats}.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Cần {nargs} giá trị nhưng chỉ có {len}.",
        "Cần {nargs} giá trị nhưng có {len}.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "Cần {len_type} giá trị, nhưng có {len_value}.",
        "Cần {len_type} giá trị, nhưng có {len_value}.",
    ),
}
