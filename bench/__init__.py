"""Benchmarks: each module measures one part beside the reference tool in the same run.

Run `python -m bench` to list them, `python -m bench recorder_bench [args]` to run one.
Figures go to docs/benchmarks.md with the machine and date. Never run from the tests.
"""
