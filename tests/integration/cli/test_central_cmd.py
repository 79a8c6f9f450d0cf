"""`broadcaster central ca …` (#14): the province's certificate authority on the command line;
no station config is needed; each refusal is one line, exit 2."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from broadcaster.cli import main
from tests.support.exports import no_traceback


def run(*args: object) -> Result:
    result = CliRunner().invoke(main, ["central", "ca", *map(str, args)])
    no_traceback(result)
    return result


def test_make_issue_list_and_revoke(tmp_path: Path) -> None:
    ca = tmp_path / "ca"
    made = run("init", "--name", "Sở TT&TT tỉnh Thử", "--dir", ca)
    assert made.exit_code == 0 and "giữ kín" in made.output
    assert (ca / "ca.key").stat().st_mode & 0o777 == 0o600
    out = tmp_path / "xa-an-binh"
    issued = run("issue", "xa-an-binh", "-o", out, "--dir", ca)
    assert issued.exit_code == 0 and "var/central/" in issued.output
    assert sorted(p.name for p in out.iterdir()) == ["ca.crt", "station.crt", "station.key"]
    served = run("service", "127.0.0.1", "-o", tmp_path / "svc", "--dir", ca)
    assert served.exit_code == 0
    listed = run("list", "--dir", ca)
    assert (
        listed.exit_code == 0 and "xa-an-binh" in listed.output and "còn hiệu lực" in listed.output
    )
    revoked = run("revoke", "xa-an-binh", "--dir", ca)
    assert revoked.exit_code == 0 and "Đã thu hồi 1 chứng thư" in revoked.output
    assert "đã thu hồi" in run("list", "--dir", ca).output


def test_refusals_are_one_line_exit_2(tmp_path: Path) -> None:
    ca = tmp_path / "ca"
    assert run("init", "--name", "Sở", "--dir", ca).exit_code == 0
    for args in (
        ("init", "--name", "Again", "--dir", ca),
        ("issue", "../x", "-o", tmp_path / "a", "--dir", ca),
        ("issue", "xa-a", "-o", tmp_path / "b", "--dir", tmp_path / "not-a-ca"),
        ("service", "a b", "-o", tmp_path / "c", "--dir", ca),
        ("revoke", "xa-never-issued", "--dir", ca),
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1, result.output
    assert not (tmp_path / "a").exists()
