"""The real local cloud for functional tests.

One keystone + glance + nova-api for the whole session, in a temporary
state directory and on ports of their own, so that a developer's own
local cloud on the default ports can keep running.
"""

import contextlib
import dataclasses
import filecmp
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys

import pytest
from openstack import config as os_config

from nova_glance_v2.novapatch import runtime
from nova_glance_v2_harness.localcloud import cloud as cloud_mod
from nova_glance_v2_harness.localcloud import layout
from nova_glance_v2_harness.localcloud import nova_overlay
from tests.functional import figures

# NGV2_TEST_PORT_OFFSET lets several test runs share one machine.
PORT_OFFSET = int(os.environ.get("NGV2_TEST_PORT_OFFSET", "0"))


def ports_for(keystone, glance, nova):
    return {"keystone": keystone + PORT_OFFSET, "glance": glance +
            PORT_OFFSET, "nova-api": nova + PORT_OFFSET}


# Every test cloud's ports, here only, so that no two clouds share one.
# All below 32768: Linux hands out 32768-60999 as the local ports of
# outgoing connections, and a listener there can find its port taken by
# a tempest or glanceclient connection.
TEST_PORTS = ports_for(25000, 29292, 28774)
TLS_PORTS = ports_for(23000, 23292, 23774)
# The session's gate run (upgrade_gate), whose cloud stays up till the end.
GATE_PORTS = ports_for(15000, 19292, 18774)
# The gate runs with a fault injected (test_gate).
FAULT_GATE_PORTS = ports_for(16000, 16292, 16774)
# Clouds set up and torn down by test_localcloud_lifecycle.
LIFECYCLE_PORTS = ports_for(21000, 21292, 21774)
# A gate refused for a busy port (test_gate_kept_cloud).
BUSY_PORTS = ports_for(22000, 22292, 22774)
PRISTINE_NOVA_CONF = "pristine-nova.conf"
TOP = pathlib.Path(__file__).resolve().parents[2]
LOCAL_GATE_RUN = TOP / "playbooks" / "zuul" / "local-gate" / "run.yaml"


def pytest_terminal_summary(terminalreporter):
    lines = figures.report()
    if lines:
        terminalreporter.section("reliability figures")
        for line in lines:
            terminalreporter.write_line(line)


def run_cli(*argv, env=None, check=True, timeout=600,
            module="nova_glance_v2.cli"):
    """Run the real ``nova-glance-v2`` command; return the process.

    ``module``: the harness's command line for :func:`run_harness`.
    """
    done = subprocess.run(
        [sys.executable, "-m", module, *argv],
        capture_output=True, text=True, env={**os.environ, **(env or {})},
        check=False, timeout=timeout,
    )
    figures.OUTPUTS.append((" ".join(argv), done.stdout + done.stderr))
    if check and done.returncode:
        raise AssertionError(
            f"{module} {' '.join(argv)} exited {done.returncode}:\n"
            f"{done.stdout}\n{done.stderr}"
        )
    return done


@pytest.fixture(scope="session", autouse=True)
def secrets_scan():
    """After the session: no registered password and no token anywhere in
    the commands' output or the clouds' logs."""
    yield
    hits = figures.secret_hits()
    figures.count("secrets found", len(hits))
    figures.count("outputs and logs scanned for secrets",
                  len(figures.OUTPUTS) + len(figures.LOG_DIRS))
    assert not hits, hits[:10]


def _watch_for_secrets(cloud):
    """Register the cloud's passwords and its logs for the scan."""
    figures.SECRETS.update(layout.State.load(cloud.layout).passwords.values())
    figures.LOG_DIRS.append(os.path.join(cloud.layout.root, "log"))


def run_cli_json(*argv, **kwargs):
    return json.loads(run_cli("-f", "json", *argv, **kwargs).stdout)


def run_harness(*argv, **kwargs):
    """Run the real ``nova-glance-v2-harness`` command (cloud, gate,
    bench)."""
    return run_cli(*argv, module="nova_glance_v2_harness.cli", **kwargs)


def run_harness_json(*argv, **kwargs):
    return json.loads(run_harness("-f", "json", *argv, **kwargs).stdout)


@pytest.fixture(scope="session")
def local_cloud(tmp_path_factory):
    """A running local cloud: its LocalCloud and ``status`` output."""
    state_dir = tmp_path_factory.mktemp("cloud")
    cloud = cloud_mod.LocalCloud(state_dir)
    status = cloud.up(TEST_PORTS)
    _watch_for_secrets(cloud)
    shutil.copy2(cloud.layout.nova_conf, state_dir / PRISTINE_NOVA_CONF)
    yield cloud, status
    cloud.down()


@pytest.fixture(scope="session")
def tls_cloud(tmp_path_factory):
    """A second local cloud, serving https with its own CA; its
    LocalCloud, ``status`` and the environment to use it with."""
    cloud = cloud_mod.LocalCloud(tmp_path_factory.mktemp("tls-cloud"))
    status = cloud.up(TLS_PORTS, tls=True)
    _watch_for_secrets(cloud)
    shutil.copy2(cloud.layout.nova_conf,
                 os.path.join(cloud.layout.root, PRISTINE_NOVA_CONF))
    env = {"OS_CLIENT_CONFIG_FILE": status["clouds_yaml"],
           "OS_CLOUD": layout.CLOUD_NAME}
    yield cloud, status, env
    cloud.down()


@pytest.fixture
def nova_conf(local_cloud):
    """The local cloud's nova.conf, as ``up`` wrote it (no [glance]).

    A test may change it and restart nova-api; afterwards the file is put
    back and nova-api restarted, so every test starts from the same one.
    """
    cloud, _ = local_cloud
    pristine = os.path.join(cloud.layout.root, PRISTINE_NOVA_CONF)
    yield cloud.layout.nova_conf
    if not filecmp.cmp(pristine, cloud.layout.nova_conf, shallow=False):
        shutil.copy2(pristine, cloud.layout.nova_conf)
        cloud.restart("nova-api")


@pytest.fixture(scope="session")
def cloud_env(local_cloud):
    """Environment for subprocesses that should use the local cloud.

    In-process nova (``nova-conf probe``, ``verify``) runs the nova the
    cloud's nova-api runs.
    """
    _, status = local_cloud
    env = {"OS_CLIENT_CONFIG_FILE": status["clouds_yaml"],
           "OS_CLOUD": layout.CLOUD_NAME}
    nova_path = nova_overlay.pythonpath(status["services"]["nova-api"]["nova"])
    if nova_path:
        env[runtime.ENV_PATH] = nova_path
    return env


@pytest.fixture(scope="session")
def admin_session(local_cloud):
    """A keystoneauth session as admin, from the written clouds.yaml."""
    _, status = local_cloud
    config = os_config.OpenStackConfig(config_files=[status["clouds_yaml"]])
    session = config.get_one(cloud=layout.CLOUD_NAME).get_session()
    figures.SECRETS.add(session.get_token())
    return session


@pytest.fixture(scope="session")
def glance_url(local_cloud):
    _, status = local_cloud
    return status["services"]["glance"]["url"]


def remove_image_services(session):
    """Delete every image service and its endpoints from the catalog."""
    identity = {"service_type": "identity", "interface": "public"}
    services = session.get("/services?type=image",
                           endpoint_filter=identity).json()["services"]
    for service in services:
        endpoints = session.get(
            f"/endpoints?service_id={service['id']}",
            endpoint_filter=identity).json()["endpoints"]
        for endpoint in endpoints:
            session.delete(f"/endpoints/{endpoint['id']}",
                           endpoint_filter=identity)
        session.delete(f"/services/{service['id']}",
                       endpoint_filter=identity)


@contextlib.contextmanager
def glance_in_catalog(cloud_env, glance_url, session):
    """Glance registered in the catalog by ``catalog ensure``; removed
    afterwards, since up leaves the image service to the product."""
    run_cli_json("catalog", "ensure", "--url", glance_url, env=cloud_env)
    try:
        yield
    finally:
        remove_image_services(session)


@pytest.fixture
def image_catalog(cloud_env, glance_url, admin_session):
    with glance_in_catalog(cloud_env, glance_url, admin_session):
        yield


def run_zuul_playbook(playbook, extra_vars, timeout=1800):
    """``ansible-playbook`` on localhost with the variables a Zuul
    executor gives; the completed process."""
    bin_dir = os.path.dirname(sys.executable)
    extra_vars = {"ansible_python_interpreter": sys.executable,
                  **extra_vars}
    return subprocess.run(
        [os.path.join(bin_dir, "ansible-playbook"), "-i", "localhost,",
         "-c", "local", "-e", json.dumps(extra_vars), str(playbook)],
        capture_output=True, text=True, check=False, timeout=timeout,
        env={**os.environ, "ANSIBLE_NOCOLOR": "1"}, stdin=subprocess.DEVNULL)


@dataclasses.dataclass(frozen=True)
class GateRun:
    """The one run of the main job: the playbook's process, the gate's
    summary (``report/summary.json``), its progress lines and state."""

    playbook: subprocess.CompletedProcess
    summary: dict
    progress: str
    state_dir: pathlib.Path


@pytest.fixture(scope="session")
def upgrade_gate(tmp_path_factory):
    """The project's main job, run once for the whole session as Zuul runs
    it: ``playbooks/zuul/local-gate/run.yaml`` (tools/gate, the upgrade
    scenario, the job's tempest regex) on ports of its own, with
    ``--keep-cloud`` so that tests use the cloud with the commands the
    gate printed. Afterwards the cloud is stopped with the printed
    ``stop`` command, which must work."""
    state_dir = tmp_path_factory.mktemp("gate")
    done = run_zuul_playbook(LOCAL_GATE_RUN, {
        "zuul": {"project": {"src_dir": str(TOP)}},
        "nova_glance_v2_gate_state_dir": str(state_dir),
        "nova_glance_v2_gate_args": [
            "--keep-cloud",
            "--keystone-port", str(GATE_PORTS["keystone"]),
            "--glance-port", str(GATE_PORTS["glance"]),
            "--nova-port", str(GATE_PORTS["nova-api"])]})
    report = state_dir / "report"
    if not (report / "summary.json").is_file():
        raise AssertionError("the gate wrote no report:\n"
                             + done.stdout[-3000:] + done.stderr[-2000:])
    summary = json.loads((report / "summary.json").read_text())
    yield GateRun(done, summary, (report / "progress.txt").read_text(),
                  state_dir)
    if summary.get("kept_cloud"):
        stopped = subprocess.run(
            ["bash", "-c", summary["kept_cloud"]["stop"]],
            capture_output=True, text=True, check=False, timeout=300)
        assert stopped.returncode == 0, stopped.stderr
        assert not (state_dir / "state.json").exists()
        for port in GATE_PORTS.values():
            with socket.socket() as probe:
                assert probe.connect_ex(("127.0.0.1", port)) != 0, port
