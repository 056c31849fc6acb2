"""``nova-glance-v2-harness bench gate``: how long the main job takes.

Runs ``tools/gate`` (the upgrade scenario by default) as a user does and
reports its wall time against the targets: 5 minutes with the venv
installed, 10 from a clean clone (``--clean-clone``: ``git clone`` of the
checkout's HEAD into a temporary directory, so the venv is created and
every pinned dependency installed first). The gate's own summary gives
the time per step.
"""

import json
import os
import subprocess
import tempfile
import time

from nova_glance_v2 import errors

TARGETS = {"venv installed": 300.0, "clean clone": 600.0}


def _clone(checkout, workdir):
    target = os.path.join(workdir, "nova-glance-v2")
    done = subprocess.run(["git", "clone", "--quiet", checkout, target],
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise errors.BadInput(f"git clone {checkout}: {done.stderr.strip()}")
    return target


def bench_gate(*, checkout, scenario, ports, clean_clone):
    """Time one ``tools/gate`` run of ``scenario`` on ``ports`` from
    ``checkout`` (or, with ``clean_clone``, a fresh clone of it); the
    wall time and the targets."""
    with tempfile.TemporaryDirectory(prefix="ngv2-bench-gate-") as workdir:
        top = _clone(checkout, workdir) if clean_clone else checkout
        env = dict(os.environ)
        if clean_clone:
            env.pop("NGV2_VENV", None)
        # tools/gate runs 'nova-glance-v2-harness gate ARGS'.
        argv = [os.path.join(top, "tools", "gate"), "-f", "json",
                "--scenario", scenario,
                # Outside the temporary directory: the report stays.
                "--state-dir", os.path.join(checkout, ".nova-glance-v2",
                                            "bench-gate"),
                *[f"--{s.replace('-api', '')}-port={p}"
                  for s, p in ports.items()]]
        began = time.monotonic()
        done = subprocess.run(argv, stdout=subprocess.PIPE, text=True,
                              env=env, cwd=top, check=False,
                              stdin=subprocess.DEVNULL)
        seconds = time.monotonic() - began
    try:
        summary = json.loads(done.stdout)
    except ValueError:
        raise errors.CheckFailed(
            f"tools/gate exited {done.returncode} without a summary"
        ) from None
    target_name = "clean clone" if clean_clone else "venv installed"
    target = TARGETS[target_name]
    return {
        "scenario": scenario, "from": target_name,
        "verdict": summary["verdict"], "wall_seconds": round(seconds, 1),
        "target_seconds": target, "within_target": seconds <= target,
        "steps": {s["step"]: s["seconds"] for s in summary["steps"]},
        "report": summary["report"]["html"],
    }
