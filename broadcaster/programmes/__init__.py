"""Programme management: what an operator can do to a programme in the library (list,
withdraw, replace, retitle, move to another period), each change recorded append-only in
`programme_change`. The CLI (`cli/programme_cmd.py`) and, later, the console call
`library.py`; `state.py` and `period_text.py` are pure."""
