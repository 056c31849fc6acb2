"""Bringing a local cloud up and down leaves nothing behind."""

import os
import socket

import pytest

from nova_glance_v2 import errors
from nova_glance_v2_harness.localcloud import cloud as cloud_mod
from nova_glance_v2_harness.localcloud import process
from tests.functional.conftest import LIFECYCLE_PORTS
from tests.functional.conftest import run_harness

pytestmark = pytest.mark.functional

# Ports of their own: the session's cloud keeps running meanwhile.


def test_down_leaves_no_process_and_up_again_works(tmp_path):
    cloud = cloud_mod.LocalCloud(tmp_path / "state")
    marker = cloud.layout.root + os.sep
    try:
        first = cloud.up(LIFECYCLE_PORTS)
        assert set(first["started"]) == {"keystone", "glance", "nova-api"}
        assert {"databases", "keystone", "glance", "nova-api"} <= set(
            first["timings"])
        assert process.pids_naming(marker)

        again = cloud.up(LIFECYCLE_PORTS)
        assert again["started"] == []  # a running cloud is a no-op

        cloud.down()
        assert process.pids_naming(marker) == []
        for service, report in cloud.status()["services"].items():
            assert report["pid"] is None, service

        second = cloud.up(LIFECYCLE_PORTS)
        assert all(s["healthy"] for s in second["services"].values())
        assert "databases" not in second["timings"]  # kept its state
    finally:
        cloud.down(purge=True)
    assert process.pids_naming(marker) == []
    assert not os.path.exists(cloud.layout.root)


def test_port_conflict_is_a_clear_error_and_nothing_runs(tmp_path):
    state_dir = tmp_path / "state"
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        done = run_harness(
            "cloud", "up", "--state-dir", str(state_dir),
            "--keystone-port", str(LIFECYCLE_PORTS["keystone"]),
            "--glance-port", str(port),
            "--nova-port", str(LIFECYCLE_PORTS["nova-api"]), check=False)
    assert done.returncode == errors.EXIT_BAD_INPUT
    assert str(port) in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert process.pids_naming(str(state_dir) + os.sep) == []
    # Refused before anything was written (no nova overlay left behind).
    assert not state_dir.exists() or list(state_dir.iterdir()) == []


def test_restart_of_unknown_service_is_bad_input(tmp_path):
    cloud = cloud_mod.LocalCloud(tmp_path)
    with pytest.raises(errors.BadInput):
        cloud.restart("nova-api")


def test_two_services_on_one_port_refused_and_nothing_left(tmp_path):
    state_dir = tmp_path / "state"
    port = str(LIFECYCLE_PORTS["keystone"])
    done = run_harness("cloud", "up", "--state-dir", str(state_dir),
                       "--keystone-port", port, "--glance-port", port,
                       "--nova-port", str(LIFECYCLE_PORTS["nova-api"]),
                       check=False)
    assert done.returncode == errors.EXIT_BAD_INPUT
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert port in done.stderr and "glance" in done.stderr
    assert process.pids_naming(str(state_dir) + os.sep) == []
    assert process.port_is_free(LIFECYCLE_PORTS["keystone"])
    # Nothing was set up: down says so in one line, and --purge is a
    # no-op that succeeds.
    down = run_harness("cloud", "down", "--state-dir", str(state_dir),
                       check=False)
    assert down.returncode == errors.EXIT_BAD_INPUT
    assert "no local cloud here" in down.stderr
    run_harness("cloud", "down", "--purge", "--state-dir", str(state_dir))
    assert not state_dir.exists()
