"""Chương trình and Cách ly in the console: uploads into the inbox (temporary name first, the
size limit, hostile names), listening with Range, the library changes through the CLI's
functions, approval holding, quarantine retry and set-aside, and a viewer refused."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import Engine
from sqlmodel import select

from broadcaster.cli import main
from broadcaster.clock import FakeClock
from broadcaster.config import Config
from broadcaster.console import programme_files as files
from broadcaster.ingest.ingester import Ingester
from broadcaster.store.db import session
from broadcaster.store.models import ConsoleAudit, ConsoleRequest, IngestEvent
from broadcaster.store.programmes import add_event
from broadcaster.store.programmes_views import changes_of
from tests.support import factories
from tests.support.console import Client, console_client
from tests.support.station import StationDir

NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
SERIES_FOLDER = "chuyen-doi-so"


def upload(client: Client, name: str, body: bytes | Iterator[bytes], series: str = "") -> object:
    headers = {"X-CSRF-Token": client.csrf, "X-File-Name": name}
    if series:
        headers["X-Series"] = series
    return client.post("/api/v1/programmes/upload", content=body, headers=headers)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under the station folder but the database's own, with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink() and "station.db" not in p.name
    }


def inbox_of(config: Config) -> Path:
    return config.paths.inbox / SERIES_FOLDER


def audit_actions(engine: Engine) -> list[tuple[str, str]]:
    with session(engine) as db:
        return [(r.action, r.outcome) for r in db.exec(select(ConsoleAudit)).all()]


# ---- upload -------------------------------------------------------------------------------
def test_an_upload_lands_in_the_series_inbox_under_its_final_name(
    console: Client, config: Config, engine: Engine
) -> None:
    body = b"ID3" + os.urandom(5000)
    reply = upload(console, "B%E1%BA%A3n%20tin%20th%C3%A1ng%2011.mp3", body)
    assert reply.status_code == 200, reply.text
    assert reply.json()["name"] == "Bản tin tháng 11.mp3"
    assert "Bản tin tháng 11.mp3" in reply.json()["message"]
    landed = inbox_of(config) / "Bản tin tháng 11.mp3"
    assert landed.read_bytes() == body
    assert [p.name for p in inbox_of(config).iterdir()] == [landed.name]  # no .part left
    # The same name again never overwrites: a free name is picked.
    again = upload(console, "B%E1%BA%A3n%20tin%20th%C3%A1ng%2011.mp3", b"other")
    assert again.json()["name"] == "Bản tin tháng 11 (2).mp3"
    assert landed.read_bytes() == body
    assert ("programme_upload", "ok") in audit_actions(engine)
    # The page follows the file until the ingester takes it.
    pending = console.get("/chuong-trinh/cho-nhan").text
    assert "Bản tin tháng 11 (2).mp3" in pending and "đang chờ nhận" in pending


def test_the_file_is_under_a_temporary_name_the_ingester_skips_until_it_is_whole(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "inbox" / SERIES_FOLDER
    folder.mkdir(parents=True)
    receiving = files.ProgrammeUpload.open(folder, 10_000)
    receiving.write(b"x" * 3000)
    written = list(folder.iterdir())
    assert len(written) == 1 and written[0].name.startswith(".") and written[0].suffix == ".part"
    from broadcaster.core.inbox_words import is_temporary

    assert is_temporary(written[0].name)
    final = receiving.finish("ok.mp3")
    assert [p.name for p in folder.iterdir()] == ["ok.mp3"]
    assert final.read_bytes() == b"x" * 3000


def test_publish_never_replaces_a_file_that_appeared_meanwhile(tmp_path: Path) -> None:
    (tmp_path / "a.mp3").write_bytes(b"first")
    staged = tmp_path / ".tai-len-1.part"
    staged.write_bytes(b"second")
    target = files.publish(staged, tmp_path / "a.mp3")
    assert target.name == "a (2).mp3"
    assert (tmp_path / "a.mp3").read_bytes() == b"first"
    assert not staged.exists()


def test_an_upload_over_the_limit_is_refused_with_413_and_leaves_nothing(
    station: StationDir,
) -> None:
    station.write_config(extra="[console]\nupload_max_mb = 1\n")
    config = station.config()
    engine = factories.engine_for(config)
    client = console_client(config, engine)
    before = tree(station.root)
    # Declared too big: refused before a byte is written.
    reply = upload(client, "big.mp3", b"x" * (1024 * 1024 + 1))
    assert reply.status_code == 413
    assert "1 MB" in reply.json()["error"] and "\n" not in reply.json()["error"]

    # Streamed without a length: stopped at the limit, the partial file removed.
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"y" * 65536

    reply = upload(client, "streamed.mp3", chunks())
    assert reply.status_code == 413
    after = tree(station.root)
    assert {k for k in after if k not in before} == set()
    assert not any(inbox_of(config).iterdir())
    # Just under the limit it is taken (the check can pass, so it can fail).
    assert upload(client, "small.mp3", b"z" * (1024 * 1024)).status_code == 200
    assert ("programme_upload", "refused") in audit_actions(engine)


HOSTILE = [
    "a%3Ab%3Ac.mp3",  # colons
    "%FF%FEbad.mp3",  # not UTF-8
    "%E1%BB%87" * 80 + ".mp3",  # 244 bytes of "ệ" + .mp3
    "a" * 246 + ".mp3",  # 250 bytes
    "CON.mp3",  # a Windows device
    "..%2F..%2F..%2Fescaped.mp3",  # a path
    "..%5C..%5Cescaped.mp3",  # a Windows path
    "%2Fetc%2Fpasswd",
    "a%00b.mp3",  # NUL
    "",  # empty
    "..",
    ".hidden.mp3",
    "~%24lock.mp3",
    "x.mp3.part",
    "%0A%0D.mp3",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_is_made_safe_or_refused_and_never_escapes(
    console: Client, config: Config, station: StationDir, name: str
) -> None:
    before = tree(station.root)
    reply = upload(console, name, b"ID3 hostile")
    after = tree(station.root)
    new = {k for k in after if k not in before}
    if reply.status_code == 200:
        [path] = new
        landed = station.root / path
        assert landed.parent == inbox_of(config)
        assert not files.is_temporary(landed.name)  # the ingester will take it
        assert len(landed.name.encode()) <= 231
        assert not any(c in landed.name for c in ":\x00\n\r/\\")
        assert landed.name.split(".")[0].upper() not in {"CON", "NUL", "PRN", "AUX"}
    else:
        assert reply.status_code == 400
        line = reply.json()["error"]
        assert line and "\n" not in line and "Traceback" not in line
        assert new == set()


def test_hostile_names_really_are_changed() -> None:
    """The negative side of the test above: the sanitiser does change these names."""
    assert files.upload_name("a%3Ab.mp3") == "a_b.mp3"
    assert files.upload_name("CON.mp3") == "_CON.mp3"
    assert files.upload_name("..%2F..%2Fescaped.mp3") == "escaped.mp3"
    assert files.upload_name(".hidden.mp3") == "_hidden.mp3"
    assert files.upload_name("%FFx.mp3") == "\ufffdx.mp3"
    with pytest.raises(files.ProgrammeFileRefused):
        files.upload_name("..")
    with pytest.raises(files.ProgrammeFileRefused):
        files.upload_name("x.mp3.part")


def test_an_upload_to_an_unknown_series_is_refused(console: Client, config: Config) -> None:
    reply = upload(console, "a.mp3", b"ID3", series="khong-co")
    assert reply.status_code == 400 and "khong-co" in reply.json()["error"]
    assert not inbox_of(config).exists() or not any(inbox_of(config).iterdir())


def test_an_upload_through_a_linked_inbox_folder_is_refused(
    console: Client, config: Config, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    config.paths.inbox.mkdir(parents=True, exist_ok=True)
    inbox_of(config).symlink_to(elsewhere)
    reply = upload(console, "a.mp3", b"ID3")
    assert reply.status_code == 400
    assert not any(elsewhere.iterdir())


# ---- approval -------------------------------------------------------------------------------
def test_with_approval_an_upload_is_held_until_released(station: StationDir) -> None:
    station.write_config(extra="[console]\napproval = true\n")
    config = station.config()
    engine = factories.engine_for(config)
    client = console_client(config, engine)
    reply = upload(client, "ch%C6%B0%C6%A1ng%20tr%C3%ACnh.mp3", b"ID3 held")
    assert reply.status_code == 200 and reply.json()["state"] == "held"
    assert not inbox_of(config).exists() or not any(inbox_of(config).iterdir())
    with session(engine) as db:
        [row] = db.exec(select(ConsoleRequest)).all()
    assert row.kind == "programme" and row.created_by == "ba"
    assert "chờ duyệt" in client.get("/chuong-trinh/cho-nhan").text
    released = files.release_programme(config, row)
    assert released == inbox_of(config) / "chương trình.mp3"
    assert released.read_bytes() == b"ID3 held"
    assert not any(files.held_folder(config).iterdir())
    with session(engine) as db:  # what the approval page records before it releases
        decided = db.get(ConsoleRequest, row.id)
        assert decided is not None
        decided.decision, decided.decided_by, decided.decided_at = "approved", "duyet", NOW
        db.add(decided)
        db.commit()
    assert "đang chờ nhận" in client.get("/chuong-trinh/cho-nhan").text
    with pytest.raises(files.ProgrammeFileRefused):
        files.release_programme(config, row)  # once only: the held file is gone


def test_a_refused_held_programme_is_set_aside_not_deleted(station: StationDir) -> None:
    station.write_config(extra="[console]\napproval = true\n")
    config = station.config()
    engine = factories.engine_for(config)
    client = console_client(config, engine)
    assert upload(client, "x.mp3", b"ID3 refused").status_code == 200
    with session(engine) as db:
        [row] = db.exec(select(ConsoleRequest)).all()
    kept = files.set_aside_held(config, row)
    assert kept.read_bytes() == b"ID3 refused"
    assert kept.parent == config.paths.archive / files.SET_ASIDE_FOLDER
    assert not any(files.held_folder(config).iterdir())


def test_an_upload_cut_off_leaves_no_partial_file(
    console: Client, config: Config, station: StationDir
) -> None:
    import asyncio

    from starlette.requests import ClientDisconnect

    from broadcaster.console.pages import programmes

    class CutRequest:
        headers: dict[str, str] = {}
        app = console.app

        async def stream(self) -> Iterator[bytes]:  # type: ignore[misc]
            yield b"x" * 70000
            raise ClientDisconnect()

    folder = files.inbox_folder(config, config.series[0])
    with pytest.raises(ClientDisconnect):
        asyncio.run(programmes._receive(CutRequest(), folder, "cut.mp3"))  # type: ignore[arg-type]
    assert list(folder.iterdir()) == []


# ---- the library ------------------------------------------------------------------------------
def test_the_page_lists_the_library_and_the_json_too(
    console: Client, engine: Engine, viewer_console: Client
) -> None:
    factories.programme(engine, NOW, title="Chuyển đổi số ở xã")
    page = console.get("/chuong-trinh")
    assert page.status_code == 200
    assert "Chuyển đổi số ở xã" in page.text and "Rút khỏi lịch" in page.text
    [entry] = console.get("/api/v1/programmes").json()
    assert entry["title"] == "Chuyển đổi số ở xã" and entry["state"] == "active"
    seen = viewer_console.get("/chuong-trinh").text
    assert "Chuyển đổi số ở xã" in seen and "Rút khỏi lịch" not in seen


def _cli(station: StationDir, *args: str) -> str:
    result = CliRunner().invoke(main, ["--config", str(station.config_path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _log(engine: Engine, pid: int) -> list[tuple[str, str, str, str]]:
    return [(c.action, c.new_value, c.reason, c.by) for c in changes_of(engine, pid)]


def test_title_move_withdraw_write_the_same_change_rows_as_the_command(
    console: Client, engine: Engine, station: StationDir
) -> None:
    by_cli = factories.programme(engine, NOW, title="Một")
    by_console = factories.programme(engine, NOW, title="Hai")
    assert by_cli.id is not None and by_console.id is not None
    _cli(
        station,
        "programme",
        "title",
        str(by_cli.id),
        "Tiêu đề mới",
        "--reason",
        "sai chính tả",
        "--by",
        "ba",
    )
    _cli(
        station,
        "programme",
        "move",
        str(by_cli.id),
        "01/2027",
        "--reason",
        "dời lịch",
        "--by",
        "ba",
    )
    _cli(station, "programme", "withdraw", str(by_cli.id), "--reason", "hết hạn", "--by", "ba")
    pid = by_console.id
    reply = console.post_json(
        f"/api/v1/programmes/{pid}/title", {"title": "Tiêu đề mới", "reason": "sai chính tả"}
    )
    assert reply.status_code == 200, reply.text
    reply = console.post_form(
        f"/chuong-trinh/{pid}/chuyen-ky", {"period": "01/2027", "reason": "dời lịch"}
    )
    assert reply.status_code == 200 and "tháng 1/2027" in reply.text
    reply = console.post_json(f"/api/v1/programmes/{pid}/withdraw", {"reason": "hết hạn"})
    assert reply.status_code == 200, reply.text
    cli_rows = _log(engine, by_cli.id)
    console_rows = _log(engine, pid)
    assert [r[0] for r in cli_rows] == ["title", "move", "withdraw"]
    assert console_rows == cli_rows
    actions = audit_actions(engine)
    for action in ("programme_title", "programme_move", "programme_withdraw"):
        assert (action, "ok") in actions


def test_a_change_without_a_reason_is_refused_as_the_command_refuses_it(
    console: Client, engine: Engine
) -> None:
    made = factories.programme(engine, NOW, title="Ba")
    assert made.id is not None
    reply = console.post_json(f"/api/v1/programmes/{made.id}/withdraw", {"reason": "  "})
    assert reply.status_code == 400
    assert "\n" not in reply.json()["error"]
    assert changes_of(engine, made.id) == []
    assert ("programme_withdraw", "refused") in audit_actions(engine)
    reply = console.post_json("/api/v1/programmes/9999/title", {"title": "x", "reason": "y"})
    assert reply.status_code == 400


# ---- listening ------------------------------------------------------------------------------
def _library_programme(engine: Engine, config: Config, source: Path) -> int:
    made = factories.programme(engine, NOW)
    target = config.paths.library / made.file_name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    assert made.id is not None
    return made.id


def test_listening_streams_the_file_with_range(
    console: Client, engine: Engine, config: Config, tone: Callable[[float], Path]
) -> None:
    source = tone(2.0)
    pid = _library_programme(engine, config, source)
    data = source.read_bytes()
    whole = console.get(f"/api/v1/programmes/{pid}/audio")
    assert whole.status_code == 200 and whole.content == data
    part = console.get(f"/api/v1/programmes/{pid}/audio", headers={"Range": "bytes=100-1123"})
    assert part.status_code == 206
    assert part.content == data[100:1124]
    assert part.headers["content-range"] == f"bytes 100-1123/{len(data)}"


def test_a_file_outside_the_library_is_never_served(
    console: Client, engine: Engine, config: Config, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the console")
    made = factories.programme(engine, NOW)
    assert made.id is not None
    # A library entry that is a link to a file elsewhere.
    link = config.paths.library / made.file_name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    reply = console.get(f"/api/v1/programmes/{made.id}/audio")
    assert reply.status_code == 404 and b"not for the console" not in reply.content
    # A row whose file name climbs out of the library.
    from broadcaster.store.models import Programme

    with session(engine) as db:
        row = db.get(Programme, made.id)
        assert row is not None
        row.file_name = os.path.relpath(secret, config.paths.library)
        db.add(row)
        db.commit()
    assert (config.paths.library / row.file_name).resolve() == secret.resolve()
    reply = console.get(f"/api/v1/programmes/{made.id}/audio")
    assert reply.status_code == 404 and b"not for the console" not in reply.content
    # And a real file inside is served (so the refusals above are the check, not a 404 always).
    link.unlink()
    link.write_bytes(b"inside")
    with session(engine) as db:
        row = db.get(Programme, made.id)
        assert row is not None
        row.file_name = made.file_name
        db.add(row)
        db.commit()
    assert console.get(f"/api/v1/programmes/{made.id}/audio").content == b"inside"


# ---- the ingester takes what the console put in the inbox ------------------------------------
def test_an_uploaded_programme_is_taken_in_and_then_replaced(
    console: Client, engine: Engine, config: Config, tone: Callable[..., Path]
) -> None:
    first, second = tone(3.0), tone(3.0, 550)
    reply = upload(console, "th%C3%A1ng%2011.mp3", first.read_bytes())
    assert reply.status_code == 200
    ingester = Ingester(config, engine, FakeClock(NOW))
    outcomes, _ = ingester.scan()
    if not outcomes:  # the first scan only notes the file (it must hold still)
        outcomes, _ = ingester.scan()
    [outcome] = outcomes
    assert outcome.outcome == "accepted" and outcome.programme_id is not None
    pending = console.get("/chuong-trinh/cho-nhan")
    assert f"đã nhận: số {outcome.programme_id}" in pending.text
    assert pending.headers.get("hx-trigger") == "library-changed"
    pid = outcome.programme_id
    reply = console.post(
        f"/api/v1/programmes/{pid}/replace",
        content=second.read_bytes(),
        headers={
            "X-CSRF-Token": console.csrf,
            "X-File-Name": "moi.mp3",
            "X-Reason": "b%E1%BA%A3n%20s%E1%BB%ADa",
        },
    )
    assert reply.status_code == 200, reply.text
    new = reply.json()["new"]
    assert [(c.action, c.reason, c.by) for c in changes_of(engine, pid)][0] == (
        "replace",
        "bản sửa",
        "ba",
    )
    assert changes_of(engine, new)[0].action == "replaces"
    assert not [p for p in config.paths.inbox.iterdir() if p.name.startswith(".")]


def _replace(
    client: Client, pid: int, body: bytes, reason: str = "b%E1%BA%A3n%20s%E1%BB%ADa"
) -> Any:
    return client.post(
        f"/api/v1/programmes/{pid}/replace",
        content=body,
        headers={"X-CSRF-Token": client.csrf, "X-File-Name": "moi.mp3", "X-Reason": reason},
    )


def test_with_approval_a_replacement_is_held_until_another_account_approves(
    station: StationDir, tone: Callable[..., Path]
) -> None:
    station.write_config(extra="[console]\napproval = true\n")
    config = station.config()
    engine = factories.engine_for(config)
    first, second = tone(3.0), tone(3.0, 550)
    folder = files.inbox_folder(config, config.series[0])
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(first, folder / "thang-11.mp3")
    ingester = Ingester(config, engine, FakeClock(NOW))
    outcomes, _ = ingester.scan()
    if not outcomes:  # the first scan only notes the file (it must hold still)
        outcomes, _ = ingester.scan()
    [outcome] = outcomes
    pid = outcome.programme_id
    assert pid is not None
    operator = console_client(config, engine)
    approver = console_client(config, engine, role="approver", name="duyet")

    # Refused at once for what the command would refuse (no reason; no such programme):
    # nothing held, no request.
    assert _replace(operator, pid, second.read_bytes(), reason="").status_code == 400
    assert _replace(operator, 999, second.read_bytes()).status_code == 400
    assert not files.held_folder(config).exists() or not any(files.held_folder(config).iterdir())

    reply = _replace(operator, pid, second.read_bytes())
    assert reply.status_code == 200, reply.text
    held = reply.json()
    assert held["state"] == "held" and "người duyệt" in held["message"]
    assert changes_of(engine, pid) == []  # the library is unchanged until someone approves
    [pending] = approver.get("/api/v1/approvals").json()["pending"]
    assert (pending["kind"], pending["programme"], pending["reason"]) == (
        "programme_replace",
        pid,
        "bản sửa",
    )
    page = approver.get("/ban-tin").text
    assert "thay tệp chương trình" in page and f"thay chương trình số {pid}: bản sửa" in page
    # The operator cannot approve (not an approver); the approver can.
    assert operator.post_json(f"/api/v1/approvals/{held['request']}/approve", {}).status_code == 403
    decided = approver.post_json(f"/api/v1/approvals/{held['request']}/approve", {})
    assert decided.status_code == 200, decided.text
    assert [(c.action, c.reason, c.by) for c in changes_of(engine, pid)][0] == (
        "replace",
        "bản sửa",
        "ba",  # in the name of the operator who asked
    )
    assert not any(files.held_folder(config).iterdir())


def test_a_refused_replacement_is_set_aside_and_the_programme_stays(
    station: StationDir,
) -> None:
    station.write_config(extra="[console]\napproval = true\n")
    config = station.config()
    engine = factories.engine_for(config)
    prog = factories.programme(engine, NOW)
    operator = console_client(config, engine)
    approver = console_client(config, engine, role="approver", name="duyet")
    reply = _replace(operator, prog.id or 0, b"ID3 new file")
    assert reply.status_code == 200, reply.text
    refused = approver.post_json(
        f"/api/v1/approvals/{reply.json()['request']}/reject", {"reason": "sai tệp"}
    )
    assert refused.status_code == 200, refused.text
    kept = config.paths.archive / files.SET_ASIDE_FOLDER / "moi.mp3"
    assert kept.read_bytes() == b"ID3 new file"  # kept, never deleted
    assert changes_of(engine, prog.id or 0) == []


# ---- quarantine -------------------------------------------------------------------------------
def _quarantined(engine: Engine, config: Config, name: str, series: str | None) -> Path:
    config.paths.quarantine.mkdir(parents=True, exist_ok=True)
    path = config.paths.quarantine / name
    path.write_bytes(b"bad audio " + name.encode())
    (config.paths.quarantine / (name + ".reason.txt")).write_text(
        f"{name}\n\nTệp không đọc được.\nThe file cannot be read.\n\n"
        "Hãy xuất lại tệp.\nExport the file again.\n",
        encoding="utf-8-sig",
    )
    stat = path.stat()
    add_event(
        engine,
        IngestEvent(
            at=NOW,
            source_name=name,
            series_id=series,
            size_bytes=stat.st_size,
            outcome="rejected",
            reason="The file cannot be read.",
            quarantine_name=name,
            quarantine_size=stat.st_size,
            quarantine_mtime_ns=stat.st_mtime_ns,
        ),
    )
    return path


def test_the_quarantine_page_shows_the_reason_in_the_operators_language(
    console: Client, engine: Engine, config: Config
) -> None:
    _quarantined(engine, config, "hỏng.mp3", "chuyen-doi-so")
    page = console.get("/cach-ly").text
    assert "hỏng.mp3" in page and "Tệp không đọc được." in page and "Hãy xuất lại tệp." in page
    assert "cannot be read" not in page
    [entry] = console.get("/api/v1/quarantine").json()
    assert entry["name"] == "hỏng.mp3" and entry["outcome"] == "rejected"


def test_in_english_the_reason_is_the_english_line(
    console: Client, engine: Engine, config: Config
) -> None:
    _quarantined(engine, config, "hỏng.mp3", "chuyen-doi-so")
    console.post_form("/ngon-ngu", {"lang": "en"})
    page = console.get("/cach-ly").text
    assert "The file cannot be read." in page and "Export the file again." in page
    assert "Tệp không đọc được" not in page and "Quarantine" in page


def test_retry_moves_the_file_back_into_the_inbox_and_deletes_nothing(
    console: Client, engine: Engine, config: Config
) -> None:
    path = _quarantined(engine, config, "hỏng.mp3", "chuyen-doi-so")
    data = path.read_bytes()
    reply = console.post_json("/api/v1/quarantine/hỏng.mp3/retry")
    assert reply.status_code == 200, reply.text
    assert not path.exists()
    assert (inbox_of(config) / "hỏng.mp3").read_bytes() == data
    assert ("quarantine_retry", "ok") in audit_actions(engine)


def test_set_aside_keeps_the_file_and_its_reason(
    console: Client, engine: Engine, config: Config
) -> None:
    path = _quarantined(engine, config, "trùng.mp3", "chuyen-doi-so")
    data = path.read_bytes()
    reply = console.post_form("/cach-ly/de-rieng", {"name": "trùng.mp3"})
    assert reply.status_code == 200 and "Đã chuyển" in reply.text
    kept = config.paths.archive / files.SET_ASIDE_FOLDER
    assert (kept / "trùng.mp3").read_bytes() == data
    assert (kept / "trùng.mp3.reason.txt").is_file()
    assert not path.exists()


def test_a_quarantine_name_outside_the_listing_is_refused(
    console: Client, engine: Engine, config: Config, station: StationDir
) -> None:
    _quarantined(engine, config, "a.mp3", "chuyen-doi-so")
    outside = station.root / "config.toml"
    before = tree(station.root)
    for name in ("..%2Fconfig.toml", "a.mp3.reason.txt", "khong-co.mp3"):
        reply = console.post_json(f"/api/v1/quarantine/{name}/set-aside")
        assert reply.status_code == 404, name
    assert "\n" not in reply.json()["error"]  # the last: one line, in the operator's words
    reply = console.post_form("/cach-ly/thu-lai", {"name": "../config.toml"})
    assert reply.status_code == 404
    assert tree(station.root) == before and outside.is_file()


def test_retry_of_a_file_of_no_series_needs_a_series(
    console: Client, engine: Engine, config: Config
) -> None:
    path = _quarantined(engine, config, "lac.mp3", None)
    reply = console.post_json("/api/v1/quarantine/lac.mp3/retry")
    assert reply.status_code == 400 and path.exists()
    reply = console.post_json("/api/v1/quarantine/lac.mp3/retry", {"series": "chuyen-doi-so"})
    assert reply.status_code == 200 and (inbox_of(config) / "lac.mp3").is_file()


def test_a_quarantined_bulletin_is_not_retried_as_a_programme(
    console: Client, engine: Engine, config: Config
) -> None:
    path = _quarantined(engine, config, "khan.mp3", "bulletin")
    reply = console.post_json("/api/v1/quarantine/khan.mp3/retry", {"series": "chuyen-doi-so"})
    assert reply.status_code == 400 and "Bản tin" in reply.json()["error"]
    assert path.exists()
    assert 'hx-post="/cach-ly/thu-lai"' not in console.get("/cach-ly").text


# ---- a viewer changes nothing -------------------------------------------------------------
def test_a_viewer_is_refused_every_change(
    viewer_console: Client, engine: Engine, config: Config, station: StationDir
) -> None:
    made = factories.programme(engine, NOW)
    pid = made.id
    _quarantined(engine, config, "a.mp3", "chuyen-doi-so")
    before = tree(station.root)
    client = viewer_console
    headers = {"X-CSRF-Token": client.csrf, "X-File-Name": "a.mp3"}
    replies = [
        client.post("/api/v1/programmes/upload", content=b"ID3", headers=headers),
        client.post(f"/api/v1/programmes/{pid}/replace", content=b"ID3", headers=headers),
        client.post_json(f"/api/v1/programmes/{pid}/title", {"title": "x", "reason": "y"}),
        client.post_json(f"/api/v1/programmes/{pid}/withdraw", {"reason": "y"}),
        client.post_json(f"/api/v1/programmes/{pid}/move", {"period": "12/2026", "reason": "y"}),
        client.post_form(f"/chuong-trinh/{pid}/tieu-de", {"title": "x", "reason": "y"}),
        client.post_form(f"/chuong-trinh/{pid}/rut", {"reason": "y"}),
        client.post_form(f"/chuong-trinh/{pid}/chuyen-ky", {"period": "12/2026", "reason": "y"}),
        client.post_json("/api/v1/quarantine/a.mp3/retry"),
        client.post_json("/api/v1/quarantine/a.mp3/set-aside"),
        client.post_form("/cach-ly/thu-lai", {"name": "a.mp3"}),
        client.post_form("/cach-ly/de-rieng", {"name": "a.mp3"}),
    ]
    assert [r.status_code for r in replies] == [403] * len(replies)
    assert tree(station.root) == before
    assert pid is not None and changes_of(engine, pid) == []
    # But a viewer reads and listens.
    assert client.get("/chuong-trinh").status_code == 200
    assert client.get("/cach-ly").status_code == 200
    assert client.get("/api/v1/quarantine").status_code == 200
