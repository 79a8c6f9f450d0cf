"""What the console computed, kept while the database has not changed (#13: page p95 ≤ 150 ms).

Some pages derive their rows from whole tables (the library with every airing and the
planner's periods, the month's proof document, the station's warnings): the
same work again for every client and every poll, though the rows change only when someone
writes. `Memo.get(key, compute)` keeps `compute()`'s value while both hold:

- the database's data version is unchanged (`store.data_version`: any commit by any
  connection, the daemon's included, changes it), and
- at most `ttl` seconds (the station clock's monotonic time) have passed: what depends on
  the time of day (what is still to come, the month's figures) is at most that old.

A database without a version (not a SQLite file) is never cached. Values are shared between
requests: callers must not change them. A key names everything else the value depends on
(its arguments, the operator's language).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from broadcaster import i18n

T = TypeVar("T")
TTL_S = 5.0
MAX_ENTRIES = 128


class Memo:
    def __init__(
        self,
        version: Callable[[], Hashable | None],
        monotonic: Callable[[], float],
        ttl: float = TTL_S,
        max_entries: int = MAX_ENTRIES,
    ) -> None:
        self._version = version
        self._monotonic = monotonic
        self._ttl = ttl
        self._max = max_entries
        self._items: OrderedDict[Hashable, tuple[Hashable, float, Any]] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def _fresh(self, key: Hashable, version: Hashable) -> tuple[bool, Any]:
        with self._lock:
            item = self._items.get(key)
            if item is not None and item[0] == version and item[1] > self._monotonic():
                self._items.move_to_end(key)
                return True, item[2]
            return False, None

    def _current(self, versioned: bool) -> Hashable | None:
        """The data version; not `versioned`: one constant (None all the same: no cache)."""
        version = self._version()
        return version if versioned or version is None else "any"

    def get(
        self,
        key: Hashable,
        compute: Callable[[], T],
        language: bool = True,
        versioned: bool = True,
    ) -> T:
        """`compute()`, or its kept value; with `language`, one value per language. Not
        `versioned`: the key says what the value depends on, only the ttl bounds it (still
        never kept for a database without a version)."""
        if language:
            key = (key, i18n.language())
        version = self._current(versioned)
        if version is None:
            return compute()
        hit, value = self._fresh(key, version)
        if hit:
            return value  # type: ignore[no-any-return]
        with self._lock:
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:  # eight clients at once: one computes, the others wait for it
            version = self._current(versioned)
            if version is None:
                return compute()
            hit, value = self._fresh(key, version)
            if hit:
                return value  # type: ignore[no-any-return]
            started = self._monotonic()
            value = compute()  # the version was read before: a write meanwhile is seen next time
            with self._lock:
                # What has expired goes (an old month's figures, a language nobody reads now).
                for old in [k for k, item in self._items.items() if item[1] <= started]:
                    del self._items[old]
                    self._computing.pop(old, None)
                self._items[key] = (version, started + self._ttl, value)
                self._items.move_to_end(key)
                while len(self._items) > self._max:
                    old, _ = self._items.popitem(last=False)
                    self._computing.pop(old, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
