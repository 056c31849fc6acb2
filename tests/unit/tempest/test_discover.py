"""tempest/discover.py offline: glance through python-glanceclient and
nova through keystoneauth, both found in a keystoneauth1.fixture token's
catalog and answered by requests_mock; the summary and notes from the
report."""

import pytest
import requests

from nova_glance_v2 import errors
from nova_glance_v2.tempest import discover
from nova_glance_v2.tempest import settings
from tests.unit import fakecloud
from tests.unit.fakecloud import GLANCE_PUBLIC
from tests.unit.fakecloud import REGION

NOVA = "http://nova.test/compute/v2.1"
V2 = f"{GLANCE_PUBLIC}/v2"
STORES = [{"id": "fs", "type": "file", "weight": 100},
          {"id": "fs2", "type": "file", "weight": 50}]
JSON = {"Content-Type": "application/json"}
# What glance 33 lists: every minor version (glanceclient asks for one).
VERSIONS = tuple(f"v2.{minor}" for minor in range(18))


@pytest.fixture
def cloud(requests_mock):
    body = fakecloud.token()
    body.add_service("compute", name="nova").add_endpoint(
        "public", NOVA, region=REGION)
    fake = fakecloud.Cloud(requests_mock, body)
    fake.glance(GLANCE_PUBLIC)
    answers = {
        f"{GLANCE_PUBLIC}/versions": {"versions": [
            {"id": id_, "status": "SUPPORTED"} for id_ in VERSIONS[:-1]] + [
            {"id": VERSIONS[-1], "status": "CURRENT"}]},
        f"{V2}/info/stores/detail": {"stores": STORES},
        f"{V2}/info/import": {"import-methods": {
            "value": ["glance-direct", "copy-image"]}},
        f"{V2}/cache": {"cached_images": [], "queued_images": []},
        f"{V2}/schemas/image": {"name": "image", "properties": {
            "disk_format": {"enum": [None, "raw", "qcow2"]},
            "container_format": {"enum": [None, "bare"]}}},
        f"{V2}/metadefs/namespaces": {"namespaces": [
            {"namespace": "OS::Compute::Hypervisor"}]},
        f"{V2}/images": {"images": [
            {"id": "i1", "os_hash_algo": "sha512"}]},
        NOVA: {"version": {
            "id": "v2.1", "status": "CURRENT", "min_version": "2.1",
            "version": "2.96", "links": [{"rel": "self",
                                          "href": f"{NOVA}/"}]}},
        f"{NOVA}/os-services": {"services": [
            {"state": "up", "status": "enabled"},
            {"state": "down", "status": "enabled"}]},
    }
    for url, json in answers.items():
        requests_mock.get(url, json=json, headers=JSON)
    requests_mock.get(f"{V2}/schemas/metadefs/namespace",
                      json={"name": "namespace", "properties": {}},
                      headers=JSON)
    return fake


def test_glance_says_what_it_offers(cloud):
    found = discover.glance_report(cloud.session(), "public", REGION)
    assert found.versions == VERSIONS
    assert found.stores == STORES
    assert found.import_methods == ("glance-direct", "copy-image")
    assert found.cache_api is True
    assert found.disk_formats == ("raw", "qcow2")
    assert found.container_formats == ("bare",)
    assert found.metadefs_namespaces == 1
    assert found.hashing_algorithm == "sha512"


def test_a_non_admin_sees_stores_without_detail_and_no_cache(
        cloud, requests_mock):
    requests_mock.get(f"{V2}/info/stores/detail", status_code=403,
                      headers=JSON, json={})
    requests_mock.get(f"{V2}/info/stores", headers=JSON,
                      json={"stores": [{"id": "fs"}]})
    requests_mock.get(f"{V2}/cache", status_code=403, headers=JSON,
                      json={})
    found = discover.glance_report(cloud.session(), "public", REGION)
    assert found.stores == [{"id": "fs"}]
    assert found.cache_api is False


def test_one_store_and_no_multistore(cloud, requests_mock):
    for url in (f"{V2}/info/stores/detail", f"{V2}/info/stores"):
        requests_mock.get(url, status_code=404, headers=JSON, json={})
    assert discover.glance_report(cloud.session(), "public",
                                  REGION).stores is None


def test_unreachable_glance_is_unavailable(cloud, requests_mock):
    requests_mock.get(f"{GLANCE_PUBLIC}/versions",
                      exc=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(errors.Unavailable, match="glance: unreachable"):
        discover.glance_report(cloud.session(), "public", REGION)


def test_nova_microversions_and_computes_up(cloud):
    found = discover.nova_report(cloud.session(), "public", REGION)
    assert (found.min_microversion, found.max_microversion) == ("2.1",
                                                                "2.96")
    assert found.compute_services_up == 1


def test_summary_and_notes():
    report = settings.CloudReport(
        credentials=None, region=REGION,
        catalog={"image": {"public"}, "compute": {"public"}, None: set()},
        glance=settings.GlanceReport(
            versions=("v2.0", "v2.17", "junk"), stores=STORES[:1],
            import_methods=("web-download",)),
        nova=settings.NovaReport("2.1", "2.96", 0))
    assert discover.summary(report) == {
        "region": REGION, "catalog": ["compute", "image"],
        "glance": {"versions": "v2.0-v2.17", "stores": ["fs"],
                   "import_methods": ["web-download"], "cache_api": False,
                   "metadefs_namespaces": 0},
        "nova": {"microversions": "2.1-2.96", "compute_services_up": 0}}
    found = discover.notes(report)
    assert [note.split(":")[0] for note in found] == [
        "glance has no metadata definitions",
        "fewer than two writable glance stores",
        "web-download is enabled",
        "no nova-compute is up"]
