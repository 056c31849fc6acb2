"""``upgrade check`` offline: the nova.conf and tempest.conf checks, and
the catalog checks against keystoneauth1.fixture bodies on requests_mock
(a Keystone and Glances that exist only as HTTP answers)."""

import json

import pytest
import requests

from nova_glance_v2 import errors
from nova_glance_v2.checks import upgrade as upgradecheck
from tests.unit import fakecloud
from tests.unit.fakecloud import GLANCE_INTERNAL
from tests.unit.fakecloud import GLANCE_PUBLIC
from tests.unit.fakecloud import REGION

Code = upgradecheck.Code


def _nova(tmp_path, text):
    path = tmp_path / "nova.conf"
    path.write_text(text)
    return upgradecheck.NovaChecks(str(path))


def test_legacy_options_and_sections_are_failures(tmp_path):
    checks = _nova(tmp_path, "[DEFAULT]\nglance_host = g\n\n"
                             "[image_file_url:a]\nid = 1\n")
    result = checks.legacy()
    assert result.code == Code.FAILURE
    assert "[DEFAULT] glance_host" in result.details
    assert "[image_file_url:a]" in result.details


def test_modes(tmp_path):
    assert _nova(tmp_path, "[glance]\napi_servers = http://g\n").mode \
        == "api_servers"
    assert _nova(tmp_path, "[glance]\nendpoint_override = http://g\n"
                 ).mode == "endpoint_override"
    assert _nova(tmp_path, "[glance]\nregion_name = R\n").mode == "catalog"


def test_api_servers_warns_and_names_the_catalog_alternative(tmp_path):
    result = _nova(tmp_path, "[glance]\napi_servers = http://g\n"
                   ).deprecated_api_servers()
    assert result.code == Code.WARNING
    assert "region_name" in result.details
    assert "endpoint_override" in result.details


def test_insecure_is_a_warning(tmp_path):
    assert _nova(tmp_path, "[glance]\ninsecure = True\n").tls().code \
        == Code.WARNING
    assert _nova(tmp_path, "[glance]\ncafile = /ca\n").tls().code \
        == Code.SUCCESS


def test_modes_must_agree(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _nova(tmp_path / "a", "[glance]\napi_servers = http://g\n")
    second = _nova(tmp_path / "b", "[glance]\nregion_name = R\n")
    assert upgradecheck.modes_agree([first, second]).code == Code.WARNING
    assert upgradecheck.modes_agree([first]).code == Code.SUCCESS


def test_tempest_api_v1_is_a_failure(tmp_path):
    path = tmp_path / "tempest.conf"
    path.write_text("[image-feature-enabled]\napi_v1 = True\n")
    assert upgradecheck.tempest_legacy(str(path)).code == Code.FAILURE
    path.write_text("[image-feature-enabled]\napi_v2 = True\n")
    assert upgradecheck.tempest_legacy(str(path)).code == Code.WARNING
    path.write_text("[image-feature-enabled]\nmanage_locations = True\n")
    assert upgradecheck.tempest_legacy(str(path)).code == Code.SUCCESS


# -- the catalog checks -----------------------------------------------------

def _endpoint(interface, url, region=REGION, service="s1"):
    return {"id": f"{interface}-{url}", "service_id": service,
            "interface": interface, "region_id": region, "url": url}


GOOD = [_endpoint("public", GLANCE_PUBLIC),
        _endpoint("internal", GLANCE_INTERNAL)]


def _catalog(cloud, endpoints=GOOD, services=({"id": "s1", "type": "image"},),
             interfaces=("public", "internal")):
    cloud.identity("GET", "/services?type=image",
                   json={"services": list(services)})
    cloud.identity("GET", "/endpoints", json={"endpoints": list(endpoints)})
    return upgradecheck.CatalogChecks(cloud.session(), REGION,
                                      list(interfaces))


def _results(checks):
    return {name: func() for name, func in checks.checks()}


def test_a_clean_catalog_passes_every_check(cloud):
    results = _results(_catalog(cloud))
    assert {r.code for r in results.values()} == {Code.SUCCESS}
    assert results["Image API version discovery"].details == (
        "public: v2.17 CURRENT; internal: v2.17 CURRENT")


def test_no_image_service_and_no_endpoint(cloud):
    checks = _catalog(cloud, endpoints=[], services=[])
    assert checks.service().code == Code.FAILURE
    assert "catalog ensure" in checks.service().details
    result = checks.endpoints_per_interface()
    assert result.code == Code.FAILURE
    assert result.details == (f"region {REGION} has no image endpoint for "
                              "public, internal")


def test_two_image_services_warn(cloud):
    checks = _catalog(cloud, services=[{"id": "s1", "type": "image"},
                                       {"id": "s2", "type": "image"}])
    result = checks.service()
    assert result.code == Code.WARNING
    assert "2 image services (s1, s2)" in result.details


def test_duplicates_and_other_regions(cloud):
    checks = _catalog(cloud, endpoints=GOOD + [
        _endpoint("public", "http://second.test/image"),
        _endpoint("internal", "http://elsewhere.test", region="RegionTwo")])
    result = checks.duplicates()
    assert result.code == Code.WARNING
    assert "2 public" in result.details
    assert "internal" not in result.details


def test_versioned_urls_warn_and_v1_urls_fail(cloud):
    versioned = _catalog(cloud, endpoints=[
        _endpoint("public", f"{GLANCE_PUBLIC}/v2")])
    assert versioned.unversioned().code == Code.WARNING
    v1 = _catalog(cloud, endpoints=[
        _endpoint("public", f"{GLANCE_PUBLIC}/v1")])
    result = v1.unversioned()
    assert result.code == Code.FAILURE
    assert "membership" in result.details


def test_discovery_v1_is_a_failure_naming_the_danger(requests_mock):
    cloud = fakecloud.Cloud(requests_mock)
    cloud.glance(GLANCE_PUBLIC, versions=(("v1.1", "SUPPORTED"),
                                          ("v2.17", "CURRENT")))
    result = _catalog(cloud, endpoints=GOOD[:1],
                      interfaces=["public"]).discovery()
    assert result.code == Code.FAILURE
    assert result.details.startswith(
        "public: the Image API v1 is still advertised; ")
    assert upgradecheck.V1_DANGER in result.details


def test_discovery_of_a_missing_interface_fails(requests_mock):
    cloud = fakecloud.Cloud(requests_mock, fakecloud.token(
        glance={"public": GLANCE_PUBLIC}))
    cloud.glance(GLANCE_PUBLIC)
    result = _catalog(cloud, endpoints=GOOD[:1]).discovery()
    assert result.code == Code.FAILURE
    assert result.details == "internal: no image endpoint in the catalog"


def test_unreachable_glance_is_unavailable(requests_mock):
    cloud = fakecloud.Cloud(requests_mock)
    cloud.down(GLANCE_PUBLIC)
    with pytest.raises(errors.Unavailable):
        _catalog(cloud, endpoints=GOOD[:1], interfaces=["public"]
                 ).discovery()


@pytest.mark.parametrize("status", [401, 403])
def test_keystone_refusing_the_listing_is_unavailable(cloud, status):
    cloud.identity("GET", "/services?type=image", status_code=status)
    cloud.identity("GET", "/endpoints", json={"endpoints": []})
    with pytest.raises(errors.Unavailable) as raised:
        upgradecheck.CatalogChecks(cloud.session(), REGION, ["public"])
    assert raised.value.exit_code != int(Code.FAILURE)


def test_keystone_down_is_unavailable(requests_mock):
    cloud = fakecloud.Cloud(requests_mock)
    requests_mock.post(f"{fakecloud.KEYSTONE}/v3/auth/tokens",
                       exc=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(errors.Unavailable) as raised:
        upgradecheck.CatalogChecks(cloud.session(), REGION, ["public"])
    assert raised.value.exit_code == errors.EXIT_UNAVAILABLE != 2


# -- nova.conf urls, through the same discovery -----------------------------

def test_configured_urls_answer_v2(cloud, tmp_path):
    checks = _nova(tmp_path, f"[glance]\napi_servers = {GLANCE_PUBLIC}\n")
    result = checks.urls_answer_v2()
    assert (result.code, result.details) == (Code.SUCCESS, GLANCE_PUBLIC)


def test_a_schemeless_url_is_read_as_nova_reads_it(requests_mock, tmp_path):
    fake = fakecloud.Cloud(requests_mock)
    fake.glance("http://glance.test:9292")
    result = _nova(tmp_path, "[glance]\napi_servers = glance.test:9292\n"
                   ).urls_answer_v2()
    assert result.code == Code.WARNING
    assert "nova reads it as http://glance.test:9292" in result.details


@pytest.mark.parametrize(("answer", "problem"), [
    ({"status_code": 500}, "InternalServerError"),
    ({"exc": requests.exceptions.ConnectionError("refused")}, "Connect"),
    ({"status_code": 300, "json": fakecloud.glance_versions(
        GLANCE_PUBLIC, ("v1.1", "CURRENT"), ("v2.17", "CURRENT"))},
     "offers the Image API v1"),
    ({"status_code": 300, "json": fakecloud.glance_versions(
        GLANCE_PUBLIC, ("v2.17", "SUPPORTED"))}, "no CURRENT v2 version"),
])
def test_configured_urls_that_do_not_answer_v2_fail(requests_mock, tmp_path,
                                                    answer, problem):
    requests_mock.get(GLANCE_PUBLIC, **answer)
    result = _nova(tmp_path, f"[glance]\nendpoint_override = "
                   f"{GLANCE_PUBLIC}\n").urls_answer_v2()
    assert result.code == Code.FAILURE
    assert result.details.startswith(f"{GLANCE_PUBLIC}: ")
    assert problem in result.details


def test_catalog_mode_has_no_url_to_ask(requests_mock, tmp_path):
    result = _nova(tmp_path, "[glance]\nregion_name = R\n").urls_answer_v2()
    assert result.code == Code.SUCCESS
    assert requests_mock.request_history == []


# -- the command ------------------------------------------------------------

def test_without_a_cloud_the_catalog_is_a_warning(tmp_path):
    conf = tmp_path / "nova.conf"
    conf.write_text("[glance]\nregion_name = R\n")
    done = upgradecheck.check_command(
        as_json=True, os_cloud=None, region=None,
        valid_interfaces="public", nova_confs=[str(conf)], tempest_conf=None)
    assert done.exit_code == int(Code.WARNING) == 1
    checks = {c["check"]: c["result"] for c in done.data["checks"]}
    assert checks["Keystone catalog"] == 1
    assert checks[f"{conf}: legacy glance options"] == 0
    json.dumps(done.data)


@pytest.mark.parametrize(("text", "code"), [
    ("[glance]\nregion_name = R\n", 1),
    ("[DEFAULT]\nglance_host = g\n", 2),
])
def test_the_exit_code_is_the_worst_result(tmp_path, text, code, capsys):
    conf = tmp_path / "nova.conf"
    conf.write_text(text)
    asked = {"os_cloud": None, "region": None, "valid_interfaces": "public",
             "nova_confs": [str(conf)], "tempest_conf": None}
    assert upgradecheck.check_command(as_json=True, **asked).exit_code \
        == code
    # oslo.upgradecheck's own table gives the same code.
    table = upgradecheck.check_command(as_json=False, **asked)
    assert (table.data, table.exit_code) == (None, code)
    assert "nova-glance-v2 Upgrade Check Results" in capsys.readouterr().out
