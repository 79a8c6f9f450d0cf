"""broadcaster: scheduling and as-run logging for grassroots loudspeaker stations."""

__version__ = "0.1.0"
