"""Benchmarks: timing targets live here, never in the test suite."""
