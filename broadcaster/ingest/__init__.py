"""Taking programmes in from the drop folder: names, stages, quarantine."""
