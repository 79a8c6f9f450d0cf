"""The station's default attention signal: a three-note bell chime, synthesised here with
pydub's sine generator, so it is ours to ship (no sample from anywhere) and rebuilt the
same, sample for sample, by `make signal` (`python -m broadcaster.audio.jingle.chime FILE`).

Three rising notes of a C major chord (E5, G5, C6), each struck and left to ring: a bell's
partials decay at a steady number of decibels a second. The decay is computed per sample
in a pydub generator: pydub's `fade` steps the gain once a millisecond, which on a pure
tone is heard as a faint 1 kHz buzz.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from pathlib import Path

from pydub import AudioSegment
from pydub.generators import SignalGenerator

RATE = 44100
NOTES_HZ = (659.25, 783.99, 1046.50)  # E5, G5, C6
STRIKE_EVERY_MS = 420
RING_MS = 1500
PEAK_DBFS = -3.0
LENGTH_MS = STRIKE_EVERY_MS * (len(NOTES_HZ) - 1) + RING_MS


ATTACK_S = 0.005
DECAY_DB_PER_S = 40.0  # 60 dB down by the end of the ring
OCTAVE_LEVEL = 0.2  # the second partial, 14 dB under the first, decaying twice as fast


class Bell(SignalGenerator):  # type: ignore[misc]
    """One struck note: the fundamental and a quieter octave, a short attack, a long ring."""

    def __init__(self, frequency: float, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.frequency = frequency

    def generate(self) -> Iterator[float]:
        rate = self.sample_rate
        decay = DECAY_DB_PER_S * math.log(10) / 20  # per second, as a natural exponent
        step = 2 * math.pi * self.frequency / rate
        for n in range(10**9):  # to_audio_segment takes as many as it needs
            t = n / rate
            envelope = min(1.0, t / ATTACK_S) * math.exp(-decay * t)
            partials = math.sin(step * n) + OCTAVE_LEVEL * math.exp(-decay * t) * math.sin(
                2 * step * n
            )
            yield envelope * partials / (1 + OCTAVE_LEVEL)


def _bell(frequency: float) -> AudioSegment:
    return Bell(frequency, sample_rate=RATE).to_audio_segment(duration=RING_MS, volume=-6)


def make_chime() -> AudioSegment:
    chime = AudioSegment.silent(duration=LENGTH_MS, frame_rate=RATE)
    for index, frequency in enumerate(NOTES_HZ):
        chime = chime.overlay(_bell(frequency), position=index * STRIKE_EVERY_MS)
    chime = chime.set_channels(1).set_sample_width(2)
    return chime.apply_gain(PEAK_DBFS - chime.max_dBFS)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m broadcaster.audio.jingle.chime FILE.flac", file=sys.stderr)
        return 2
    from broadcaster.audio.jingle.pcm import write_flac

    target = Path(argv[0])
    target.parent.mkdir(parents=True, exist_ok=True)
    write_flac(make_chime(), target, timeout=60)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
