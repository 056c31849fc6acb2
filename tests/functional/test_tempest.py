"""tempest's image API tests against the real local cloud.

``tempest-conf configure`` writes the tempest.conf from what the cloud
reports, then tempest runs, through :mod:`nova_glance_v2.tempest.run`
(what the gate calls) with the local cloud's exclude list, the tests of
the glance features the local cloud offers (two stores, the image cache,
metadefs): they must have run, not skipped, with no failure and no test
over 60 s. The whole image and compute image selection runs in the
session's one gate run (test_gate).
"""

import configparser
import json
import os
import re

import pytest

from nova_glance_v2 import tempest
from nova_glance_v2.tempest import run as tempestrun
from nova_glance_v2_harness import datafiles
from tests.functional.conftest import glance_in_catalog
from tests.functional.conftest import run_cli_json

pytestmark = pytest.mark.functional

# Tests that prove a feature ran: pattern -> what it shows.
MUST_RUN = {
    r"\.MultiStoresImagesTest\.": "multistore (two stores)",
    r"\.MultiStoresImportImagesTest\.": "glance-direct to several stores",
    r"\.ImportCopyImagesTest\.test_image_copy_image_import": "copy-image",
    r"\.ImageCachingTest\.test_image_caching_cycle": "image cache API",
    r"\.test_images_metadefs_namespaces\.": "metadefs namespaces",
    r"\.test_images_metadefs_resource_types\.": "metadefs resource types",
    r"\.ImportImagesTest\.test_image_glance_direct_import": "glance-direct",
}
# Only those: the image API tests that use these features.
FEATURE_REGEX = (tempest.IMAGE_REGEX + r".*(" + "|".join(MUST_RUN) + ")")


@pytest.fixture(scope="module")
def image_endpoint(cloud_env, glance_url, admin_session):
    with glance_in_catalog(cloud_env, glance_url, admin_session):
        yield


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return tempestrun.init_workspace(
        str(tmp_path_factory.mktemp("tempest") / "workspace"))


@pytest.fixture(scope="module")
def configured(workspace, image_endpoint, cloud_env):
    conf = tempestrun.config_file(workspace)
    result = run_cli_json("tempest-conf", "configure", "--config-file",
                          conf, env=cloud_env)
    return conf, result


@pytest.fixture(scope="module")
def tempest_result(configured, workspace):
    result = tempestrun.run(
        workspace, regex=FEATURE_REGEX,
        exclude_list=datafiles.LOCAL_CLOUD_EXCLUDE_LIST, concurrency=2,
        timeout=1800)
    # Keep the numbers where a person (and the report) can find them.
    summary = result.as_dict()
    summary["must_run"] = {why: len(result.ran(pattern))
                           for pattern, why in MUST_RUN.items()}
    with open(os.path.join(workspace, "summary.json"), "w") as stream:
        json.dump(summary, stream, indent=2)
    print(json.dumps({"counts": summary["counts"],
                      "seconds": summary["seconds"],
                      "slowest": summary["slowest"][:3]}, indent=2))
    return result


def test_configure_sets_what_the_cloud_offers(configured):
    conf, result = configured
    assert result["changed"]
    assert oct(os.stat(conf).st_mode & 0o777) == "0o600"
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(conf)
    assert parser["service_available"]["glance"] == "true"
    assert parser["service_available"]["nova"] == "true"
    assert parser["service_available"]["cinder"] == "false"
    assert parser["image"]["image_caching_enabled"] == "true"
    assert parser["image"]["container_formats"].startswith("bare,")
    assert parser["compute-feature-enabled"]["snapshot"] == "false"
    assert not parser.has_option("image-feature-enabled", "api_v1")
    assert result["cloud"]["glance"]["stores"] == ["fs", "fs2"]
    assert result["cloud"]["glance"]["import_methods"] == [
        "glance-direct", "copy-image"]
    assert result["cloud"]["glance"]["metadefs_namespaces"] > 0
    # the admin password is in the file, never in what we print
    assert "***" in json.dumps(result)
    assert parser["auth"]["admin_password"] not in json.dumps(result)


def test_configure_again_changes_nothing(configured, cloud_env):
    conf, _ = configured
    again = run_cli_json("tempest-conf", "configure", "--config-file",
                         conf, "--dry-run", env=cloud_env)
    assert again["changed"] is False
    assert again["actions"] == [] and again["diff"] == ""


def test_feature_tests_pass(tempest_result):
    counts = tempest_result.counts()
    assert tempest_result.failures() == []
    assert counts["failed"] == 0 and counts["fixture_errors"] == 0
    assert counts["not_run"] == 0
    assert counts["passed"] >= len(MUST_RUN)


def test_no_test_over_60_seconds(tempest_result):
    assert tempest_result.over(tempest.MAX_TEST_SECONDS) == []


@pytest.mark.parametrize("pattern", sorted(MUST_RUN))
def test_feature_tests_ran(tempest_result, pattern):
    skipped = sorted(f"{t.id}: {t.reason}"
                     for t in tempest_result.tests.values()
                     if t.status == "skip" and re.search(pattern, t.id + "."))
    assert tempest_result.ran(pattern), (
        f"no {MUST_RUN[pattern]} test passed; skipped: {skipped}")
