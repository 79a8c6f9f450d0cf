"""The running station: the daemon, its timers, the airing thread, re-planning, the
as-run records, bulletins and their attention signal, test airings, warnings and
notifications, and what `plan` and `status` show.
"""
