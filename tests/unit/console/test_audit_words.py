"""Every action the console writes to the audit log has its words: the audit tab shows
an operator no English action name. The actions are read from the code itself."""

from __future__ import annotations

import re
from pathlib import Path

from broadcaster import console, i18n
from broadcaster.console.pages import log

SOURCES = [
    *Path(console.__file__).parent.rglob("*.py"),
    Path(console.__file__).parents[1] / "cli" / "user_cmd.py",
]
# audit(request, "x", ...), record_audit(engine, now, who, "x", ...), _refused(request, "x", ...),
# ACTION = "x", and the programme changes audited as f"programme_{action}".
LITERAL = re.compile(
    r"(?:\baudit\(\s*request,\s*|_refused\(\s*request,\s*|\bACTION\s*=\s*|"
    r'record_audit\(\s*[^"]*?,\s*)"([a-z_.]+)"',
    re.DOTALL,
)
CHANGES = re.compile(r'change\(request, account, pid, "([a-z_]+)"')


def recorded_actions() -> set[str]:
    found: set[str] = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        found |= set(LITERAL.findall(text))
        found |= {f"programme_{action}" for action in CHANGES.findall(text)}
    return found


def test_the_scan_finds_the_actions_of_every_page() -> None:
    actions = recorded_actions()
    for expected in (
        "login",
        "csrf",
        "forbidden",
        "series.slots",
        "bulletin.send",
        "programme_upload",
        "programme_withdraw",
        "quarantine_retry",
        "verify",
        "checks.run",
        "account_disable",
    ):
        assert expected in actions


def test_every_recorded_action_has_words_in_both_languages() -> None:
    missing = sorted(a for a in recorded_actions() if not i18n.has(f"console.log.action.{a}"))
    assert missing == []
    for lang in ("vi", "en"):
        with i18n.speaking(lang):
            shown = {log._action_words(a) for a in recorded_actions()}
        assert not shown & recorded_actions()  # none falls back to its own name


def test_an_action_without_words_would_show_its_name() -> None:
    assert log._action_words("made_up_action") == "made_up_action"  # what the test guards
