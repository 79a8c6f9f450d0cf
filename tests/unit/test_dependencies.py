"""What `make run` installs is enough to run: every library broadcaster/ imports comes with
its main dependencies (pyproject's `dependencies`, directly or through one of them), not only
with the test extras. CI installs the extras too, so without this check a library used only
by the test extras' grace would pass CI and break a station's `make run`."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[ ;<>=!~\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def main_closure() -> set[str]:
    """The distributions the main dependencies bring, transitively (extras left out)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    todo = [_name(r) for r in project["dependencies"] if "python_version" not in r]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        todo += [_name(r) for r in requires if "extra ==" not in r]
    return seen


def imported_top_names() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "broadcaster").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"broadcaster"}


def missing(names: set[str], closure: set[str]) -> list[str]:
    by_module = metadata.packages_distributions()
    return sorted(
        name
        for name in names
        if not any(d.lower().replace("_", "-") in closure for d in by_module.get(name, [name]))
    )


def test_every_library_broadcaster_imports_comes_with_its_main_dependencies() -> None:
    assert missing(imported_top_names(), main_closure()) == []


def test_the_check_sees_a_library_only_the_tests_bring() -> None:
    assert missing({"pytest", "httpx"}, main_closure()) == ["pytest"]
    assert "httpx" in main_closure()
