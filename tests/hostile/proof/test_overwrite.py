"""#15 §5: commands never destroy what they did not make. An existing file is replaced only
with `--force`; the station's own files never, even then; writes are atomic."""

from __future__ import annotations

import os

import pytest

from tests.support.exports import MONTH, cli, no_traceback, run


def _station_files(history) -> dict[str, object]:
    station = history["station"]
    db = station.root / "var" / "station.db"
    return {
        "config": station.config_path,
        "database": db,
        "series": station.root / "schedules" / "chuyen-doi-so.toml",
        "head": db.with_suffix(".head"),  # the chain head file and the signing key
        "key": db.with_suffix(".key"),  # live beside the database
    }


@pytest.mark.parametrize("fmt", ["csv", "json", "pdf"])
@pytest.mark.parametrize("which", ["config", "database", "series", "head", "key"])
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_export_never_overwrites_the_stations_own_files(history, fmt, which, force) -> None:
    """Finding: `export --format csv -o config.toml` overwrote the config, and `--format
    json -o var/broadcaster.store.db` overwrote the database. Never, even with --force."""
    target = _station_files(history)[which]
    before = target.read_bytes()
    args = ["export", "--month", MONTH, "--format", fmt, "-o", target]
    result = cli(history["station"], *args, *(["--force"] if force else []))
    no_traceback(result)
    assert result.exit_code == 2, result.output
    assert "tệp hoặc thư mục của đài" in result.output
    assert target.read_bytes() == before


def test_a_link_to_a_station_file_is_refused_too(history, tmp_path) -> None:
    """Finding (the same class): a name that links to the config is the config."""
    link = tmp_path / "bao-cao.csv"
    link.symlink_to(history["station"].config_path)
    before = history["station"].config_path.read_bytes()
    result = cli(
        history["station"], "export", "--month", MONTH, "--format", "csv", "-o", link, "--force"
    )
    assert result.exit_code == 2, result.output
    assert "tệp hoặc thư mục của đài" in result.output
    assert history["station"].config_path.read_bytes() == before


def test_an_existing_file_is_replaced_only_with_force(history, tmp_path) -> None:
    """Finding: `export -o FILE` overwrote any existing file without asking."""
    target = tmp_path / "ghi-chu.csv"
    target.write_text("ghi chú của người vận hành\n", encoding="utf-8")
    args = ["export", "--month", MONTH, "--format", "csv", "-o", target]
    refused = cli(history["station"], *args)
    assert refused.exit_code == 2, refused.output
    assert "thêm --force" in refused.output
    assert target.read_text(encoding="utf-8") == "ghi chú của người vận hành\n"
    replaced = cli(history["station"], *args, "--force")
    assert replaced.exit_code == 0, replaced.output
    assert target.read_text(encoding="utf-8-sig").startswith("seq,")


def test_a_folder_export_into_a_folder_with_files_needs_force(history, tmp_path) -> None:
    """Finding (the same class): an export folder that already holds files."""
    folder = tmp_path / "xuat"
    folder.mkdir()
    (folder / "khac.txt").write_text("x", encoding="utf-8")
    result = cli(history["station"], "export", "--month", MONTH, "-o", folder)
    assert result.exit_code == 2, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["khac.txt"]


def test_report_never_overwrites_a_database_or_a_key(history, export_folder) -> None:
    """Finding (the same class): `report -o` has no station config, so it recognises a
    station database or key by its content, and refuses it even with --force."""
    for which in ("database", "key", "head"):
        target = _station_files(history)[which]
        before = target.read_bytes()
        result = run("report", export_folder, "--format", "csv", "-o", target, "--force")
        assert result.exit_code == 2, result.output
        assert target.read_bytes() == before


def test_a_failed_write_leaves_the_old_file_whole(history, tmp_path, monkeypatch) -> None:
    """Finding: writes were not atomic. A writer that fails half way (a full disk) leaves
    the previous export as it was and no half file behind."""
    from broadcaster.proof import pdf_out

    target = tmp_path / "xuat" / "nhat-ky.pdf"
    ok = cli(history["station"], "export", "--month", MONTH, "--format", "pdf", "-o", target)
    assert ok.exit_code == 0, ok.output
    before = target.read_bytes()

    def half_then_fail(document, path, lang="vi", office=None) -> None:
        path.write_bytes(b"%PDF-1.4 half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdf_out, "write_pdf", half_then_fail)
    result = cli(
        history["station"], "export", "--month", MONTH, "--format", "pdf", "-o", target, "--force"
    )
    no_traceback(result)
    assert result.exit_code == 1, result.output
    assert "Không ghi được" in result.output and "đĩa đầy" in result.output  # ENOSPC, said plainly
    assert target.read_bytes() == before
    assert sorted(os.listdir(target.parent)) == ["nhat-ky.pdf", "nhat-ky.pdf.manifest.json"]


def test_key_never_writes_over_the_stations_own_files(history, tmp_path) -> None:
    """Finding (the same class): `broadcaster key -o` is an output like any other."""
    station = history["station"]
    for which in ("config", "database", "key"):
        target = _station_files(history)[which]
        before = target.read_bytes()
        result = cli(station, "key", "-o", target, "--force")
        assert result.exit_code == 2, result.output
        assert target.read_bytes() == before
    kept = tmp_path / "ghi-chu.pub"
    kept.write_text("x", encoding="utf-8")
    assert cli(station, "key", "-o", kept).exit_code == 2 and kept.read_text() == "x"
