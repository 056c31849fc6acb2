"""catalog/show.py: the listing and discovery, on the fake Keystone."""

from nova_glance_v2.catalog import keystone as keystone_mod
from nova_glance_v2.catalog import show
from tests.unit.fakecloud import GLANCE_PUBLIC
from tests.unit.fakecloud import IMAGE_SERVICE_ID
from tests.unit.fakecloud import REGION

ENDPOINT = {"id": "public-endpoint-id", "service_id": IMAGE_SERVICE_ID,
            "interface": "public", "region_id": REGION,
            "url": GLANCE_PUBLIC}


def _show(cloud, interfaces):
    cloud.identity("GET", "/services?type=image", json={"services": [
        {"id": IMAGE_SERVICE_ID, "type": "image", "name": "glance"}]})
    cloud.identity("GET", "/endpoints", json={"endpoints": [ENDPOINT]})
    session = cloud.session()
    return show.show(session, REGION, interfaces,
                     keystone_mod.Keystone(session))


def test_services_endpoints_and_discovery(cloud):
    data, ok = _show(cloud, ["public"])
    assert ok
    assert data["services"] == [{"id": IMAGE_SERVICE_ID, "name": "glance",
                                 "type": "image", "enabled": True}]
    assert data["endpoints"] == [{
        "id": "public-endpoint-id", "service_id": IMAGE_SERVICE_ID,
        "interface": "public", "region": REGION, "url": GLANCE_PUBLIC,
        "enabled": True}]
    assert [r["api_version"] for r in data["discovery"]] == ["2.17"]


def test_one_interface_without_glance_is_not_ok(cloud):
    data, ok = _show(cloud, ["public", "admin"])
    assert not ok
    assert [r["ok"] for r in data["discovery"]] == [True, False]
