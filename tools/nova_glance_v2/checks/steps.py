"""Run named steps in order, timing each, stopping at the first failure.

The gate and ``verify`` report the same way: one row per step with its
result (PASS, FAIL, SKIP for a step that had nothing to check, NOT RUN
after a failure), its duration and what it found or why it failed, then
a verdict.
"""

import logging
import time

from nova_glance_v2 import errors
from nova_glance_v2 import output

PASS = "PASS"  # noqa: S105 - a verdict, not a password
FAIL = "FAIL"
SKIP = "SKIP"
NOT_RUN = "NOT RUN"

LOG = logging.getLogger(__name__)


class Skipped(Exception):
    """Raised by a step that was not run; its message says why."""


def run(steps, on_start=None, on_end=None):
    """Run ``steps``, a list of ``(name, callable)``; return a Result.

    Each callable returns the step's details, or raises :class:`Skipped`.
    A failing step (any :class:`errors.NovaGlanceV2Error`) ends the run
    with that error's exit code (1 a check failed, 2 bad input, 3 a
    service unreachable). Any other exception is a bug of this project:
    the step fails with exit 4 (its traceback is logged, shown with
    ``--debug``), so that the gate still writes its report and verify
    still prints its table. ``on_start(name)`` and ``on_end(row)``, if
    given, are called around each step that runs (the gate prints
    progress with them).
    """
    report = []
    failed = None
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
        except Skipped as exc:
            details = str(exc)
            result = SKIP
        except errors.NovaGlanceV2Error as exc:
            details = str(exc)
            result = FAIL
            failed = exc
        except Exception as exc:  # noqa: BLE001 - reported, not hidden
            LOG.debug("step %s raised", name, exc_info=True)
            failed = errors.Internal(
                f"internal error: {type(exc).__name__}: {exc} "
                "(rerun with --debug for the traceback)")
            details = str(failed)
            result = FAIL
        report.append({"step": name, "result": result,
                       "seconds": round(time.monotonic() - began, 2),
                       "details": details})
        if on_end:
            on_end(report[-1])
    verdict = FAIL if failed else PASS
    return output.Result(
        {"verdict": verdict, "steps": report},
        failed.exit_code if failed else errors.EXIT_OK,
    )
