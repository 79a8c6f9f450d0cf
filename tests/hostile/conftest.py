"""The hostile-input suite (issue #15): one test per finding of the probe of f1ef4d5.

Every test here failed on that commit; each names the finding it covers in its docstring.
The shared fixtures (`station`, `tone`, `rig`) come from tests/conftest.py.
"""
