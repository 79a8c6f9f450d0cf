"""Keeping a station PC healthy: database backups and the doctor's checks."""
