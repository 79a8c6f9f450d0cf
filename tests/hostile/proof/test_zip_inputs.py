"""#11 §3: a `.zip` of an export folder (how folders travel by e-mail and chat apps) is
verified as the folder it holds, read in place; a zip that is damaged, hostile, over the
limits or not an export is "cannot check" (exit 2) in one line, never "tampered", never a
traceback.

Every refusal below is paired with a twin zip that differs only in what the check looks
at, and the twin is not refused for that reason: each check is shown to tell the two
apart. (On the code before this change, every zip was refused with "only an export
folder, a .json, .csv, .xlsx or .pdf can be checked", so each test here failed there.)
"""

from __future__ import annotations

import io
import os
import random
import resource
import stat
import struct
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.exports import export_once, no_traceback, run

Entries = list[tuple[zipfile.ZipInfo | str, bytes]]


@pytest.fixture(scope="module")
def folder(tmp_path_factory, tone) -> Path:
    return export_once(tmp_path_factory.mktemp("zip"), tone)


def genuine(folder: Path, top: str | None = "xa-2026-03") -> Entries:
    prefix = f"{top}/" if top else ""
    return [(prefix + p.name, p.read_bytes()) for p in sorted(folder.iterdir())]


def write_zip(path: Path, entries: Entries) -> Path:
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # "Duplicate name": the point of one test
        for name, data in entries:
            archive.writestr(name, data)
    return path


def entry(name: str, mode: int = 0o100644) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2026, 4, 1, 8, 0, 0))
    info.external_attr = mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def patch_central(data: bytes, name: str, offset: int, fmt: str, value: int) -> bytes:
    """Rewrite one field of `name`'s central directory and local headers, as a forger with
    a hex editor would (zipfile itself always writes the truth)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(name)
    out = bytearray(data)
    local = {8: 6, 24: 22}[offset]  # the same field in the local header
    struct.pack_into(fmt, out, info.header_offset + local, value)
    position = archive.start_dir
    while out[position : position + 4] == b"PK\x01\x02":
        n, m, k = struct.unpack_from("<HHH", out, position + 28)
        if out[position + 46 : position + 46 + n].decode() == name:
            struct.pack_into(fmt, out, position + offset, value)
        position += 46 + n + m + k
    return bytes(out)


def verify(path: Path, *options: str):
    result = run("verify", path, *options)
    no_traceback(result)
    return result


def assert_cannot_check(result, line: str) -> None:
    assert result.exit_code == 2, result.output
    header, *reasons = result.output.strip().splitlines()
    assert header.startswith("KHÔNG KIỂM TRA ĐƯỢC"), result.output
    assert len(reasons) == 1 and line in reasons[0], result.output
    assert "TOÀN VẸN" not in result.output and "ĐÃ BỊ THAY ĐỔI" not in result.output


@pytest.mark.parametrize("top", ["xa-2026-03", None, "Tai ve/xa-2026-03"])
def test_a_zip_of_a_genuine_export_is_intact_like_its_folder(folder, tmp_path, top) -> None:
    """The folder zipped (a top folder, as Windows Explorer and chat apps do), its files
    zipped at the root, or nested deeper: the verdict is the folder's."""
    path = write_zip(tmp_path / "xuat.zip", genuine(folder, top))
    result = verify(path)
    assert result.exit_code == 0, result.output
    assert "TOÀN VẸN" in result.output and "7 dòng" in result.output
    on_disk = verify(folder)
    assert result.output.replace(str(path), "P") == on_disk.output.replace(str(folder), "P")


def test_macos_attribute_files_do_not_count_as_added(folder, tmp_path) -> None:
    """Finder adds `__MACOSX/…` and `.DS_Store`: the zip tool's litter, not a changed export.
    A file of any other name added to the folder is still caught."""
    litter = [("__MACOSX/xa-2026-03/._manifest.json", b"\0\5\26\7"), ("xa-2026-03/.DS_Store", b"x")]
    ok = verify(write_zip(tmp_path / "mac.zip", genuine(folder) + litter))
    assert ok.exit_code == 0, ok.output
    added = verify(
        write_zip(tmp_path / "them.zip", genuine(folder) + [("xa-2026-03/them.pdf", b"x")])
    )
    assert added.exit_code == 1 and "them.pdf: không có trong bản kê đã ký" in added.output


def test_a_zip_whose_json_was_edited_is_changed_like_its_folder(folder, tmp_path) -> None:
    edited = []
    for name, data in genuine(folder):
        if name.endswith(".json") and not name.endswith("manifest.json"):
            data = data.replace(b'"status": "missed"', b'"status": "aired"', 1)
            assert b'"status": "aired"' in data
        edited.append((name, data))
    result = verify(write_zip(tmp_path / "sua.zip", edited))
    assert result.exit_code == 1, result.output
    assert result.output.startswith("ĐÃ BỊ THAY ĐỔI")
    assert "mã SHA-256 khác bản kê đã ký" in result.output  # the folder case's wording


def _too_many(folder: Path) -> tuple[Entries, Entries]:
    padding = [(f"xa-2026-03/thu-muc-{i}/", b"") for i in range(200)]
    return genuine(folder) + padding, genuine(folder) + padding[:190]


def _link(folder: Path) -> tuple[Entries, Entries]:
    bad = genuine(folder) + [(entry("xa-2026-03/lien-ket", stat.S_IFLNK | 0o777), b"/etc/passwd")]
    return bad, genuine(folder) + [(entry("xa-2026-03/lien-ket"), b"/etc/passwd")]


def _named(name: str) -> Callable[[Path], tuple[Entries, Entries]]:
    def build(folder: Path) -> tuple[Entries, Entries]:
        return genuine(folder) + [(entry(name), b"x")], genuine(folder) + [
            (entry("ten-lanh"), b"x")
        ]

    return build


def _several(folder: Path) -> tuple[Entries, Entries]:
    return genuine(folder, "thang-3") + genuine(folder, "thang-3-ban-2"), genuine(folder, "thang-3")


def _stray(folder: Path) -> tuple[Entries, Entries]:
    return genuine(folder) + [("cong-van.txt", b"x")], genuine(folder)


def _not_export(folder: Path) -> tuple[Entries, Entries]:
    return [("anh/1.jpg", b"\xff\xd8"), ("ghi-chu.txt", b"x")], genuine(folder)


def _twice(folder: Path) -> tuple[Entries, Entries]:
    first = genuine(folder)
    return first + [first[0]], first


@pytest.mark.parametrize(
    "build, line",
    [
        (_too_many, "quá giới hạn 200"),
        (_link, "xa-2026-03/lien-ket trong tệp nén là liên kết"),
        (_named("../../thoat.json"), "trỏ ra ngoài thư mục"),
        (_named("/etc/manifest.json"), "trỏ ra ngoài thư mục"),
        (_named("xa-2026-03\\..\\..\\thoat.json"), "trỏ ra ngoài thư mục"),
        (_named("C:/Windows/thoat.json"), "trỏ ra ngoài thư mục"),
        (_several, "chứa 2 thư mục xuất (thang-3, thang-3-ban-2)"),
        (_stray, "cong-van.txt nằm ngoài thư mục xuất"),
        (_not_export, "không chứa thư mục xuất nào"),
        (_twice, "có hai lần trong tệp nén"),
    ],
    ids=[
        "too-many",
        "symlink",
        "dotdot",
        "absolute",
        "backslash",
        "drive",
        "several",
        "stray",
        "not-export",
        "twice",
    ],
)
def test_a_hostile_or_odd_zip_cannot_be_checked(folder, tmp_path, build, line) -> None:
    bad, twin = build(folder)
    assert_cannot_check(verify(write_zip(tmp_path / "x.zip", bad)), line)
    assert line not in verify(write_zip(tmp_path / "twin.zip", twin)).output


def test_an_encrypted_entry_cannot_be_checked(folder, tmp_path) -> None:
    data = write_zip(tmp_path / "x.zip", genuine(folder)).read_bytes()
    locked = patch_central(data, "xa-2026-03/manifest.json", 8, "<H", 0x1)
    (tmp_path / "khoa.zip").write_bytes(locked)
    assert_cannot_check(
        verify(tmp_path / "khoa.zip"), "manifest.json trong tệp nén có đặt mật khẩu"
    )
    assert verify(tmp_path / "x.zip").exit_code == 0


@pytest.mark.parametrize(
    "damage",
    [lambda b: b[: len(b) // 2], lambda b: b[:-30], lambda b: b""],
    ids=["half", "tail", "empty-file"],
)
def test_a_damaged_zip_cannot_be_checked(folder, tmp_path, damage) -> None:
    data = write_zip(tmp_path / "x.zip", genuine(folder)).read_bytes()
    (tmp_path / "hong.zip").write_bytes(damage(data))
    assert_cannot_check(verify(tmp_path / "hong.zip"), "tệp nén bị hỏng hoặc không trọn")


def test_an_empty_zip_is_no_export(tmp_path) -> None:
    assert_cannot_check(verify(write_zip(tmp_path / "rong.zip", [])), "không chứa thư mục xuất nào")


def test_a_damaged_member_cannot_be_checked(folder, tmp_path) -> None:
    """A member whose bytes no longer inflate to its CRC was damaged on the way: cannot
    check, not 'changed' (the signature, not the zip's CRC, says whether it was changed)."""
    good = write_zip(tmp_path / "x.zip", genuine(folder))
    data = bytearray(good.read_bytes())
    info = zipfile.ZipFile(good).getinfo("xa-2026-03/manifest.json")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    (tmp_path / "crc.zip").write_bytes(bytes(data))
    assert_cannot_check(verify(tmp_path / "crc.zip"), "manifest.json trong tệp nén bị hỏng")
    assert verify(good).exit_code == 0


def test_a_zip_over_the_size_limit_is_refused_before_unpacking(folder, tmp_path) -> None:
    """Declared sizes over --max-mb: refused from the listing; the limit can be raised."""
    rng = random.Random(11)
    filler = "".join(rng.choice("ACGT") for _ in range(3 << 20)).encode()  # packs ~4:1
    path = write_zip(tmp_path / "to.zip", genuine(folder) + [("xa-2026-03/them.bin", filler)])
    assert path.stat().st_size < 1 << 20
    assert_cannot_check(verify(path, "--max-mb", "1"), "giải nén ra lớn hơn giới hạn 1 MB")
    raised = verify(path, "--max-mb", "5")
    assert raised.exit_code == 1 and "them.bin" in raised.output  # now read: an added file


MEMORY_CAP = 1 << 30


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _broadcaster(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "broadcaster", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_capped,
        env={**os.environ, "BROADCASTER_MALLOC": "system"},
    )


def test_a_zip_bomb_is_refused_before_it_is_inflated(folder, tmp_path) -> None:
    """40 MB of zeros in 40 KB: within the size limit, refused for its packing ratio. A
    twin packed at a sane ratio is read."""
    bomb = write_zip(
        tmp_path / "bom.zip", genuine(folder) + [("xa-2026-03/a.bin", bytes(40 << 20))]
    )
    done = _broadcaster("verify", bomb)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "bị nén quá mức (hơn 100 lần)" in done.stdout and "Traceback" not in done.stderr
    rng = random.Random(3)
    sane = rng.randbytes(2 << 20)
    twin = write_zip(tmp_path / "twin.zip", genuine(folder) + [("xa-2026-03/a.bin", sane)])
    assert "nén quá mức" not in verify(twin).output


def test_a_zip_lying_about_a_size_is_read_no_further_than_it_says(folder, tmp_path) -> None:
    """A header that declares 400 bytes for a member that inflates to 64 MB: read with a
    cap of what it declared, so the member is 'damaged' (its CRC no longer holds), never
    inflated whole (that would read as unparsable JSON instead). Without the lie, the same
    zip is refused for its size, as it should be."""
    name = "xa-2026-03/manifest.json"
    entries = [(n, bytes(64 << 20) if n == name else d) for n, d in genuine(folder)]
    honest = write_zip(tmp_path / "that.zip", entries)
    lying = patch_central(honest.read_bytes(), name, 24, "<I", 400)
    (tmp_path / "doi.zip").write_bytes(lying)
    done = _broadcaster("verify", tmp_path / "doi.zip")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "manifest.json trong tệp nén bị hỏng" in done.stdout, done.stdout
    told = verify(honest)
    assert told.exit_code == 2 and "lớn hơn giới hạn" in told.output
