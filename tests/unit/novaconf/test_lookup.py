"""novaconf/lookup.py: the image url from a catalog, only when needed,
through clouds.yaml, openstacksdk's loader and keystoneauth, offline."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.novaconf import lookup
from tests.unit import fakecloud
from tests.unit.fakecloud import GLANCE_INTERNAL
from tests.unit.fakecloud import GLANCE_PUBLIC
from tests.unit.fakecloud import REGION


@pytest.fixture
def cloud_name(cloud, tmp_path, monkeypatch):
    path = tmp_path / "clouds.yaml"
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    return fakecloud.clouds_yaml(path)


def test_without_a_cloud_it_asks_for_a_url():
    with pytest.raises(errors.BadInput) as raised:
        lookup.CatalogLookup(None)(REGION, ["internal"])
    assert "--api-servers" in str(raised.value)
    assert "--os-cloud" in str(raised.value)


def test_the_first_interface_with_an_endpoint_wins(cloud_name):
    find = lookup.CatalogLookup(cloud_name)
    assert find(REGION, ["admin", "internal", "public"]) == GLANCE_INTERNAL
    assert find(REGION, ["public"]) == GLANCE_PUBLIC


def test_one_login_and_one_answer_per_question(cloud_name, cloud):
    find = lookup.CatalogLookup(cloud_name)
    find(REGION, ["internal"])
    asked = len(cloud.mock.request_history)
    assert find(REGION, ["internal"]) == GLANCE_INTERNAL
    find(REGION, ["public"])
    assert len(cloud.mock.request_history) == asked
    assert len(cloud.requested("POST")) == 1


def test_no_endpoint_in_the_region_fails_the_check(cloud_name):
    with pytest.raises(errors.CheckFailed) as raised:
        lookup.CatalogLookup(cloud_name)("RegionTwo", ["internal", "public"])
    assert str(raised.value) == (
        f"cloud {cloud_name}: no image endpoint in the catalog (region "
        "RegionTwo, interfaces internal,public)")


def test_refused_credentials_are_unavailable(cloud_name, requests_mock):
    requests_mock.post(f"{fakecloud.KEYSTONE}/v3/auth/tokens",
                       status_code=401)
    with pytest.raises(errors.Unavailable) as raised:
        lookup.CatalogLookup(cloud_name)(REGION, ["internal"])
    assert "authentication failed" in str(raised.value)
