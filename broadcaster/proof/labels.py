"""Words of the proof-of-broadcast documents, in Vietnamese and English (DOMAIN.md terms)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from broadcaster import i18n
from broadcaster.core.vocab import BULLETIN_SERIES, TEST_SERIES
from broadcaster.i18n.display import programme_title

# The words themselves are in the catalogue (broadcaster/i18n/vi.toml, en.toml) under
# "doc.<key>" (#12); these functions only look them up.
_PREFIX = "doc."


def has_label(key: str) -> bool:
    return i18n.has(_PREFIX + key)


def label(key: str, lang: str) -> str:
    """The document's word for `key` in `lang`; the key itself when there is none."""
    return i18n.lookup(_PREFIX + key, lang) or key


def level_label(level: str | None, lang: str) -> str:
    """Station level is free text in the config; the usual ones are translated."""
    if not level:
        return ""
    return label(f"level.{level}", lang) if has_label(f"level.{level}") else level


@functools.cache
def state_labels(lang: str) -> Mapping[str, str]:
    """A station-month's state in the supervisor's report (report_model.py), besides a
    verdict: state → words in `lang` (Vietnamese for a language it does not know)."""
    prefix = _PREFIX + "state."
    words = i18n.catalogue(lang)
    found = {key[len(prefix) :]: text for key, text in words.items() if key.startswith(prefix)}
    return MappingProxyType(found)


def series_label(series_id: str, title: str | None, lang: str, level: str | None = None) -> str:
    """A series as a supervisor reads it: bulletins as *Bản tin* (with their level when
    known), test airings as *Phát thử*, the others by their title from the plan."""
    if series_id == BULLETIN_SERIES:
        key = f"series.bulletin.{level}" if level else "series.bulletin"
        return label(key if has_label(key) else "series.bulletin", lang)
    if series_id == TEST_SERIES:
        return label("series.test", lang)
    return programme_title(title or series_id)


def verdict_label(verdict: str, lang: str, period_over: bool = True) -> str:
    """`not_met` reads *không đạt* once the period is over and *không thể đạt* before."""
    if verdict == "not_met" and not period_over:
        return label("verdict.cannot", lang)
    return label(f"verdict.{verdict}", lang)


def corrects_label(seq: int | str, lang: str) -> str:
    return label("corrects", lang).format(seq=seq)
