"""Write the word stores still kept as Python dicts into the catalogue's data files (#12).

The operator's words live in `broadcaster/i18n/vi.toml` and `en.toml`. Until #12 they were
Python dicts (`i18n.MESSAGES`, `proof/labels.py` LABELS and STATE_WORDS, `report_words`
WORDS and SHORT, `display._DAYS`), and branches made before #12 still add keys to them. This
script reads those dicts from a git revision (or the working tree), with the comment lines
above their keys, and merges them into the data files:

- a key the files lack is added after the key that precedes it in the dict (a new section
  keeps its comment), so the files keep the dict's order;
- a key whose text differs takes the dict's text and is listed on stderr; with `--base REV`
  only a text the branch changed since REV wins (three-way), so an old branch cannot undo a
  newer edit made in the data files;
- keys only in the data files stay.

    python tools/i18n_to_data.py --from wt-foo --base main    # after merging branch wt-foo
    python tools/i18n_to_data.py --from 52cd0a2               # the first conversion

Running it twice changes nothing. It reads the dicts with `ast` (never imports the code).
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "broadcaster" / "i18n"
LANGUAGES = ("vi", "en")
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Store:
    """One Python dict of words: where it was, its shape, and the prefix of its keys."""

    path: str
    name: str
    shape: str  # "by_key": {key: {lang: text}}; "by_lang": {lang: {key: text}}; "named":
    # {lang: (text, …)} with `names`; "columns": {table: {lang: (heading, …)}}
    prefix: str
    comment: str = ""  # the section line for a store whose dict has none
    names: tuple[str, ...] = ()  # "named": the key of each place in the tuple


STORES = (
    Store("broadcaster/i18n/__init__.py", "MESSAGES", "by_key", ""),
    Store(
        "broadcaster/proof/labels.py",
        "LABELS",
        "by_key",
        "doc.",
        "# the proof documents' words: headings, columns, kinds, statuses, verdicts"
        " (was proof/labels.py LABELS)",
    ),
    Store(
        "broadcaster/proof/labels.py",
        "STATE_WORDS",
        "by_lang",
        "doc.state.",
        "# a station-month's state in the supervisor's report (was proof/labels.py STATE_WORDS)",
    ),
    Store(
        "broadcaster/proof/report_words.py",
        "WORDS",
        "by_lang",
        "supervisor.",
        "# the supervisor's report as printed and edited (was proof/report_words.py WORDS)",
    ),
    Store(
        "broadcaster/proof/report_words.py",
        "SHORT",
        "by_lang",
        "supervisor.short.",
        "# a station-month in the report's grid: the short word in the cell"
        " (was proof/report_words.py SHORT)",
    ),
    Store(
        "broadcaster/i18n/display.py",
        "_DAYS",
        "named",
        "day.",
        "# weekdays as a slot shows them (was i18n/display.py _DAYS)",
        WEEK,
    ),
    Store(
        "broadcaster/proof/report_table.py",
        "WORDS",
        "by_lang",
        "table.",
        "# the supervisor's report as a table: CSV and workbook (was proof/report_table.py WORDS)",
    ),
    Store(
        "broadcaster/proof/report_table.py",
        "HEADS",
        "columns",
        "table.head.",
        "# the report table's column headings, numbered from 1 (was proof/report_table.py HEADS)",
    ),
    Store(
        "broadcaster/proof/office.py",
        "MOTTO",
        "named",
        "office.motto.",
        "# an office document's frame (Nghị định 30): national motto, number, place and date,"
        " signatures (was proof/office.py MOTTO and WORDS)",
        ("country", "words"),
    ),
    Store("broadcaster/proof/office.py", "WORDS", "by_lang", "office."),
)

HEADER = {
    "vi": (
        "# The operator's words in Vietnamese: messages, command help, document labels.\n"
        '# One `"key" = "text"` per line; {name} is a value put in, {name!r} in quotes.\n'
        "# en.toml holds the same keys in the same order (tests/unit/i18n/test_i18n.py checks).\n"
        "# Edit the text freely; a key named in the code must stay (see broadcaster/i18n).\n"
    ),
    "en": (
        "# The operator's words in English: messages, command help, document labels.\n"
        '# One `"key" = "text"` per line; {name} is a value put in, {name!r} in quotes.\n'
        "# vi.toml holds the same keys in the same order (tests/unit/i18n/test_i18n.py checks).\n"
        "# Edit the text freely; a key named in the code must stay (see broadcaster/i18n).\n"
    ),
}


@dataclass
class Entry:
    key: str
    texts: dict[str, str]
    comments: list[str] = field(default_factory=list)


# ---- reading the Python dicts ------------------------------------------------------------
def source_text(path: str, revision: str | None) -> str | None:
    if revision is None:
        file = ROOT / path
        return file.read_text(encoding="utf-8") if file.exists() else None
    shown = subprocess.run(
        ["git", "show", f"{revision}:{path}"], cwd=ROOT, capture_output=True, text=True
    )
    return shown.stdout if shown.returncode == 0 else None


def _dict_node(tree: ast.Module, name: str) -> ast.Dict | None:
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name) and target.id == name:
                value = node.value
                return value if isinstance(value, ast.Dict) else None
    return None


def _comments_above(lines: list[str], first: int, line: int) -> list[str]:
    """The comment lines between the end of the previous entry and this key (1-based)."""
    found = [lines[n - 1].strip() for n in range(first, line)]
    return [text for text in found if text.startswith("#")]


def read_store(store: Store, revision: str | None) -> list[Entry]:
    text = source_text(store.path, revision)
    if text is None:
        return []
    tree = ast.parse(text)
    node = _dict_node(tree, store.name)
    if node is None:
        return []  # converted already on that revision
    lines = text.splitlines()
    value = ast.literal_eval(node)
    entries: list[Entry] = []
    if store.shape == "by_key":
        previous_end = node.lineno + 1
        for key_node, value_node in zip(node.keys, node.values, strict=True):
            assert isinstance(key_node, ast.Constant)
            key = key_node.value
            comments = _comments_above(lines, previous_end, key_node.lineno)
            entries.append(Entry(store.prefix + key, dict(value[key]), comments))
            previous_end = (value_node.end_lineno or value_node.lineno) + 1
    elif store.shape == "by_lang":
        for key in value["vi"]:
            texts = {lang: value[lang][key] for lang in LANGUAGES if key in value[lang]}
            entries.append(Entry(store.prefix + key, texts))
    elif store.shape == "named":  # {lang: (first, second, …)}, each place named
        for index, name in enumerate(store.names):
            entries.append(Entry(store.prefix + name, {lang: value[lang][index] for lang in value}))
    else:  # "columns": {table: {lang: (heading, …)}}
        for table, by_lang in value.items():
            for index in range(len(by_lang["vi"])):
                key = f"{store.prefix}{table}.{index + 1}"
                entries.append(Entry(key, {lang: by_lang[lang][index] for lang in by_lang}))
    if store.comment and entries and not entries[0].comments:
        entries[0].comments = [store.comment]
    return entries


def read_sources(revision: str | None) -> list[Entry]:
    return [entry for store in STORES for entry in read_store(store, revision)]


# ---- the data files ----------------------------------------------------------------------
def read_data() -> list[Entry]:
    """The entries of vi.toml with their comments, and en.toml's text for each key."""
    entries: dict[str, Entry] = {}
    for lang in LANGUAGES:
        file = DATA / f"{lang}.toml"
        if not file.exists():
            continue
        comments: list[str] = []
        body = file.read_text(encoding="utf-8").split("\n\n", 1)[1:]  # past the header
        for line in "".join(body).splitlines():
            if line.startswith("#"):
                comments.append(line)
            elif line.strip():
                ((key, text),) = tomllib.loads(line).items()
                entry = entries.setdefault(key, Entry(key, {}, comments))
                entry.texts[lang] = text
                comments = []
    return list(entries.values())


def toml_string(text: str) -> str:
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def write_data(entries: list[Entry]) -> None:
    for lang in LANGUAGES:
        lines = [HEADER[lang].rstrip("\n")]
        for entry in entries:
            if entry.comments:
                lines.append("")
                lines += entry.comments
            text = entry.texts.get(lang, entry.texts.get("vi", ""))
            lines.append(f"{toml_string(entry.key)} = {toml_string(text)}")
        (DATA / f"{lang}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---- merging -----------------------------------------------------------------------------
def merge(data: list[Entry], source: list[Entry], base: dict[str, Entry] | None) -> list[str]:
    """Merge `source` into `data` in place; return the lines that report changed texts."""
    position = {entry.key: index for index, entry in enumerate(data)}
    known_comments = {line for entry in data for line in entry.comments}
    changed: list[str] = []
    after = -1  # where the previous source key sits in `data`
    for entry in source:
        index = position.get(entry.key)
        if index is None:
            comments = [c for c in entry.comments if c not in known_comments]
            data.insert(after + 1, Entry(entry.key, dict(entry.texts), comments))
            position = {e.key: i for i, e in enumerate(data)}
            after += 1
            changed.append(f"added {entry.key}")
            continue
        after = index
        held = data[index]
        for lang, text in entry.texts.items():
            if held.texts.get(lang) == text:
                continue
            was = base.get(entry.key) if base is not None else None
            if was is not None and was.texts.get(lang) == text:
                continue  # the branch did not touch it: the data files' newer text stays
            changed.append(f"changed {entry.key} [{lang}]: {held.texts.get(lang)!r} → {text!r}")
            held.texts[lang] = text
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="revision", help="git revision (default: working tree)")
    parser.add_argument("--base", help="git revision the branch started from (three-way)")
    args = parser.parse_args(argv)
    data = read_data()
    base = {e.key: e for e in read_sources(args.base)} if args.base else None
    report = merge(data, read_sources(args.revision), base)
    write_data(data)
    for line in report:
        print(line, file=sys.stderr)
    print(f"{len(data)} keys in {', '.join(f'{lang}.toml' for lang in LANGUAGES)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
