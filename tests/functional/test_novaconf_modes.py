"""nova configured by ``nova-conf configure`` reaches glance v2, in every
mode: nova-api's image proxy, and nova's own image client in-process."""

import io
import shutil

import pytest
import requests
from glanceclient import client as glance_client

from tests.functional.conftest import run_cli
from tests.functional.conftest import run_cli_json

pytestmark = pytest.mark.functional


def _mode_args(mode, glance_url):
    if mode == "api_servers":
        return ["--api-servers", glance_url]
    if mode == "endpoint_override":
        return ["--endpoint-override", glance_url + "/v2"]
    return ["--region", "RegionOne"]


@pytest.mark.parametrize("mode",
                         ["api_servers", "catalog", "endpoint_override"])
def test_nova_reaches_glance_v2(mode, local_cloud, nova_conf,
                                image_catalog, cloud_env, admin_session,
                                glance_url):
    cloud, status = local_cloud

    report = run_cli_json(
        "nova-conf", "configure", "--config-file", nova_conf,
        "--mode", mode, *_mode_args(mode, glance_url), env=cloud_env)
    assert report["changed"] is True
    with open(nova_conf) as conf:
        text = conf.read()
    expected = {"api_servers": f"api_servers = {glance_url}\n",
                "endpoint_override": f"endpoint_override = {glance_url}\n",
                "catalog": "region_name = RegionOne\n"}[mode]
    assert expected in text
    for other in {"api_servers", "endpoint_override"} - {mode}:
        assert f"\n{other} =" not in text

    cloud.restart("nova-api")
    glance = glance_client.Client("2", session=admin_session,
                                  endpoint_override=glance_url)
    image = glance.images.create(name=f"ngv2-{mode}", disk_format="raw",
                                 container_format="bare")
    try:
        glance.images.upload(image.id, io.BytesIO(b"nova-glance-v2" * 64))
        nova_url = status["services"]["nova-api"]["url"]
        response = requests.get(
            f"{nova_url}/images/{image.id}",
            headers={"X-Auth-Token": admin_session.get_token()}, timeout=30)
        assert response.status_code == 200, response.text
        assert response.json()["image"]["name"] == f"ngv2-{mode}"
    finally:
        glance.images.delete(image.id)

    probe = run_cli_json("nova-conf", "probe", "--config-file", nova_conf,
                         "--image-size", "4", env=cloud_env)
    assert set(probe["seconds"]) == {"create", "snapshot upload", "list",
                                     "show", "download", "delete"}
    assert probe["bytes"] == 4 * 1024 * 1024
    assert probe["image_id"] not in [i.id for i in glance.images.list()]


def test_probe_fails_naming_the_step_when_glance_is_elsewhere(
        nova_conf, cloud_env, tmp_path):
    elsewhere = tmp_path / "nova.conf"
    shutil.copy2(nova_conf, elsewhere)
    run_cli_json("nova-conf", "configure", "--config-file", str(elsewhere),
                 "--api-servers", "http://127.0.0.1:9", env=cloud_env)
    done = run_cli("nova-conf", "probe", "--config-file", str(elsewhere),
                   env=cloud_env, check=False)
    assert done.returncode == 3, done.stderr
    assert "step create" in done.stderr
