"""#15 tests: a fuzz run of `verify` and `report` over random and truncated JSON and CSV
(and, #11 §3, zips of an export folder). Whatever the input: no traceback, never "intact",
and memory bounded."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tempfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from broadcaster.proof.report import collect
from broadcaster.proof.report_model import build_report
from broadcaster.proof.verify import verify_path
from tests.support.exports import export_once

SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PEAK_BYTES = 64 * 1024 * 1024  # far more than a month's export needs, far less than a leak

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=30,
)


@pytest.fixture(scope="module")
def real(tmp_path_factory, tone) -> dict[str, bytes]:
    """The bytes of a real export's month JSON and CSV, and of its folder zipped (the
    folder at the top, as Windows Explorer does), to cut and mangle."""
    folder = export_once(tmp_path_factory.mktemp("fuzz"), tone)
    found = {p.suffix: p.read_bytes() for p in folder.iterdir() if p.name != "manifest.json"}
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.writestr(f"thang-3/{path.name}", path.read_bytes())
    return {key: found[key] for key in (".json", ".csv")} | {".zip": packed.getvalue()}


def _check(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / name
        path.write_bytes(data)
        tracemalloc.start()
        try:
            verdict = verify_path(path)
            report = build_report(collect([Path(scratch)]))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert not verdict.ok, f"{name} verified as intact"
        assert verdict.exit_code in (1, 2)
        assert peak < PEAK_BYTES, f"peak {peak / 1e6:.1f} MB"
        assert report["overall"]["airings_done"] == 0


@SETTINGS
@given(
    data=st.binary(max_size=4096),
    name=st.sampled_from(["a.json", "a.csv", "manifest.json", "a.zip"]),
)
def test_random_bytes(data, name) -> None:
    _check(name, data)


@SETTINGS
@given(value=json_values)
def test_random_json_values(value) -> None:
    _check("a.json", json.dumps(value).encode())


@SETTINGS
@given(
    cut=st.integers(min_value=0, max_value=10**6),
    which=st.sampled_from([".json", ".csv", ".zip"]),
)
def test_truncated_exports(real, cut, which) -> None:
    data = real[which]
    _check(f"a{which}", data[: cut % len(data)])


@SETTINGS
@given(position=st.integers(min_value=0), byte=st.integers(1, 255))
def test_one_byte_changed_in_a_lone_json(real, position, byte) -> None:
    data = bytearray(real[".json"])
    data[position % len(data)] ^= byte
    with contextlib.suppress(ValueError):  # whitespace for whitespace: not an edit
        assume(json.loads(bytes(data)) != json.loads(real[".json"]))
    _check("a.json", bytes(data))


def _members(data: bytes) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    except Exception:  # noqa: BLE001 - any failure means "not the same content"
        return None


@SETTINGS
@given(position=st.integers(min_value=0), byte=st.integers(1, 255))
def test_one_byte_changed_in_a_zipped_export(real, position, byte) -> None:
    """A byte changed anywhere in the zip: no traceback, memory bounded, and "intact" only
    if every member still reads as the genuine one (a flipped date or comment byte)."""
    data = bytearray(real[".zip"])
    data[position % len(data)] ^= byte
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "a.zip"
        path.write_bytes(bytes(data))
        tracemalloc.start()
        try:
            verdict = verify_path(path)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < PEAK_BYTES, f"peak {peak / 1e6:.1f} MB"
    if verdict.ok:
        assert _members(bytes(data)) == _members(real[".zip"])


def test_deep_nesting_and_giant_numbers(tmp_path) -> None:
    for text in ("[" * 100_000, '{"format_version": 2, "rows": ' + "9" * 100_000 + "}"):
        _check("a.json", text.encode())


def test_a_folder_of_junk_beside_a_good_export(real, tmp_path) -> None:
    """A bad input never stops the others: the good export is still counted."""
    good = tmp_path / "good.json"
    good.write_bytes(real[".json"])
    for index, junk in enumerate([b"[]", b"{}", b"\x00\xff", real[".json"][:100], b"null"]):
        (tmp_path / f"junk-{index}.json").write_bytes(junk)
    shutil.copy(good, tmp_path / "nested.json")
    report = build_report(collect([tmp_path]))
    states = {Path(i["source"]).name: i["state"] for i in report["inputs"]}
    assert states["good.json"] == "ok"
    assert all(states[f"junk-{i}.json"] == "unchecked" for i in range(5))
