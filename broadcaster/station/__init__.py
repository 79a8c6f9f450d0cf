"""The running station: the daemon, its timers, the airing thread, re-planning, the
as-run records, bulletins, test airings, warnings and notifications.
"""
