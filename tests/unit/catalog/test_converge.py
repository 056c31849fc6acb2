"""catalog/converge.py's pure parts: write order and the state a plan's
writes leave."""

from nova_glance_v2.catalog import converge
from nova_glance_v2.catalog import plan as catalog
from tests.unit.catalog.dicts import URL
from tests.unit.catalog.dicts import WANTED
from tests.unit.catalog.dicts import endpoint
from tests.unit.catalog.dicts import service


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
