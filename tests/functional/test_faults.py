"""Services killed in the middle of a command, on the TLS cloud.

Every command that talks to a cloud, times every service it talks to:
the service is frozen (SIGSTOP) before the command starts, and the
moment the command's first connection to it waits in the service's
accept queue, the service's whole process group is SIGKILLed. So the
kill always lands in the middle of the command, at its first request to
that service, never before or after it by chance. The command must exit
3 naming the service, never a traceback, at most one line on stderr.
Then ``cloud up`` starts the service again and a re-run must give the
undisturbed result: nothing was left half-done. (The gate's own fault
runs are in test_gate.py.)
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from nova_glance_v2 import errors
from tests.functional import figures
from tests.functional.conftest import PRISTINE_NOVA_CONF
from tests.functional.conftest import run_cli

pytestmark = pytest.mark.functional

# Each command, with "{nova}" and "{glance}" filled in, and every service
# it talks to.
COMMANDS = {
    "catalog ensure": (["catalog", "ensure", "--url", "{glance}"],
                       ("keystone", "glance")),
    "verify": (["verify", "--nova-conf", "{nova}"],
               ("keystone", "glance", "nova-api")),
    "nova-conf probe": (["nova-conf", "probe", "--config-file", "{nova}"],
                        ("keystone", "glance")),
    "upgrade check": (["upgrade", "check", "--nova-conf", "{nova}"],
                      ("keystone", "glance")),
}
CASES = [(service, name) for name, (_, services) in COMMANDS.items()
         for service in services]
# How long a frozen service waits for the command's first connection.
FIRST_CONNECTION_TIMEOUT = 120.0
LISTEN = "0A"  # TCP_LISTEN in /proc/net/tcp


@pytest.fixture(scope="module")
def configured_tls_cloud(tls_cloud, tmp_path_factory):
    """The TLS cloud with glance in its catalog and nova told where it is
    (cafile included), and a nova.conf copy for the commands."""
    cloud, status, env = tls_cloud
    glance = status["services"]["glance"]["url"]
    run_cli("catalog", "ensure", "--url", glance, env=env)
    nova = str(tmp_path_factory.mktemp("faults") / "nova.conf")
    shutil.copy2(os.path.join(cloud.layout.root, PRISTINE_NOVA_CONF), nova)
    for conf in (nova, cloud.layout.nova_conf):
        run_cli("nova-conf", "configure", "--config-file", conf,
                "--mode", "catalog", "--region", "RegionOne",
                "--cafile", status["ca_file"], env=env)
    cloud.restart("nova-api")
    return cloud, env, {"{nova}": nova, "{glance}": glance}


@pytest.fixture(scope="module")
def undisturbed():
    """Each command's undisturbed result, run once for all its cases."""
    return {}


def _argv(name, values):
    return ["-f", "json", *(values.get(arg, arg)
                            for arg in COMMANDS[name][0])]


def _result(done):
    """What must be the same after a fault: the exit code and the JSON
    object's shape (its keys and booleans; ids and timings may differ)."""
    def shape(value):
        if isinstance(value, dict):
            return {key: shape(item) for key, item in value.items()}
        if isinstance(value, list):
            return [shape(item) for item in value]
        return value if isinstance(value, bool) else type(value).__name__
    return done.returncode, shape(json.loads(done.stdout))


def _signal(cloud, service, signum):
    with open(cloud.layout.pid_file(service)) as pid_file:
        os.killpg(int(pid_file.read()), signum)


def _waiting_connections(port):
    """How many connections wait in the accept queue of 127.0.0.1:port
    (for a listening socket, /proc/net/tcp's rx_queue)."""
    with open("/proc/net/tcp") as table:
        next(table)
        for line in table:
            fields = line.split()
            if (fields[1] == f"0100007F:{port:04X}"
                    and fields[3] == LISTEN):
                return int(fields[4].split(":")[1], 16)
    return 0


def _kill_at_first_connection(cloud, service, proc):
    """SIGKILL the frozen ``service`` once ``proc`` connects to it."""
    port = cloud.require_state().ports[service]
    deadline = time.monotonic() + FIRST_CONNECTION_TIMEOUT
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if _waiting_connections(port):
                return True
            time.sleep(0.01)
        return False
    finally:
        _signal(cloud, service, signal.SIGKILL)


@pytest.mark.parametrize(("service", "name"), CASES,
                         ids=[f"{s}-during-{n.replace(' ', '-')}"
                              for s, n in CASES])
def test_service_killed_mid_command(configured_tls_cloud, undisturbed,
                                    service, name):
    cloud, env, values = configured_tls_cloud
    argv = _argv(name, values)
    if name not in undisturbed:
        undisturbed[name] = _result(run_cli(*argv, env=env, check=False))
    assert undisturbed[name][0] in (errors.EXIT_OK, errors.EXIT_CHECK_FAILED)
    _signal(cloud, service, signal.SIGSTOP)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "nova_glance_v2.cli", *argv],
            env={**os.environ, **env}, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        contacted = _kill_at_first_connection(cloud, service, proc)
        out, err = proc.communicate(timeout=300)
    finally:
        cloud.up()
    figures.OUTPUTS.append((" ".join(argv), out + err))
    assert contacted, f"{name} never connected to {service}: {err}"
    assert "Traceback" not in out + err
    assert proc.returncode == errors.EXIT_UNAVAILABLE, out + err
    # One line on stderr, or (verify, upgrade check) none besides the
    # table whose failed row names the service.
    assert len(err.strip().splitlines()) <= 1, err
    assert service in out + err
    figures.count("faults survived")
    again = run_cli(*argv, env=env, check=False)
    assert _result(again) == undisturbed[name], again.stdout + again.stderr
