"""The pure core: the station's vocabulary, series rules, periods, durations, the planner,
judging a playback, loudness arithmetic, the as-run hash chain and a programme's state.
Nothing here touches a file, a database, a clock, a process or the player
(tests/unit/test_layers.py fails if it does).
"""
