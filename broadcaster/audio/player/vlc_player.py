"""The libVLC player: the only module that imports `vlc`.

Why it looks the way it does (see STACK-NOTES.md):
- Every libVLC call is made from the thread that owns the player (the airing thread).
  libVLC callbacks only append to a queue or a list; calling libVLC from them deadlocks.
- The file is opened ahead with `:start-paused`, so at the slot only an unpause remains:
  sound reaches the output within milliseconds of the slot.
- libVLC says Playing → Ended even when no audio device works. So an airing counts as
  heard only if libVLC logged no audio-output error, some audio buffers reached an output
  (the media's statistics), and it did not end grossly early. Its end event comes when
  the last audio is handed to the sound server, up to about a second before that audio
  is heard (measured on the rig: a working output sometimes "ends" 0.5–0.9 s early, no
  output at all 1.05 s early), so the timing alone cannot tell the two apart on a short
  file, and the player waits out that buffered tail before it stops.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import queue
import sys
import tempfile
import threading
import time
import wave
from collections import deque
from datetime import datetime
from pathlib import Path
from typing import Any

from loguru import logger

from broadcaster._lib import allocator
from broadcaster.audio.player import PlayProgress
from broadcaster.clock import Clock
from broadcaster.core.judge import PlaybackReport
from broadcaster.core.loudness import Cue
from broadcaster.errors import PlayerUnavailable

try:  # libVLC missing is an operator problem, reported in one line by the caller
    import vlc
except (ImportError, OSError) as exc:  # pragma: no cover - depends on the machine
    vlc = None
    _IMPORT_ERROR: Exception | None = exc
else:
    _IMPORT_ERROR = None

CUE_TIMEOUT_S = 10.0
# An end this much earlier than the file's length is not a working output's buffering.
EARLY_END_S = 1.5
EARLY_END_RATIO = 0.1
# libVLC's equalizer passes the dry signal at a quarter (EQZ_IN_FACTOR); this gives it back.
EQ_MAKEUP = 4.0
# After the end event, sound handed to the server may still be playing: wait for it.
DRAIN_MAX_S = 1.5
POLL_S = 0.05
# No progress in the file for this long while playing: libVLC is stalled; stop it.
STALL_S = 8.0
_AOUT_ERRORS = (
    "audio output failed",
    "failed to create audio output",
    "no audio output",
    "could not be used",
    "server connection failure",
    "cannot open alsa device",
    "audio device",
    "cannot write",  # PulseAudio: the stream was killed (the device went away)
    "entity killed",
)

_LOG_LEVEL_ERROR = 4


def _is_aout(message: str) -> bool:
    lowered = message.lower()
    return any(k in lowered for k in _AOUT_ERRORS)


def _vsnprintf() -> Any:
    # Platform-specific: the C runtime's vsnprintf formats libVLC's log messages.
    if sys.platform == "win32":  # pragma: no cover - Windows only
        func = ctypes.cdll.msvcrt._vsnprintf
    else:
        func = ctypes.CDLL(ctypes.util.find_library("c") or None).vsnprintf
    func.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p]
    return func


class VlcPlayer:
    def __init__(self, vlc_args: tuple[str, ...] | list[str] = ()) -> None:
        if vlc is None:
            raise PlayerUnavailable(str(_IMPORT_ERROR))
        # --gain=4: undoes the flat equalizer's 12.04 dB loss (see _set_gain).
        self._args = ["--no-video", "--no-video-title-show", *vlc_args, f"--gain={EQ_MAKEUP}"]
        self._owner: int | None = None
        self._instance: Any = None
        self._player: Any = None
        self._events: queue.Queue[str] = queue.Queue()
        # (counter, level, text, when) of libVLC's error messages, filled from its threads.
        self._log: deque[tuple[int, int, str, float]] = deque(maxlen=500)
        self._log_counter = 0
        self._log_lock = threading.Lock()
        self._format = _vsnprintf()
        self._log_cb = vlc.CallbackDecorators.LogCb(self._on_log)

    # ---- libVLC callbacks: never call libVLC in here ------------------------------------
    def _on_log(self, _data: Any, level: int, _ctx: Any, fmt: bytes, args: Any) -> None:
        # Errors only: warnings (two per airing, e.g. 'starting late') are never read, and
        # keeping them grew the daemon's memory by 0.4 KB an airing until the deque filled.
        if level < _LOG_LEVEL_ERROR:
            return
        buffer = ctypes.create_string_buffer(512)
        try:
            self._format(buffer, 512, fmt, args)
            text = buffer.value.decode("utf-8", "replace")
        except Exception:  # noqa: BLE001 - a log line must never crash libVLC's thread
            text = "(unformattable libVLC message)"
        with self._log_lock:
            self._log_counter += 1
            self._log.append((self._log_counter, level, text, time.monotonic()))

    def _on_event(self, event: Any, name: str) -> None:
        self._events.put(name)

    # ---- owner thread -------------------------------------------------------------------
    def _ensure_instance(self) -> Any:
        current = threading.get_ident()
        if self._owner is None:
            self._owner = current
        elif self._owner != current:
            raise RuntimeError("libVLC used from a second thread")
        if self._instance is None:
            allocator.pin_mmap_threshold()  # before libVLC's first 12 MiB read cache
            instance = vlc.Instance(self._args)
            if instance is None:
                raise PlayerUnavailable(f"libVLC could not start with {self._args}")
            instance.log_set(self._log_cb, None)
            self._instance = instance
        return self._instance

    def _log_mark(self) -> int:
        with self._log_lock:
            return self._log_counter

    def _errors_since(self, mark: int) -> list[str]:
        return [text for text, _ in self._timed_errors_since(mark)]

    def _timed_errors_since(self, mark: int) -> list[tuple[str, float]]:
        with self._log_lock:
            return [
                (text, at)
                for n, level, text, at in self._log
                if n > mark and level >= _LOG_LEVEL_ERROR
            ]

    def play(
        self,
        path: Path,
        start_at: datetime,
        duration_s: float,
        stop: threading.Event,
        clock: Clock,
        progress: PlayProgress | None = None,
        cue: Cue | None = None,
    ) -> PlaybackReport:
        instance = self._ensure_instance()
        player = self._media_player(instance)
        while not self._events.empty():
            self._events.get_nowait()
        mark = self._log_mark()
        cue = cue or Cue()
        options = [":start-paused"]
        if cue.start_s > 0:
            # libVLC's own MP3 demuxer seeks by estimate (on the rig: 1.4 s short of 2.75 s);
            # libavformat's lands on the frame, so the cut comes where it was measured.
            options.append(":demux=avformat")
        if cue.stop_s is not None:
            options.append(f":stop-time={cue.stop_s:.3f}")
        # By path, never `media_new()`: python-vlc reads any name with a colon past its
        # second character (`ban tin 17:15.mp3`, `http:x.mp3`) as a URL, and libVLC crashed
        # the daemon on it. From a path libVLC makes the file URL itself, escaping `#`, `?`
        # and `%`; the bytes are the OS's own, so a name that is not UTF-8 opens too.
        media = instance.media_new_path(os.fsencode(path.absolute()))
        media.add_options(*options)
        self._set_gain(player, cue.gain_db)
        player.set_media(media)
        try:
            return self._run(
                player, media, path, start_at, duration_s, stop, clock, mark, progress, cue
            )
        finally:
            player.stop()
            media.release()

    def _set_gain(self, player: Any, gain_db: float) -> None:
        """The programme's loudness gain, through libVLC's equalizer pre-amplifier with
        every band flat. A flat libVLC equalizer is 12.04 dB down (it mixes the dry signal
        at a quarter), which the instance's `--gain=4` gives back, so the pre-amp (±20 dB)
        is the programme's gain exactly. The equalizer is set for every airing, gain 0
        included: without it the output would be 12 dB hot. (libVLC's volume cannot do
        this: once a media player has stopped, setting it fails until sound flows.)"""
        equalizer = vlc.libvlc_audio_equalizer_new()
        try:
            vlc.libvlc_audio_equalizer_set_preamp(equalizer, float(gain_db))
            if player.set_equalizer(equalizer) != 0:  # libVLC copies the settings
                raise PlayerUnavailable("libVLC refused the equalizer that sets the gain")
        finally:
            vlc.libvlc_audio_equalizer_release(equalizer)

    def _media_player(self, instance: Any) -> Any:
        """One media player for the life of the instance, its events attached once: a new
        player per airing leaves python-vlc's event-manager wrappers behind (~4 KB each)."""
        if self._player is None:
            player = instance.media_player_new()
            manager = player.event_manager()
            wanted = {
                vlc.EventType.MediaPlayerPaused: "paused",
                vlc.EventType.MediaPlayerEndReached: "ended",
                vlc.EventType.MediaPlayerEncounteredError: "error",
            }
            for event_type, name in wanted.items():
                manager.event_attach(event_type, self._on_event, name)
            self._player = player
        return self._player

    def _run(
        self,
        player: Any,
        media: Any,
        path: Path,
        start_at: datetime,
        duration_s: float,
        stop: threading.Event,
        clock: Clock,
        mark: int,
        progress: PlayProgress | None = None,
        cue: Cue | None = None,
    ) -> PlaybackReport:
        if player.play() == -1:
            return PlaybackReport(None, None, 0.0, 0.0, False, False, error="libVLC play() failed")
        # Cue: wait until libVLC has opened the file and holds it paused at the start.
        deadline = time.monotonic() + CUE_TIMEOUT_S
        while True:
            try:
                name = self._events.get(timeout=POLL_S)
            except queue.Empty:
                name = ""
            if name == "paused":
                if cue is not None and cue.start_s > 0:
                    # Skip the leading silence while paused. (`:start-time` would too, but
                    # libVLC then drops as much of the sound as the pause lasted.)
                    player.set_time(round(cue.start_s * 1000))
                break
            if name in ("error", "ended"):
                return PlaybackReport(
                    None,
                    None,
                    0.0,
                    0.0,
                    False,
                    False,
                    error=self._detail(mark) or f"libVLC could not open {path.name}",
                )
            if time.monotonic() > deadline:
                return PlaybackReport(
                    None, None, 0.0, 0.0, False, False, error=f"opening {path.name} timed out"
                )
        if not clock.sleep_until(start_at, stop):
            return PlaybackReport(None, None, 0.0, 0.0, False, True)

        started_at = clock.now()
        started_mono = time.monotonic()
        player.set_pause(0)
        if progress is not None:
            progress(started_at, 0.0)
        reached_end = stopped = False
        error = None
        position_s = 0.0
        last_report = last_move = started_mono
        while True:
            try:
                name = self._events.get(timeout=POLL_S)
            except queue.Empty:
                name = ""
            now_mono = time.monotonic()
            position = player.get_time() / 1000.0
            if position > position_s:
                position_s, last_move = position, now_mono
            if progress is not None and now_mono - last_report >= 1.0:
                progress(started_at, now_mono - started_mono)
                last_report = now_mono
            if name == "" and now_mono - last_move > STALL_S:
                error = f"libVLC stalled: no progress for {STALL_S:.0f} s at {position_s:.1f} s"
                break
            if name == "ended":
                reached_end = True
                break
            if name == "error":
                error = self._detail(mark) or "libVLC reported a playback error"
                break
            if stop.is_set():
                stopped = True
                break
        until_end_s = time.monotonic() - started_mono
        if reached_end:
            position_s = max(position_s, duration_s)
            drain = min(DRAIN_MAX_S, duration_s - until_end_s)
            if drain > 0:
                stop.wait(drain)
        # The end event can come while sound is still buffered (under load, 0.45 s of a
        # 2 s file on the rig): the airing lasted until that sound was out, drain included.
        played_s = time.monotonic() - started_mono
        ended_at = clock.now()
        output_error = self._output_error(mark, until_end_s, duration_s, reached_end, media)
        audible_s = None
        if output_error:
            # Heard until the first audio-output error after the start (a lead pulled);
            # an error already there at the start means nothing was heard.
            after = [at for text, at in self._timed_errors_since(mark) if _is_aout(text)]
            first = min(after, default=None)
            audible_s = max(0.0, first - started_mono) if first is not None else 0.0
        if output_error:
            logger.debug("audio output problem while playing {}: {}", path.name, output_error)
        return PlaybackReport(
            started_at,
            ended_at,
            played_s,
            position_s,
            reached_end,
            stopped,
            error,
            output_error,
            audible_s=None if audible_s is None else round(audible_s, 2),
        )

    def _detail(self, mark: int) -> str:
        errors = self._errors_since(mark)
        return "; ".join(errors[-3:])

    def _output_error(
        self, mark: int, played_s: float, duration_s: float, reached_end: bool, media: Any
    ) -> str | None:
        errors = [e for e in self._errors_since(mark) if _is_aout(e)]
        if errors:
            return "; ".join(dict.fromkeys(e.replace("\n", " ") for e in errors))
        stats = vlc.MediaStats()
        if media.get_stats(stats) and stats.decoded_audio > 0 and stats.played_abuffers == 0:
            return f"no audio reached an output ({stats.lost_abuffers} buffers lost)"
        # Ended far sooner than the sound lasts: nobody heard all of it.
        early = max(EARLY_END_S, EARLY_END_RATIO * duration_s)
        if reached_end and played_s < duration_s - early:
            return (
                f"ended after {played_s:.1f} s of a {duration_s:.1f} s file (faster than real time)"
            )
        return None

    def probe_output(self, clock: Clock) -> str | None:
        """Play 1.5 s of silence; return None when the output works, else the reason.

        Tried twice: the first stream of a new process sometimes ends early while another
        program plays into the same sound server, which is not a broken output."""
        problem = None
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "probe.wav"
            write_silence(path, 1.5)
            for _ in range(2):
                report = self.play(path, clock.now(), 1.5, threading.Event(), clock)
                problem = report.output_error or report.error
                if problem is None:
                    return None
        return problem

    def close(self) -> None:
        if self._player is not None and threading.get_ident() == self._owner:
            self._player.stop()
            self._player.release()
            self._player = None
        if self._instance is not None and threading.get_ident() == self._owner:
            self._instance.log_unset()
            self._instance.release()
            self._instance = None


def write_silence(path: Path, seconds: float, rate: int = 48000) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x00" * int(rate * seconds))
