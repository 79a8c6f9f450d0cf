"""Normalised renditions: a quiet programme with sharp peaks, made to air on target.

The plain playback gain (loudness.py) stops at the true-peak ceiling, so a speech programme
mastered at −31 LUFS with consonants reaching −10 dBTP would air near −25 LUFS. For such a
programme only, the daemon makes in the background a rendition with ffmpeg: the full gain,
then a lookahead limiter run at 192 kHz (four times oversampled, as the true-peak meter
does) with its ceiling half a dB under `[loudness] true_peak`, then back to the file's rate,
stored as FLAC (lossless: an MP3 encoder would put the peaks back). The limiter's attack is
its lookahead, so it lowers a click before it arrives and lets go 50 ms later: speech
between consonants keeps its level (no pumping; loudnorm's dynamic mode, by contrast,
rides the level over seconds).

A rendition lives in `[paths] renditions`, named after the programme's SHA-256, the target
and the recipe's version, with a `.json` beside it: the recipe, ffmpeg's version, the
rendition's own SHA-256 and what it measured. Changing the target makes a new one and
deletes the old. At the slot it is used only when its SHA-256 still matches; otherwise the
original airs with the plain gain, as it does while no rendition is ready. The as-run row
always names the programme as supplied (its file and SHA-256): the rendition is derived
from it by the recipe in the `.json`, and the same ffmpeg remakes it byte for byte.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from loguru import logger
from sqlalchemy.engine import Engine

from broadcaster import i18n
from broadcaster.audio.decode import (
    TOOL_TIME_BASE_S,
    check_audio,
    probe,
    run_tool,
    sha256_file,
    tool_error,
    tool_path,
)
from broadcaster.config import Config
from broadcaster.core.loudness import (
    Cue,
    Loudness,
    Target,
    gain_db,
    needs_rendition,
    wanted_gain_db,
)
from broadcaster.errors import RenditionFailed, ToolLimit
from broadcaster.i18n import display
from broadcaster.store import levels
from broadcaster.store.models import Programme
from broadcaster.store.programmes import newest_first

# Bumped whenever the filters change: renditions made by an older recipe are remade.
RECIPE = 1
# The limiter's ceiling sits this far under the target's true-peak ceiling: going back
# from 192 kHz to the file's rate moves intersample peaks by a few tenths of a dB.
CEILING_MARGIN_DB = 0.5
OVERSAMPLED_RATE = 192_000
ATTACK_MS = 5.0  # the lookahead: a click is caught before it arrives
RELEASE_MS = 50.0  # back to full gain within one syllable's onset
# ffmpeg makes a rendition at about 100 times real time here; 2 leaves room for any PC.
RENDER_MIN_SPEED = 2.0
VERSION_TIMEOUT_S = (
    10.0  # `ffmpeg -version` answers at once; a hung binary must not hold the daemon
)
SUFFIX = ".flac"
_NAME = re.compile(r"^[0-9a-f]{64}_[-+0-9.]+_[-+0-9.]+_v\d+\.flac(\.json|\.part)?$")


@dataclass(frozen=True)
class Rendition:
    path: Path
    loudness: Loudness


def file_name(sha256: str, target: Target) -> str:
    """`<programme sha256>_<target LUFS>_<ceiling dBTP>_v<recipe>.flac`: the key."""
    return f"{sha256}_{target.lufs:+.1f}_{target.true_peak_dbtp:+.1f}_v{RECIPE}{SUFFIX}"


def filters(gain: float, target: Target, rate: int) -> str:
    """The ffmpeg filter chain: gain, then a true-peak-safe lookahead limiter."""
    limit = 10 ** ((target.true_peak_dbtp - CEILING_MARGIN_DB) / 20)
    return ",".join(
        [
            f"aresample={OVERSAMPLED_RATE}",
            f"volume={gain:.2f}dB",
            # level=false: no auto make-up gain; latency=true: the lookahead delay is
            # taken back out, so the rendition lines up with the original to the sample.
            f"alimiter=limit={limit:.6f}:attack={ATTACK_MS:g}:release={RELEASE_MS:g}"
            ":level=false:latency=true",
            f"aresample={rate}",
        ]
    )


def shown(value: float | None, sign: bool = False) -> str:
    """A level for the technician's log: one decimal, a decimal comma in Vietnamese."""
    if value is None:
        return "—"
    return display.signed(value) if sign else display.number(value)


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def ffmpeg_version() -> str:
    result = run_tool([tool_path("ffmpeg"), "-version"], VERSION_TIMEOUT_S)
    return (result.stdout.decode("utf-8", errors="replace").splitlines() or ["?"])[0]


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".part")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def make(config: Config, programme: Programme, measured: Loudness) -> Rendition:
    """Make the programme's rendition for the current target, measure it, and put it and
    its `.json` in place. Raises RenditionFailed (or ToolLimit) with nothing left behind."""
    target = config.loudness
    folder = config.paths.renditions
    folder.mkdir(parents=True, exist_ok=True)
    source = config.paths.library / programme.file_name
    final = folder / file_name(programme.sha256, target)
    partial = final.with_name(final.name + ".part")
    try:
        found = probe(source)
        if found is None:
            raise RenditionFailed("ffprobe found no audio")
        chain = filters(wanted_gain_db(measured, target), target, found.rate)
        timeout = TOOL_TIME_BASE_S + programme.duration_s / RENDER_MIN_SPEED
        command = [
            *(tool_path("ffmpeg"), "-nostdin", "-hide_banner", "-nostats", "-v", "error", "-y"),
            *("-i", str(source), "-map", "0:a:0", "-ac", str(min(found.channels, 2))),
            *("-af", chain, "-c:a", "flac", "-sample_fmt", "s16", "-f", "flac", str(partial)),
        ]
        result = run_tool(command, timeout)
        if result.returncode != 0:
            raise RenditionFailed(tool_error(result))
        # The same proof as any file: it decodes whole, and what it measures is stored.
        verdict = check_audio(partial)
        if not verdict.ok or verdict.loudness is None:
            raise RenditionFailed(
                i18n.t(verdict.reason_key, **(verdict.reason_values or {}))
                if verdict.reason_key
                else "—"
            )
        if abs(verdict.duration_s - programme.duration_s) > 0.1:
            raise RenditionFailed(f"{verdict.duration_s:.2f} s, not {programme.duration_s:.2f} s")
        record = {
            "programme_sha256": programme.sha256,
            "programme_file": programme.file_name,
            "target_lufs": target.lufs,
            "true_peak_dbtp": target.true_peak_dbtp,
            "recipe": RECIPE,
            "filters": chain,
            "encoder": "flac, s16",
            "ffmpeg": ffmpeg_version(),
            "sha256": sha256_file(partial),
            "loudness": asdict(verdict.loudness),
        }
        # The record first, then the sound: the airing thread may look at any moment, and
        # a record without its sound is "not ready", never "damaged".
        _write_atomically(_sidecar(final), json.dumps(record, ensure_ascii=False, indent=1))
        os.replace(partial, final)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    return Rendition(final, verdict.loudness)


def _discard(path: Path) -> None:
    for each in (path, _sidecar(path)):
        with contextlib.suppress(OSError):
            each.unlink()


def find(config: Config, programme: Programme) -> Rendition | None:
    """The programme's rendition for the current target, if it is there and intact. One
    whose sound fails its record's SHA-256 (or whose record is unreadable) is deleted, so
    the background remakes it; one still being made is simply not ready."""
    path = config.paths.renditions / file_name(programme.sha256, config.loudness)
    if not path.is_file() or not _sidecar(path).is_file():
        return None
    try:
        record = json.loads(_sidecar(path).read_text(encoding="utf-8"))
        measured = Loudness(**record["loudness"])
        intact = sha256_file(path) == record["sha256"]
        intact = intact and record["programme_sha256"] == programme.sha256
    except (OSError, ValueError, KeyError, TypeError):
        intact = False
    if not intact:
        _discard(path)
        return None
    return Rendition(path, measured)


def choose(
    config: Config, programme: Programme, measured: Loudness | None, original: Cue
) -> tuple[Path, Cue, Rendition | None]:
    """What goes on air: the rendition when the programme needs one and it is ready (its
    own small gain, the original's start and stop), else the original with its cue."""
    path = config.paths.library / programme.file_name
    if not needs_rendition(measured, config.loudness):
        return path, original, None
    ready = find(config, programme)
    if ready is None:
        return path, original, None
    return ready.path, replace(original, gain_db=gain_db(ready.loudness, config.loudness)), ready


def wanted(config: Config, engine: Engine) -> list[tuple[Programme, Loudness]]:
    """Library programmes that need a rendition under the current target, newest first
    (the newest is the likeliest to air next)."""
    if not config.loudness.normalise:
        return []
    measured = levels.load_all(engine)
    programmes = newest_first(engine)
    return [
        (p, measured[p.id])
        for p in programmes
        if p.id in measured and needs_rendition(measured[p.id], config.loudness)
    ]


def prune(config: Config, keep: set[str]) -> int:
    """Delete renditions no programme needs any more (target changed, recipe bumped,
    programme gone) and half-made ones a crash left; only files named as renditions."""
    folder = config.paths.renditions
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.iterdir():
        if not path.is_file() or not _NAME.match(path.name):
            continue
        base = path.name.removesuffix(".json").removesuffix(".part")
        if base in keep and not path.name.endswith(".part"):
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


def make_one(
    config: Config, engine: Engine, tried: set[str]
) -> tuple[Programme, Rendition | None, str] | None:
    """One background step: prune, then make the newest missing rendition that has not
    failed before (`tried` keeps the failures, so a bad file is not retried every scan).
    (programme, rendition or None, why it failed), or None when nothing is left to do."""
    needed = wanted(config, engine)
    names = {file_name(p.sha256, config.loudness): (p, m) for p, m in needed}
    prune(config, set(names))
    for name, (programme, measured) in names.items():
        path = config.paths.renditions / name
        if name in tried or (path.is_file() and _sidecar(path).is_file()):
            continue
        if not (config.paths.library / programme.file_name).is_file():
            continue  # its airing reports the missing file
        try:
            return programme, make(config, programme, measured), ""
        except ToolLimit as exc:
            detail = i18n.t(exc.reason_key, **exc.values)
        except RenditionFailed as exc:
            # ffmpeg's own (English) words are the technician's; the operator reads ours.
            logger.debug("rendition of {}: {}", programme.file_name, exc)
            detail = i18n.t("rendition.tool_failed")
        except OSError as exc:
            detail = display.failure(exc)
        tried.add(name)
        return programme, None, detail
    return None


def make_next(config: Config, engine: Engine, failed: set[str]) -> bool:
    """The daemon's background step: make one missing rendition and log the outcome;
    False when none is missing."""
    made = make_one(config, engine, failed)
    if made is None:
        return False
    programme, rendition, detail = made
    if rendition is None:
        logger.warning(i18n.t("rendition.failed", title=programme.title, detail=detail))
    else:
        logger.info(i18n.t("rendition.made", title=programme.title))
        logger.debug(
            i18n.t(
                "rendition.measured",
                title=programme.title,
                lufs=shown(rendition.loudness.integrated_lufs),
                peak=shown(rendition.loudness.true_peak_dbtp),
                gain=shown(gain_db(rendition.loudness, config.loudness), sign=True),
            )
        )
    return True
