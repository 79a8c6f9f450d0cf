"""Only the store speaks SQL (#12): no module outside broadcaster/store imports sqlmodel or
sqlalchemy, except the `Engine` type (`from sqlalchemy import Engine` or
`from sqlalchemy.engine import Engine`), which is what callers hand to store functions.
The database's failures are caught under the store's names (broadcaster/store/errors.py),
and a transaction passed in is typed with `broadcaster.store.db.Session`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "broadcaster"
SQL_PACKAGES = ("sqlmodel", "sqlalchemy")
ALLOWED_FROM = {"sqlalchemy", "sqlalchemy.engine"}  # ... import Engine, and only that

# Still speaking SQL, with the reason; each entry must still be true (a stale one fails).
KNOWN: dict[str, str] = {}


def sql_imports(source: str) -> list[str]:
    """The SQL imports in a module's source that are not the Engine type: 'line: text'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in SQL_PACKAGES:
                    found.append(f"{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] not in SQL_PACKAGES:
                continue
            names = [alias.name for alias in node.names]
            if node.module in ALLOWED_FROM and names == ["Engine"]:
                continue
            found.append(f"{node.lineno}: from {node.module} import {', '.join(names)}")
    return found


def outside_store() -> dict[str, list[str]]:
    """Every module outside broadcaster/store that imports SQL → its imports."""
    result = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("store/"):
            continue
        imports = sql_imports(path.read_text(encoding="utf-8"))
        if imports:
            result[relative] = imports
    return result


def test_only_the_store_imports_sql() -> None:
    found = outside_store()
    unexpected = {name: lines for name, lines in found.items() if name not in KNOWN}
    assert unexpected == {}, "SQL outside broadcaster/store: move the query into a store module"


def test_every_known_exception_is_still_needed() -> None:
    found = outside_store()
    stale = [name for name in KNOWN if name not in found]
    assert stale == [], "no SQL left there: take it off KNOWN"


def test_the_store_does_speak_sql() -> None:
    """The scan reads real modules: the store itself is found importing SQL."""
    store = PACKAGE / "store" / "db.py"
    assert sql_imports(store.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "source",
    [
        "from sqlmodel import select\n",
        "import sqlalchemy\n",
        "import sqlalchemy.exc as exc\n",
        "from sqlalchemy.exc import SQLAlchemyError\n",
        "from sqlalchemy import Engine, text\n",
        "from sqlalchemy.engine import Engine, create_engine\n",
        "def lazy():\n    from sqlmodel import Session\n",
        "import os, sqlmodel\n",
    ],
)
def test_the_scan_catches_sql_in_a_module(tmp_path: Path, source: str) -> None:
    module = tmp_path / "violating.py"
    module.write_text(source, encoding="utf-8")
    assert sql_imports(module.read_text(encoding="utf-8")) != []


@pytest.mark.parametrize(
    "source",
    [
        "from sqlalchemy.engine import Engine\n",
        "from sqlalchemy import Engine\n",
        "from broadcaster.store.errors import StoreError\n",
        "from .sqlmodel import x\n",  # a relative module of that name is no SQL library
        "import sqlite3\n",
    ],
)
def test_the_engine_type_and_the_store_are_allowed(tmp_path: Path, source: str) -> None:
    module = tmp_path / "fine.py"
    module.write_text(source, encoding="utf-8")
    assert sql_imports(module.read_text(encoding="utf-8")) == []
