"""The pure planning of ``catalog ensure``, on plain dict fakes."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.catalog import converge
from nova_glance_v2.catalog import discovery
from nova_glance_v2.catalog import plan as catalog
from nova_glance_v2.catalog import request

URL = "http://glance.example.org:9292"
WANTED = {"public": URL, "internal": URL}


def service(sid, name="glance"):
    return {"id": sid, "name": name, "type": "image", "enabled": True}


def endpoint(eid, interface, url=URL, region="RegionOne", sid="s1",
             enabled=True):
    return {"id": eid, "service_id": sid, "interface": interface,
            "region_id": region, "url": url, "enabled": enabled}


def ops(actions):
    return [(a["op"], a["resource"], a["interface"], a["endpoint_id"])
            for a in actions]


def test_empty_catalog_creates_the_service_then_endpoints():
    actions = catalog.plan([], [], "RegionOne", WANTED)
    assert ops(actions) == [
        ("create", "service", None, None),
        ("create", "endpoint", "public", None),
        ("create", "endpoint", "internal", None),
    ]
    assert all(a["new_url"] == URL for a in actions[1:])


def test_clean_catalog_plans_nothing():
    endpoints = [endpoint("e1", "public"), endpoint("e2", "internal")]
    assert catalog.plan([service("s1")], endpoints, "RegionOne",
                        WANTED) == []


def test_legacy_catalog():
    endpoints = [
        endpoint("e5", "public", URL + "/v1"),
        endpoint("e3", "public", URL + "/v2.0/"),  # duplicate, lower id
        endpoint("e4", "internal", URL + "/v2/"),
        endpoint("e1", "public", URL + "/v1", region="RegionTwo"),
    ]
    actions = catalog.plan([service("s1")], endpoints, "RegionOne", WANTED)
    assert ops(actions) == [
        ("update", "endpoint", "public", "e3"),
        ("update", "endpoint", "internal", "e4"),
        ("delete", "endpoint", "public", "e5"),
    ]
    assert actions[0]["old_url"] == URL + "/v2.0/"
    assert actions[0]["new_url"] == URL
    assert actions[0]["region"] == "RegionOne"


def test_other_regions_are_never_touched():
    endpoints = [endpoint("e1", "public", URL + "/v1", region="RegionTwo"),
                 endpoint("e2", "internal", URL + "/v1", region="RegionTwo"),
                 endpoint("e3", "admin", URL, region="RegionTwo")]
    actions = catalog.plan([service("s1")], endpoints, "RegionOne", WANTED,
                           prune=True)
    assert ops(actions) == [("create", "endpoint", "public", None),
                            ("create", "endpoint", "internal", None)]


def test_unrequested_interface_left_alone_unless_prune():
    endpoints = [endpoint("e1", "public"), endpoint("e2", "internal"),
                 endpoint("e3", "admin", URL + "/v1")]
    assert catalog.plan([service("s1")], endpoints, "RegionOne",
                        WANTED) == []
    assert ops(catalog.plan([service("s1")], endpoints, "RegionOne",
                            WANTED, prune=True)) == [
        ("delete", "endpoint", "admin", "e3")]


def test_disabled_keeper_is_enabled_again():
    endpoints = [endpoint("e1", "public", enabled=False),
                 endpoint("e2", "internal")]
    assert ops(catalog.plan([service("s1")], endpoints, "RegionOne",
                            WANTED)) == [("update", "endpoint", "public",
                                          "e1")]


def test_the_lowest_service_id_wins_and_losers_lose_their_endpoints():
    services = [service("s2"), service("s1"), service("s3")]
    endpoints = [endpoint("e9", "public", sid="s2"),
                 endpoint("e1", "internal", sid="s2"),
                 endpoint("e5", "public", sid="s1"),
                 endpoint("e7", "public", sid="s3", region="RegionTwo")]
    actions = catalog.plan(services, endpoints, "RegionOne", WANTED,
                           own_services={"s2"})
    assert ops(actions) == [
        ("create", "endpoint", "internal", None),
        ("delete", "endpoint", "public", "e9"),
        ("delete", "endpoint", "internal", "e1"),
        # s2 was ours and has nothing left; s3 is not ours (and keeps an
        # endpoint elsewhere), so it stays.
        ("delete", "service", None, None),
    ]
    assert actions[0]["service_id"] == "s1"
    assert actions[-1]["service_id"] == "s2"


def test_prune_removes_empty_other_services_only():
    services = [service("s1"), service("s2"), service("s3")]
    endpoints = [endpoint("e1", "public"), endpoint("e2", "internal"),
                 endpoint("e3", "public", region="RegionTwo", sid="s3")]
    assert catalog.plan(services, endpoints, "RegionOne", WANTED) == []
    actions = catalog.plan(services, endpoints, "RegionOne", WANTED,
                           prune=True)
    assert [(a["op"], a["service_id"]) for a in actions] == [
        ("delete", "s2")]


def test_a_service_named_glance_is_preferred():
    services = [service("a1", name="image-legacy"), service("z9")]
    assert catalog.choose_service(services)["id"] == "z9"
    assert catalog.choose_service([service("b", "x"),
                                   service("a", "y")])["id"] == "a"
    assert catalog.choose_service([]) is None


def test_plans_agree_whatever_the_listing_order():
    services = [service("s1"), service("s2")]
    endpoints = [endpoint("e3", "public", sid="s2"),
                 endpoint("e2", "public"), endpoint("e1", "public"),
                 endpoint("e4", "internal")]
    first = catalog.plan(services, endpoints, "RegionOne", WANTED)
    second = catalog.plan(services[::-1], endpoints[::-1], "RegionOne",
                          WANTED)
    assert first == second
    assert ops(first) == [("delete", "endpoint", "public", "e2"),
                          ("delete", "endpoint", "public", "e3")]


def test_phases_order_writes():
    actions = catalog.plan(
        [service("s1"), service("s2")],
        [endpoint("e2", "public", sid="s2"), endpoint("e3", "internal",
                                                      URL + "/v1")],
        "RegionOne", WANTED, own_services={"s2"})
    phases = converge._phases(actions)
    assert [[(a["op"], a["resource"]) for a in p] for p in phases] == [
        [("update", "endpoint"), ("create", "endpoint")],
        [("delete", "endpoint")],
        [("delete", "service")],
    ]


def test_wanted_urls_strip_versions_and_take_overrides():
    wanted = request.wanted_urls(
        ("public", "internal"), URL + "/v2/",
        {"internal": "http://10.0.0.5:9292/image/v1.0", "admin": None})
    assert wanted == {"public": URL,
                      "internal": "http://10.0.0.5:9292/image"}


@pytest.mark.parametrize("url, overrides", [
    ("glance.example.org:9292", {}),
    ("http:///image", {}),
    (URL + "/?a=1", {}),
    (URL + "#top", {}),
    ("ftp://glance.example.org/image", {}),
    (None, {}),
    (URL, {"admin": URL}),  # admin not requested
])
def test_wanted_urls_rejects(url, overrides):
    with pytest.raises(errors.BadInput) as info:
        request.wanted_urls(("public", "internal"), url, overrides)
    assert "\n" not in str(info.value)


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


def test_expected_state_is_what_plan_then_leaves_alone():
    services = [service("s1")]
    endpoints = [endpoint("e1", "public", url=URL + "/v2"),
                 endpoint("e2", "public"),
                 endpoint("e3", "admin", enabled=False)]
    actions = catalog.plan(services, endpoints, "RegionOne", WANTED)
    created = endpoint("e9", "internal")
    results = [(a, created if a["op"] == "create" else True)
               for a in actions]
    after = converge._expected(services, endpoints, results)
    assert sorted(e["id"] for e in after[1]) == ["e1", "e3", "e9"]
    assert catalog.plan(*after, "RegionOne", WANTED) == []


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
