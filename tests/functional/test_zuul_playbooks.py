"""Playbooks of the Zuul jobs, run for real on this machine.

Each runs with ``ansible-playbook`` on localhost, with the ``zuul``
variables a Zuul executor would give:

- ``playbooks/zuul/local-gate/run.yaml`` runs ``tools/gate`` in the
  checkout (on ports of its own, see conftest's NGV2_TEST_PORT_OFFSET);
  it must end with the gate's PASS and leave its report for post-run.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.functional.conftest import ports_for

pytestmark = pytest.mark.functional

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
PLAYBOOK = os.path.join(TOP, "playbooks", "zuul", "local-gate", "run.yaml")


def run_playbook(playbook, extra_vars, timeout=1800):
    """``ansible-playbook`` on localhost; the completed process."""
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
    ports = ports_for(35000, 39292, 38774)
    done = run_playbook(PLAYBOOK, {
        "zuul": {"project": {"src_dir": TOP}},
        "nova_glance_v2_gate_state_dir": str(state_dir),
        "nova_glance_v2_gate_args": [
            "--keystone-port", str(ports["keystone"]),
            "--glance-port", str(ports["glance"]),
            "--nova-port", str(ports["nova-api"])]})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert '"msg": "tools/gate: PASS"' in done.stdout
    # What post-run collects: the report and the logs it links.
    summary = json.loads((state_dir / "report" / "summary.json").read_text())
    assert summary["verdict"] == "PASS"
    assert {s["result"] for s in summary["steps"]} == {"PASS"}
    assert (state_dir / "report" / "index.html").is_file()
    for log in summary["logs"].values():
        assert (state_dir / "report" / log).is_file(), log
