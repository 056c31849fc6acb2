"""The local-gate Zuul job's run playbook, run for real on this machine.

``playbooks/zuul/local-gate/run.yaml`` runs ``tools/gate`` in the
checkout, keeps the gate's JSON report and stops the cloud while keeping
its logs for post-run. Here it runs with ``ansible-playbook`` on
localhost, with the ``zuul`` variables a Zuul executor would give, and
must end with the gate's PASS.

The gate serves keystone, glance and nova-api on their default ports; set
``NGV2_GATE_LOCK`` to the lock file other gate runs on the machine hold
(``flock``), so that two gates never start at once.
"""

import contextlib
import fcntl
import json
import os
import subprocess
import sys
import tempfile

import pytest

pytestmark = pytest.mark.functional

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
PLAYBOOK = os.path.join(TOP, "playbooks", "zuul", "local-gate", "run.yaml")


@contextlib.contextmanager
def gate_lock():
    path = os.environ.get("NGV2_GATE_LOCK") or os.path.join(
        tempfile.gettempdir(), "nova-glance-v2-gate.lock")
    with open(path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def run_playbook(playbook, extra_vars, timeout=1800):
    """``ansible-playbook`` on localhost; the process and its JSON stats."""
    bin_dir = os.path.dirname(sys.executable)
    extra_vars = {"ansible_python_interpreter": sys.executable,
                  **extra_vars}
    return subprocess.run(
        [os.path.join(bin_dir, "ansible-playbook"), "-i", "localhost,",
         "-c", "local", "-e", json.dumps(extra_vars), playbook],
        capture_output=True, text=True, check=False, timeout=timeout,
        env={**os.environ, "ANSIBLE_NOCOLOR": "1"}, stdin=subprocess.DEVNULL)


def test_local_gate_run_playbook_passes(tmp_path):
    state_dir = tmp_path / "gate"
    with gate_lock():
        done = run_playbook(PLAYBOOK, {
            "zuul": {"project": {"src_dir": TOP}},
            "nova_glance_v2_gate_state_dir": str(state_dir)})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert '"msg": "tools/gate: PASS"' in done.stdout
    report = json.loads((state_dir / "gate-report.json").read_text())
    assert report["verdict"] == "PASS"
    assert {s["result"] for s in report["steps"]} == {"PASS"}
    # The cloud is stopped, its logs kept for the job's post-run.
    assert sorted(os.listdir(state_dir / "log"))
    assert not [p for p in os.listdir(state_dir / "run")
                if p.endswith(".pid")]
