"""Figures the reliability tests measure, printed at the end of a run.

Tests add to named counters; ``conftest.pytest_terminal_summary`` prints
them, so a run states how many bad inputs it tried, faults it survived,
writes it interrupted and secrets it found, not only that it passed.
"""

import collections
import os
import re

COUNTS = collections.Counter()
# What the session must never show: passwords and tokens, registered by
# the fixtures and tests that know them; and where to look besides every
# command's output (the clouds' log directories).
SECRETS = set()
OUTPUTS = []
LOG_DIRS = []
# Any Fernet token keystone issues starts with these bytes, base64'd.
TOKEN_PATTERN = re.compile(r"gAAAAA[A-Za-z0-9_=-]{60,}")


def count(name, amount=1):
    COUNTS[name] += amount


def report():
    """The counters as ``name: value`` lines, in a stable order."""
    return [f"{name}: {COUNTS[name]}" for name in sorted(COUNTS)]


def secret_hits():
    """Where a registered secret or a token shows: ``[(where, what)]``."""
    texts = [(f"output of nova-glance-v2 {argv}", text)
             for argv, text in OUTPUTS]
    for directory in LOG_DIRS:
        for root, _, files in os.walk(directory):
            for name in files:
                path = os.path.join(root, name)
                with open(path, errors="replace") as log:
                    texts.append((path, log.read()))
    hits = []
    for where, text in texts:
        hits += [(where, "a password") for s in SECRETS if s in text]
        hits += [(where, "a token") for _ in TOKEN_PATTERN.finditer(text)]
    return hits
