"""What the tests and the benchmarks share: the sound rig, a station folder, the daemon as a
process, builders and sample data. Test files live in tests/<split>/<wing>/ and import from
here; nothing here is collected as a test (no `test_` names). The benchmarks import it too
(`python -m bench.<name>` from the repository root puts the root on the import path)."""
