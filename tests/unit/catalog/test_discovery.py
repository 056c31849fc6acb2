"""catalog/discovery.py offline: keystoneauth's real catalog look-up and
version discovery against keystoneauth1.fixture bodies on requests_mock."""

import pytest
import requests

from nova_glance_v2 import errors
from nova_glance_v2.catalog import discovery
from tests.unit import fakecloud
from tests.unit.catalog.dicts import URL
from tests.unit.catalog.dicts import endpoint
from tests.unit.catalog.dicts import service
from tests.unit.fakecloud import GLANCE_INTERNAL
from tests.unit.fakecloud import GLANCE_PUBLIC
from tests.unit.fakecloud import REGION


def _one(cloud, interface="public", region=REGION, checked=None):
    [report] = discovery.discover(cloud.session(), region, [interface],
                                  glance_checked=checked)
    return report


def test_a_current_v2_glance_is_ok(cloud):
    report = _one(cloud)
    assert report["ok"], report["problem"]
    assert report["url"] == GLANCE_PUBLIC
    assert report["api_url"] == f"{GLANCE_PUBLIC}/v2/"
    assert report["api_version"] == "2.17"
    assert report["status"] == "CURRENT"
    assert report["versions"] == ["v2.16 SUPPORTED", "v2.17 CURRENT"]


def test_each_interface_is_resolved_in_the_order_asked(cloud):
    reports = discovery.discover(cloud.session(), REGION,
                                 ["internal", "public"])
    assert [(r["interface"], r["url"]) for r in reports] == [
        ("internal", GLANCE_INTERNAL), ("public", GLANCE_PUBLIC)]
    assert all(r["ok"] for r in reports)


def test_the_schema_is_asked_once_per_api_url(cloud):
    checked = {}
    _one(cloud, checked=checked)
    _one(cloud, checked=checked)
    schema = [url for url in cloud.requested("GET")
              if url.endswith("/schemas/image")]
    assert schema == [f"GET {GLANCE_PUBLIC}/v2/schemas/image"]
    assert checked == {f"{GLANCE_PUBLIC}/v2/": None}


def test_no_endpoint_for_the_interface(cloud):
    report = _one(cloud, interface="admin")
    assert not report["ok"]
    assert report["problem"] == "no image endpoint in the catalog"
    assert report["url"] is None


def test_an_unknown_region_has_no_endpoint(cloud):
    report = _one(cloud, region="NoSuchRegion")
    assert report["problem"] == "no image endpoint in the catalog"


def test_no_image_service_at_all(requests_mock):
    cloud = fakecloud.Cloud(requests_mock, fakecloud.token(glance={}))
    assert _one(cloud)["problem"] == "no image endpoint in the catalog"


def test_v1_still_advertised_is_a_problem(requests_mock):
    cloud = fakecloud.Cloud(requests_mock)
    cloud.glance(GLANCE_PUBLIC, versions=(("v1.1", "SUPPORTED"),
                                          ("v2.17", "CURRENT")))
    report = _one(cloud)
    assert report["problem"] == "the Image API v1 is still advertised"
    assert "v1.1 SUPPORTED" in report["versions"]


def test_v2_but_none_current(requests_mock):
    cloud = fakecloud.Cloud(requests_mock)
    cloud.glance(GLANCE_PUBLIC, versions=(("v2.16", "SUPPORTED"),
                                          ("v2.17", "DEPRECATED")))
    assert _one(cloud)["problem"] == "no CURRENT v2 version"


def test_only_v1(requests_mock):
    cloud = fakecloud.Cloud(requests_mock)
    cloud.glance(GLANCE_PUBLIC, versions=(("v1.1", "CURRENT"),))
    assert _one(cloud)["problem"] == "no v2 API among the versions found"


def test_a_v2_that_is_not_glance(requests_mock):
    """nova's root also lists a CURRENT v2.x: the image schema tells."""
    cloud = fakecloud.Cloud(requests_mock)
    cloud.glance(GLANCE_PUBLIC, schema_name="server")
    report = _one(cloud)
    assert not report["ok"]
    assert report["problem"] == (
        f"not Glance: GET {GLANCE_PUBLIC}/v2/schemas/image answered 200")


@pytest.mark.parametrize("status", [401, 403, 404, 500])
def test_http_errors_from_glance_are_a_discovery_verdict(requests_mock,
                                                         status):
    cloud = fakecloud.Cloud(requests_mock)
    requests_mock.get(GLANCE_PUBLIC, status_code=status, text="no")
    report = _one(cloud)
    assert not report["ok"]
    assert report["problem"].startswith("version discovery failed: ")
    assert "\n" not in report["problem"]


def test_unreachable_glance_is_unavailable_not_a_verdict(requests_mock):
    cloud = fakecloud.Cloud(requests_mock)
    cloud.down(GLANCE_PUBLIC)
    with pytest.raises(errors.Unavailable) as raised:
        _one(cloud)
    assert str(raised.value).startswith(
        f"glance: cannot reach {GLANCE_PUBLIC} (")
    assert raised.value.exit_code == errors.EXIT_UNAVAILABLE


def test_schema_that_cannot_be_fetched(requests_mock):
    cloud = fakecloud.Cloud(requests_mock)
    cloud.glance(GLANCE_PUBLIC)
    requests_mock.get(f"{GLANCE_PUBLIC}/v2/schemas/image",
                      exc=requests.exceptions.ConnectionError("refused"))
    assert _one(cloud)["problem"].startswith(
        f"GET {GLANCE_PUBLIC}/v2/schemas/image failed: ")


def test_schema_that_is_not_json(requests_mock):
    cloud = fakecloud.Cloud(requests_mock)
    cloud.glance(GLANCE_PUBLIC)
    requests_mock.get(f"{GLANCE_PUBLIC}/v2/schemas/image", text="<html>")
    assert _one(cloud)["problem"].startswith("not Glance: ")


def test_probe_fills_the_verdicts_and_ignores_failures(cloud, requests_mock):
    checked = {}
    discovery.probe(cloud.session(), GLANCE_PUBLIC, checked)
    assert checked == {f"{GLANCE_PUBLIC}/v2/": None}
    down = "http://down.test/image"
    cloud.down(down)
    discovery.probe(cloud.session(), down, checked)
    requests_mock.get("http://broken.test/image", status_code=500)
    discovery.probe(cloud.session(), "http://broken.test/image", checked)
    assert list(checked) == [f"{GLANCE_PUBLIC}/v2/"]


def test_catalog_matches_the_tokens_catalog(cloud):
    session = cloud.session()
    listed = [{"interface": "public", "url": GLANCE_PUBLIC,
               "region_id": REGION},
              {"interface": "internal", "url": GLANCE_INTERNAL,
               "region_id": REGION},
              {"interface": "internal", "url": "http://old.test",
               "region_id": REGION, "enabled": False},
              {"interface": "public", "url": "http://elsewhere.test",
               "region_id": "RegionTwo"}]
    assert discovery.catalog_matches(session, REGION,
                                     ["public", "internal"], listed)
    assert discovery.catalog_matches(session, REGION, ["public"],
                                     listed[:1])
    listed[0]["url"] = "http://new.test/image"
    assert not discovery.catalog_matches(session, REGION, ["public"],
                                         listed)


def test_catalog_shows_exactly_the_enabled_endpoints():
    services = [{"id": "s1"}, {"id": "s2", "enabled": False}]
    endpoints = [
        {"id": "e1", "service_id": "s1", "interface": "public",
         "region_id": REGION, "url": GLANCE_PUBLIC},
        {"id": "e2", "service_id": "s1", "interface": "admin",
         "region_id": REGION, "url": GLANCE_PUBLIC, "enabled": False},
        {"id": "e3", "service_id": "s2", "interface": "public",
         "region_id": REGION, "url": GLANCE_PUBLIC},
    ]
    catalog = [{"id": "s1", "type": "image", "endpoints": [
        {"id": "e1", "interface": "public", "region_id": REGION,
         "url": GLANCE_PUBLIC}]},
        {"id": "k", "type": "identity", "endpoints": [{"id": "x"}]}]
    assert discovery.catalog_shows(catalog, services, endpoints)
    catalog[0]["endpoints"][0]["url"] = GLANCE_INTERNAL
    assert not discovery.catalog_shows(catalog, services, endpoints)
    assert not discovery.catalog_shows([], services, endpoints)


def test_version_summary():
    versions = [{"version": (2, n), "status": "SUPPORTED"}
                for n in range(18)]
    versions.append({"version": (2, 18), "status": "CURRENT"})
    assert discovery._summary(versions) == ["v2.0..v2.17 SUPPORTED",
                                          "v2.18 CURRENT"]


def _catalog_of(services, endpoints):
    """What a v3 token's catalog shows: enabled services and endpoints."""
    return [{"id": s["id"], "type": s["type"], "name": s["name"],
             "endpoints": [{"id": e["id"], "interface": e["interface"],
                            "region_id": e["region_id"], "url": e["url"]}
                           for e in endpoints if e["service_id"] == s["id"]
                           and e["enabled"]]}
            for s in services if s["enabled"]]


def test_a_token_catalog_confirms_only_the_expected_endpoints():
    services = [service("s1")]
    endpoints = [endpoint("e1", "public"), endpoint("e2", "internal"),
                 endpoint("e3", "admin", enabled=False)]
    catalog_now = _catalog_of(services, endpoints)
    assert discovery.catalog_shows(catalog_now, services, endpoints)
    # A concurrent run's service and endpoint: list again.
    rival = [service("s2"), endpoint("e4", "public", sid="s2")]
    assert not discovery.catalog_shows(
        _catalog_of(services + rival[:1], endpoints + rival[1:]),
        services, endpoints)
    # An endpoint gone or moved meanwhile: list again.
    assert not discovery.catalog_shows(
        _catalog_of(services, endpoints[1:]), services, endpoints)
    moved = [endpoint("e1", "public", url=URL + ":1")] + endpoints[1:]
    assert not discovery.catalog_shows(
        _catalog_of(services, moved), services, endpoints)
