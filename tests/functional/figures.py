"""Figures the reliability tests measure, printed at the end of a run.

Tests add to named counters; ``conftest.pytest_terminal_summary`` prints
them, so a run states how many bad inputs it tried, faults it survived,
writes it interrupted and secrets it found, not only that it passed.
"""

import collections

COUNTS = collections.Counter()


def count(name, amount=1):
    COUNTS[name] += amount


def report():
    """The counters as ``name: value`` lines, in a stable order."""
    return [f"{name}: {COUNTS[name]}" for name in sorted(COUNTS)]
