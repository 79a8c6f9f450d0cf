"""Warnings before the month is lost (#10 §4): a programme not in by its due day, a library
file gone or changed before its airings, a month the plan can no longer meet. Pure rules in
`missing`, `risk` and `library`; `current` gathers them for `status`, `plan` and the daemon.
"""
