"""The benchmarks, run from the repository root as `python -m bench.<name>` (see README.md
here); they share the test rig and the daemon helpers of tests/support/."""
