"""Taking programmes in from the drop folder: names, stages, quarantine, one way into the
library for programmes, bulletins and test files alike, and measuring older ones.
"""
