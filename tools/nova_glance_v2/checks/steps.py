"""Run named steps in order, timing each, stopping at the first failure.

The gate and ``verify`` report the same way: one row per step with its
result (PASS, FAIL or NOT RUN after a failure), its duration and what it
found or why it failed, then a verdict.
"""

import time

from nova_glance_v2 import errors
from nova_glance_v2 import output

PASS = "PASS"  # noqa: S105 - a verdict, not a password
FAIL = "FAIL"
NOT_RUN = "NOT RUN"


def run(steps, on_start=None, on_end=None):
    """Run ``steps``, a list of ``(name, callable)``; return a Result.

    Each callable returns the step's details. A failing step (any
    :class:`errors.NovaGlanceV2Error`) ends the run with exit code 1.
    ``on_start(name)`` and ``on_end(row)``, if given, are called around
    each step that runs (the gate prints progress with them).
    """
    report = []
    failed = False
    for name, step in steps:
        if failed:
            report.append({"step": name, "result": NOT_RUN, "seconds": 0,
                           "details": ""})
            continue
        if on_start:
            on_start(name)
        began = time.monotonic()
        try:
            details = step()
            result = PASS
        except errors.NovaGlanceV2Error as exc:
            details = str(exc)
            result = FAIL
            failed = True
        report.append({"step": name, "result": result,
                       "seconds": round(time.monotonic() - began, 2),
                       "details": details})
        if on_end:
            on_end(report[-1])
    verdict = FAIL if failed else PASS
    return output.Result(
        {"verdict": verdict, "steps": report},
        errors.EXIT_CHECK_FAILED if failed else errors.EXIT_OK,
    )
