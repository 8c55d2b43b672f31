"""Benchmarks: each module runs on its own (`python -m bench.NAME`); `python -m bench` runs all."""
