"""The gate as a new user runs it: its port options, a busy port, and a
kept cloud used and stopped with the very commands the gate printed.

Runs ``nova-glance-v2-harness gate`` on ports of its own with one quick tempest
test, so the whole job (cloud up, catalog, nova.conf, upgrade check,
verify, tempest.conf, tempest) runs once in a few minutes.
"""

import json
import os
import socket
import subprocess
import sys

from tests.functional.conftest import ports_for

GATE_PORTS = ports_for(22000, 22292, 22774)
QUICK_TEST = r"^tempest\.api\.image\.v2\.test_versions"


def _gate(tmp_path, *argv, ports=GATE_PORTS):
    return subprocess.run(
        [sys.executable, "-m", "nova_glance_v2_harness.cli", "-f", "json",
         "gate",
         "--state-dir", str(tmp_path / "gate"),
         "--keystone-port", str(ports["keystone"]),
         "--glance-port", str(ports["glance"]),
         "--nova-port", str(ports["nova-api"]), *argv],
        capture_output=True, text=True, check=False, timeout=1800,
        stdin=subprocess.DEVNULL)


def _port_free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_a_busy_port_is_bad_input(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", GATE_PORTS["keystone"]))
        holder.listen()
        done = _gate(tmp_path)
    assert done.returncode == 2, done.stderr
    report = json.loads(done.stdout)
    (row,) = [s for s in report["steps"] if s["result"] == "FAIL"]
    assert row["step"] == "cloud up"
    assert str(GATE_PORTS["keystone"]) in row["details"]
    assert all(_port_free(p) for p in GATE_PORTS.values())


def test_kept_cloud_commands_work_as_printed(tmp_path):
    done = _gate(tmp_path, "--keep-cloud", "--tempest-regex", QUICK_TEST)
    report = json.loads(done.stdout)
    kept = report["kept_cloud"]
    try:
        assert done.returncode == 0, (report, done.stderr)
        assert report["verdict"] == "PASS"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("OS_")}
        used = subprocess.run(
            ["bash", "-c", f"{kept['use']} && {sys.executable} -m "
             "nova_glance_v2.cli -f json catalog show"],
            capture_output=True, text=True, check=False, env=env)
        assert used.returncode == 0, used.stderr
        shown = json.loads(used.stdout)
        assert {e["url"] for e in shown["endpoints"]} == {
            f"http://127.0.0.1:{GATE_PORTS['glance']}"}
    finally:
        stopped = subprocess.run(["bash", "-c", kept["stop"]],
                                 capture_output=True, text=True,
                                 check=False)
    assert stopped.returncode == 0, stopped.stderr
    assert all(_port_free(p) for p in GATE_PORTS.values())
    assert not os.path.exists(tmp_path / "gate" / "state.json")
