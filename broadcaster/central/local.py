"""`make central`: the province service on this machine, for a newcomer to see it work (#14).

Everything under `--root` (default `var/central`), made the first time and reused after:

- `pg/`: a PostgreSQL 15 cluster (Debian's `postgresql-15`), owned by the `postgres` user
  when run as root (PostgreSQL refuses to run as root), listening on a Unix socket in
  `pg/` only: nothing on the network;
- `ca/`: the province CA (`central ca init`);
- `service/`: the service's certificate for 127.0.0.1 (`central ca service`);

then `broadcaster central serve` on 127.0.0.1 (Ctrl+C stops it; the cluster keeps running
for the next time, `--stop-database` stops it). A station is given a certificate with
`broadcaster central ca issue STATION -o ... --dir var/central/ca`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from broadcaster._lib import pki

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT = 5433  # names the socket file only: the cluster listens on no TCP port


def _as_postgres(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + args, cwd=cwd, capture_output=True, text=True, timeout=120)


def database(root: Path) -> str:
    """The cluster under `root`, made and started if needed; its SQLAlchemy URL."""
    pg = root / "pg"
    data = pg / "data"
    pg.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(pg, "postgres", "postgres")
        if _as_postgres(["test", "-x", str(pg.resolve())], Path("/")).returncode != 0:
            raise SystemExit(
                f"PostgreSQL (the postgres user) cannot reach {pg.resolve()}: a folder above "
                "it is closed to other users; run from a folder they may enter."
            )
    if not (data / "PG_VERSION").exists():
        made = _as_postgres(
            [str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"], pg
        )
        if made.returncode != 0:
            raise SystemExit(made.stderr.strip().splitlines()[-1] if made.stderr else "initdb")
    status = _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "status"], pg)
    if status.returncode != 0:
        options = f"-k {pg} -p {PG_PORT} -c listen_addresses=''"
        start = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(pg / "log"), "-w"]
        started = _as_postgres([*start, "-o", options, "start"], pg)
        if started.returncode != 0:
            raise SystemExit((pg / "log").read_text(errors="replace").strip()[-500:])
    return f"postgresql+psycopg://postgres@/postgres?host={pg.resolve()}&port={PG_PORT}"


def stop_database(root: Path) -> None:
    data = root / "pg" / "data"
    _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], root)


def certificates(root: Path) -> tuple[Path, Path]:
    """The CA and the service's certificate under `root`, made if missing."""
    now = datetime.now(UTC)
    ca, service = root / "ca", root / "service"
    if not (ca / pki.CA_KEY).exists():
        pki.init_ca(ca, "Nơi cấp chứng thư của tỉnh (máy thử)", now)
    if not (service / "service.crt").exists():
        pki.issue_service(ca, "127.0.0.1", service, now)
    return ca, service


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="make central")
    parser.add_argument("--root", type=Path, default=Path("var/central"))
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--stop-database", action="store_true")
    args = parser.parse_args(argv)
    if args.stop_database:
        stop_database(args.root)
        return
    url = database(args.root)
    ca, service = certificates(args.root)
    command = [sys.executable, "-m", "broadcaster", "central", "serve", "--database", url]
    command += ["--certs", str(service), "--dir", str(ca), "--port", str(args.port)]
    os.execv(sys.executable, command)


if __name__ == "__main__":
    main()
