"""Services killed in the middle of a command, on the TLS cloud.

Each case starts a real command, SIGKILLs one service's whole process
group a moment later, and expects either the undisturbed result (the
command was done first) or exit 3 naming the service, never a traceback.
Then ``cloud up`` starts the service again and a re-run must give the
undisturbed result: nothing was left half-done.
"""

import os
import random
import shutil
import signal
import subprocess
import sys

import pytest

from nova_glance_v2 import errors
from tests.functional import figures
from tests.functional.conftest import PRISTINE_NOVA_CONF
from tests.functional.conftest import run_cli

# (service killed, command); "{nova}" and "{glance}" are filled in.
CASES = [
    ("keystone", ["catalog", "ensure", "--url", "{glance}"]),
    ("glance", ["verify", "--nova-conf", "{nova}"]),
    ("nova-api", ["verify", "--nova-conf", "{nova}"]),
    ("glance", ["nova-conf", "probe", "--config-file", "{nova}"]),
    ("keystone", ["upgrade", "check", "--nova-conf", "{nova}"]),
]


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


def _argv(command, values):
    return [values.get(arg, arg) for arg in command]


def _kill(cloud, service):
    with open(cloud.layout.pid_file(service)) as pid_file:
        os.killpg(int(pid_file.read()), signal.SIGKILL)


@pytest.mark.parametrize(("service", "command"), CASES,
                         ids=[f"{s}-during-{' '.join(c[:2])}"
                              for s, c in CASES])
def test_service_killed_mid_command(configured_tls_cloud, service, command):
    cloud, env, values = configured_tls_cloud
    argv = _argv(command, values)
    undisturbed = run_cli(*argv, env=env, check=False).returncode
    assert undisturbed in (errors.EXIT_OK, errors.EXIT_CHECK_FAILED)
    proc = subprocess.Popen(
        [sys.executable, "-m", "nova_glance_v2.cli", *argv],
        env={**os.environ, **env}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    # A moment into the run: past start-up, into the requests.
    try:
        proc.wait(random.Random(service).uniform(0.8, 2.0))
    except subprocess.TimeoutExpired:
        pass
    _kill(cloud, service)
    out, err = proc.communicate(timeout=300)
    try:
        assert "Traceback" not in out + err
        assert proc.returncode in (undisturbed, errors.EXIT_UNAVAILABLE), err
        if proc.returncode == errors.EXIT_UNAVAILABLE:
            assert len(err.strip().splitlines()) <= 1, err
            assert service in out + err
            figures.count("faults survived")
        else:
            figures.count("faults after the command was done")
    finally:
        cloud.up()
    again = run_cli(*argv, env=env, check=False)
    assert again.returncode == undisturbed, again.stdout + again.stderr
