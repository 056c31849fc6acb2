"""Tests for nova_glance_v2.tempest.settings: options from a report."""

import pytest

from nova_glance_v2 import errors
from nova_glance_v2.tempest import settings as tempestconf
from tests.unit.tempest.samples import PASSWORD
from tests.unit.tempest.samples import make_report as _report


def _flags(report, request=None, current=None):
    found = tempestconf.settings(report, request or tempestconf.Request(),
                                 current)
    return {(s.section, s.key): s.value for s in found}


def test_local_cloud_report_turns_its_glance_features_on():
    flags = _flags(_report())
    assert flags[("service_available", "glance")] == "true"
    assert flags[("service_available", "nova")] == "true"
    for absent in ("cinder", "neutron", "swift"):
        assert flags[("service_available", absent)] == "false"
    assert flags[("image", "image_caching_enabled")] == "true"
    assert flags[("image-feature-enabled", "http_store_enabled")] == "false"
    assert flags[("image-feature-enabled", "store_weight_enabled")] == \
        "false"
    assert flags[("image-feature-enabled", "manage_locations")] == "false"
    assert flags[("compute-feature-enabled", "snapshot")] == "false"
    assert flags[("auth", "create_isolated_networks")] == "false"
    assert flags[("auth", "use_dynamic_credentials")] == "true"
    assert flags[("auth", "admin_password")] == PASSWORD
    assert flags[("identity", "uri_v3")] == "http://127.0.0.1:5000/v3"
    assert flags[("image", "region")] == "RegionOne"
    assert flags[("image", "endpoint_type")] == "public"
    assert flags[("compute", "max_microversion")] == "2.104"


def test_formats_come_from_the_schema_with_bare_first():
    flags = _flags(_report())
    containers = flags[("image", "container_formats")].split(",")
    disks = flags[("image", "disk_formats")].split(",")
    # tests pair container_formats[0] with a raw disk: never ami first
    assert containers[0] == "bare"
    assert set(containers) == {"ami", "ari", "aki", "bare", "ovf", "ova",
                               "docker", "compressed"}
    assert disks[:2] == ["qcow2", "raw"]
    assert "ploop" in disks
    flags = _flags(_report(disk_formats=("raw", "iso")))
    assert flags[("image", "disk_formats")] == "raw,iso"


def test_no_cache_api_means_caching_off():
    versions = tuple(f"v2.{n}" for n in range(18))
    assert _flags(_report(cache_api=False, versions=versions))[
        ("image", "image_caching_enabled")] == "false"
    # An old glance (no v2.14) does not have the cache API tempest tests.
    assert _flags(_report(versions=("v2.0", "v2.9")))[
        ("image", "image_caching_enabled")] == "false"


def test_http_store_and_weights_are_read_from_the_stores():
    stores = [{"id": "fs", "type": "file", "weight": 100},
              {"id": "fs2", "type": "file", "weight": 50},
              {"id": "web", "read-only": "true", "weight": 0}]
    flags = _flags(_report(stores=stores))
    assert flags[("image-feature-enabled", "http_store_enabled")] == "true"
    assert flags[("image-feature-enabled", "store_weight_enabled")] == "true"
    # single store (GET /v2/info/stores is 404): nothing multistore
    flags = _flags(_report(stores=None))
    assert flags[("image-feature-enabled", "store_weight_enabled")] == \
        "false"


def test_unreported_flags_keep_the_files_value():
    current = {("image-feature-enabled", "do_secure_hash"): "false"}
    flags = _flags(_report(), current=current)
    assert flags[("image-feature-enabled", "do_secure_hash")] == "false"
    assert flags[("image-feature-enabled", "image_format_enforcement")] == \
        "true"
    assert flags[("image-feature-enabled", "image_conversion")] == "false"


def test_overrides_win():
    request = tempestconf.Request(
        overrides=dict([tempestconf.parse_override(
            "image-feature-enabled.image_conversion=true"),
            tempestconf.parse_override("image.http_image=")]))
    flags = _flags(_report(), request)
    assert flags[("image-feature-enabled", "image_conversion")] == "true"
    assert flags[("image", "http_image")] == ""
    with pytest.raises(errors.BadInput):
        tempestconf.parse_override("no-dot=1")


def test_services_missing_from_the_catalog():
    report = _report()
    report.catalog = {"identity": {"public"}, "image": {"internal"},
                      "network": {"public"}, "volumev3": {"public"}}
    report.nova = None
    flags = _flags(report)
    assert flags[("service_available", "nova")] == "false"
    assert flags[("service_available", "neutron")] == "true"
    assert flags[("service_available", "cinder")] == "true"
    assert ("auth", "create_isolated_networks") not in flags
    assert ("compute", "endpoint_type") not in flags
    # only an internal image endpoint: use it
    assert flags[("image", "endpoint_type")] == "internal"
    with pytest.raises(errors.CheckFailed):
        _flags(report, tempestconf.Request(endpoint_type="admin"))


def test_identity_uri():
    assert tempestconf.identity_v3("http://k:5000/") == "http://k:5000/v3"
    assert tempestconf.identity_v3("http://k/identity/v3") == \
        "http://k/identity/v3"
    assert tempestconf.identity_v3("http://k/v2.0") == "http://k/v3"
