"""One name per thing (#12): no two classes in the package share a name.

Two classes of one name in two wings is how `Verdict` came to mean three things; it is also
how a merge can leave two exception classes where callers catch one and code raises the
other (seen: `BulletinRejected` in errors.py and ingest/register.py). Read from the source,
so it holds for every module; run on a made-up package too, to show it can fail."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import broadcaster

PACKAGE = Path(broadcaster.__file__).parent


def classes_named_twice(package: Path) -> dict[str, list[str]]:
    where: dict[str, list[str]] = defaultdict(list)
    for file in sorted(package.rglob("*.py")):
        for node in ast.parse(file.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                where[node.name].append(str(file.relative_to(package.parent)))
    return {name: files for name, files in where.items() if len(files) > 1}


def test_no_two_classes_share_a_name() -> None:
    assert classes_named_twice(PACKAGE) == {}


def test_a_name_used_twice_is_seen(tmp_path: Path) -> None:
    package = tmp_path / "radio"
    (package / "core").mkdir(parents=True)
    (package / "core" / "judge.py").write_text("class Verdict:\n    pass\n")
    (package / "proof.py").write_text(
        "def f():\n    pass\n\n\nclass Verdict(Exception):\n    pass\n"
    )
    assert classes_named_twice(package) == {"Verdict": ["radio/core/judge.py", "radio/proof.py"]}
