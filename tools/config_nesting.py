"""Rewrite flat `Config` attributes to the sectioned ones (#12): `config.preroll` becomes
`config.player.preroll`, `self.config.backup_at` becomes `self.config.database.backup_at`.

Re-runnable and idempotent: a nested name is never rewritten again. Run it from the
repository root over the trees to fix (default: broadcaster, tests, bench, tools):

    python tools/config_nesting.py            # rewrite in place, list what changed
    python tools/config_nesting.py --check    # only list; exit 1 if anything is left

It rewrites an attribute read on a name that says it holds a Config: `config`, `cfg`,
`self.config`, `station.config`, `self._config`, `old_config`, `station.config()`,
`load_config(path)`, ... (any name ending in `config` or `cfg`, or a call of one with plain
arguments), and the modules that moved whole (`station.notify.settings` ->
`config.notify`, `audio.vlc_args` -> `config.vlc_args`).

What it cannot see, it lists for a hand:
- `dataclasses.replace(config, settle=...)` keywords;
- imports of what moved or split: `audio.jingle.settings` is now `config.bulletins`
  (`Signals`, `MAX_SIGNAL_S`) and `audio.jingle.attach.seconds_text`;
  `proof.office.read_office` is `config.read_office`; `load_notify`, `load_office` and the
  DEFAULTS dicts are gone (config/sections.py reads every table); `ranged` is in
  `config.limits`, `path_in` and `database_in` in `config.paths`.
Flat names read on other names (`c.preroll`) are not touched: mypy finds those in
broadcaster/, and `grep` in tests/ and bench/.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

# flat attribute -> its path in the sectioned Config (the TOML table, then the key)
NESTED = {
    "vlc_args": "player.vlc_args",
    "preroll": "player.preroll",
    "scan_interval": "ingest.scan_interval",
    "settle": "ingest.settle",
    "missed_grace": "daemon.missed_grace",
    "reconcile_interval": "daemon.reconcile_interval",
    "retention_months": "retention.months",
    "backup_dir": "database.backup_dir",
    "backup_at": "database.backup_at",
    "backups_kept": "database.backups_kept",
    "signals": "bulletins",
}
# Modules whose declarations moved into config/ (#12): same names, new home.
MOVED_MODULES = {
    "broadcaster.station.notify.settings": "broadcaster.config.notify",
    "broadcaster.config.vlc_args": "broadcaster.config.vlc_args",
}
# Imports that need a hand: the name moved, or the module was split.
BY_HAND = re.compile(
    r"broadcaster\.audio\.jingle\.settings|proof\.office import .*\b(read_office|load_office|DEFAULTS)\b"
    r"|load_notify|signal_settings|broadcaster\.config import .*\b(ranged|path_in|database_in)\b"
)
_NAMES = "|".join(sorted(NESTED, key=len, reverse=True))
# A name holding a Config, then `.flat`, not followed by more of an identifier; not a module
# (`broadcaster.config.vlc_args`).
ATTRIBUTE = re.compile(
    rf"(?<!broadcaster\.)\b(?P<base>\w*(?:config|cfg|Config)(?:\([^()]*\))?)\.(?P<flat>{_NAMES})\b"
)
# Keywords of dataclasses.replace on a Config: the nesting needs a hand there.
REPLACE = re.compile(rf"replace\(.*(?:config|cfg).*\b(?:{_NAMES})\s*=")
SUFFIXES = {".py", ".md"}


def rewrite(text: str) -> str:
    for old, new in MOVED_MODULES.items():
        text = re.sub(rf"\b{re.escape(old)}\b", new, text)
    return ATTRIBUTE.sub(lambda m: f"{m['base']}.{NESTED[m['flat']]}", text)


def files(roots: list[Path]) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        if root.is_file():
            found.append(root)
        elif root.is_dir():
            found += sorted(
                p for p in root.rglob("*") if p.suffix in SUFFIXES and ".venv" not in p.parts
            )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("roots", nargs="*", type=Path)
    parser.add_argument("--check", action="store_true", help="list only; exit 1 if any left")
    args = parser.parse_args(argv)
    roots = args.roots or [Path(p) for p in ("broadcaster", "tests", "bench", "tools")]
    changed = 0
    for path in files(roots):
        if path.resolve() == Path(__file__).resolve():
            continue
        text = path.read_text(encoding="utf-8")
        new = rewrite(text)
        if new != text:
            changed += 1
            count = sum(
                1 for a, b in zip(text.splitlines(), new.splitlines(), strict=True) if a != b
            )
            print(f"{'would rewrite' if args.check else 'rewrote'} {path}: {count} lines")
            if not args.check:
                path.write_text(new, encoding="utf-8")
        for number, line in enumerate(new.splitlines(), 1):
            if REPLACE.search(line):
                print(f"{path}:{number}: by hand (replace keywords): {line.strip()}")
            if BY_HAND.search(line):
                print(f"{path}:{number}: by hand (moved, see the docstring): {line.strip()}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
