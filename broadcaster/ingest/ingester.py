"""Taking programmes in from the drop folder, as stages.

find → wait until stable → hash → check duplicates → decode in full (measuring loudness and
silence on the way) → register or quarantine.

A file is only ever moved (never deleted) and every decision is an `IngestEvent` row. A
rejected file goes to quarantine with `<name>.reason.txt` beside it, and is tried again
only once it changes there.

Any name is taken (see names.py): library and quarantine names are ones every station PC
can create, the operator's exact name is kept in the records. Links are never followed:
a linked folder pointing outside the inbox would be emptied into the library. A library
file without its programme row (the process killed between the move and the row) is
taken in where it is, or quarantined, at the next start (`adopt_orphans`).

The stages live in their own modules: stages.py (find, settle), register.py (the one way
into the library), quarantine.py, files.py; this one runs them. A file dropped into a
bulletin folder is handed to `on_bulletin`, which the station wires (station/intake.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from loguru import logger
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.audio.decode import (
    AudioCheck,
    DecodeProgress,
    check_audio,
    sha256_file,
)
from broadcaster.clock import Clock
from broadcaster.config import Config
from broadcaster.core.durations import format_duration
from broadcaster.core.periods import month_in_name, period_of
from broadcaster.core.rules import Series
from broadcaster.core.vocab import (
    BULLETIN_SERIES,
    INBOX_FOLDERS,
    TEST_SERIES,
    IngestOutcome,
)
from broadcaster.errors import BulletinRejected
from broadcaster.i18n import display
from broadcaster.ingest.files import is_disk_full, reason_file
from broadcaster.ingest.names import shown_name
from broadcaster.ingest.quarantine import Reason, quarantine, renamed_note
from broadcaster.ingest.register import Transfer, register_programme
from broadcaster.ingest.stages import (
    Candidate,
    OnBulletin,
    Outcome,
    StabilityTracker,
    changed_in_quarantine,
    in_inbox,
    log_progress,
    orphans,
)
from broadcaster.store import levels
from broadcaster.store.errors import StoreError
from broadcaster.store.models import Programme
from broadcaster.store.programmes import by_sha256, file_names


class Ingester:
    def __init__(
        self,
        config: Config,
        engine: Engine,
        clock: Clock,
        on_bulletin: OnBulletin | None = None,
    ) -> None:
        self.config = config
        self.engine = engine
        self.clock = clock
        # What to do with a file dropped into a bulletin folder: the station announces it
        # (station/intake.py wires it); ingest never imports the station.
        self.on_bulletin = on_bulletin
        # name → progress callback for the decode; the CLI shows a bar, the daemon logs.
        self.progress: Callable[[str], DecodeProgress | None] = log_progress
        # Notes that are no file's outcome (a link left alone, a name changed, a file found
        # at start-up): the daemon logs them, the CLI prints them.
        self.say: Callable[[str], None] = logger.warning
        self.tracker = StabilityTracker(config.ingest.settle.total_seconds())
        self._links_told: set[Path] = set()
        for folder in (config.paths.inbox, config.paths.library, config.paths.quarantine):
            folder.mkdir(parents=True, exist_ok=True)

    # ---- find ---------------------------------------------------------------------------
    def candidates(self) -> Iterator[Candidate]:
        links: set[Path] = set()
        yield from in_inbox(
            self.config.paths.inbox,
            self.config.series,
            self.config.station.default_series,
            links,
        )
        self._tell_links(links)
        yield from changed_in_quarantine(self.engine, self.config.paths.quarantine)

    def _tell_links(self, links: set[Path]) -> None:
        """One line per link while it stays there, not one per scan."""
        inbox = self.config.paths.inbox
        for link in sorted(links - self._links_told):
            name = shown_name(link.relative_to(inbox).as_posix())
            self.say(i18n.t("ingest.link_left", name=name))
        self._links_told = links

    # ---- one pass -----------------------------------------------------------------------
    def scan(self, dry_run: bool = False) -> tuple[list[Outcome], list[Path]]:
        """Take every stable file; return (outcomes, files still settling)."""
        outcomes: list[Outcome] = []
        waiting: list[Path] = []
        present: set[Path] = set()
        for candidate in self._safe_candidates():
            present.add(candidate.path)
            if not self.tracker.ready(candidate, self.clock.monotonic()):
                waiting.append(candidate.path)
                continue
            try:
                outcomes.append(self.take(candidate, dry_run=dry_run))
            except (OSError, StoreError) as exc:
                # `take` has put the file back where it was; the other files still go on.
                if not isinstance(exc, OSError) and not is_disk_full(exc):
                    raise
                key = "ingest.disk_full" if is_disk_full(exc) else "ingest.failed_move"
                name = shown_name(candidate.path.name)
                logger.error(i18n.t(key, name=name, detail=display.failure(exc)))
                logger.debug("{}: {}", name, exc)
            self.tracker.forget(candidate.path)
        self.tracker.prune(present)
        return outcomes, waiting

    def _safe_candidates(self) -> list[Candidate]:
        found = []
        try:
            for candidate in self.candidates():
                found.append(candidate)
        except FileNotFoundError:
            pass  # a file vanished between listing and stat: the next scan sees the truth
        return found

    def take(self, candidate: Candidate, dry_run: bool = False) -> Outcome:
        name = shown_name(candidate.path.name)
        if candidate.series_id is None:
            return self._reject(
                candidate,
                "reason.unknown_folder",
                {"folder": candidate.folder},
                "advice.unknown_folder",
                dry_run,
            )
        if candidate.series_id == BULLETIN_SERIES:
            return self._take_bulletin(candidate, dry_run)
        digest = sha256_file(candidate.path)
        existing = by_sha256(self.engine, digest)
        if existing is not None and existing.series_id != TEST_SERIES:
            return self._duplicate(candidate, digest, existing, dry_run)
        verdict = check_audio(candidate.path, self.progress(name))
        if not verdict.ok:
            if verdict.detail:
                logger.debug("ffmpeg on {}: {}", name, verdict.detail)
            return self._reject(
                candidate,
                verdict.reason_key,
                verdict.reason_values or {},
                "advice.bad_file",
                dry_run,
                digest,
            )
        series = self.config.series_by_id()[candidate.series_id]
        if dry_run:
            message = self._accepted_message(name, series, verdict, self.clock.now())
            return Outcome(name, series.id, IngestOutcome.ACCEPTED, message)
        target_of = self._register(candidate, series, digest, verdict, Transfer.MOVE, existing)
        if target_of is None:  # another process registered the same content a moment ago
            return self.take(candidate, dry_run)
        programme, target = target_of
        if candidate.retry_of is not None:
            reason_file(candidate.path).unlink(missing_ok=True)
        self._tell_renamed(candidate.path.name, target)
        message = self._accepted_message(name, series, verdict, programme.arrived_at)
        if verdict.loudness is not None:
            # Loudness figures are the technician's (-v, doctor), not the operator's line.
            logger.debug("{}: {}", name, levels.describe(verdict.loudness, self.config))
        logger.info(message)
        return Outcome(name, series.id, IngestOutcome.ACCEPTED, message, programme.id)

    def _register(
        self,
        candidate: Candidate,
        series: Series,
        digest: str,
        verdict: AudioCheck,
        transfer: Transfer,
        tested: Programme | None = None,
    ) -> tuple[Programme, Path] | None:
        """The programme row of the file, now in its series' library folder, with its
        event (register.py); None when another process registered the same content first.
        `tested`: the same content, test-aired before it arrived as a programme."""
        named = month_in_name(shown_name(candidate.path.name))
        programme = register_programme(
            self.engine,
            self.config.paths.library,
            candidate.path,
            digest,
            verdict,
            series.id,
            series.folder,
            self.clock.now(),
            transfer,
            named_month=f"{named[0]:04d}-{named[1]:02d}" if named else None,
            with_event=True,
            takes_over=tested,
        )
        if programme is None:
            return None
        return programme, self.config.paths.library / programme.file_name

    def _accepted_message(
        self, name: str, series: Series, verdict: AudioCheck, arrived: datetime
    ) -> str:
        named = month_in_name(name)
        period = display.period_label(period_of(arrived, series.period, self.config.station.tz))
        if named:
            period = display.month_label(*named)
        return i18n.t(
            "ingest.accepted",
            name=name,
            series=series.title,
            duration=format_duration(verdict.duration_s),
            period=period,
        )

    def _tell_renamed(self, dropped: str, kept: Path) -> None:
        """Say under which name a file is kept when it is not the operator's own."""
        note = renamed_note(dropped, kept)
        if note is not None:
            self.say(note)

    def _take_bulletin(self, candidate: Candidate, dry_run: bool) -> Outcome:
        """A file dropped into a bulletin folder is announced at that folder's level."""
        name = shown_name(candidate.path.name)
        priority = INBOX_FOLDERS[candidate.folder]
        level = i18n.t(f"priority.{priority}")
        if dry_run:
            return Outcome(
                name,
                BULLETIN_SERIES,
                IngestOutcome.ACCEPTED,
                i18n.t("ingest.bulletin", name=name, priority=level, when="—"),
            )
        if self.on_bulletin is None:
            raise RuntimeError("no bulletin handler: build the Ingester with on_bulletin")
        digest = sha256_file(candidate.path)
        try:
            done = self.on_bulletin(self.config, candidate.path, priority, self.clock.now())
        except BulletinRejected as exc:
            return self._reject(
                candidate, exc.reason_key, exc.values, "advice.drop_bulletin_again", False, digest
            )
        if not done.reused:
            self._tell_renamed(
                candidate.path.name, self.config.paths.library / done.programme.file_name
            )
        slot = done.slot_at.astimezone(self.config.station.tz)
        when = display.date_time(slot, seconds=bool(slot.second))
        message = i18n.t("ingest.bulletin", name=name, priority=level, when=when)
        if done.reused:
            # Same content as a bulletin already in the library: it airs again, and the
            # dropped copy goes to quarantine (never deleted) so it is not announced twice.
            self._quarantine(
                candidate,
                IngestOutcome.DUPLICATE,
                "reason.bulletin_again",
                {"other": done.programme.file_name},
                "advice.duplicate",
                digest,
                done.programme.id,
            )
        logger.info(message)
        return Outcome(name, BULLETIN_SERIES, IngestOutcome.ACCEPTED, message, done.programme.id)

    # ---- start-up: library files without their row -------------------------------------
    def adopt_orphans(self) -> list[Outcome]:
        """Take in, where it is, each library file that has no programme row (the process
        was killed between moving it in and writing its row), or quarantine it with a
        reason; one line each. Run at start-up, before any file is taken in."""
        outcomes: list[Outcome] = []
        for path, series in orphans(self.config, file_names(self.engine)):
            try:
                outcome = self._adopt(path, series)
            except (OSError, StoreError) as exc:
                if not isinstance(exc, OSError) and not is_disk_full(exc):
                    raise
                detail = display.failure(exc)
                logger.error(
                    i18n.t("ingest.failed_move", name=shown_name(path.name), detail=detail)
                )
                logger.debug("{}: {}", path.name, exc)
                continue
            self.say(outcome.message)
            outcomes.append(outcome)
        return outcomes

    def _adopt(self, path: Path, series: Series | None) -> Outcome:
        stat = path.stat()
        series_id = series.id if series else BULLETIN_SERIES
        candidate = Candidate(path, series_id, "", stat.st_size, stat.st_mtime_ns)
        name = shown_name(path.name)
        digest = sha256_file(path)
        existing = by_sha256(self.engine, digest)
        if existing is not None:
            values = {"other": existing.file_name}
            return self._orphan_quarantined(
                candidate,
                IngestOutcome.DUPLICATE,
                "reason.duplicate",
                values,
                "advice.duplicate",
                digest,
                existing.id,
            )
        if series is None:
            # Which bulletin folder it was dropped into (its level) is lost with the kill.
            return self._orphan_quarantined(
                candidate,
                IngestOutcome.REJECTED,
                "reason.orphan_bulletin",
                {},
                "advice.drop_bulletin_again",
                digest,
            )
        verdict = check_audio(path, self.progress(name))
        if not verdict.ok:
            values = verdict.reason_values or {}
            return self._orphan_quarantined(
                candidate,
                IngestOutcome.REJECTED,
                verdict.reason_key,
                values,
                "advice.bad_file",
                digest,
            )
        registered = self._register(candidate, series, digest, verdict, Transfer.IN_PLACE)
        if registered is None:  # registered by another process meanwhile: nothing left to do
            message = i18n.t("ingest.duplicate", name=name, other=path.name)
            return Outcome(name, series.id, IngestOutcome.DUPLICATE, message)
        programme = registered[0]
        message = i18n.t("ingest.adopted", name=name, series=series.title)
        return Outcome(name, series.id, IngestOutcome.ACCEPTED, message, programme.id)

    def _orphan_quarantined(
        self,
        candidate: Candidate,
        outcome: IngestOutcome,
        reason_key: str,
        values: dict[str, str],
        advice_key: str,
        digest: str,
        programme_id: int | None = None,
    ) -> Outcome:
        self._quarantine(candidate, outcome, reason_key, values, advice_key, digest, programme_id)
        name = shown_name(candidate.path.name)
        reason = i18n.t(reason_key, **values)
        message = i18n.t("ingest.orphan_quarantined", name=name, reason=reason)
        return Outcome(name, candidate.series_id, outcome, message)

    # ---- refusals -----------------------------------------------------------------------
    def _duplicate(
        self, candidate: Candidate, digest: str, existing: Programme, dry_run: bool
    ) -> Outcome:
        name = shown_name(candidate.path.name)
        message = i18n.t("ingest.duplicate", name=name, other=existing.file_name)
        if dry_run:
            return Outcome(name, candidate.series_id, IngestOutcome.DUPLICATE, message, existing.id)
        self._quarantine(
            candidate,
            IngestOutcome.DUPLICATE,
            "reason.duplicate",
            {"other": existing.file_name},
            "advice.duplicate",
            digest,
            existing.id,
        )
        logger.warning(message)
        return Outcome(name, candidate.series_id, IngestOutcome.DUPLICATE, message, existing.id)

    def _reject(
        self,
        candidate: Candidate,
        reason_key: str,
        values: dict[str, str],
        advice_key: str,
        dry_run: bool,
        digest: str | None = None,
    ) -> Outcome:
        name = shown_name(candidate.path.name)
        reason = i18n.t(reason_key, **values)
        message = i18n.t("ingest.rejected", name=name, reason=reason)
        if not dry_run:
            self._quarantine(
                candidate, IngestOutcome.REJECTED, reason_key, values, advice_key, digest, None
            )
            logger.warning(message)
        return Outcome(name, candidate.series_id, IngestOutcome.REJECTED, message)

    def _quarantine(
        self,
        candidate: Candidate,
        outcome: IngestOutcome,
        reason_key: str,
        values: dict[str, str],
        advice_key: str,
        digest: str | None,
        programme_id: int | None,
    ) -> None:
        why = Reason(outcome, reason_key, values, advice_key)
        folder = self.config.paths.quarantine
        quarantine(
            self.engine, folder, self.clock.now(), candidate, why, digest, programme_id, self.say
        )
