"""The attention signal (nhạc hiệu) played before and after a bulletin (#10 §7).

This is the one job pydub has here, and the one it fits: short clips held whole in memory.
A bulletin of a few minutes and a signal of a few seconds are joined with pydub (gain,
silence, fades, concatenation) into one file in library/bulletins/, at announce time; what
airs and what the as-run row hashes is that file. pydub keeps every sample in memory (about
10 MB a minute of CD-quality stereo, and a copy or two more while joining), so a bulletin
longer than `MAX_BULLETIN_S` airs without its signal instead, and programmes never go
through pydub at all (ingest and metering stream; see decode.py).

- the `[bulletins]` keys of config.toml are checked like every other key (config/bulletins.py);
- `pcm`: ffmpeg at the edges (bounded decode to raw samples, FLAC out), and the meter;
- `assemble`: the pure part (the signal's gain, the joining, the result's loudness);
- `attach`: announce time (reuse, limits, the emergency's time budget, the database rows);
- `chime`: the station's default signal, synthesised with pydub's generators.
"""
