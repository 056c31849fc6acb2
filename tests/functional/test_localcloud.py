"""The local cloud really serves keystone, glance v2 and nova-api."""

import hashlib
import io
import os

import pytest
import requests
from glanceclient import client as glance_client

from tests.functional.conftest import run_harness_json

pytestmark = pytest.mark.functional

IMAGE_BYTES = 3 * 1024 * 1024 + 17


def test_status_reports_every_service_healthy(local_cloud):
    cloud, _ = local_cloud
    status = cloud.status()
    assert set(status["services"]) == {"keystone", "glance", "nova-api"}
    for service, report in status["services"].items():
        assert report["healthy"], service
        assert report["pid"] > 0
        assert os.path.exists(report["log"])
    assert oct(os.stat(status["clouds_yaml"]).st_mode & 0o777) == "0o600"


def test_cli_status_json(local_cloud):
    cloud, _ = local_cloud
    status = run_harness_json("cloud", "status", "--state-dir",
                          cloud.layout.root)
    assert status["cloud"] == "nova-glance-v2-local"
    assert status["services"]["glance"]["healthy"] is True


def test_token_through_clouds_yaml(admin_session):
    token = admin_session.get_token()
    assert token
    assert admin_session.get_endpoint(service_type="identity",
                                      interface="public")


def test_image_service_is_left_for_the_product(admin_session):
    # Converging the image endpoint is 'catalog ensure''s job, not up's.
    access = admin_session.auth.get_access(admin_session)
    types = {service["type"] for service in access.service_catalog.catalog}
    assert "compute" in types
    assert "image" not in types


def _round_trip(glance, upload):
    data = os.urandom(IMAGE_BYTES)
    image = glance.images.create(
        name="ngv2-roundtrip", disk_format="raw", container_format="bare")
    try:
        upload(glance, image.id, data)
        assert glance.images.get(image.id).status == "active"
        downloaded = b"".join(glance.images.data(image.id))
        assert (hashlib.sha256(downloaded).hexdigest()
                == hashlib.sha256(data).hexdigest())
    finally:
        glance.images.delete(image.id)
    assert image.id not in [i.id for i in glance.images.list()]


def test_image_round_trip_with_known_size(admin_session, glance_url):
    glance = glance_client.Client("2", session=admin_session,
                                  endpoint_override=glance_url)
    _round_trip(glance, lambda g, image_id, data: g.images.upload(
        image_id, io.BytesIO(data), image_size=len(data)))


def test_image_round_trip_chunked(admin_session, glance_url):
    glance = glance_client.Client("2", session=admin_session,
                                  endpoint_override=glance_url)
    # No size: glanceclient streams it chunked, as nova uploads snapshots.
    _round_trip(glance, lambda g, image_id, data: g.images.upload(
        image_id, io.BytesIO(data)))


def test_nova_api_lists_images_once_told_where_glance_is(
        local_cloud, nova_conf, admin_session, glance_url):
    cloud, status = local_cloud
    glance = glance_client.Client("2", session=admin_session,
                                  endpoint_override=glance_url)
    image = glance.images.create(name="ngv2-nova-sees-me",
                                 disk_format="raw", container_format="bare")
    try:
        glance.images.upload(image.id, io.BytesIO(b"x" * 1024))
        with open(nova_conf, "a") as conf:
            conf.write(f"\n[glance]\napi_servers = {glance_url}\n")
        cloud.restart("nova-api")
        nova_url = status["services"]["nova-api"]["url"]
        response = requests.get(
            f"{nova_url}/images",
            headers={"X-Auth-Token": admin_session.get_token()}, timeout=30)
        assert response.status_code == 200, response.text
        names = [i["name"] for i in response.json()["images"]]
        assert "ngv2-nova-sees-me" in names
    finally:
        glance.images.delete(image.id)
