"""The pure core: planning rules, periods, durations, loudness arithmetic and the as-run
hash chain. Nothing here touches a file, a database, a clock, a process or the player
(tests/unit/core/test_layers.py fails if it does).
"""
