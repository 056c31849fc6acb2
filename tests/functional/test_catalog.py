"""``catalog ensure|show`` and ``bench catalog`` against the real cloud.

The session cloud is shared with other tests: every test here starts and
ends with no image service in the catalog (``clean_catalog``), and the
extra region, project and user are removed at the end of the module.
"""

import os
import secrets
import socket
import subprocess
import sys
from unittest import mock

import pytest
import yaml

from nova_glance_v2 import session as session_mod
from nova_glance_v2 import urls
from nova_glance_v2.catalog import ensure
from nova_glance_v2.catalog import keystone as keystone_mod
from nova_glance_v2_harness.localcloud import layout
from tests.functional import figures
from tests.functional.conftest import remove_image_services
from tests.functional.conftest import run_cli
from tests.functional.conftest import run_cli_json
from tests.functional.conftest import run_harness_json

pytestmark = pytest.mark.functional

REGION = layout.REGION
OTHER_REGION = "ngv2-catalog-r2"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture(scope="module")
def clouds_yaml(local_cloud):
    _, status = local_cloud
    return status["clouds_yaml"]


def _connect(clouds_yaml):
    """``session.connect`` to the local cloud, as the CLI makes it."""
    with mock.patch.dict(os.environ, OS_CLIENT_CONFIG_FILE=clouds_yaml):
        cloud = session_mod.connect(layout.CLOUD_NAME)
    return cloud.session, keystone_mod.for_connection(cloud)


@pytest.fixture(scope="module")
def keystone(clouds_yaml):
    _, client = _connect(clouds_yaml)
    return client


@pytest.fixture(scope="module")
def other_region(keystone):
    keystone.api.post("/regions", json={"region": {"id": OTHER_REGION}})
    yield OTHER_REGION
    remove_image_services(keystone.session)
    keystone.api.delete(f"/regions/{OTHER_REGION}")


@pytest.fixture(autouse=True)
def clean_catalog(keystone):
    remove_image_services(keystone.session)
    yield
    remove_image_services(keystone.session)


def _snapshot(keystone):
    services, endpoints = keystone_mod.list_state(keystone)
    return (sorted(s["id"] for s in services),
            sorted((e["id"], e["interface"], e["region_id"], e["url"])
                   for e in endpoints))


def _legacy_catalog(keystone, url, other_region):
    """public /v1, internal /v2/, a duplicate public, another region."""
    service = keystone.create_service()
    made = {}
    for name, interface, region, path in (
            ("public", "public", REGION, "/v1"),
            ("internal", "internal", REGION, "/v2/"),
            ("duplicate", "public", REGION, "/v1.0/"),
            ("other", "public", other_region, "/v1")):
        made[name] = keystone.create_endpoint(
            service["id"], interface, region, url + path)
    return service, made


def _endpoints_in(keystone, region):
    _, endpoints = keystone_mod.list_state(keystone)
    return [e for e in endpoints if e["region_id"] == region]


def test_legacy_catalog_converges(keystone, other_region, glance_url,
                                  cloud_env):
    service, made = _legacy_catalog(keystone, glance_url, other_region)
    result = run_cli_json("catalog", "ensure", "--url", glance_url,
                          env=cloud_env)

    assert result["changed"] is True
    here = _endpoints_in(keystone, REGION)
    assert sorted((e["interface"], e["url"]) for e in here) == [
        ("internal", glance_url), ("public", glance_url)]
    by_interface = {e["interface"]: e for e in here}
    # Rewritten in place: the ids stay; of two publics the lowest id wins.
    assert by_interface["internal"]["id"] == made["internal"]["id"]
    assert by_interface["public"]["id"] == min(made["public"]["id"],
                                               made["duplicate"]["id"])
    ops = sorted((a["op"], a["interface"]) for a in result["actions"])
    assert ops == [("delete", "public"), ("update", "internal"),
                   ("update", "public")]
    for action in result["actions"]:
        assert action["region"] == REGION
        assert action["endpoint_id"]
    # The other region is untouched.
    other = _endpoints_in(keystone, other_region)
    assert [(e["id"], e["url"]) for e in other] == [
        (made["other"]["id"], glance_url + "/v1")]
    assert [r["ok"] for r in result["discovery"]] == [True, True]
    assert {r["api_version"].split(".")[0] for r in result["discovery"]} \
        == {"2"}
    assert [s["id"] for s in result["services"]] == [service["id"]]


def test_second_run_writes_nothing(keystone, other_region, glance_url,
                                   clouds_yaml, cloud_env):
    _legacy_catalog(keystone, glance_url, other_region)
    run_cli_json("catalog", "ensure", "--url", glance_url, env=cloud_env)
    before = _snapshot(keystone)

    # In-process, to count every request the run makes.
    session, client = _connect(clouds_yaml)
    requests_made = []
    session.session.hooks["response"].append(
        lambda response, *args, **kwargs: requests_made.append(
            (response.request.method, response.request.url)))
    data, ok = ensure.ensure(session, REGION,
                              {"public": glance_url,
                               "internal": glance_url}, client)

    writes = [r for r in requests_made if r[0] in WRITES]
    assert writes == []
    assert requests_made  # the hook did see the reads
    assert ok and data["changed"] is False and data["actions"] == []
    assert _snapshot(keystone) == before
    again = run_cli_json("catalog", "ensure", "--url", glance_url,
                         env=cloud_env)
    assert again["changed"] is False


def test_a_registration_asks_for_nothing_twice(keystone, glance_url,
                                               clouds_yaml):
    session, client = _connect(clouds_yaml)
    reads = []
    session.session.hooks["response"].append(
        lambda response, *args, **kwargs: reads.append(
            response.request.url) if response.request.method == "GET"
        else None)
    data, ok = ensure.ensure(session, REGION,
                             {"public": glance_url, "internal": glance_url},
                             client)
    assert ok and data["changed"] is True
    # The token's fresh catalog confirms the writes: no second listing.
    assert sorted(reads) == sorted(set(reads)), reads
    assert any(url.endswith("/v3/auth/tokens") for url in reads)


def test_dry_run_writes_nothing(keystone, other_region, glance_url,
                                cloud_env):
    _legacy_catalog(keystone, glance_url, other_region)
    before = _snapshot(keystone)
    result = run_cli_json("catalog", "ensure", "--url", glance_url,
                          "--dry-run", env=cloud_env)
    assert result["dry_run"] is True and result["changed"] is True
    assert len(result["actions"]) == 3
    assert result["discovery"] is None
    assert _snapshot(keystone) == before


def test_dry_run_on_an_empty_catalog(keystone, glance_url, cloud_env):
    result = run_cli_json("catalog", "ensure", "--url", glance_url,
                          "--dry-run", "--interfaces", "public",
                          env=cloud_env)
    assert [(a["op"], a["resource"]) for a in result["actions"]] == [
        ("create", "service"), ("create", "endpoint")]
    assert keystone.image_services() == []


def test_prune(keystone, other_region, glance_url, cloud_env):
    service, made = _legacy_catalog(keystone, glance_url, other_region)
    admin = keystone.create_endpoint(service["id"], "admin", REGION,
                                     glance_url)
    empty = keystone.api.post("/services", json={"service": {
        "type": "image", "name": "glance-old"}}).json()["service"]
    result = run_cli_json("catalog", "ensure", "--url", glance_url,
                          "--prune", env=cloud_env)
    deleted = {a["endpoint_id"] or a["service_id"]
               for a in result["actions"] if a["op"] == "delete"}
    assert {admin["id"], empty["id"]} <= deleted
    assert [s["id"] for s in keystone.image_services()] == [service["id"]]
    assert sorted(e["interface"] for e in _endpoints_in(
        keystone, REGION)) == ["internal", "public"]
    assert len(_endpoints_in(keystone, other_region)) == 1


def test_show(keystone, glance_url, cloud_env):
    shown = run_cli("-f", "json", "catalog", "show", env=cloud_env,
                    check=False)
    assert shown.returncode == 1  # no image service yet
    run_cli_json("catalog", "ensure", "--url", glance_url, env=cloud_env)
    result = run_cli_json("catalog", "show", env=cloud_env)
    assert len(result["services"]) == 1
    assert [r["interface"] for r in result["discovery"]] == [
        "public", "internal"]
    assert all(r["ok"] for r in result["discovery"])
    assert "v1" not in " ".join(result["discovery"][0]["versions"])


def test_eight_concurrent_runs_agree(keystone, glance_url, cloud_env):
    argv = [sys.executable, "-m", "nova_glance_v2.cli", "-f", "json",
            "catalog", "ensure", "--url", glance_url]
    env = {**os.environ, **cloud_env}
    runs = [subprocess.Popen(argv, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
            for _ in range(8)]
    outcomes = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    assert [code for code, _ in outcomes] == [0] * 8, outcomes

    services, endpoints = keystone_mod.list_state(keystone)
    here = [e for e in endpoints if e["region_id"] == REGION]
    assert sorted((e["interface"], e["url"]) for e in here) == [
        ("internal", glance_url), ("public", glance_url)]
    # One image service, holding both endpoints: the services the other
    # runs created meanwhile are gone.
    assert len(services) == 1, services
    assert {e["service_id"] for e in here} == {services[0]["id"]}
    figures.count("concurrent catalog ensure runs", len(runs))
    assert run_cli_json("catalog", "ensure", "--url", glance_url,
                        env=cloud_env)["changed"] is False


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _clouds_yaml_for(path, clouds_yaml, **auth):
    with open(clouds_yaml) as source:
        clouds = yaml.safe_load(source)
    entry = clouds["clouds"][layout.CLOUD_NAME]
    entry["auth"].update(auth)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as target:
        yaml.safe_dump(clouds, target)
    return {"OS_CLIENT_CONFIG_FILE": str(path),
            "OS_CLOUD": layout.CLOUD_NAME}


@pytest.fixture(scope="module")
def member_env(keystone, clouds_yaml, tmp_path_factory):
    """A clouds.yaml for a user with only ``member`` on a project."""
    api = keystone.api
    project = api.post("/projects", json={"project": {
        "name": "ngv2-catalog-member", "domain_id": "default"}}).json()[
        "project"]
    password = secrets.token_urlsafe(18)
    user = api.post("/users", json={"user": {
        "name": "ngv2-catalog-member", "domain_id": "default",
        "password": password}}).json()["user"]
    member = api.get("/roles", params={"name": "member"}).json()[
        "roles"][0]
    api.put(f"/projects/{project['id']}/users/{user['id']}/roles/"
            f"{member['id']}")
    path = tmp_path_factory.mktemp("member") / "clouds.yaml"
    yield _clouds_yaml_for(path, clouds_yaml, username=user["name"],
                           password=password, project_name=project["name"])
    api.delete(f"/users/{user['id']}")
    api.delete(f"/projects/{project['id']}")


@pytest.mark.parametrize("argv, code", [
    (["--url", "127.0.0.1:9292"], 2),
    (["--url", "glance.example.org/image"], 2),
    (["--url", "http:///image"], 2),
    (["--url", "http://127.0.0.1:9292/?debug=1"], 2),
    (["--url", "http://127.0.0.1:9292/#v2"], 2),
    (["--url", "ftp://127.0.0.1/image"], 2),
    (["--url", "GLANCE", "--region", "NoSuchRegion"], 2),
    (["--url", "GLANCE", "--interfaces", "public,private"], 2),
])
def test_bad_input(keystone, other_region, glance_url, cloud_env, argv,
                   code):
    _legacy_catalog(keystone, glance_url, other_region)
    before = _snapshot(keystone)
    argv = [glance_url if arg == "GLANCE" else arg for arg in argv]
    done = run_cli("catalog", "ensure", *argv, env=cloud_env, check=False)
    assert done.returncode == code, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stdout == ""
    assert _snapshot(keystone) == before


def test_keystone_unreachable(clouds_yaml, glance_url, tmp_path):
    env = _clouds_yaml_for(tmp_path / "clouds.yaml", clouds_yaml,
                           auth_url=f"http://127.0.0.1:{_free_port()}")
    done = run_cli("catalog", "ensure", "--url", glance_url, env=env,
                   check=False)
    assert done.returncode == 3, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "unreachable" in done.stderr


def test_without_admin_rights(keystone, other_region, glance_url,
                              member_env):
    _legacy_catalog(keystone, glance_url, other_region)
    before = _snapshot(keystone)
    for argv in (["ensure", "--url", glance_url], ["show"]):
        done = run_cli("catalog", *argv, env=member_env, check=False)
        assert done.returncode == 3, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
        assert "rights" in done.stderr
    assert _snapshot(keystone) == before


@pytest.mark.parametrize("service", ["keystone", "nova-api"])
def test_discovery_fails_for_what_is_not_glance(local_cloud, cloud_env,
                                                service):
    _, status = local_cloud
    url = status["services"][service]["url"]
    done = run_cli("-f", "json", "catalog", "ensure", "--url", url,
                   env=cloud_env, check=False)
    assert done.returncode == 1, done.stderr
    result = yaml.safe_load(done.stdout)
    assert [r["ok"] for r in result["discovery"]] == [False, False]
    assert all(r["problem"] for r in result["discovery"])
    assert all(r["url"] == urls.strip_version(url)
               for r in result["discovery"])


def test_bench_catalog_output(glance_url, cloud_env, keystone):
    result = run_harness_json("bench", "catalog", "--url", glance_url,
                          env=cloud_env)
    assert set(result) == {"runs", "endpoints", "ours_seconds",
                           "ours_processes", "devstack_seconds",
                           "devstack_processes", "ratio"}
    assert result["ours_processes"] == 1
    assert result["devstack_processes"] == 8
    assert result["ours_seconds"] > 0 and result["devstack_seconds"] > 0
    assert keystone.image_services() == []
