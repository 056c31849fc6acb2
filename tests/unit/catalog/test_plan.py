"""The pure planning of ``catalog ensure``, on plain dict fakes."""

from nova_glance_v2.catalog import plan as catalog
from tests.unit.catalog.dicts import URL
from tests.unit.catalog.dicts import WANTED
from tests.unit.catalog.dicts import endpoint
from tests.unit.catalog.dicts import service


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
