"""A throw-away station folder (config, series files, inbox, library) and the series
files the tests and the benchmarks write into it."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from broadcaster.cli.station_language import station_language
from broadcaster.config import Config, load_config
from broadcaster.i18n import speaking

SERIES_MONTHLY = """
id = "chuyen-doi-so"
title = "Chuyên mục Chuyển đổi số"
folder = "chuyen-doi-so"
period = "month"
new_per_period = 1
repeats = 3
repeat_gap = "7d"
slots = [{ time = "06:10" }, { time = "17:15", days = ["mon", "thu"] }]
"""


@dataclass
class StationDir:
    root: Path

    @property
    def config_path(self) -> Path:
        return self.root / "config.toml"

    @property
    def inbox(self) -> Path:
        return self.root / "media" / "inbox"

    @property
    def library(self) -> Path:
        return self.root / "media" / "library"

    @property
    def quarantine(self) -> Path:
        return self.root / "media" / "quarantine"

    def write_config(
        self,
        extra: str = "",
        settle: str = "0s",
        vlc_args: str = "[]",
        station_id: str = "xa-thu-nghiem",
        name: str = "Đài truyền thanh xã Thử Nghiệm",
        first_test: bool = False,
        console_port: int | None = None,
    ) -> None:
        # The first start's test airing (phát thử) is off unless a test asks for it: it
        # would add an airing and an as-run row to every test that starts a daemon.
        self.config_path.write_text(
            textwrap.dedent(
                f"""
                [station]
                id = "{station_id}"
                name = "{name}"
                level = "commune"
                reports_to = "Phòng Văn hóa và Thông tin"
                default_series = "chuyen-doi-so"
                test_airing_on_first_start = {"true" if first_test else "false"}

                [paths]
                database = "var/station.db"

                [player]
                vlc_args = {vlc_args}
                preroll = "2s"

                [ingest]
                scan_interval = "1s"
                settle = "{settle}"

                [daemon]
                missed_grace = "30s"
                reconcile_interval = "2s"
                """
            )
            + with_console(extra, console_port),
            encoding="utf-8",
        )

    def write_series(self, name: str, text: str) -> Path:
        folder = self.root / "schedules"
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}.toml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def config(self) -> Config:
        """The station's config as the CLI loads it: in the language its file names (the
        entry point chooses it, #12; load_config itself sets none)."""
        with speaking(station_language(self.config_path)):
            return load_config(self.config_path)


def with_console(extra: str, port: int | None) -> str:
    """`extra` with the console (#13) off, or on at `port`: a daemon per test on the default
    port would meet another test's console there. A `[console]` table in `extra` gets the
    keys it does not set itself (TOML allows a table once)."""
    keys = {"enabled": "false" if port is None else "true"}
    if port is not None:
        keys["port"] = str(port)
    head, found, table = extra.partition("[console]\n")
    if not found:
        return "\n[console]\n" + "".join(f"{k} = {v}\n" for k, v in keys.items()) + extra
    own = table.split("\n[", 1)[0]
    missing = "".join(
        f"{k} = {v}\n" for k, v in keys.items() if not re.search(rf"^{k}\s*=", own, re.M)
    )
    return head + found + missing + table


def series_toml(
    slots: list[str],
    repeats: int = 0,
    gap: str = "0s",
    series_id: str = "chuyen-doi-so",
    title: str = "Chuyên mục Chuyển đổi số",
) -> str:
    """A monthly series, one new programme a month, at these "HH:MM[:SS]" slots every day."""
    slot_list = ", ".join(f'{{ time = "{s}" }}' for s in slots)
    return f"""
id = "{series_id}"
title = "{title}"
folder = "{series_id}"
period = "month"
new_per_period = 1
repeats = {repeats}
repeat_gap = "{gap}"
slots = [{slot_list}]
"""


WEEKLY = """
id = "tinh-hang-tuan"
title = "Chuyển đổi số – Đài tỉnh"
folder = "tinh-hang-tuan"
period = "week"
new_per_period = 1
repeats = 0
repeat_gap = "0s"
slots = [{ time = "16:30", days = ["sat"] }]
"""
