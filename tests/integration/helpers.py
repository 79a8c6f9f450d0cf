"""Helpers for tests that run the real thing on the sound rig."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def slot_in(seconds: float, now: datetime | None = None) -> tuple[str, datetime]:
    """A slot `seconds` from now, as the "HH:MM:SS" a series file takes, and its datetime."""
    now = (now or datetime.now(TZ)).astimezone(TZ)
    moment = now + timedelta(seconds=seconds)
    moment = moment.replace(microsecond=0) + timedelta(seconds=1 if moment.microsecond else 0)
    return moment.strftime("%H:%M:%S"), moment


def series_toml(
    slots: list[str], repeats: int = 0, gap: str = "0s", series_id: str = "chuyen-doi-so"
) -> str:
    slot_list = ", ".join(f'{{ time = "{s}" }}' for s in slots)
    return f"""
id = "{series_id}"
title = "Chuyên mục Chuyển đổi số"
folder = "{series_id}"
period = "month"
new_per_period = 1
repeats = {repeats}
repeat_gap = "{gap}"
slots = [{slot_list}]
"""


def drop(source: Path, inbox: Path, name: str | None = None, folder: str = "") -> Path:
    target_dir = inbox / folder if folder else inbox
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / (name or source.name)
    shutil.copyfile(source, target)
    return target
