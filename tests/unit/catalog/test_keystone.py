"""catalog/keystone.py offline: the identity API v3 calls, found through a
keystoneauth1.fixture token's catalog and v3 discovery on requests_mock."""

import types

import pytest
import requests
from keystoneauth1 import exceptions as ks_exc

from nova_glance_v2 import errors
from nova_glance_v2.catalog import keystone as keystone_mod
from tests.unit.fakecloud import KEYSTONE
from tests.unit.fakecloud import REGION

V3 = f"{KEYSTONE}/v3"
SERVICE = {"id": "s1", "type": "image", "name": "glance", "enabled": True}
ENDPOINTS = [
    {"id": "e1", "service_id": "s1", "interface": "public",
     "region_id": REGION, "url": "http://glance.test/image"},
    {"id": "e2", "service_id": "k1", "interface": "public",
     "region_id": "RegionTwo", "url": KEYSTONE},
]


@pytest.fixture
def keystone(cloud):
    return keystone_mod.Keystone(cloud.session())


def _listing(cloud, services=(SERVICE,), endpoints=ENDPOINTS):
    cloud.identity("GET", "/services?type=image",
                   json={"services": list(services)})
    cloud.identity("GET", "/endpoints", json={"endpoints": list(endpoints)})


def test_lists_through_the_catalogs_identity_endpoint(cloud, keystone):
    _listing(cloud)
    assert keystone.image_services() == [SERVICE]
    assert keystone.endpoints() == ENDPOINTS
    [services] = [r for r in cloud.mock.request_history
                  if r.path.endswith("/services")]
    assert services.qs == {"type": ["image"]}
    assert services.headers["X-Auth-Token"] == "fake-token-id"


def test_writes_send_what_keystone_expects(cloud, keystone):
    cloud.identity("POST", "/services", status_code=201,
                   json={"service": SERVICE})
    cloud.identity("POST", "/endpoints", status_code=201,
                   json={"endpoint": ENDPOINTS[0]})
    cloud.identity("PATCH", "/endpoints/e1", json={"endpoint": {}})
    assert keystone.create_service() == SERVICE
    assert keystone.create_endpoint("s1", "public", REGION,
                                    "http://glance.test/image") \
        == ENDPOINTS[0]
    assert keystone.update_endpoint("e1", "http://new.test/image")
    bodies = [r.json() for r in cloud.mock.request_history
              if r.method in ("POST", "PATCH")
              and not r.path.endswith("/auth/tokens")]
    assert bodies[0]["service"]["type"] == "image"
    assert bodies[0]["service"]["enabled"] is True
    assert bodies[1] == {"endpoint": {
        "service_id": "s1", "interface": "public", "region_id": REGION,
        "url": "http://glance.test/image", "enabled": True}}
    assert bodies[2] == {"endpoint": {"url": "http://new.test/image",
                                      "enabled": True}}


def test_deleting_what_is_gone_already_is_false(cloud, keystone):
    cloud.identity("DELETE", "/services/gone", status_code=404)
    cloud.identity("DELETE", "/endpoints/gone", status_code=404)
    cloud.identity("PATCH", "/endpoints/gone", status_code=404)
    cloud.identity("DELETE", "/services/s1", status_code=204)
    assert keystone.delete_service("gone") is False
    assert keystone.delete_endpoint("gone") is False
    assert keystone.update_endpoint("gone", "http://x.test") is False
    assert keystone.delete_service("s1") is True


def test_token_validation_sends_the_subject_token(cloud, keystone):
    cloud.identity("GET", "/auth/tokens", json={"token": {"catalog": []}})
    assert keystone.token("other") == {"token": {"catalog": []}}
    assert cloud.mock.last_request.headers["X-Subject-Token"] == "other"


def test_an_unknown_region_is_bad_input_naming_the_known(cloud, keystone):
    cloud.identity("GET", "/regions/Nowhere", status_code=404)
    cloud.identity("GET", "/regions", json={"regions": [
        {"id": "RegionTwo"}, {"id": REGION}]})
    with pytest.raises(errors.BadInput) as raised:
        keystone.check_region("Nowhere")
    assert str(raised.value) == ("region 'Nowhere' does not exist in "
                                 "Keystone (known: RegionOne, RegionTwo)")
    cloud.identity("GET", f"/regions/{REGION}", json={"region": {}})
    keystone.check_region(REGION)


@pytest.mark.parametrize(("status", "error", "text"), [
    (400, errors.BadInput, "keystone refused GET /endpoints: "),
    (401, errors.Unavailable, "keystone: authentication failed ("),
    (403, errors.Unavailable, "keystone: the credentials lack the rights"),
    (500, errors.Unavailable, "keystone: GET /endpoints failed: "),
    (503, errors.Unavailable, "keystone: GET /endpoints failed: "),
])
def test_http_errors_become_one_line_errors(cloud, keystone, status,
                                            error, text):
    cloud.identity("GET", "/endpoints", status_code=status,
                   json={"error": {"message": "why\nmore",
                                   "code": status}})
    with pytest.raises(error) as raised:
        keystone.endpoints()
    assert str(raised.value).startswith(text)
    assert "\n" not in str(raised.value)


def test_a_missing_resource_is_unavailable_not_a_bug(cloud, keystone):
    # Not keystone's identity API v3 where the catalog says: exit 3 with
    # one line, not an internal error.
    cloud.identity("GET", "/endpoints", status_code=404)
    with pytest.raises(errors.Unavailable) as raised:
        keystone.endpoints()
    assert str(raised.value).startswith(
        "keystone: GET /endpoints answered 404")
    assert "\n" not in str(raised.value)


def test_unreachable_keystone_is_unavailable(cloud, keystone):
    cloud.identity("GET", "/endpoints",
                   exc=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(errors.Unavailable) as raised:
        keystone.endpoints()
    assert str(raised.value).startswith("keystone: unreachable (")


def test_failed_login_is_unavailable(requests_mock, cloud):
    requests_mock.post(f"{V3}/auth/tokens", status_code=401,
                       json={"error": {"message": "bad", "code": 401}})
    with pytest.raises(errors.Unavailable) as raised:
        keystone_mod.Keystone(cloud.session()).endpoints()
    assert "authentication failed" in str(raised.value)
    assert "pw" not in str(raised.value)


def test_list_state_keeps_the_image_endpoints(cloud, keystone):
    _listing(cloud)
    services, endpoints = keystone_mod.list_state(keystone, REGION)
    assert services == [SERVICE]
    assert endpoints == ENDPOINTS[:1]
    # An endpoint in the region proves it exists: Keystone is not asked.
    assert not [r for r in cloud.mock.request_history
                if "/regions" in r.path]


def test_list_state_checks_a_region_no_endpoint_shows(cloud, keystone):
    _listing(cloud)
    cloud.identity("GET", "/regions/Empty", json={"region": {}})
    assert keystone_mod.list_state(keystone, "Empty")[0] == [SERVICE]
    cloud.identity("GET", "/regions/Nowhere", status_code=404)
    cloud.identity("GET", "/regions", json={"regions": []})
    with pytest.raises(errors.BadInput, match=r"\(known: none\)"):
        keystone_mod.list_state(keystone, "Nowhere")


def test_parallel_keeps_order_and_raises_after_all_finished():
    done = []

    def ok(value):
        def call():
            done.append(value)
            return value
        return call

    def fails():
        raise errors.Unavailable("down")

    assert keystone_mod.parallel([ok(1), ok(2), ok(3)]) == [1, 2, 3]
    assert keystone_mod.parallel([ok(4)]) == [4]
    done.clear()
    with pytest.raises(errors.Unavailable):
        keystone_mod.parallel([fails, ok(5), ok(6)])
    assert sorted(done) == [5, 6]


def test_message_is_one_line():
    assert keystone_mod.message(ks_exc.HttpError("a\nb")) == "a"
    assert keystone_mod.message(ValueError()) == "ValueError"
    assert keystone_mod.message(ValueError("  \n ")) == "ValueError"


def test_views():
    assert keystone_mod.endpoint_view({
        "id": "e", "service_id": "s", "interface": "public",
        "region": "R", "url": "u", "extra": 1}) == {
        "id": "e", "service_id": "s", "interface": "public", "region": "R",
        "url": "u", "enabled": True}
    assert keystone_mod.service_view({"id": "s", "type": "image",
                                      "enabled": False}) == {
        "id": "s", "name": None, "type": "image", "enabled": False}


def test_for_connection_locates_keystone_as_clouds_yaml_says(cloud):
    config = types.SimpleNamespace(
        get_interface=lambda: "internal",
        get_region_name=lambda service: {"identity": "RegionTwo"}[service])
    connection = types.SimpleNamespace(session=cloud.session(),
                                       config=config)
    found = keystone_mod.for_connection(connection)
    assert (found.api.interface, found.api.region_name) == (
        "internal", "RegionTwo")
    config.get_interface = lambda: None
    config.get_region_name = lambda service: ""
    found = keystone_mod.for_connection(connection)
    assert (found.api.interface, found.api.region_name) == ("public", None)
