"""The package tree is the architecture (#12): the pure core touches nothing, and each wing
imports only the wings below it.

Both rules are read from the source (the AST of every module), so they hold for code paths
no test runs. Each rule is also run on a small made-up package, to show it can fail.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import broadcaster

PACKAGE = Path(broadcaster.__file__).parent

# Lowest first: a module may import its own wing and the wings before it in this list.
ORDER = (
    "core",
    "i18n",
    "errors",  # the one error tree (it looks its words up in i18n)
    "config",
    "_lib",
    "clock",
    "store",
    "audio",
    "ingest",
    "proof",
    "station",
    "programmes",
    "ops",
    "console",  # the web page: reads the station's wings, runs beside the daemon
    "central",  # the province service (#14): its own process, above the station's wings
    "cli",
    "__main__",
)

# Libraries that reach the world: a database, a process, the player, the log, the scheduler,
# the clock. The core gets its time and its data as arguments.
IO_LIBRARIES = {
    "sqlalchemy",
    "sqlmodel",
    "subprocess",
    "vlc",
    "loguru",
    "logging",
    "apscheduler",
    "time",
    "socket",
    "shutil",
    "os",
    "threading",
}

# Imports that still point up the order, each with the reason it has not moved yet. The list
# may only shrink: a new upward import fails, and so does an entry that is gone.
KNOWN_UPWARD: dict[str, str] = {
    "broadcaster.config.bulletins -> broadcaster.audio.decode": "a signal file must decode when the config is read",
}


def module_name(file: Path, package: Path) -> str:
    parts = file.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts).removesuffix(".__init__")


def imports_of(file: Path, modules: set[str]) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file, at any depth (lazy ones too).

    `from a.b import c` is the module `a.b.c` when there is one, else `a.b`.
    """
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                inner = f"{node.module}.{alias.name}"
                found.append((node.lineno, inner if inner in modules else node.module))
    return found


def module_graph(package: Path) -> dict[str, list[tuple[int, str]]]:
    files = {module_name(f, package): f for f in package.rglob("*.py")}
    return {module: imports_of(file, set(files)) for module, file in files.items()}


def wing_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def core_problems(package: Path) -> list[str]:
    """Every I/O library the core reaches, directly or through another of its modules."""
    name = package.name
    graph = module_graph(package)
    problems = []
    for start in sorted(m for m in graph if wing_of(m) == "core"):
        seen, todo = {start}, [start]
        while todo:
            current = todo.pop()
            for line, target in graph.get(current, []):
                top = target.split(".")[0]
                if top in IO_LIBRARIES:
                    via = "" if current == start else f" (through {current})"
                    problems.append(f"{start}{via}:{line} imports {target}")
                elif top == name and target in graph and target not in seen:
                    seen.add(target)
                    todo.append(target)
    return problems


def upward_imports(package: Path) -> set[str]:
    """ "module -> imported module" for every import that points up the wing order."""
    name = package.name
    upward = set()
    for module, imported in module_graph(package).items():
        for _line, target in imported:
            if target.split(".")[0] != name:
                continue
            here, there = wing_of(module), wing_of(target)
            if here in ORDER and there in ORDER and ORDER.index(there) > ORDER.index(here):
                upward.add(f"{module} -> {target}")
    return upward


def test_the_pure_core_reaches_no_io_library() -> None:
    assert core_problems(PACKAGE) == []


def test_every_wing_is_in_the_order() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert packages | modules <= set(ORDER), sorted((packages | modules) - set(ORDER))


def test_no_wing_imports_a_wing_above_it() -> None:
    found = upward_imports(PACKAGE)
    new = sorted(found - set(KNOWN_UPWARD))
    gone = sorted(set(KNOWN_UPWARD) - found)
    assert not new, "imports pointing up the wing order:\n" + "\n".join(new)
    assert not gone, "no longer needed in KNOWN_UPWARD (remove them):\n" + "\n".join(gone)


# ---- the rules can fail ---------------------------------------------------------------------


@pytest.fixture
def made_up(tmp_path: Path) -> Path:
    package = tmp_path / "radio"
    for wing in ("core", "store", "station"):
        (package / wing).mkdir(parents=True)
        (package / wing / "__init__.py").write_text('"""."""\n')
    (package / "__init__.py").write_text('"""."""\n')
    return package


def test_the_core_rule_catches_a_direct_and_an_indirect_io_import(made_up: Path) -> None:
    (made_up / "core" / "plan.py").write_text("from radio.core import helper\n")
    (made_up / "core" / "helper.py").write_text("def f():\n    import time\n    return time\n")
    (made_up / "core" / "rows.py").write_text("import sqlalchemy\n")
    problems = core_problems(made_up)
    assert any(p.startswith("radio.core.rows:1 imports sqlalchemy") for p in problems)
    assert any("radio.core.plan (through radio.core.helper)" in p and "time" in p for p in problems)


def test_the_core_rule_passes_a_pure_core(made_up: Path) -> None:
    (made_up / "core" / "plan.py").write_text("import datetime\nfrom radio.core import helper\n")
    (made_up / "core" / "helper.py").write_text("import dataclasses\n")
    assert core_problems(made_up) == []


def test_the_order_rule_catches_an_upward_import(made_up: Path) -> None:
    (made_up / "store" / "rows.py").write_text("from radio.station import daemon\n")
    (made_up / "station" / "daemon.py").write_text("from radio.store import rows\n")
    assert upward_imports(made_up) == {"radio.store.rows -> radio.station.daemon"}
