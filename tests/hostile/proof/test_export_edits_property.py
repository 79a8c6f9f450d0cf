"""#15 tests: random edits of an export folder — change, drop, insert or swap any cell,
row, file or manifest field, with or without the forger updating the manifest's SHA-256 —
and `verify` must name every one (never "intact")."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from broadcaster.proof.verify import verify_path
from tests.support.exports import export_once

SETTINGS = settings(
    max_examples=int(os.environ.get("EDIT_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, tone) -> Path:
    """One export folder of a month with every kind of row, made once for the module."""
    folder = export_once(tmp_path_factory.mktemp("property"), tone)
    assert verify_path(folder).ok
    return folder


def _leaves(value: Any, path: tuple = ()) -> Iterator[tuple]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path


def _lists(value: Any, path: tuple = ()) -> Iterator[tuple]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _lists(item, (*path, key))
    elif isinstance(value, list):
        if value:
            yield path
        for index, item in enumerate(value):
            yield from _lists(item, (*path, index))


def _get(value: Any, path: tuple) -> Any:
    for step in path:
        value = value[step]
    return value


def _changed(value: Any, draw: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + draw(st.sampled_from([-1, 1, 600]))
    if isinstance(value, float):
        return value + draw(st.sampled_from([-0.5, 0.5, 600.0]))
    if value is None:
        return draw(st.sampled_from(["", "x", 0]))
    text = str(value)
    return draw(
        st.sampled_from(
            [
                text + "x",
                text[:-1],
                text.upper() if text.lower() == text and text != text.upper() else "đạt",
                "met",
                "aired",
            ]
        )
    )


def _edit_structure(document: Any, draw: Any) -> None:
    """Change a leaf, or drop, duplicate or swap an element of a list, or drop/add a key."""
    operation = draw(st.sampled_from(["change", "drop", "insert", "swap", "del_key", "add_key"]))
    if operation == "change":
        path = draw(st.sampled_from(list(_leaves(document))))
        parent = _get(document, path[:-1])
        parent[path[-1]] = _changed(parent[path[-1]], draw)
    elif operation in ("drop", "insert", "swap"):
        lists = list(_lists(document))
        assume(lists)
        items = _get(document, draw(st.sampled_from(lists)))
        i = draw(st.integers(0, len(items) - 1))
        if operation == "drop":
            del items[i]
        elif operation == "insert":
            items.insert(draw(st.integers(0, len(items))), copy.deepcopy(items[i]))
        else:
            j = draw(st.integers(0, len(items) - 1))
            items[i], items[j] = items[j], items[i]
    else:
        dicts = [p for p in _containers(document) if isinstance(_get(document, p), dict)]
        target = _get(document, draw(st.sampled_from(dicts)))
        if operation == "del_key":
            assume(target)
            del target[draw(st.sampled_from(sorted(target)))]
        else:
            target[draw(st.sampled_from(["note", "verdict", "seq", "extra"]))] = "x"


def _containers(value: Any, path: tuple = ()) -> Iterator[tuple]:
    if isinstance(value, dict | list):
        yield path
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            yield from _containers(item, (*path, key))


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _edit_csv(text: str, draw: Any) -> str:
    lines = text.split("\r\n")[:-1]
    header, rows = lines[0], lines[1:]
    operation = draw(st.sampled_from(["cell", "drop", "insert", "swap"]))
    i = draw(st.integers(0, len(rows) - 1))
    if operation == "cell":
        cells = rows[i].split(",")  # good enough: no field of this month holds a comma first
        c = draw(st.integers(0, len(cells) - 1))
        cells[c] = _changed(cells[c], draw) if cells[c] else "x"
        rows[i] = ",".join(str(x) for x in cells)
    elif operation == "drop":
        del rows[i]
    elif operation == "insert":
        rows.insert(draw(st.integers(0, len(rows))), rows[i])
    else:
        j = draw(st.integers(0, len(rows) - 1))
        rows[i], rows[j] = rows[j], rows[i]
    return "\r\n".join([header, *rows]) + "\r\n"


def _edit_folder(folder: Path, draw: Any) -> None:
    names = sorted(p.name for p in folder.iterdir())
    target = draw(st.sampled_from([*names, "<folder>"]))
    if target == "<folder>":
        operation = draw(st.sampled_from(["delete", "add", "rename"]))
        victim = folder / draw(st.sampled_from(names))
        if operation == "delete":
            victim.unlink()
        elif operation == "add":
            (folder / draw(st.sampled_from(["ghi-chu.txt", "them.csv"]))).write_text("x")
        else:
            victim.rename(folder / ("da-doi-" + victim.name))
        return
    path = folder / target
    if path.suffix == ".json":
        document = json.loads(path.read_text(encoding="utf-8"))
        _edit_structure(document, draw)
        path.write_text(_dump(document), encoding="utf-8")
    elif path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
        path.write_text(_edit_csv(text, draw), encoding="utf-8-sig", newline="")
    else:  # XLSX, PDF: any byte
        data = bytearray(path.read_bytes())
        at = draw(st.integers(0, len(data) - 1))
        data[at] ^= draw(st.integers(1, 255))
        path.write_bytes(bytes(data))
    if target != "manifest.json" and draw(st.booleans()):
        # The forger puts the edited file's new SHA-256 in the manifest.
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        manifest["files"][target] = hashlib.sha256(path.read_bytes()).hexdigest()
        (folder / "manifest.json").write_text(_dump(manifest), encoding="utf-8")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@SETTINGS
@given(data=st.data())
def test_every_edit_of_an_export_folder_is_named(pristine, data) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / pristine.name
        shutil.copytree(pristine, folder)
        _edit_folder(folder, data.draw)
        assume(_snapshot(folder) != _snapshot(pristine))
        verdict = verify_path(folder)
        assert not verdict.ok, "an edited export verified as intact"
        assert verdict.problems or verdict.unchecked


@SETTINGS
@given(data=st.data())
def test_every_edit_of_a_lone_month_json_is_named(pristine, data) -> None:
    (source,) = [p for p in pristine.glob("*.json") if p.name != "manifest.json"]
    document = json.loads(source.read_text(encoding="utf-8"))
    _edit_structure(document, data.draw)
    text = _dump(document)
    assume(text != source.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "thang.json"
        path.write_text(text, encoding="utf-8")
        verdict = verify_path(path)
        assert not verdict.ok, "an edited month JSON verified as intact"
        assert verdict.exit_code in (1, 2)
