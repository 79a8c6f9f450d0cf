"""Keeping a station PC healthy: the doctor's checks."""
