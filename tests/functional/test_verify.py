"""``verify`` passes on a good cloud and names the step that fails."""

import json
import os
import re
import shutil
import signal
import urllib.parse

import pytest

from nova_glance_v2 import errors
from tests.functional.conftest import remove_image_services
from tests.functional.conftest import run_cli
from tests.functional.conftest import run_cli_json

pytestmark = pytest.mark.functional


@pytest.fixture
def good_nova_conf(nova_conf, tmp_path, cloud_env):
    good = tmp_path / "nova.conf"
    shutil.copy2(nova_conf, good)
    run_cli_json("nova-conf", "configure", "--config-file", str(good),
                 "--mode", "catalog", "--region", "RegionOne",
                 env=cloud_env)
    return good


def _verify(cloud_env, *argv):
    done = run_cli("-f", "json", "verify", "--image-size", "2", *argv,
                   env=cloud_env, check=False)
    return done.returncode, json.loads(done.stdout)


def _failed_step(report):
    failed = [s for s in report["steps"] if s["result"] == "FAIL"]
    assert len(failed) == 1, report
    return failed[0]


def test_verify_passes_on_a_good_cloud(image_catalog, good_nova_conf,
                                       cloud_env):
    code, report = _verify(cloud_env, "--nova-conf", str(good_nova_conf))
    assert code == errors.EXIT_OK, report
    assert report["verdict"] == "PASS"
    rows = {s["step"]: s for s in report["steps"]}
    assert rows["nova image client"]["details"]["bytes"] == 2 * 1024 * 1024
    # It says which nova ran in-process: the cloud's, wrapper-free.
    nova = rows["nova image client"]["details"]["nova"]
    assert nova["image_client"] == "wrapper-free"
    assert nova["path"].startswith(cloud_env["NOVA_GLANCE_V2_NOVA_PATH"])
    assert rows["nova-api image proxy"]["details"]["status"] == "ACTIVE"
    assert "v2" in rows["discovery"]["details"]["public"]


def test_verify_fails_when_glance_is_stopped(local_cloud, image_catalog,
                                             good_nova_conf, cloud_env):
    cloud, _ = local_cloud
    # glance dies as a crashed service does; ``up`` starts it again.
    os.killpg(cloud.status()["services"]["glance"]["pid"], signal.SIGKILL)
    try:
        code, report = _verify(cloud_env, "--nova-conf",
                               str(good_nova_conf))
    finally:
        cloud.up()
    # glance does not answer: the step's exit 3, a service unreachable.
    assert code == errors.EXIT_UNAVAILABLE
    assert _failed_step(report)["step"] == "discovery"


def test_verify_fails_when_nova_conf_points_elsewhere(
        image_catalog, nova_conf, cloud_env, tmp_path):
    elsewhere = tmp_path / "nova.conf"
    shutil.copy2(nova_conf, elsewhere)
    run_cli_json("nova-conf", "configure", "--config-file", str(elsewhere),
                 "--api-servers", "http://127.0.0.1:9", env=cloud_env)
    code, report = _verify(cloud_env, "--nova-conf", str(elsewhere))
    # Nothing listens there: nova cannot reach glance, the step's exit 3.
    assert code == errors.EXIT_UNAVAILABLE
    failed = _failed_step(report)
    assert failed["step"] == "nova image client"
    assert "step create" in failed["details"]


def test_verify_fails_on_a_versioned_v1_catalog(admin_session, glance_url,
                                                cloud_env):
    identity = {"service_type": "identity", "interface": "public"}
    service = admin_session.post(
        "/services", json={"service": {"type": "image", "name": "glance"}},
        endpoint_filter=identity).json()["service"]
    try:
        for interface in ("public", "internal"):
            admin_session.post("/endpoints", json={"endpoint": {
                "service_id": service["id"], "interface": interface,
                "region_id": "RegionOne", "url": f"{glance_url}/v1"}},
                endpoint_filter=identity)
        code, report = _verify(cloud_env)
    finally:
        remove_image_services(admin_session)
    assert code == errors.EXIT_CHECK_FAILED
    failed = _failed_step(report)
    assert failed["step"] == "catalog"
    assert "/v1 is versioned" in failed["details"]


def test_round_trips_go_through_the_first_interface_given(
        local_cloud, glance_url, admin_session, cloud_env):
    """``--interfaces internal,public``: internal first, so the round
    trips' uploads reach glance by the internal endpoint's host (glance's
    access log names the Host of each request)."""
    cloud, _ = local_cloud
    port = urllib.parse.urlsplit(glance_url).port
    internal = f"localhost:{port}"
    run_cli_json("catalog", "ensure", "--url", glance_url, "--internal-url",
                 f"http://{internal}", env=cloud_env)
    log = cloud.layout.log_file("glance")
    start = os.path.getsize(log)
    try:
        code, report = _verify(cloud_env, "--interfaces", "internal,public")
    finally:
        remove_image_services(admin_session)
    assert code == errors.EXIT_OK, report
    with open(log) as stream:
        stream.seek(start)
        uploads = re.findall(r' (\S+) "PUT /v2/images/[^/ ]+/file ',
                             stream.read())
    assert uploads and set(uploads) == {internal}, uploads
