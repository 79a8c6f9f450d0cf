"""Converters of the settings that name a place on disk, relative to the config's folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from broadcaster.config.limits import MAX_NAME_BYTES
from broadcaster.config.schema import Invalid, Shown, string
from broadcaster.i18n import t


def _resolve(base: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (base / path)


def path_in(base: Path) -> Callable[[Any], Path]:
    """A path setting, relative to the config's folder, `~` expanded."""

    def convert(value: Any) -> Path:
        text = string(value)
        if not text.strip():
            raise Invalid(t("config.empty_path"))
        try:
            path = _resolve(base, text)
        except RuntimeError:  # "~someone" with no such user, or no HOME at all
            raise Invalid(t("config.home_unknown", got=Shown(text))) from None
        # File systems (ext4, NTFS) take at most 255 bytes a name: longer ones fail each call.
        if any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in path.parts):
            raise Invalid(t("config.name_too_long", maximum=MAX_NAME_BYTES))
        return path

    return convert


def database_in(base: Path) -> Callable[[Any], tuple[str, Path]]:
    """(SQLAlchemy URL, file) for `[paths] database`: a SQLite file, nothing else.

    An in-memory database loses the as-run log at every stop, and other servers (MySQL,
    PostgreSQL) are not supported yet: the append-only triggers and backups are SQLite's.
    """

    def convert(value: Any) -> tuple[str, Path]:
        text = string(value)
        not_sqlite = Invalid(t("config.database_not_sqlite", got=Shown(text)))
        if "://" in text:
            scheme, _, rest = text.partition("://")
            if scheme.lower() != "sqlite":
                raise not_sqlite
            if not rest:  # "sqlite://" is SQLite in memory
                raise Invalid(t("config.database_memory"))
            if not rest.startswith("/"):  # "sqlite://host/...": not a file here
                raise not_sqlite
            text = rest[1:]  # "sqlite:///var/x.db" is "var/x.db"; four slashes: absolute
        # ":memory:" and "?mode=memory" keep the database in memory; the URL takes no other
        # options (a "?" would start them).
        if text.strip() == ":memory:" or "memory" in text.partition("?")[2]:
            raise Invalid(t("config.database_memory"))
        if "?" in text:
            raise not_sqlite
        file = path_in(base)(text)
        return "sqlite:///" + str(file), file

    return convert
