"""Nhật ký: the as-run history (filters, pages), corrections, the proof pack and verify,
the audit log; through the console's TestClient on rows made by the factories."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from broadcaster.config import Config
from broadcaster.proof.verify import verify_path
from broadcaster.store import accounts
from broadcaster.store.asrun import all_records, verify_database
from tests.support import factories
from tests.support.console import Client, console_client
from tests.support.exports import run

NOVEMBER = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)  # 07:00 on 1 November in Hà Nội


def _rows(engine: Engine, config: Config, spec: list[tuple[str, str, datetime]]) -> list[int]:
    """One as-run row per (series, status, slot); their seqs."""
    seqs = []
    for series_id, status, slot in spec:
        prog = factories.programme(engine, slot - timedelta(days=3), series_id)
        airing = factories.planned(engine, prog, slot)
        played = 0.0 if status in ("missed", "failed") else None
        reason = "" if status == "aired" else "không có đầu ra âm thanh hoạt động"
        row = factories.as_run(
            engine, config.station.id, airing, prog, status, played_s=played, reason=reason
        )
        seqs.append(row.seq)
    return seqs


@pytest.fixture
def month_rows(config: Config, engine: Engine) -> dict[str, list[int]]:
    """November: 3 aired + 1 missed of chuyen-doi-so, 2 failed of tinh-hang-tuan; October:
    2 aired of chuyen-doi-so (other month, must never show)."""
    nov = [NOVEMBER + timedelta(days=d, hours=1) for d in range(6)]
    seqs = _rows(
        engine,
        config,
        [
            ("chuyen-doi-so", "aired", nov[0]),
            ("chuyen-doi-so", "aired", nov[1]),
            ("tinh-hang-tuan", "failed", nov[2]),
            ("chuyen-doi-so", "missed", nov[3]),
            ("tinh-hang-tuan", "failed", nov[4]),
            ("chuyen-doi-so", "aired", nov[5]),
        ],
    )
    october = _rows(
        engine,
        config,
        [
            ("chuyen-doi-so", "aired", NOVEMBER - timedelta(days=3)),
            ("chuyen-doi-so", "aired", NOVEMBER - timedelta(hours=8)),  # 30/10 23:00 local
        ],
    )
    return {"november": seqs, "october": october}


def _seqs(reply: Any) -> list[int]:
    assert reply.status_code == 200, reply.text
    return [row["seq"] for row in reply.json()["rows"]]


def _one_line(reply: Any, status: int = 400) -> str:
    assert reply.status_code == status, reply.text
    line = (
        reply.json()["error"]
        if reply.headers["content-type"].startswith("application/json")
        else reply.text
    )
    assert line and "\n" not in line.strip() and "Traceback" not in line
    return line


# ---- the history ---------------------------------------------------------------------------
def test_filters_return_exactly_the_rows(console: Client, month_rows: dict[str, list[int]]) -> None:
    nov, october = month_rows["november"], month_rows["october"]
    everything = _seqs(console.get("/api/v1/asrun?month=2026-11"))
    assert everything == list(reversed(nov))  # newest slot first, no October row
    assert sorted(_seqs(console.get("/api/v1/asrun?month=2026-10"))) == october
    assert _seqs(console.get("/api/v1/asrun?month=2026-11&series=tinh-hang-tuan")) == [
        nov[4],
        nov[2],
    ]
    assert _seqs(console.get("/api/v1/asrun?month=2026-11&status=aired")) == [
        nov[5],
        nov[1],
        nov[0],
    ]
    both = console.get("/api/v1/asrun?month=2026-11&series=chuyen-doi-so&status=missed")
    assert _seqs(both) == [nov[3]]
    assert both.json()["total"] == 1
    assert _seqs(console.get("/api/v1/asrun?month=2026-12")) == []
    # the HTML page shows the same rows, with the operator's words
    page = console.get("/nhat-ky?month=2026-11&status=failed")
    assert page.status_code == 200
    assert page.text.count('class="asrun-row"') == 2
    assert "lỗi phát" in page.text and "không có đầu ra âm thanh hoạt động" in page.text


def test_the_default_month_is_the_current_one(
    console: Client, month_rows: dict[str, list[int]]
) -> None:
    reply = console.get("/api/v1/asrun")  # the console's clock: 2 November 2026
    assert reply.json()["month"] == "2026-11"
    assert len(reply.json()["rows"]) == 6


def test_pages_cover_every_row_once_and_their_bounds_are_one_line(
    console: Client, config: Config, engine: Engine
) -> None:
    slots = [NOVEMBER + timedelta(minutes=30 * i) for i in range(120)]
    made = _rows(engine, config, [("chuyen-doi-so", "aired", s) for s in slots])
    pages = [console.get(f"/api/v1/asrun?month=2026-11&page={n}").json() for n in (1, 2, 3)]
    assert [len(p["rows"]) for p in pages] == [50, 50, 20]
    assert {p["pages"] for p in pages} == {3} and {p["total"] for p in pages} == {120}
    seen = [row["seq"] for p in pages for row in p["rows"]]
    assert sorted(seen) == sorted(made) and len(set(seen)) == 120
    assert "4" in _one_line(console.get("/api/v1/asrun?month=2026-11&page=4"))
    for bad in ("0", "-1", "abc", "1.5", "9" * 40, "%00"):
        _one_line(console.get(f"/api/v1/asrun?month=2026-11&page={bad}"))
    # an empty month has one (empty) page, not none
    assert console.get("/api/v1/asrun?month=2026-01&page=1").json()["pages"] == 1


@pytest.mark.parametrize(
    "query",
    [
        "month=2026-13",
        "month=26-11",
        "month=2026-11-01",
        "month=../../etc/passwd",
        "month=" + "9" * 10000,
        "month=2026-11%0A",
        "month=%FF%FE",
        "series=%3Cscript%3E",
        "series=" + "x" * 5000,
        "status=deleted",
        "status=aired%00",
        "status=AIRED",
    ],
)
def test_a_hostile_filter_value_is_one_line(
    console: Client, month_rows: dict[str, list[int]], query: str
) -> None:
    _one_line(console.get(f"/api/v1/asrun?{query}"))
    page = console.get(f"/nhat-ky?{query}")
    assert page.status_code == 400 and "Traceback" not in page.text
    assert "<script>" not in page.text


# ---- corrections ---------------------------------------------------------------------------
def test_a_correction_appends_a_row_and_never_changes_the_original(
    console: Client, engine: Engine, month_rows: dict[str, list[int]]
) -> None:
    target = month_rows["november"][3]  # the missed one
    before = {r.seq: r.model_dump() for r in all_records(engine)}
    reply = console.post_json(
        f"/api/v1/asrun/{target}/correction",
        {"status": "aired", "reason": "Anh Ba nghe đủ tại loa xã lúc 08:00", "played_s": 600},
    )
    assert reply.status_code == 200, reply.text
    after = {r.seq: r.model_dump() for r in all_records(engine)}
    new_seq = reply.json()["seq"]
    assert set(after) == set(before) | {new_seq}
    assert {seq: after[seq] for seq in before} == before  # every old row as it was
    added = after[new_seq]
    assert added["corrects_uid"] == before[target]["uid"] and added["status"] == "aired"
    assert verify_database(engine)[1] is None  # the chain holds
    rows = {r["seq"]: r for r in console.get("/api/v1/asrun?month=2026-11").json()["rows"]}
    assert rows[target]["status"] == "missed"
    assert rows[target]["corrections"][0]["seq"] == new_seq
    assert rows[new_seq]["corrects_seq"] == target
    audit = accounts.audit_rows(engine)[0]
    assert (audit.action, audit.target, audit.outcome, audit.account) == (
        "correct",
        f"seq {target}",
        "ok",
        "ba",
    )


def test_the_correction_form_on_a_row_swaps_the_row(
    console: Client, engine: Engine, month_rows: dict[str, list[int]]
) -> None:
    target = month_rows["november"][2]
    reply = console.post(
        f"/nhat-ky/{target}/dinh-chinh",
        data={"status": "partial", "reason": "Loa thôn 3 nghe được nửa bài", "played": "5:00"},
        headers={"X-CSRF-Token": console.csrf, "HX-Request": "true"},
    )
    assert reply.status_code == 200, reply.text
    assert f'id="row-{target}"' in reply.text and "Đã đính chính bởi dòng" in reply.text
    (added,) = [r for r in all_records(engine) if r.corrects_uid]
    assert (added.status, added.played_s) == ("partial", 300.0)


@pytest.mark.parametrize(
    "body",
    [
        {"status": "aired", "reason": ""},
        {"status": "aired", "reason": "   "},
        {"status": "aired", "reason": "x" * 501},
        {"status": "aired", "reason": "hai\ndòng"},
        {"status": "deleted", "reason": "lý do"},
        {"status": "aired", "reason": "lý do", "played_s": 100000},
        {"status": "aired", "reason": "lý do", "played_s": -1},
    ],
)
def test_a_refused_correction_writes_nothing_but_its_audit_row(
    console: Client, engine: Engine, month_rows: dict[str, list[int]], body: dict[str, Any]
) -> None:
    count = len(all_records(engine))
    target = month_rows["november"][0]
    _one_line(console.post_json(f"/api/v1/asrun/{target}/correction", body))
    assert len(all_records(engine)) == count
    audit = accounts.audit_rows(engine)[0]
    assert (audit.action, audit.outcome) == ("correct", "refused")


def test_a_correction_of_no_such_row_is_one_line(
    console: Client, engine: Engine, month_rows: dict[str, list[int]]
) -> None:
    _one_line(
        console.post_json("/api/v1/asrun/99999/correction", {"status": "aired", "reason": "x"}),
        404,
    )


def test_a_viewer_reads_and_verifies_but_cannot_correct(
    config: Config, engine: Engine, month_rows: dict[str, list[int]]
) -> None:
    viewer = console_client(config, engine, role="viewer", name="xem")
    assert len(_seqs(viewer.get("/api/v1/asrun?month=2026-11"))) == 6
    page = viewer.get("/nhat-ky?month=2026-11")
    assert page.status_code == 200 and "dinh-chinh" not in page.text  # no form for a viewer
    count = len(all_records(engine))
    target = month_rows["november"][0]
    refused = viewer.post_json(
        f"/api/v1/asrun/{target}/correction", {"status": "missed", "reason": "x"}
    )
    _one_line(refused, 403)
    form = viewer.post_form(f"/nhat-ky/{target}/dinh-chinh", {"status": "missed", "reason": "x"})
    assert form.status_code == 403
    assert len(all_records(engine)) == count
    assert [(a.account, a.action, a.outcome) for a in accounts.audit_rows(engine)[:2]] == [
        ("xem", "forbidden", "refused"),
        ("xem", "forbidden", "refused"),
    ]
    pack = viewer.get("/api/v1/export?month=2026-11")
    assert pack.status_code == 200
    verdict = viewer.post(
        "/api/v1/verify",
        files={"file": ("goi.zip", pack.content)},
        headers={"X-CSRF-Token": viewer.csrf},
    )
    assert verdict.status_code == 200 and verdict.json()["verdict"] == "intact"
    assert accounts.audit_rows(engine)[0].action == "verify"


# ---- the proof pack and verify -------------------------------------------------------------
@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder the console builds packs and saves uploads in (watched)."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _verify(client: Client, name: str, data: bytes) -> dict[str, Any]:
    reply = client.post(
        "/api/v1/verify", files={"file": (name, data)}, headers={"X-CSRF-Token": client.csrf}
    )
    assert reply.status_code == 200, reply.text
    return reply.json()


def _rezip(data: bytes, change: Any) -> bytes:
    """The zip again, each member passed through change(name, bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info)))
    return out.getvalue()


def test_the_downloaded_pack_verifies_and_an_edited_copy_fails(
    console: Client,
    config: Config,
    engine: Engine,
    month_rows: dict[str, list[int]],
    scratch: Path,
    tmp_path: Path,
) -> None:
    reply = console.get("/api/v1/export?month=2026-11")
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"] == "application/zip"
    assert (
        f'filename="nhat-ky-{config.station.id}-2026-11.zip"'
        in reply.headers["content-disposition"]
    )
    assert list(scratch.iterdir()) == []  # built, streamed, removed
    with zipfile.ZipFile(io.BytesIO(reply.content)) as pack:
        names = sorted(pack.namelist())
    assert len(names) == 5 and all(n.startswith(f"{config.station.id}-2026-11/") for n in names)
    saved = tmp_path / "pack.zip"
    saved.write_bytes(reply.content)
    # the real `verify`, the function and the command
    assert verify_path(saved).exit_code == 0
    assert run("verify", str(saved)).exit_code == 0
    # ... and the page's verify
    good = _verify(console, "pack.zip", reply.content)
    assert good["verdict"] == "intact" and good["exit_code"] == 0
    assert good["headline"].startswith("TOÀN VẸN") and good["rows_checked"] == 6
    assert "của chính đài này" in good["signer"]

    def one_byte(name: str, data: bytes) -> bytes:
        if not name.endswith(".csv"):
            return data
        at = data.index(b"Ch\xc6\xb0\xc6\xa1ng tr\xc3\xacnh")  # a title
        return data[:at] + b"X" + data[at + 1 :]

    edited = _verify(console, "pack.zip", _rezip(reply.content, one_byte))
    assert edited["verdict"] == "tampered" and edited["exit_code"] == 1
    assert any(".csv" in line and "SHA-256" in line for line in edited["lines"])

    def missed_to_aired(name: str, data: bytes) -> bytes:
        return data.replace(b",missed,", b",aired,") if name.endswith(".csv") else data

    changed = _verify(console, "pack.zip", _rezip(reply.content, missed_to_aired))
    assert changed["verdict"] == "tampered"
    assert changed["headline"].startswith("ĐÃ BỊ THAY ĐỔI")
    assert list(scratch.iterdir()) == []  # every upload folder removed
    outcomes = [(a.action, a.detail.split(":")[0]) for a in accounts.audit_rows(engine)[:4]]
    assert outcomes == [
        ("verify", "tampered"),
        ("verify", "tampered"),
        ("verify", "intact"),
        ("export", ""),
    ]


def test_the_pack_folder_files_verify_as_a_folder(
    console: Client, month_rows: dict[str, list[int]]
) -> None:
    pack = console.get("/api/v1/export?month=2026-11").content
    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        files = [
            ("file", (name.rpartition("/")[2], archive.read(name))) for name in archive.namelist()
        ]
    reply = console.post("/api/v1/verify", files=files, headers={"X-CSRF-Token": console.csrf})
    assert reply.json()["verdict"] == "intact", reply.text
    without_manifest = [f for f in files if f[1][0] != "manifest.json"]
    reply = console.post(
        "/api/v1/verify", files=without_manifest, headers={"X-CSRF-Token": console.csrf}
    )
    assert reply.json()["verdict"] == "unchecked"


def _zip_of(entries: list[tuple[str, bytes]], symlink: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
        if symlink is not None:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "/etc/passwd")
    return out.getvalue()


@pytest.mark.parametrize(
    ("entries", "link", "words"),
    [
        ([("../../evil.txt", b"x"), ("p/manifest.json", b"{}")], None, "ra ngoài thư mục"),
        ([("p/..\\..\\evil.txt", b"x"), ("p/manifest.json", b"{}")], None, "ra ngoài thư mục"),
        ([("/tmp/evil.txt", b"x"), ("p/manifest.json", b"{}")], None, "ra ngoài thư mục"),
        ([("p/manifest.json", b"{}")], "p/link", "liên kết"),
        ([(f"p/{i}.txt", b"x") for i in range(250)], None, "quá giới hạn"),
        ([("p/manifest.json", b"{}"), ("p/big.csv", b"0" * (30 << 20))], None, "nén quá mức"),
    ],
)
def test_a_hostile_zip_is_refused_without_writing_anything(
    console: Client,
    scratch: Path,
    tmp_path: Path,
    entries: list[tuple[str, bytes]],
    link: str | None,
    words: str,
) -> None:
    data = _zip_of(entries, link)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = _verify(console, "goi.zip", data)
    assert result["verdict"] == "unchecked" and result["exit_code"] == 2
    assert any(words in line for line in result["lines"]), result["lines"]
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert list(scratch.iterdir()) == []
    assert not (tmp_path.parent / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


def test_an_invalid_utf8_name_in_a_zip_is_one_line(console: Client, scratch: Path) -> None:
    data = bytearray(_zip_of([("p/manifest.json", b"{}"), ("p/aaaa.csv", b"x")]))
    at = data.index(b"aaaa")
    data[at : at + 2] = b"\xff\xfe"  # local header: the name is no longer UTF-8
    at = data.index(b"aaaa", at)
    data[at : at + 2] = b"\xff\xfe"  # ... nor in the central directory
    result = _verify(console, "goi.zip", bytes(data))
    assert result["verdict"] in ("unchecked", "tampered") and result["lines"]
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize(
    "name", ["../goi.zip", "a/b.zip", "", "..", "-x.zip", "a\\\\b.zip", "x" * 300 + ".zip"]
)
def test_an_upload_with_a_hostile_name_is_refused(
    console: Client, engine: Engine, scratch: Path, name: str
) -> None:
    reply = console.post(
        "/api/v1/verify",
        files={"file": (name, b"PK")},
        headers={"X-CSRF-Token": console.csrf},
    )
    assert reply.status_code in (400, 422)
    assert "\n" not in reply.text.strip()
    assert list(scratch.iterdir()) == []
    assert accounts.audit_rows(engine)[0].action in ("verify", "csrf")


def test_an_upload_over_the_limit_is_refused_before_it_is_read(
    console: Client, engine: Engine, scratch: Path
) -> None:
    reply = console.post(
        "/api/v1/verify",
        content=b"x" * 10,
        headers={
            "X-CSRF-Token": console.csrf,
            "Content-Type": "multipart/form-data; boundary=b",
            "Content-Length": str(60 << 20),
        },
    )
    line = _one_line(reply, 413)
    assert "50 MB" in line or "50,0 MB" in line
    assert (accounts.audit_rows(engine)[0].action, accounts.audit_rows(engine)[0].outcome) == (
        "verify",
        "refused",
    )


def test_the_verify_form_shows_the_verdict_in_the_page(
    console: Client, month_rows: dict[str, list[int]]
) -> None:
    pack = console.get("/nhat-ky/tai-ve?month=2026-11")
    assert pack.status_code == 200
    reply = console.post(
        "/nhat-ky/kiem-tra",
        files={"file": ("goi.zip", pack.content)},
        headers={"X-CSRF-Token": console.csrf, "HX-Request": "true"},
    )
    assert reply.status_code == 200 and "verdict-intact" in reply.text
    assert "TOÀN VẸN: goi.zip" in reply.text and "<html" not in reply.text
    whole = console.post_form("/nhat-ky/kiem-tra", files={"file": ("goi.zip", pack.content)})
    assert whole.status_code == 200 and "<html" in whole.text and "verdict-intact" in whole.text


def test_a_bad_month_or_year_for_the_pack_is_one_line(console: Client) -> None:
    for query in ("month=2026-13", "month=abc", "year=20266", "year=1999", "year=x"):
        _one_line(console.get(f"/api/v1/export?{query}"))


# ---- the audit log -------------------------------------------------------------------------
def test_the_audit_tab_filters_by_account_and_action_newest_first(
    config: Config, engine: Engine, month_rows: dict[str, list[int]]
) -> None:
    operator = console_client(config, engine)
    viewer = console_client(config, engine, role="viewer", name="xem")
    target = month_rows["november"][0]
    operator.post_json(f"/api/v1/asrun/{target}/correction", {"status": "missed", "reason": "a"})
    viewer.post_json(f"/api/v1/asrun/{target}/correction", {"status": "missed", "reason": "b"})
    rows = viewer.get("/api/v1/audit").json()["rows"]
    assert [(r["account"], r["action"]) for r in rows[:3]] == [
        ("xem", "forbidden"),
        ("ba", "correct"),
        ("xem", "login"),
    ]
    assert [r["outcome"] for r in rows[:2]] == ["refused", "ok"]
    only = viewer.get("/api/v1/audit?account=ba&action=correct").json()
    assert [(r["account"], r["action"], r["target"]) for r in only["rows"]] == [
        ("ba", "correct", f"seq {target}")
    ]
    assert only["rows"][0]["client"] == "127.0.0.1"
    assert {r["account"] for r in viewer.get("/api/v1/audit?account=xem").json()["rows"]} == {"xem"}
    page = viewer.get("/nhat-ky/thao-tac?who=ba&action=correct")
    assert page.status_code == 200 and "đính chính nhật ký" in page.text and "xong" in page.text
    assert f"dòng {target}" in page.text and "bị bỏ lỡ: a" in page.text
    assert f"seq {target}" not in page.text and "missed" not in page.text
    for bad in ("account=nobody", "action=drop", "page=0", "page=7", "account=" + "x" * 999):
        _one_line(viewer.get(f"/api/v1/audit?{bad}"))


def test_the_page_speaks_english_when_asked(
    console: Client, month_rows: dict[str, list[int]]
) -> None:
    console.post_form("/ngon-ngu", {"lang": "en"})
    page = console.get("/nhat-ky?month=2026-11").text
    for words in (
        "Broadcast log",
        "Console actions",
        "Download the proof pack",
        "Check a proof pack",
        "failed",
    ):
        assert words in page
    for vietnamese in ("Tải gói", "Kết quả", "lỗi phát", "Đính chính"):
        assert vietnamese not in page


def test_every_word_the_templates_name_exists() -> None:
    import re

    from broadcaster import i18n

    folder = Path(__file__).parents[3] / "broadcaster" / "console" / "templates"
    used: set[str] = set()
    for name in (
        "log.html",
        "log_tabs.html",
        "log_history.html",
        "log_row.html",
        "log_audit.html",
        "log_verdict_page.html",
    ):
        used |= set(re.findall(r"""t\(\s*["']([a-z_.]+)["']""", (folder / name).read_text()))
    assert len(used) > 40
    assert sorted(k for k in used if not i18n.has(k)) == []


def _child(code: str) -> Any:
    """An export command that runs `code` (Python) with the target folder as argv[1]."""

    def command(_config: Config, _month: str, target: Path) -> list[str]:
        return [sys.executable, "-c", code, str(target)]

    return command


def test_nothing_is_left_in_the_temporary_folder_when_an_export_fails(
    console: Client, engine: Engine, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from broadcaster.console.pages import log
    from broadcaster.i18n import display

    # The export process writes half a pack, then stops on a full disk with its one line.
    line = display.failure(OSError(28, "No space left on device"))
    monkeypatch.setattr(
        log,
        "export_command",
        _child(
            "import pathlib, sys\n"
            "target = pathlib.Path(sys.argv[1]); target.mkdir(parents=True)\n"
            "(target / 'half.pdf').write_bytes(b'%PDF')\n"
            f"print({line!r}, file=sys.stderr); sys.exit(1)"
        ),
    )
    reply = console.get("/api/v1/export?month=2026-11")
    assert _one_line(reply, 503).endswith("đĩa đầy.")
    assert list(scratch.iterdir()) == []
    row = accounts.audit_rows(engine)[0]
    assert (row.action, row.outcome) == ("export", "refused") and "đĩa đầy" in row.detail


def test_an_export_that_hangs_is_stopped_in_one_line(
    console: Client, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from broadcaster.console.pages import log

    monkeypatch.setattr(log, "EXPORT_TIMEOUT_S", 1.0)
    monkeypatch.setattr(log, "export_command", _child("import time; time.sleep(30)"))
    began = time.monotonic()
    reply = console.get("/api/v1/export?month=2026-11")
    assert time.monotonic() - began < 10
    assert "quá 1 giây" in _one_line(reply, 503)
    assert list(scratch.iterdir()) == []


def test_the_console_keeps_no_pdf_library_after_a_download(
    config: Config, month_rows: dict[str, list[int]]
) -> None:
    # The pack is made by `broadcaster export` in a process of its own: fpdf, fontTools,
    # Pillow, numpy and xlsxwriter (about 45 MB) are never loaded into the console.
    code = (
        "import json, sys\n"
        "from broadcaster.config import load_config\n"
        "from broadcaster.store.db import open_engine\n"
        "from tests.support.console import console_client\n"
        f"config = load_config({str(config.source)!r})\n"
        "engine = open_engine(config.paths.database, config.paths.database_file)\n"
        "client = console_client(config, engine)\n"
        "reply = client.get('/api/v1/export?month=2026-11')\n"
        "heavy = ('fpdf', 'fontTools', 'PIL', 'numpy', 'xlsxwriter', 'lxml')\n"
        "print(json.dumps([reply.status_code, len(reply.content),\n"
        "    sorted({h for h in heavy for m in sys.modules if m.split('.')[0] == h})]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[3],
    )
    status, size, heavy = json.loads(out.stdout.strip().splitlines()[-1])
    assert status == 200 and size > 1000
    assert heavy == []


def test_a_page_of_the_log_reads_a_page_not_the_year(
    console: Client, config: Config, engine: Engine
) -> None:
    """Every query of as_run the page makes is bounded: LIMIT, a COUNT, or keyed by the
    page's own rows; none reads the whole log (a station-year is 1,500+ rows)."""
    from sqlalchemy import event

    slots = [NOVEMBER - timedelta(days=60) + timedelta(hours=6 * i) for i in range(400)]
    _rows(engine, config, [("chuyen-doi-so", "aired", s) for s in slots])
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", note)
    try:
        reply = console.get("/nhat-ky?month=2026-11")
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert reply.status_code == 200 and reply.text.count('class="asrun-row"') == 50
    reads = [s for s in seen if s.startswith("SELECT") and "FROM as_run" in s]
    assert len(reads) >= 3
    for statement in reads:
        bounded = (
            "LIMIT" in statement
            or "count(" in statement
            or " IN (" in statement
            or ("scheduled_at >=" in statement and "scheduled_at <" in statement)
        )
        assert bounded, statement
    # and the check can fail: reading every row is not bounded
    assert not any(
        m in "SELECT as_run.seq FROM as_run ORDER BY as_run.seq"
        for m in ("LIMIT", "count(", " IN (", "scheduled_at >=")
    )


def test_downloads_that_waited_share_the_next_pack_and_a_change_makes_a_new_one(
    console: Client,
    config: Config,
    engine: Engine,
    month_rows: dict[str, list[int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from broadcaster.console.pages import log

    station = console.app.state.station  # type: ignore[attr-defined]
    made: list[int] = []

    def counted(_station: Any, month: str) -> bytes:
        made.append(1)
        return f"{month}/{len(made)}".encode()

    monkeypatch.setattr(log, "_zipped", counted)
    first = station.ask_for_pack()
    assert log._month_pack(station, "2026-11", first) == b"2026-11/1"
    # Asked for after it was made, the document unchanged and the pack seconds old: the same.
    assert log._month_pack(station, "2026-11", station.ask_for_pack()) == b"2026-11/1"
    # Two downloads wait while the month changes; the first to run makes a pack of the new
    # month. The month changes again while it is being made; the second download shares
    # it all the same: that pack began after the second was asked for (at least as new
    # as its click), so it does not make one of its own.
    second, third = station.ask_for_pack(), station.ask_for_pack()
    _rows(engine, config, [("chuyen-doi-so", "aired", NOVEMBER + timedelta(days=9))])
    assert log._month_pack(station, "2026-11", second) == b"2026-11/2"
    _rows(engine, config, [("chuyen-doi-so", "missed", NOVEMBER + timedelta(days=10))])
    assert log._month_pack(station, "2026-11", third) == b"2026-11/2"
    # A download asked for after that change gets a new pack.
    assert log._month_pack(station, "2026-11", station.ask_for_pack()) == b"2026-11/3"
    assert len(made) == 3
