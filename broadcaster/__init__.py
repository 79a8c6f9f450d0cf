"""broadcaster: scheduling and as-run logging for grassroots loudspeaker stations."""

import os

# The loudness meter's matrix products are small, and it runs beside ffmpeg, which needs a
# core of its own: BLAS's worker threads would only spin against ffmpeg on a two-core
# station PC (an hour-long programme took 6.1 s to take in instead of 3.1 s). Set before
# anything loads numpy; an explicit setting in the environment wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
