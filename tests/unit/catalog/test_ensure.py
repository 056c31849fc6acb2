"""catalog/ensure.py offline: converge through the real Keystone client
on a stateful identity API (tests/unit/fakeidentity.py), then discovery
through the token's fresh catalog."""

import pytest

from nova_glance_v2.catalog import ensure
from nova_glance_v2.catalog import keystone as keystone_mod
from tests.unit import fakeidentity
from tests.unit.fakecloud import GLANCE_INTERNAL
from tests.unit.fakecloud import GLANCE_PUBLIC
from tests.unit.fakecloud import REGION

WANTED = {"public": GLANCE_PUBLIC, "internal": GLANCE_INTERNAL}
WRITES = ("POST", "PATCH", "DELETE")


def _writes(cloud):
    return [line for line in cloud.requested()
            if line.split()[0] in WRITES and "/auth/tokens" not in line]


def _ensure(cloud, **kwargs):
    session = cloud.session()
    return ensure.ensure(session, REGION, WANTED,
                         keystone_mod.Keystone(session), **kwargs)


def _state(identity):
    return sorted((e["service_id"], e["interface"], e["url"])
                  for e in identity.endpoints.values())


@pytest.fixture
def identity(cloud):
    return fakeidentity.Identity(cloud.mock)


def test_an_empty_catalog_gets_glance_then_nothing_more(cloud, identity):
    data, ok = _ensure(cloud)
    assert ok, data["discovery"]
    assert data["changed"]
    [service] = identity.services
    assert _state(identity) == [(service, "internal", GLANCE_INTERNAL),
                                (service, "public", GLANCE_PUBLIC)]
    assert [r["interface"] for r in data["discovery"]] == ["public",
                                                           "internal"]
    assert len(_writes(cloud)) == 3
    # Discovery read the catalog Keystone has now, not the login's.
    assert f"GET {fakeidentity.V3}/auth/tokens" in cloud.requested()
    cloud.mock.reset_mock()
    data, ok = _ensure(cloud)
    assert ok and not data["changed"] and data["actions"] == []
    assert _writes(cloud) == []


def test_a_legacy_catalog_is_converged(cloud):
    identity = fakeidentity.Identity(
        cloud.mock,
        services=[{"id": "a", "type": "image", "name": "glance"},
                  {"id": "b", "type": "image", "name": "glance"}],
        endpoints=[
            {"id": "e1", "service_id": "a", "interface": "public",
             "region_id": REGION, "url": f"{GLANCE_PUBLIC}/v1"},
            {"id": "e2", "service_id": "b", "interface": "internal",
             "region_id": REGION, "url": GLANCE_INTERNAL},
            {"id": "e3", "service_id": "a", "interface": "admin",
             "region_id": "RegionTwo", "url": "http://other.test"},
        ])
    data, ok = _ensure(cloud)
    assert ok, data["discovery"]
    # The lowest id wins; the other region is never touched.
    assert _state(identity) == [("a", "admin", "http://other.test"),
                                ("a", "internal", GLANCE_INTERNAL),
                                ("a", "public", GLANCE_PUBLIC)]
    assert {(a["op"], a["resource"]) for a in data["actions"]} >= {
        ("update", "endpoint"), ("delete", "endpoint")}


def test_dry_run_writes_nothing_and_skips_discovery(cloud, identity):
    data, ok = _ensure(cloud, dry_run=True)
    assert ok and data["dry_run"] and data["discovery"] is None
    assert [(a["op"], a["resource"]) for a in data["actions"]][0] == (
        "create", "service")
    assert identity.services == {} and _writes(cloud) == []


def test_glance_answering_v1_only_is_not_ok(cloud, identity, requests_mock):
    cloud.glance(GLANCE_INTERNAL, versions=(("v1.1", "CURRENT"),))
    data, ok = _ensure(cloud)
    assert not ok
    assert [r["ok"] for r in data["discovery"]] == [True, False]
