"""``upgrade check`` before and after the upgrade commands."""

import json
import shutil

import pytest

from tests.functional.conftest import remove_image_services
from tests.functional.conftest import run_cli
from tests.functional.conftest import run_cli_json

pytestmark = pytest.mark.functional

LEGACY_TEMPEST = """[image-feature-enabled]
api_v1 = True
api_v2 = True
"""


@pytest.fixture
def legacy_state(admin_session, glance_url, tmp_path, nova_conf,
                 cloud_env):
    """A v1-era cloud, seeded by ``legacy seed``."""
    seeded_conf = tmp_path / "nova.conf"
    shutil.copy2(nova_conf, seeded_conf)
    tempest_conf = tmp_path / "tempest.conf"
    tempest_conf.write_text(LEGACY_TEMPEST)
    argv = ("legacy", "seed", "--url", glance_url, "--catalog",
            "--nova-conf", str(seeded_conf))
    planned = run_cli_json(*argv, "--dry-run", env=cloud_env)
    seeded = run_cli_json(*argv, env=cloud_env)
    assert [e["url"] for e in seeded["endpoints"]] == [
        glance_url + "/v1", glance_url + "/v2/", glance_url + "/v1.0/"]
    assert planned["changed"] is seeded["changed"] is True
    assert planned["diff"] == seeded["diff"] != ""
    assert {"op": "write", "file": str(seeded_conf)} in [
        {k: a[k] for k in ("op", "file")} for a in seeded["actions"]
        if "file" in a]
    again = run_cli_json(*argv, env=cloud_env)
    assert again["changed"] is False
    assert again["actions"] == [] and again["diff"] == ""
    yield seeded_conf, tempest_conf
    remove_image_services(admin_session)


def _check(cloud_env, nova_conf, tempest_conf):
    done = run_cli("upgrade", "check", "--json", "--nova-conf",
                   str(nova_conf), "--tempest-conf", str(tempest_conf),
                   env=cloud_env, check=False)
    report = json.loads(done.stdout)
    return done.returncode, {c["check"].replace(str(nova_conf), "NOVA"):
                             c for c in report["checks"]}


def test_legacy_state_fails_and_upgrade_leaves_only_the_deprecation(
        legacy_state, cloud_env, glance_url, tmp_path):
    nova_conf, tempest_conf = legacy_state
    code, checks = _check(cloud_env, nova_conf, tempest_conf)
    assert code == 2  # oslo.upgradecheck: a Failure
    failures = {n for n, c in checks.items() if c["result"] == 2}
    assert {"Unversioned image endpoint urls",
            "NOVA: legacy glance options",
            "tempest.conf: legacy options"} <= failures
    assert "[glance] host" in checks["NOVA: legacy glance options"][
        "details"]
    assert checks["Duplicate image endpoints"]["result"] == 1

    run_cli_json("catalog", "ensure", "--url", glance_url, env=cloud_env)
    run_cli_json("nova-conf", "configure", "--config-file", str(nova_conf),
                 env=cloud_env)
    run_cli_json("tempest-conf", "configure", "--config-file",
                 str(tempest_conf), env=cloud_env)
    code, checks = _check(cloud_env, nova_conf, tempest_conf)
    not_ok = {n: c["result"] for n, c in checks.items() if c["result"]}
    assert not_ok == {"NOVA: deprecated api_servers": 1}, checks
    assert code == 1

    catalog_conf = tmp_path / "catalog.conf"
    shutil.copy2(nova_conf, catalog_conf)
    run_cli_json("nova-conf", "configure", "--config-file",
                 str(catalog_conf), "--mode", "catalog", "--region",
                 "RegionOne", env=cloud_env)
    code, checks = _check(cloud_env, catalog_conf, tempest_conf)
    assert {n: c["result"] for n, c in checks.items() if c["result"]} == {}
    assert code == 0
