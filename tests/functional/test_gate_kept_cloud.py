"""The gate as a new user runs it: a busy port, and a kept cloud used
with the very commands the gate printed.

The busy port stops ``nova-glance-v2-harness gate`` at ``cloud up``
within seconds. The kept cloud is the session's one gate run (conftest's
``upgrade_gate``, run with ``--keep-cloud``), whose teardown stops it
with the printed ``stop`` command; here the ``use`` command is used and
that ``stop`` is checked to free the ports.
"""

import json
import os
import socket
import subprocess
import sys

import pytest

from tests.functional.conftest import BUSY_PORTS
from tests.functional.conftest import GATE_PORTS

pytestmark = pytest.mark.functional


def _port_free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_a_busy_port_is_bad_input(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", BUSY_PORTS["keystone"]))
        holder.listen()
        done = subprocess.run(
            [sys.executable, "-m", "nova_glance_v2_harness.cli", "-f",
             "json", "gate", "--state-dir", str(tmp_path / "gate"),
             "--keystone-port", str(BUSY_PORTS["keystone"]),
             "--glance-port", str(BUSY_PORTS["glance"]),
             "--nova-port", str(BUSY_PORTS["nova-api"])],
            capture_output=True, text=True, check=False, timeout=600,
            stdin=subprocess.DEVNULL)
    assert done.returncode == 2, done.stderr
    report = json.loads(done.stdout)
    (row,) = [s for s in report["steps"] if s["result"] == "FAIL"]
    assert row["step"] == "cloud up"
    assert str(BUSY_PORTS["keystone"]) in row["details"]
    assert report["kept_cloud"] is None
    assert all(_port_free(p) for p in BUSY_PORTS.values())


def test_kept_cloud_commands_work_as_printed(upgrade_gate):
    kept = upgrade_gate.summary["kept_cloud"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    used = subprocess.run(
        ["bash", "-c", f"{kept['use']} && {sys.executable} -m "
         "nova_glance_v2.cli -f json catalog show"],
        capture_output=True, text=True, check=False, env=env, timeout=120)
    assert used.returncode == 0, used.stderr
    shown = json.loads(used.stdout)
    assert {e["url"] for e in shown["endpoints"]} == {
        f"http://127.0.0.1:{GATE_PORTS['glance']}"}
    assert kept["stop"].endswith(
        f"cloud down --state-dir {upgrade_gate.state_dir} --purge")
