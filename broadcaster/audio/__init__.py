"""Sound: probing and decoding files (ffmpeg), the loudness meter, renditions, the
attention signal, and the player (libVLC).
"""
