"""Checking an export: its signature, every file's SHA-256, the chain of its rows, and
everything its verdicts rest on, recomputed (checks.py).

`verify_path` takes an export folder (with `manifest.json`), a `.zip` of one (zipped.py: read
in place, through the same checks), a month JSON file (it carries its own seal), or a CSV,
XLSX or PDF file (checked against its signed `<name>.manifest.json` or the `manifest.json` of
its folder). A PDF or XLSX holds nothing `verify` can read rows from, so alone it is checked
only when a manifest beside it signs exactly its bytes; otherwise it "cannot be checked on
its own", never "tampered": it may be a genuine copy of another export of the month, or a
workbook a spreadsheet program saved again. The answer is one of three:

- intact (exit 0): signed, every file as signed, every row in place and every figure
  recomputed; with the station's public key (`trusted`) it also says it comes from there;
- tampered or forged (exit 1): the problems, the first naming the row that breaks;
- cannot check (exit 2): an input it refuses to read (a link out of the folder, a device,
  too big), one it cannot parse, an unsigned file from an older version, or a file alone
  whose completeness nothing vouches for. This is never worded as tampering.

What no file check can prove alone: that the station's key was not used by someone at the
station to sign a rewritten log. Against that, compare heads with earlier exports, the
station's head file (`verify --database`), or a central witness.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from broadcaster._lib.signing import PublicKey, check_seal
from broadcaster.errors import InputRefused, Shape
from broadcaster.i18n import t
from broadcaster.proof.checks import (
    check_chain,
    check_chain_fields_shape,
    check_month_document,
    check_row_shape,
    check_scope,
    is_hash,
    parse_month,
)
from broadcaster.proof.decoding import UNREADABLE, csv_rows, parse_json, short
from broadcaster.proof.inputs import DEFAULT_MAX_BYTES, DiskFolder, is_plain_name, read_input
from broadcaster.proof.manifest import (
    CHAIN_KEYS,
    MANIFEST,
    MANIFEST_KIND,
    SIDECAR_SUFFIX,
    sha256_bytes,
    sidecar,
)
from broadcaster.proof.month import KIND
from broadcaster.proof.zipped import ZipFolder, is_zip, open_export

Folder = DiskFolder | ZipFolder
# Files a desktop leaves in any folder it shows (Finder, Explorer): no part of an export and
# no place to hide a figure, so their presence does not make an honest folder "changed".
OS_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


@dataclass
class VerifyReport:
    target: str
    problems: list[str] = field(default_factory=list)  # tampered or forged: exit 1
    unchecked: list[str] = field(default_factory=list)  # cannot check: exit 2
    rows_checked: int = 0
    station_id: str | None = None
    month: str | None = None
    signer: PublicKey | None = None
    origin_confirmed: bool = False  # signed by the key the checker trusts for the station
    document: dict[str, Any] | None = None  # the month document, once it checked out

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unchecked

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 2 if self.unchecked else 0


def verify_path(
    path: Path, trusted: PublicKey | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> VerifyReport:
    path = Path(path)
    check = _Check(VerifyReport(str(path)), trusted, max_bytes)
    try:
        if path.is_dir():
            check.folder(DiskFolder(path, max_bytes))
        else:
            check.file(path)
    except InputRefused as exc:
        check.verdict.unchecked.append(str(exc))
    except UNREADABLE as exc:  # a shape no check foresaw: never a traceback, never intact
        check.verdict.unchecked.append(t("verify.unreadable", source=path.name, detail=short(exc)))
    if check.verdict.problems:
        check.verdict.document = None
    return check.verdict


def _claims(verdict: VerifyReport, station: Any, month: Any) -> None:
    """Whose and which month a file says it is: shown even when it does not check out."""
    if isinstance(station, Mapping) and isinstance(station.get("id"), str):
        verdict.station_id = station["id"][:100]
    if parse_month(month) is not None:
        verdict.month = month


class _Check:
    def __init__(self, verdict: VerifyReport, trusted: PublicKey | None, max_bytes: int) -> None:
        self.verdict = verdict
        self.trusted = trusted
        self.max_bytes = max_bytes
        self.manifest_name = MANIFEST  # or a single file's `<name>.manifest.json`

    # ---- signatures ---------------------------------------------------------------------
    def signature(self, signed: Mapping[str, Any], source: str) -> None:
        public, holds = check_seal(signed)
        v = self.verdict
        if public is None:
            v.problems.append(t("verify.unsigned", source=source))
        elif not holds:
            v.problems.append(t("verify.bad_signature", source=source))
        elif v.signer is not None and v.signer.raw != public.raw:
            v.problems.append(t("verify.two_signers", source=source))
        else:
            v.signer = public
            if self.trusted is None:
                return
            if public.raw == self.trusted.raw:
                v.origin_confirmed = True
            else:
                v.problems.append(
                    t(
                        "verify.foreign_key",
                        source=source,
                        got=public.fingerprint,
                        want=self.trusted.fingerprint,
                    )
                )

    # ---- a month document (JSON) --------------------------------------------------------
    def month_json(self, document: Any, source: str) -> None:
        v = self.verdict
        if not isinstance(document, dict) or not (
            document.get("kind") == KIND or "rows" in document
        ):
            raise InputRefused(t("verify.not_export", source=source))
        _claims(v, document.get("station"), document.get("month"))
        version = document.get("format_version")
        if version == 1:
            self._legacy_json(document, source)
            return
        if version not in (2, 3):  # 2: scored by the rule of its day (proof/summary.py)
            raise InputRefused(t("verify.unknown_version", source=source, version=version))
        before = len(v.problems)
        v.problems += check_month_document(document, source)
        if len(v.problems) == before:
            self.signature(document, source)
        if len(v.problems) == before:
            v.document = document

    def _legacy_json(self, document: dict[str, Any], source: str) -> None:
        """A version-1 export: no signature, no rules. Its rows can still be walked."""
        rows, chain = document.get("rows"), document.get("chain")
        try:
            if not isinstance(rows, list):
                raise Shape("rows")
            for index, row in enumerate(rows):
                check_row_shape(row, index)
            check_chain_fields_shape(chain)
        except Shape as exc:
            self.verdict.problems.append(t("verify.shape", source=source, where=str(exc)))
            return
        assert isinstance(chain, Mapping)
        self.verdict.problems += check_chain(rows, chain, source)
        self.verdict.unchecked.append(t("verify.old_unsigned", source=source))

    # ---- a manifest ---------------------------------------------------------------------
    def manifest(self, manifest: Any, source: str) -> bool:
        """Check a manifest's shape and signature; False when nothing more can be checked."""
        v = self.verdict
        if not isinstance(manifest, dict) or manifest.get("kind") != MANIFEST_KIND:
            raise InputRefused(t("verify.not_export", source=source))
        if manifest.get("format_version") == 1:
            v.unchecked.append(t("verify.old_unsigned", source=source))
            return False
        if manifest.get("format_version") != 2:
            raise InputRefused(
                t("verify.unknown_version", source=source, version=manifest.get("format_version"))
            )
        try:
            station = manifest.get("station")
            if not isinstance(station, Mapping) or not all(
                isinstance(station.get(k), str) for k in ("id", "name", "timezone")
            ):
                raise Shape("station")
            if parse_month(manifest.get("period")) is None:
                raise Shape("period")
            count = manifest.get("row_count")
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise Shape("row_count")
            check_chain_fields_shape(manifest, "manifest")
            files = manifest.get("files")
            if not isinstance(files, dict) or not all(is_hash(h) for h in files.values()):
                raise Shape("files")
        except Shape as exc:
            v.problems.append(t("verify.shape", source=source, where=str(exc)))
            return False
        self.manifest_name = source
        _claims(v, station, manifest["period"])
        # A signature that fails is reported, and the files are still checked against
        # what the manifest says, so that the report names what was changed.
        self.signature(manifest, source)
        v.rows_checked = count
        return True

    def listed_file(self, folder: Folder, name: str, manifest: Mapping[str, Any]) -> None:
        """One file a signed manifest lists: its SHA-256, then its content."""
        v = self.verdict
        if not is_plain_name(name):
            v.problems.append(t("verify.bad_name", source=self.manifest_name, name=name))
            return
        try:
            data = folder.read(name)
        except InputRefused as exc:
            if not folder.has(name):
                v.problems.append(t("verify.file_missing", source=name))
            else:
                v.unchecked.append(str(exc))
            return
        if sha256_bytes(data) != manifest["files"][name]:
            v.problems.append(t("verify.file_changed", source=name))
        # Even a changed file is read on: the rows say what was changed in it.
        if name.lower().endswith(".json"):
            self.json_in_export(parse_json(data, name), name, manifest)
        elif name.lower().endswith(".csv"):
            self.csv(csv_rows(data, name), name, manifest)

    def json_in_export(self, document: Any, source: str, manifest: Mapping[str, Any]) -> None:
        self.month_json(document, source)
        if self.verdict.document is not document or not isinstance(document, dict):
            return
        chain = document["chain"]
        differing = [
            name
            for name, mine, theirs in [
                ("station", document["station"]["id"], manifest["station"]["id"]),
                ("period", document["month"], manifest["period"]),
                ("row_count", len(document["rows"]), manifest["row_count"]),
                ("head", document.get("head"), manifest.get("head")),
                *((k, chain.get(k), manifest.get(k)) for k in CHAIN_KEYS),
            ]
            if mine != theirs
        ]
        if differing:
            self.verdict.problems.append(
                t(
                    "verify.manifest_mismatch",
                    source=self.manifest_name,
                    other=source,
                    what=differing[0],
                )
            )

    def csv(
        self, rows: list[dict[str, Any]], source: str, manifest: Mapping[str, Any] | None
    ) -> None:
        v = self.verdict
        try:
            for index, row in enumerate(rows):
                check_row_shape(row, index)
        except Shape as exc:
            v.problems.append(t("verify.shape", source=source, where=str(exc)))
            return
        if manifest is None:  # a CSV alone: its rows must hold together, and that is all
            chain: dict[str, Any] = {
                "first_seq": int(rows[0]["seq"]) if rows else None,
                "last_seq": int(rows[-1]["seq"]) if rows else None,
                "hash_before": rows[0]["prev_hash"] if rows else None,
                "hash_after": rows[-1]["row_hash"] if rows else None,
                "links": [],
            }
            v.problems += check_chain(rows, chain, source)
            v.rows_checked = len(rows)
            v.unchecked.append(t("verify.cannot_complete", source=source))
            return
        v.problems += check_chain(rows, manifest, source)
        station = manifest["station"]
        v.problems += check_scope(
            rows, manifest["links"], station["id"], manifest["period"], station["timezone"], source
        )
        if len(rows) != manifest["row_count"]:
            v.problems.append(
                t(
                    "verify.row_count",
                    source=self.manifest_name,
                    other=source,
                    claimed=manifest["row_count"],
                    rows=len(rows),
                )
            )

    # ---- what was named -----------------------------------------------------------------
    def folder(self, folder: Folder) -> None:
        v = self.verdict
        if not folder.has(MANIFEST):
            raise InputRefused(t("verify.no_manifest", source=folder.name, manifest=MANIFEST))
        manifest = parse_json(folder.read(MANIFEST), MANIFEST)
        if not self.manifest(manifest, MANIFEST):
            return
        for name in manifest["files"]:
            try:
                self.listed_file(folder, name, manifest)
            except InputRefused as exc:  # this file cannot be read; the others still are
                v.unchecked.append(str(exc))
        extra = sorted(
            name
            for name in folder.entries()
            if name != MANIFEST and name not in manifest["files"] and name not in OS_LITTER
        )
        if extra:
            v.problems.append(t("verify.file_extra", source=extra[0]))

    def file(self, path: Path) -> None:
        name = path.name
        lowered = name.lower()
        if name == MANIFEST:
            self.folder(DiskFolder(path.parent, self.max_bytes))
        elif is_zip(path):
            self.folder(open_export(path, self.max_bytes))
        elif lowered.endswith(SIDECAR_SUFFIX):
            self.file(path.with_name(name[: -len(SIDECAR_SUFFIX)]))
        elif lowered.endswith(".json"):
            document = parse_json(read_input(path, None, self.max_bytes), name)
            self.month_json(document, name)
            if self.verdict.document is not None:
                self.verdict.rows_checked = len(self.verdict.document["rows"])
        elif lowered.endswith((".csv", ".xlsx", ".pdf")):
            self._one_of_an_export(path)
        else:
            raise InputRefused(t("verify.unsupported", source=name))

    def _one_of_an_export(self, path: Path) -> None:
        """A CSV, XLSX or PDF: checked against the manifest that signs it, if there is one."""
        name = path.name
        reads_rows = name.lower().endswith(".csv")
        for manifest_path, alone in ((sidecar(path), True), (path.parent / MANIFEST, False)):
            if not (manifest_path.exists() or manifest_path.is_symlink()):
                continue
            try:
                manifest = parse_json(
                    read_input(manifest_path, path.parent, self.max_bytes), manifest_path.name
                )
            except InputRefused:
                if reads_rows:
                    raise
                continue  # a PDF or XLSX is not judged by a manifest that cannot be read
            files = manifest.get("files") if isinstance(manifest, dict) else None
            if not isinstance(files, dict) or name not in files:
                continue
            if not reads_rows and not self._signs_these_bytes(path, files[name]):
                # Its name is listed but not its bytes: another export of the same month,
                # or a workbook saved again; nothing in a PDF or XLSX can tell which.
                self.verdict.unchecked += [
                    t("verify.alone", source=name),
                    t("verify.alone_other", source=name, manifest=manifest_path.name),
                ]
                return
            if not self.manifest(manifest, manifest_path.name):
                return
            if alone and set(files) != {name}:
                self.verdict.problems.append(t("verify.file_extra", source=manifest_path.name))
            self.listed_file(DiskFolder(path.parent, self.max_bytes), name, manifest)
            return
        if not reads_rows:
            raise InputRefused(t("verify.alone", source=name))
        self.csv(csv_rows(read_input(path, None, self.max_bytes), name), name, None)

    def _signs_these_bytes(self, path: Path, listed: object) -> bool:
        return sha256_bytes(read_input(path, None, self.max_bytes)) == listed
