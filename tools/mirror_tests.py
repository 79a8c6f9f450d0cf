"""Put the test files where the package keeps the code they test, and the shared helpers in
tests/support/ (#12). Re-runnable: run it again after merging branches that added or edited
tests, and it moves only what is still in the old place.

    python tools/mirror_tests.py            # move (git mv), then fix imports and paths
    python tools/mirror_tests.py --dry-run  # print what it would do, change nothing

Inside each speed split (tests/unit, tests/integration, tests/hostile) a test file goes into
the folder of the wing it tests: tests/unit/core/test_planner.py beside broadcaster/core/.
What it does, in order:
1. `git mv` every file named in SUPPORT or WINGS that is still in its old place (a
   destination that already exists is reported, never overwritten);
2. creates the `__init__.py` each new folder needs: the suite imports its files as packages
   (tests/__init__.py; pytest's default "prepend" import mode), so two files with one name in
   two folders (unit/station/test_testair.py, integration/station/test_testair.py) stay apart;
3. rewrites, in every tracked text file, the dotted names (`tests.integration.helpers` →
   `tests.support.onair`, `from tests.unit import report_samples`) and the slash paths
   (`tests/integration/test_jingle.py`) of what moved, plus the conftest modules whose
   helpers were moved into tests/support/ by hand (ALIASES). CHANGELOG.md is history and the
   golden files and the station fixture are data: those are left alone;
4. in each file it moved, counts `Path(__file__).parents[n]` / `.parent.parent` one level
   deeper (tests/support/paths.py is the better way; they are reported);
5. reports test files and helpers it has no entry for (they stay where they are: add them to
   WINGS or SUPPORT and run again) and entries whose file is gone.
conftest.py files stay in the split folders: pytest applies them to the folders below.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
SPLITS = ("unit", "integration", "hostile", "faults")

# Test files that stay where they are, and why.
STAY = {
    # The fault suite is one file that runs the whole daemon under one fault at a time; a
    # wing folder would add a level that says nothing.
    "tests/faults/test_faults.py",
}

# Helpers (not test modules): old path → new path, both from the repository root.
SUPPORT = {
    "tests/rig.py": "tests/support/rig.py",
    "tests/speech.py": "tests/support/speech.py",
    "tests/pdf_layout.py": "tests/support/pdf_layout.py",
    "tests/integration/helpers.py": "tests/support/onair.py",
    "tests/integration/station_history.py": "tests/support/history.py",
    "tests/integration/notify_servers.py": "tests/support/notify_servers.py",
    "tests/integration/operator_words.py": "tests/support/operator_words.py",
    "tests/unit/planner_helpers.py": "tests/support/planner.py",
    "tests/unit/pdf_month_data.py": "tests/support/pdf_month_data.py",
    "tests/unit/report_samples.py": "tests/support/report_samples.py",
    "tests/hostile/config_checks.py": "tests/support/config_checks.py",
    "tests/factories.py": "tests/support/factories.py",
    "tests/integration/daemon_by_hand.py": "tests/support/daemon_by_hand.py",
}

# Tests of the whole package's shape (every wing at once) stay at the top of their split.
STAYS = {
    "tests/unit/test_layers.py",
    "tests/unit/test_layers_sql.py",
    "tests/unit/test_errors.py",  # the one error tree, whose children live in every wing
}

# Modules whose shared helpers were moved by hand: imports from them are redirected.
ALIASES = {
    "tests.conftest": "tests.support.station",
    "tests.hostile.conftest": "tests.support.exports",
    "tests.faults.conftest": "tests.support.process",
}

# Test files: split → {file name → wing folder}. The wing is where the code under test
# lives (broadcaster/<wing>/); a test of the whole station from outside goes by what it
# judges (proof for exports and verify, station for the daemon's behaviour).
WINGS: dict[str, dict[str, str]] = {
    "unit": {
        "test_durations.py": "core",
        "test_loudness.py": "core",
        "test_planner.py": "core",
        "test_planner_late.py": "core",
        "test_planner_makeups.py": "core",
        "test_planner_properties.py": "core",
        "test_vietnamese_settings.py": "core",
        "test_clock.py": "station",
        "test_vocab.py": "core",
        "test_config_cmd.py": "config",
        "test_config_sections.py": "config",
        "test_i18n_to_data.py": "i18n",
        "test_migrations.py": "store",
        "test_schedule_store.py": "store",
        "test_records.py": "station",
        "test_replan.py": "station",
        "test_timers.py": "station",
        "test_register.py": "ingest",
        "test_display.py": "i18n",
        "test_i18n.py": "i18n",
        "test_config.py": "config",
        "test_jingle_config.py": "config",
        "test_notify_config.py": "config",
        "test_allocator.py": "_lib",
        "test_operator_lines.py": "_lib",
        "test_systemd.py": "_lib",
        "test_jingle_assemble.py": "audio",
        "test_media_tags.py": "audio",
        "test_meter.py": "audio",
        "test_programme_management.py": "programmes",
        "test_alerts.py": "station",
        "test_judge.py": "station",
        "test_notify_quiet.py": "station",
        "test_testair.py": "station",
        "test_office.py": "proof",
        "test_pdf_layout.py": "proof",
        "test_pdf_month_layout.py": "proof",
        "test_pdf_out.py": "proof",
        "test_print_table.py": "proof",
        "test_report_docx.py": "proof",
        "test_report_model.py": "proof",
        "test_report_print.py": "proof",
        "test_report_words.py": "proof",
        "test_summary_rules.py": "proof",
        "test_xlsx_out.py": "proof",
        "test_cli_language.py": "cli",
    },
    "integration": {
        "test_daemon_clock.py": "station",
        "test_vocab_fixture.py": "store",
        "test_daemon_language.py": "station",
        "test_fixture_upgrade.py": "store",
        "test_postgres_migrations.py": "store",
        "test_ingest_settle.py": "ingest",
        "test_code_pages.py": "_lib",
        "test_operator_words.py": "i18n",
        "test_chain_head.py": "store",
        "test_station_fixture.py": "store",
        "test_jingle.py": "audio",
        "test_loudness_offair.py": "audio",
        "test_loudness_peaky_offair.py": "audio",
        "test_meter_contract.py": "audio",
        "test_player_contract.py": "audio",
        "test_renditions.py": "audio",
        "test_ingest.py": "ingest",
        "test_programme_cli.py": "programmes",
        "test_programme_daemon.py": "programmes",
        "test_programme_proof.py": "programmes",
        "test_programme_titles.py": "programmes",
        "test_airing_runner.py": "station",
        "test_bulletins.py": "station",
        "test_bulletins_offair.py": "station",
        "test_daemon_events.py": "station",
        "test_daemon_process.py": "station",
        "test_daemon_reload.py": "station",
        "test_notify.py": "station",
        "test_notify_daemon.py": "station",
        "test_offair.py": "station",
        "test_testair.py": "station",
        "test_testair_offair.py": "station",
        "test_testair_proof.py": "station",
        "test_export_cli.py": "proof",
        "test_report.py": "proof",
        "test_retention.py": "proof",
        "test_verify.py": "proof",
        "test_backup.py": "ops",
        "test_doctor.py": "ops",
        "test_cli.py": "cli",
    },
    "hostile": {
        "test_config_hostile.py": "config",
        "test_database_chain.py": "store",
        "test_playback_names.py": "audio",
        "test_ingest_names.py": "ingest",
        "test_export_edits_property.py": "proof",
        "test_forged_exports.py": "proof",
        "test_lone_files.py": "proof",
        "test_overwrite.py": "proof",
        "test_report_inputs.py": "proof",
        "test_verify_fuzz.py": "proof",
        "test_zip_inputs.py": "proof",
        "test_cli_input.py": "cli",
    },
}

# Text files whose contents are data or history, never rewritten.
FROZEN = ("CHANGELOG.md", "tests/golden/", "tests/fixtures/station-", "tools/mirror_tests.py")
TEXT_SUFFIXES = {".py", ".md", ".toml", ".cfg", ".ini", ".txt", ".yml", ".yaml", ".service"}
TEXT_NAMES = {"Makefile", "run"}  # .ci/run


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout


def module(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def planned_moves() -> dict[str, str]:
    moves = dict(SUPPORT)
    for split, files in WINGS.items():
        for name, wing in files.items():
            moves[f"tests/{split}/{name}"] = f"tests/{split}/{wing}/{name}"
    return moves


def deeper(text: str, levels: int) -> tuple[str, int]:
    """`Path(__file__)…parents[n]` / `.parent.parent` counted `levels` folders deeper."""

    def fix(match: re.Match[str]) -> str:
        head, chain, index = match.group(1), match.group(2), match.group(3)
        up = int(index) + 1 if index is not None else chain.count(".parent")
        up += levels
        return f"{head}.parent" if up == 1 else f"{head}.parents[{up - 1}]"

    pattern = r"(Path\(__file__\)(?:\.resolve\(\))?)((?:\.parent(?!s))+|\.parents\[(\d+)\])"
    return re.subn(pattern, fix, text)


def rewrite(text: str, names: dict[str, str], paths: dict[str, str]) -> str:
    for old, new in names.items():
        text = re.sub(rf"(?<![\w.]){re.escape(old)}(?![\w])", new, text)
        text = _rewrite_from_import(text, old, new)
    for old, new in paths.items():
        text = re.sub(rf"(?<![\w/.]){re.escape(old)}(?![\w])", new, text)
    return text


def _rewrite_from_import(text: str, old: str, new: str) -> str:
    """`from tests.unit import planner_helpers` → `from tests.support import planner as
    planner_helpers`: the name the importing file uses stays."""
    package, _, leaf = old.rpartition(".")
    new_package, _, new_leaf = new.rpartition(".")
    alias = "" if leaf == new_leaf else f" as {leaf}"

    def fix(match: re.Match[str]) -> str:
        return f"{match.group(1)}from {new_package} import {new_leaf}{match.group(2) or alias}"

    pattern = rf"^(\s*)from {re.escape(package)} import {leaf}(\s+as\s+\w+)?[ \t]*$"
    return re.sub(pattern, fix, text, flags=re.M)


def text_files() -> list[Path]:
    files = []
    for name in git("ls-files").splitlines():
        if name.startswith(FROZEN):
            continue
        path = REPO / name
        if (path.suffix in TEXT_SUFFIXES or path.name in TEXT_NAMES) and path.is_file():
            files.append(path)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print, change nothing")
    dry = parser.parse_args().dry_run
    say = print

    moved: dict[str, str] = {}
    for old, new in planned_moves().items():
        source, target = REPO / old, REPO / new
        if not source.exists():
            continue
        if target.exists():
            say(f"! {old}: {new} exists already; left where it is")
            continue
        say(f"move {old} → {new}")
        moved[old] = new
        if not dry:
            target.parent.mkdir(parents=True, exist_ok=True)
            git("mv", old, new)

    # Every folder a file moved into needs its __init__.py (see the docstring).
    for folder in sorted({(REPO / new).parent for new in moved.values()}):
        init = folder / "__init__.py"
        if folder != TESTS and not init.exists():
            say(f"add {init.relative_to(REPO)}")
            if not dry:
                init.write_text("")
                git("add", str(init.relative_to(REPO)))

    # Rewrite names of everything that was ever moved by this map (idempotent: an old name
    # no longer matches once rewritten), so a merged branch's new imports are caught too.
    names = {module(old): module(new) for old, new in planned_moves().items()}
    names.update(ALIASES)
    paths = dict(planned_moves())
    if not dry:
        for path in text_files():
            text = path.read_text(encoding="utf-8")
            new = rewrite(text, names, paths)
            rel = str(path.relative_to(REPO))
            if rel in moved.values():
                old_rel = next(o for o, n in moved.items() if n == rel)
                levels = rel.count("/") - old_rel.count("/")
                if levels:
                    new, count = deeper(new, levels)
                    if count:
                        say(f"  {rel}: {count} path(s) from __file__ counted {levels} deeper")
            if new != text:
                path.write_text(new, encoding="utf-8")
                say(f"  fixed names in {rel}")

    # What the map does not know.
    known = set(planned_moves()) | set(planned_moves().values()) | STAY
    known |= {"tests/test_readme.py"}  # the README's test, about the whole repository
    loose = sorted(TESTS.glob("*.py")) + [
        p for s in SPLITS for p in sorted((TESTS / s).glob("*.py"))
    ]
    for path in loose:
        rel = str(path.relative_to(REPO))
        if path.name in ("__init__.py", "conftest.py") or rel in known or rel in STAYS:
            continue
        kind = "test file" if path.name.startswith("test_") else "helper"
        say(f"? {rel}: {kind} not in the map, not moved")
    for old, new in planned_moves().items():
        if not (REPO / old).exists() and not (REPO / new).exists():
            say(f"- {old}: in the map, but neither it nor {new} exists")
    return 0


if __name__ == "__main__":
    sys.exit(main())
