"""Low-level helpers with no domain knowledge (mopidy's `_lib`): the memory allocator,
systemd, one-instance lock, logging, console encoding, Ed25519 signing.
"""
