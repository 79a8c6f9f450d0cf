"""Issue #15, part 4: configuration that cannot hurt the station (and the series-folder rules
of part 3, which live in the series files).

Each test names its finding of the hostile-input probe of f1ef4d5 and goes through the
public door: the command line (in-process, or as a real process where only a process shows
it) or `load_config`.
"""

from __future__ import annotations

import json
import os
import unicodedata

import pytest

from broadcaster.i18n import t
from tests.support.config_checks import (
    assert_exit_2,
    assert_issues,
    assert_one_line,
    cli,
    cli_at,
    run_process,
    series_file,
    set_in_config,
    toml,
)
from tests.support.onair import drop
from tests.support.station import SERIES_MONTHLY

RESERVED_BULLETINS = "khan-cap, uu-tien, thong-thuong, bulletins"


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path, monkeypatch) -> None:
    # libVLC's file output (-A afile) writes into the working folder: keep it in tmp.
    monkeypatch.chdir(tmp_path)


def _vlc_args(station, *args: str) -> None:
    station.write_config(vlc_args=json.dumps(list(args)))


def _series(station, name: str = "chuyen-doi-so", **values: object) -> None:
    """The fixture's monthly series with some keys changed."""
    lines = []
    for line in SERIES_MONTHLY.strip().splitlines():
        key = line.split("=")[0].strip()
        lines.append(f"{key} = {toml(values.pop(key))}" if key in values else line)
    lines += [f"{key} = {toml(value)}" for key, value in values.items()]
    station.write_series(name, "\n".join(lines) + "\n")


# ---- [player] vlc_args ----------------------------------------------------------------------


def test_vlc_args_cannot_run_lua_code_through_doctor(station, tmp_path) -> None:
    """Finding: `--lua-config=...os.execute(...)` with `--extraintf=luaintf` ran code (it
    created a file as root through `doctor`). A real process: no file, exit 2."""
    marker = tmp_path / "created-by-lua"
    lua = f"x=1}} os.execute('touch {marker}') y={{"
    _vlc_args(station, "--extraintf=luaintf", "--lua-intf=dummy", f"--lua-config={lua}")
    station.inbox.mkdir(parents=True)

    done = run_process(station.config_path, "doctor", cwd=tmp_path, timeout=120)

    assert not marker.exists()
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == t("config.errors_header", "vi", count=3)
    for index, arg in enumerate(("--extraintf=luaintf", "--lua-intf=dummy")):
        assert f"player.vlc_args[{index}]: tùy chọn '{arg}' không được phép" in lines[index + 1]
    assert "player.vlc_args[2]: tùy chọn " in lines[3] and "không được phép" in lines[3]


@pytest.mark.parametrize(
    "args",
    [
        ["--sout=#file{dst=/tmp/stolen.mp3}"],
        ["--sout", "#file{dst=/tmp/stolen.mp3}"],
        ["--logfile=/etc/cron.d/x", "--file-logging"],
        ["--http-host=0.0.0.0", "--http-port=8080"],
        ["--aout=pulse", "--ao=adummy"],  # libVLC takes unambiguous abbreviations
    ],
    ids=["sout", "sout-two-items", "logfile", "http-host", "abbreviated"],
)
def test_vlc_args_that_write_files_or_open_ports_are_refused(station, args) -> None:
    """Finding: `--sout`, `--logfile`, `--http-host` were accepted in `[player] vlc_args`.
    Only the allow-list of audio-output options is; the key path names the argument."""
    _vlc_args(station, *args)
    result = cli(station, "status")
    assert_exit_2(result)
    refused = [line for line in result.stderr.splitlines()[1:] if "không được phép" in line]
    assert refused, result.output
    first = next(i for i, a in enumerate(args) if not a.startswith(("--aout", "#")))
    assert f"player.vlc_args[{first}]: tùy chọn {args[first]!r}" in refused[0]


@pytest.mark.parametrize(
    ("args", "index", "spelled"),
    [
        (["--aout", "adummy"], 0, "--aout adummy"),
        (["-A", "afile"], 0, "-A afile"),
        (["-Aamem"], 0, "-Aamem"),
        (["-A", "ADUMMY"], 0, "-A ADUMMY"),
        (["--aout=pulse,dummy"], 0, "--aout=pulse,dummy"),
        (["--aout=alsa", "--alsa-audio-device=null"], 1, "--alsa-audio-device=null"),
    ],
    ids=["aout-two-items", "A-afile", "A-glued", "upper-case", "in-a-list", "alsa-null"],
)
def test_silent_outputs_are_refused_in_every_spelling(station, args, index, spelled) -> None:
    """Finding: `["--aout","adummy"]` and `["-A","afile"]` passed the silent-output guard,
    and `doctor` said OK with no sound card."""
    _vlc_args(station, *args)
    station.inbox.mkdir(parents=True)
    result = cli(station, "doctor")
    key = f"player.vlc_args[{index}]"
    assert_issues(result, (station.config_path, key, "config.silent_output", {"arg": spelled}))


def test_a_station_gain_is_refused_with_the_reason(station) -> None:
    """Finding (follow-up): a user `--gain` in vlc_args. The player appends its own
    `--gain=4` (undoing the equalizer's 12 dB loss) and libVLC keeps the last one, so the
    station's would silently do nothing; were it last, programmes would air 12 dB off."""
    _vlc_args(station, "--aout=pulse", "--gain=2")
    result = cli(station, "status")
    gain = (station.config_path, "player.vlc_args[1]", "config.vlc_gain", {"arg": "--gain=2"})
    assert_issues(result, gain)


# ---- bounds ---------------------------------------------------------------------------------


def test_a_hundred_million_repeats_are_refused_before_planning(station, tone, tmp_path) -> None:
    """Finding: `repeats = 100000000` made `plan` run over 60 s at 2.2 GB. A real process
    (a programme in the library, so there is something to plan) with a time limit:
    refused at once, with the range."""
    drop(tone(1), station.inbox, "Chuyển đổi số tháng này.mp3")
    assert cli(station, "ingest").exit_code == 0
    _series(station, repeats=100_000_000)
    done = run_process(station.config_path, "plan", cwd=tmp_path, timeout=15)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        t("config.errors_header", "vi", count=1),
        f"  - {series_file(station)}: repeats: {t('config.between', 'vi', low=0, high=99)}",
    ]


@pytest.mark.parametrize(
    ("old", "new", "key", "low", "high"),
    [
        ('scan_interval = "1s"', 'scan_interval = "0.001s"', "ingest.scan_interval", "1s", "10m"),
        ('scan_interval = "1s"', 'scan_interval = "30d"', "ingest.scan_interval", "1s", "10m"),
        ('settle = "0s"', 'settle = "400d"', "ingest.settle", "0s", "10m"),
        ('preroll = "2s"', 'preroll = "0.01s"', "player.preroll", "1s", "1m"),
        ('preroll = "2s"', 'preroll = "1000d"', "player.preroll", "1s", "1m"),
        ('missed_grace = "30s"', 'missed_grace = "0.5s"', "daemon.missed_grace", "1s", "1h"),
        ('missed_grace = "30s"', 'missed_grace = "3650d"', "daemon.missed_grace", "1s", "1h"),
        ('reconcile_interval = "2s"', 'reconcile_interval = "0.001s"', "daemon.reconcile_interval", "1s", "10m"),
    ],
    ids=["scan-1ms", "scan-30d", "settle-400d", "preroll-10ms", "preroll-1000d", "grace-0.5s", "grace-10y", "reconcile-1ms"],
)  # fmt: skip
def test_every_duration_of_the_config_has_a_range(station, old, new, key, low, high) -> None:
    """Finding: `scan_interval = "0.001s"` pegged a core; no duration had an upper bound.
    Each is refused with its range in the message."""
    set_in_config(station, old, new)
    result = cli(station, "status")
    assert_issues(result, (station.config_path, key, "config.between", {"low": low, "high": high}))


@pytest.mark.parametrize(
    ("table", "line", "key", "low", "high"),
    [
        ("database", "backups_kept = 1000000", "database.backups_kept", 1, 365),
        ("retention", "months = 100000000000", "retention.months", 24, 120),
        ("loudness", 'trim_silence_over = "3650d"', "loudness.trim_silence_over", "0s", "10m"),
    ],
    ids=["backups_kept", "retention", "trim_silence_over"],
)
def test_every_number_of_the_config_has_a_range(station, table, line, key, low, high) -> None:
    """Finding: numbers had no upper bound (backups kept, retention months) and durations
    none either. Each is refused with its range in the message."""
    station.write_config(extra=f"\n[{table}]\n{line}\n")
    result = cli(station, "status")
    assert_issues(result, (station.config_path, key, "config.between", {"low": low, "high": high}))


@pytest.mark.parametrize(
    ("values", "key", "low", "high"),
    [
        ({"repeats": 100}, "repeats", 0, 99),
        ({"new_per_period": 1000}, "new_per_period", 1, 31),
        ({"repeat_gap": "400d"}, "repeat_gap", "0s", "31d"),
    ],
    ids=["repeats", "new_per_period", "repeat_gap"],
)
def test_every_number_of_a_series_has_a_range(station, values, key, low, high) -> None:
    """Finding: repeats, new_per_period and repeat_gap had no upper bound (the planner's
    time and memory grow with them). Refused with the range."""
    _series(station, **values)
    result = cli(station, "status")
    assert_issues(result, (series_file(station), key, "config.between", {"low": low, "high": high}))


def test_the_number_of_slots_has_a_range(station) -> None:
    """Finding: the number of slots had no bound (the planner builds every slot of every
    day). All series together: at most 1,440, one a minute."""
    times = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in (0, 30)]
    _series(station, slots=[{"time": when} for when in times[:1441]])
    result = cli(station, "status")
    values = {"count": 1441, "maximum": 1440}
    assert_issues(result, (series_file(station), "slots", "config.too_many_slots", values))


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_is_refused(station, url) -> None:
    """Finding: `database = "sqlite://"` (in memory) was accepted: the whole as-run log
    would be lost at every stop."""
    set_in_config(station, 'database = "var/station.db"', f'database = "{url}"')
    result = cli(station, "status")
    assert_issues(result, (station.config_path, "paths.database", "config.database_memory", {}))


# ---- files that cannot be read ----------------------------------------------------------------


def test_a_config_file_that_is_not_utf8_is_one_line(station) -> None:
    """Finding: a config file that is not UTF-8 ended in a traceback."""
    text = station.config_path.read_text(encoding="utf-8")
    station.config_path.write_bytes(text.encode("cp1258", errors="replace"))
    line = text[: text.index("Đài")].count("\n") + 1
    result = cli(station, "status")
    assert_one_line(result, "config.not_utf8", path=station.config_path, line=line)


def test_a_series_file_that_is_not_utf8_names_the_file(station) -> None:
    """Finding: a series file that is not UTF-8 ended in a traceback."""
    path = series_file(station)
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1258", errors="replace"))
    result = cli(station, "status")
    assert_one_line(result, "config.not_utf8", path=path, line=3)


def test_files_with_notepads_bom_are_accepted(station) -> None:
    """Finding: a config or series file with a BOM (as Notepad saves UTF-8) was refused as
    bad TOML; an operator expects a file Notepad saved to work."""
    for path in (station.config_path, series_file(station)):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = cli(station, "status")
    # Read and checked: exit 1 only because this station's daemon has never run.
    assert result.exit_code == 1 and "[!!] Phần mềm phát: chưa từng chạy" in result.output
    assert station.config().series[0].title == "Chuyên mục Chuyển đổi số"


def test_config_naming_a_folder_is_one_line(station) -> None:
    """Finding: `--config` naming a folder ended in a traceback."""
    result = cli_at(station.root, "status")
    assert_one_line(result, "config.file_is_folder", path=station.root)


def test_a_series_file_that_is_a_folder_is_one_line(station) -> None:
    """Finding: a series path that is a folder (`schedules/x.toml/`) ended in a traceback."""
    folder = station.root / "schedules" / "x.toml"
    folder.mkdir()
    result = cli(station, "status")
    assert_one_line(result, "config.file_is_folder", path=folder)


def test_a_mysql_url_says_only_sqlite_files_are_supported(station) -> None:
    """Finding: a MySQL URL ended in a traceback; only SQLite files are supported for now."""
    url = "mysql://radio:secret@localhost/broadcaster"
    set_in_config(station, 'database = "var/station.db"', f'database = "{url}"')
    result = cli(station, "status")
    not_sqlite = (station.config_path, "paths.database", "config.database_not_sqlite", {"got": url})
    assert_issues(result, not_sqlite)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_config_naming_a_fifo_does_not_hang(station, tmp_path) -> None:
    """Finding (same class): `--config` naming a FIFO blocked for ever waiting for a
    writer. A real process with a time limit: one line, exit 2."""
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    done = run_process(fifo, "status", cwd=tmp_path, timeout=20)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip() == t("config.not_a_file", "vi", path=fifo)


def test_a_huge_config_file_is_one_line(station) -> None:
    """Finding (same class): a config file of any size was read whole into memory."""
    with station.config_path.open("a", encoding="utf-8") as handle:
        handle.write(("# " + "x" * 1000 + "\n") * 2000)  # 2 MB of comments
    result = cli(station, "status")
    assert_one_line(result, "config.file_too_big", path=station.config_path, maximum="1024 KB")


def test_deeply_nested_toml_is_one_line(station) -> None:
    """Finding (same class): a TOML array nested a few thousand deep ended in a
    RecursionError traceback."""
    with station.config_path.open("a", encoding="utf-8") as handle:
        handle.write("\n[loudness]\nx = " + "[" * 5000 + "]" * 5000 + "\n")
    result = cli(station, "status")
    assert_exit_2(result)
    detail = t("config.too_deep", "vi")
    assert_one_line(result, "config.bad_toml", path="config.toml", detail=detail)


@pytest.mark.parametrize(
    ("value", "message"),
    [("media/in\0box", "config.control_character"), ("~nosuchuser-xyz/in", "config.home_unknown")],
    ids=["nul", "unknown-user"],
)
def test_a_path_with_a_nul_or_an_unknown_home_is_refused(station, value, message) -> None:
    """Finding (same class as the NUL in a series folder): a `[paths]` value with a NUL
    crashed the first file-system call; `~someone` with no such user crashed the load."""
    old = 'database = "var/station.db"'
    set_in_config(station, old, f"{old}\ninbox = {json.dumps(value)}")
    result = cli(station, "ingest")
    assert_issues(result, (station.config_path, "paths.inbox", message, {"got": value}))


# ---- series folders and ids (issue part 3) --------------------------------------------------


@pytest.mark.parametrize(
    "folder", ["tin\0xa", "tin\nxa", "tin\x1bxa"], ids=["nul", "newline", "escape"]
)
def test_a_control_character_in_a_series_folder_is_refused(station, folder) -> None:
    """Finding: a NUL in a series `folder` crashed ingest. Control characters are refused
    when the config is read."""
    _series(station, folder=folder)
    result = cli(station, "ingest")
    values = {"got": folder}
    assert_issues(result, (series_file(station), "folder", "config.control_character", values))


@pytest.mark.parametrize("folder", ["khan-cap", "Khan-Cap", "uu-tien", "THONG-THUONG"])
def test_a_bulletin_inbox_folder_cannot_be_a_series_folder(station, folder) -> None:
    """Finding: `folder = "khan-cap"` turned monthly programmes into emergency bulletins
    (the inbox folders khan-cap, uu-tien, thong-thuong are the bulletin levels). Compared
    without case: Windows sees one folder."""
    _series(station, folder=folder)
    result = cli(station, "status")
    values = {"folder": folder, "reserved": RESERVED_BULLETINS}
    assert_issues(result, (series_file(station), "folder", "config.folder_bulletins", values))


@pytest.mark.parametrize("folder", ["bulletins", "Bulletins"])
def test_the_bulletin_library_folder_cannot_be_a_series_folder(station, folder) -> None:
    """Finding: `folder = "bulletins"` shared the bulletin library (BULLETIN_FOLDER)."""
    _series(station, folder=folder)
    result = cli(station, "status")
    values = {"folder": folder, "reserved": RESERVED_BULLETINS}
    assert_issues(result, (series_file(station), "folder", "config.folder_bulletins", values))


def test_the_same_folder_in_nfc_and_nfd_is_one_folder(station) -> None:
    """Finding: the same folder written in NFC and in NFD was accepted as two series."""
    nfc = "thời-sự"
    _series(station, folder=nfc)
    _series(station, "z-khac", id="khac", folder=unicodedata.normalize("NFD", nfc))
    result = cli(station, "status")
    values = {"folder": nfc, "other": "chuyen-doi-so"}
    assert_issues(
        result, (series_file(station, "z-khac"), "folder", "config.duplicate_folder", values)
    )


def test_a_folder_written_in_nfd_takes_the_files_of_its_folder(station, tone) -> None:
    """Finding: a series folder written in NFD never matched its folder on disk (the
    README promises NFC comparison): the file was quarantined as from an unknown folder."""
    folder = "thời-sự"
    _series(station, folder=unicodedata.normalize("NFD", folder))
    drop(tone(1), station.inbox, "Bản tin tháng.mp3", folder=folder)
    result = cli(station, "ingest")
    assert result.exit_code == 0, result.output
    assert "→ Chuyên mục Chuyển đổi số" in result.output  # the series by its title
    assert list((station.library / folder).iterdir())


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        ("CON", "config.folder_windows"),
        ("nul", "config.folder_windows"),
        ("Aux", "config.folder_windows"),
        ("COM1", "config.folder_windows"),
        ("lpt9", "config.folder_windows"),
        ("con.mp3", "config.folder_windows"),
        ("tin-xa.", "config.folder_edges"),
        ("tin-xa ", "config.folder_edges"),
        ("tin:xa", "config.folder_bad_character"),
    ],
)
def test_windows_reserved_names_and_trailing_dots_are_refused(station, folder, message) -> None:
    """Finding: Windows-reserved names (CON, NUL, AUX, COM1, LPT1...) and names ending in a
    dot or a space were accepted as series folders; Windows cannot make such a folder."""
    _series(station, folder=folder)
    result = cli(station, "status")
    values = {"folder": folder, "chars": ":"}
    assert_issues(result, (series_file(station), "folder", message, values))


def test_the_bulletin_series_id_is_reserved(station) -> None:
    """Finding (same care for the id): a series with id "bulletin" would be the pseudo-series
    every bulletin belongs to."""
    _series(station, id="bulletin", folder="ban-tin-xa")
    set_in_config(station, 'default_series = "chuyen-doi-so"', 'default_series = "bulletin"')
    result = cli(station, "status")
    reserved = (series_file(station), "id", "config.reserved_id", {"id": "bulletin"})
    assert_issues(result, reserved)
