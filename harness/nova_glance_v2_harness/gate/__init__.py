"""The one-machine gate: the Zuul job's work, on a local cloud.

What the gate jobs do on a Zuul node, done here with no devstack: a fresh
local cloud (keystone, glance, nova-api from PyPI), then the steps of a
scenario (:mod:`.scenarios`), each a real ``nova-glance-v2`` or
``ansible-playbook`` process, timed, with a progress line on stderr as
each starts and ends (:mod:`.progress`), stopping at the first failure.
Then the report (:mod:`.report`: ``STATE_DIR/report/summary.json`` and a
self-contained ``index.html``), kept after PASS and FAIL, and the cloud
down (its state purged only after a PASS, unless ``--keep-cloud``).
"""

import os
import shutil
import time

from nova_glance_v2 import errors
from nova_glance_v2.checks import steps as steps_mod
from nova_glance_v2_harness.gate import context
from nova_glance_v2_harness.gate import progress as progress_mod
from nova_glance_v2_harness.gate import report
from nova_glance_v2_harness.gate import scenarios


def run(options):
    """Run the scenario of ``options`` (a :class:`.context.Options`) on
    a fresh local cloud; its summary."""
    progress = progress_mod.Progress()
    gate = context.Gate(options, progress)
    shutil.rmtree(gate.path(), ignore_errors=True)
    os.makedirs(gate.path(), exist_ok=True)
    began = time.monotonic()
    result = None
    try:
        result = steps_mod.run(getattr(scenarios, options.scenario)(gate),
                               on_start=progress.start, on_end=progress.end)
        summary = report.write(gate, result, time.monotonic() - began)
        progress.note(f"report: {summary['report']['html']}")
    finally:
        # A cloud that never came up (a busy port) has nothing to stop.
        if not options.keep_cloud and os.path.exists(
                gate.cloud.layout.state_file):
            # A failed run keeps its state (databases, configs) to read.
            gate.cloud.down(purge=result is not None
                            and result.exit_code == errors.EXIT_OK)
    result.data = summary
    return result
