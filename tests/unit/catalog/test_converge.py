"""catalog/converge.py's pure parts: write order and the state a plan's
writes leave."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.catalog import converge
from nova_glance_v2.catalog import keystone as keystone_mod
from nova_glance_v2.catalog import plan as catalog
from tests.unit import fakeidentity
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


# -- rounds against a stateful identity API (tests/unit/fakeidentity.py) ----

class _Forgetful(fakeidentity.Identity):
    """Answers endpoint creations but never keeps them."""

    def _create_endpoint(self, request, context):
        answer = super()._create_endpoint(request, context)
        self.endpoints.pop(answer["endpoint"]["id"])
        return answer


class _Rival(fakeidentity.Identity):
    """Another run deletes each endpoint just before we do."""

    def _delete_endpoint(self, request, context):
        super()._delete_endpoint(request, context)
        return self._missing(context)


def _keystone(cloud):
    return keystone_mod.Keystone(cloud.session())


def test_a_catalog_that_never_settles_is_a_check_failure(cloud):
    _Forgetful(cloud.mock)
    with pytest.raises(errors.CheckFailed, match="after 3 rounds"):
        converge.converge(_keystone(cloud), "RegionOne", WANTED,
                          max_rounds=3)


def test_what_a_rival_deleted_first_is_not_reported_as_done(cloud):
    identity = _Rival(cloud.mock, services=[service("s1")], endpoints=[
        endpoint("e1", "public"), endpoint("e2", "public"),
        endpoint("e3", "internal")])
    done, _, endpoints = converge.converge(_keystone(cloud), "RegionOne",
                                           WANTED)
    assert done == []
    assert sorted(e["id"] for e in endpoints) == ["e1", "e3"]
    assert sorted(identity.endpoints) == ["e1", "e3"]
